/**
 * The editor targets of PRODUCT.md ("Editor, 1,000 nodes / 2,000 flows") measured in headless
 * Chromium the way TOOLCHAIN.md ("React Flow performance") says: the renderer built once and
 * served, then a fresh browser per sample that opens the model through "Open a file…", and
 *
 * - first render with the whole graph in view: from the file chosen to the frame after every
 *   node, edge and edge label is in the DOM (polled once per frame);
 * - JS heap after render (CDP `JSHeapUsedSize`, after a garbage collection);
 * - drag frame rate with the whole graph in view: a real `mouse.down` on the node nearest the
 *   centre, then one synthetic `mousemove` per frame for 2 s, counting the frames in which the
 *   node's `transform` changed, with the main-thread time per update (CDP `TaskDuration`);
 * - zoomed to ~100 nodes: wheel zoom until about 100 element nodes are rendered, let the
 *   viewport memory store it, reload, "Restore" on the start screen: the first render (from the
 *   click, until the rendered counts stop changing) and the drag frame rate again.
 *
 * The same is measured on a bare React Flow page (bench/browser/bare: built-in nodes and edges,
 * the same graph) in the same run, as the reference the targets were set against: this machine
 * is shared, so numbers only compare within one run. The bare page's first renders count from
 * navigation start, as TOOLCHAIN.md's did.
 *
 * It only measures and returns rows; nothing here asserts a time.
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { serializeModel } from '../../shared/model/canonical';
import type { Model } from '../../shared/model/schema';
import { EDITOR_FLOWS, EDITOR_NODES, generateEditorModel } from './editorModel';
import {
  COUNT_NODES,
  FIRST_RENDER_PROBE,
  HANDLE_CHECK,
  PICK_NODE,
  VIEWPORT_NUMBERS,
  VIEWPORT_TRANSFORM,
  dragScript,
} from './probes';
import { serveDirectory } from './staticServer';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** As the e2e journeys (playwright.config.ts). */
const VIEWPORT = { width: 1400, height: 850 };
const DRAG_MS = 2000;
const ZOOMED_NODES = 100;
/** The memory's debounced write, the draft's autosave (≤ 1 s) and some slack. */
const SETTLE_BEFORE_RELOAD_MS = 2000;
const ROOT = join(import.meta.dirname, '..', '..');

export interface EditorRow {
  measure: string;
  median: number;
  /** The worst sample: the maximum of a time or a size, the minimum of a frame rate. */
  worst: number;
  unit: 'ms' | 'fps' | 'MB';
  target: string;
  result: string;
}

interface FirstRender {
  ms: number;
  nodes: number;
  edges: number;
  labels: number;
  expected: boolean;
}

interface Drag {
  fps: number;
  /** Main-thread time (CDP TaskDuration) per frame that moved the node. */
  msPerUpdate: number;
  nodes: number;
}

interface Sample {
  inView: FirstRender;
  heapMb: number;
  heapBeforeGcMb: number;
  dragInView: Drag;
  zoomed: FirstRender;
  dragZoomed: Drag;
  /** The app only: the zoomed render showed the viewport it had before the reload. */
  viewportRestored: boolean;
  /** The app only: the largest distance between a flow's end and its drawn handle (px). */
  handleError: number;
}

function buildRenderer(outDir: string): void {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stderr}`);
}

/** The bare page with the benchmark's graph beside it (graph.json). */
async function buildBarePage(outDir: string, model: Model): Promise<void> {
  await build({
    configFile: false,
    root: join(import.meta.dirname, 'bare'),
    base: './',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2023' },
  });
  const heightOf = { process: 72, dataStore: 64, externalEntity: 64 } as const;
  const graph = {
    nodes: model.elements.map((element) => {
      const width = 160;
      const height = heightOf[element.kind];
      // The default node's handles (8 px, on its 1 px border), as React Flow's CSS draws them.
      return {
        id: element.id,
        position: element.position,
        width,
        height,
        data: { label: element.name },
        handles: [
          { type: 'target', position: 'top', x: width / 2 - 4, y: -3, width: 8, height: 8 },
          {
            type: 'source',
            position: 'bottom',
            x: width / 2 - 4,
            y: height - 5,
            width: 8,
            height: 8,
          },
        ],
      };
    }),
    edges: model.flows.map((flow) => ({
      id: flow.id,
      source: flow.sourceId,
      target: flow.targetId,
      label: flow.name,
    })),
  };
  writeFileSync(join(outDir, 'graph.json'), JSON.stringify(graph));
}

async function metrics(cdp: CDPSession): Promise<Map<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return new Map(list.map((m) => [m.name, m.value]));
}

async function firstRender(page: Page): Promise<FirstRender> {
  // Polled with `evaluate`: `waitForFunction` compiles its predicate, which the app's CSP forbids.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const result = (await page.evaluate('window.__bench && window.__bench.result')) as FirstRender;
    if (result) return result;
    if (Date.now() > deadline) throw new Error('the first render never completed');
    await page.waitForTimeout(100);
  }
}

async function heap(cdp: CDPSession): Promise<{ heapMb: number; heapBeforeGcMb: number }> {
  const before = (await metrics(cdp)).get('JSHeapUsedSize') ?? 0;
  await cdp.send('HeapProfiler.collectGarbage');
  const after = (await metrics(cdp)).get('JSHeapUsedSize') ?? 0;
  return { heapMb: after / 1024 / 1024, heapBeforeGcMb: before / 1024 / 1024 };
}

async function drag(page: Page, cdp: CDPSession): Promise<Drag> {
  const picked = (await page.evaluate(PICK_NODE)) as { id: string; x: number; y: number } | null;
  if (!picked) throw new Error('no node to drag');
  const nodes = (await page.evaluate(COUNT_NODES)) as number;
  await page.mouse.move(picked.x, picked.y);
  await page.mouse.down();
  const before = await metrics(cdp);
  const result = (await page.evaluate(
    dragScript({ id: picked.id, x: picked.x, y: picked.y, ms: DRAG_MS, step: 8, span: 80 }),
  )) as { changed: number; frames: number; elapsed: number; connected: boolean };
  const after = await metrics(cdp);
  // Released away from where it was grabbed, so the model is changed for sure (and offered back
  // as unsaved work after the reload).
  await page.mouse.move(picked.x + 100, picked.y + 60, { steps: 4 });
  await page.mouse.up();
  if (!result.connected) throw new Error('the dragged node left the DOM');
  const task = (after.get('TaskDuration') ?? 0) - (before.get('TaskDuration') ?? 0);
  return {
    fps: (result.changed * 1000) / result.elapsed,
    msPerUpdate: (task * 1000) / Math.max(1, result.changed),
    nodes,
  };
}

/** Wheel-zooms in at the canvas centre until about `ZOOMED_NODES` element nodes are rendered. */
async function zoomIn(page: Page): Promise<number> {
  const box = await page.locator('.react-flow').boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let count = (await page.evaluate(COUNT_NODES)) as number;
  for (let step = 0; step < 60 && count > ZOOMED_NODES * 1.15; step++) {
    await page.mouse.wheel(0, -100);
    count = (await page.evaluate(COUNT_NODES)) as number;
  }
  return count;
}

/** Runs one sample in a fresh browser: `steps` drives the page, the rest is common. */
async function inFreshBrowser(
  run: (page: Page, cdp: CDPSession) => Promise<Sample>,
): Promise<Sample> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript({ content: FIRST_RENDER_PROBE });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const sample = await run(page, cdp);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return sample;
  } finally {
    await browser.close();
  }
}

function appSample(url: string, file: string): Promise<Sample> {
  return inFreshBrowser(async (page, cdp) => {
    await page.goto(url);
    await page.evaluate(
      `window.__benchExpect = { nodes: ${EDITOR_NODES}, edges: ${EDITOR_FLOWS}, labels: ${EDITOR_FLOWS} }`,
    );
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open a file…' }).click();
    await (await chooser).setFiles(file);
    const inView = await firstRender(page);
    // Once the live analysis has run (120 ms after the document settles).
    await page.waitForTimeout(1500);
    const heapAfterRender = await heap(cdp);
    const dragInView = await drag(page, cdp);

    await page.waitForTimeout(500);
    await zoomIn(page);
    const remembered = (await page.evaluate(VIEWPORT_TRANSFORM)) as string;
    await page.waitForTimeout(SETTLE_BEFORE_RELOAD_MS);
    await page.reload();
    await page
      .getByRole('button', { name: /^Restore / })
      .first()
      .click();
    const zoomed = await firstRender(page);
    const restored = (await page.evaluate(VIEWPORT_TRANSFORM)) as string;
    await page.waitForTimeout(1000);
    const dragZoomed = await drag(page, cdp);
    // Everything selected, so every rendered node has its handles drawn, to check the flows.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+A');
    await page.waitForTimeout(500);
    const handleError = (await page.evaluate(HANDLE_CHECK)) as number;
    return {
      inView,
      ...heapAfterRender,
      dragInView,
      zoomed,
      dragZoomed,
      viewportRestored: restored === remembered,
      handleError,
    };
  });
}

function bareSample(url: string): Promise<Sample> {
  return inFreshBrowser(async (page, cdp) => {
    const expect = `${EDITOR_NODES},${EDITOR_FLOWS},${EDITOR_FLOWS}`;
    await page.goto(`${url}?bench-from-navigation&bench-expect=${expect}`);
    const inView = await firstRender(page);
    await page.waitForTimeout(1500);
    const heapAfterRender = await heap(cdp);
    const dragInView = await drag(page, cdp);
    await page.waitForTimeout(500);
    await zoomIn(page);
    await page.waitForTimeout(500);
    const { x, y, zoom } = (await page.evaluate(VIEWPORT_NUMBERS)) as {
      x: number;
      y: number;
      zoom: number;
    };
    await page.goto(`${url}?bench-from-navigation&viewport=${x},${y},${zoom}`);
    const zoomed = await firstRender(page);
    await page.waitForTimeout(1000);
    const dragZoomed = await drag(page, cdp);
    return {
      inView,
      ...heapAfterRender,
      dragInView,
      zoomed,
      dragZoomed,
      viewportRestored: true,
      handleError: 0,
    };
  });
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 1): string => value.toFixed(digits);

const describe = (s: Sample): string =>
  `in view ${round(s.inView.ms, 0)} ms, zoomed ${round(s.zoomed.ms, 0)} ms (${s.zoomed.nodes} nodes), ` +
  `drag ${round(s.dragInView.fps)} / ${round(s.dragZoomed.fps)} fps, heap ${round(s.heapMb)} MB`;

export interface EditorBenchOptions {
  samples?: number;
  /** Also measure the bare React Flow page (default true). */
  bare?: boolean;
  log?: (line: string) => void;
}

/** Runs the editor benchmark; `log` gets progress lines (the table is the caller's). */
export async function benchEditor(options: EditorBenchOptions = {}): Promise<EditorRow[]> {
  const { samples = 5, bare = true, log = (line: string) => console.error(line) } = options;
  if (!existsSync(CHROMIUM)) {
    log(`editor bench skipped: no Chromium at ${CHROMIUM} (TOOLCHAIN.md: apt-get install)`);
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-editor-bench-'));
  try {
    const model = generateEditorModel();
    const file = join(dir, 'editor-bench.gatehouse.json');
    writeFileSync(file, serializeModel(model));
    log('editor bench: building the renderer…');
    buildRenderer(join(dir, 'site', 'renderer'));
    if (bare) await buildBarePage(join(dir, 'site', 'bare'), model);
    const server = await serveDirectory(join(dir, 'site'));
    const app: Sample[] = [];
    const reference: Sample[] = [];
    try {
      for (let index = 0; index < samples; index++) {
        const load = loadavg()[0]!.toFixed(2);
        const sample = await appSample(`${server.url}renderer/`, file);
        app.push(sample);
        log(`editor bench, app ${index + 1}/${samples} (load ${load}): ${describe(sample)}`);
        if (!bare) continue;
        const bareLoad = loadavg()[0]!.toFixed(2);
        const bareSampled = await bareSample(`${server.url}bare/`);
        reference.push(bareSampled);
        log(
          `editor bench, bare ${index + 1}/${samples} (load ${bareLoad}): ${describe(bareSampled)}`,
        );
      }
    } finally {
      await server.close();
    }
    return [...appRows(app), ...(bare ? bareRows(reference) : [])];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function statistics(results: readonly Sample[]) {
  const pick = (read: (s: Sample) => number) => results.map(read);
  return {
    pick,
    time: (read: (s: Sample) => number) => ({
      median: median(pick(read)),
      worst: Math.max(...pick(read)),
    }),
    rate: (read: (s: Sample) => number) => ({
      median: median(pick(read)),
      worst: Math.min(...pick(read)),
    }),
  };
}

function counts(renders: readonly FirstRender[]): string {
  const complete = renders.every((r) => r.expected);
  return complete
    ? `${renders[0]!.nodes} nodes, ${renders[0]!.edges} edges, ${renders[0]!.labels} labels`
    : `INCOMPLETE: ${renders.map((r) => `${r.nodes}/${r.edges}/${r.labels}`).join(', ')} nodes/edges/labels`;
}

function appRows(results: readonly Sample[]): EditorRow[] {
  const { pick, time, rate } = statistics(results);
  const restored = results.filter((s) => s.viewportRestored).length;
  const handleError = Math.max(...pick((s) => s.handleError));
  return [
    {
      measure: 'editor: first render, whole graph in view (file chosen → painted)',
      ...time((s) => s.inView.ms),
      unit: 'ms',
      target: '≤ 1000 ms',
      result: `${counts(results.map((s) => s.inView))}; flows end ≤ ${round(handleError)} px from their handles`,
    },
    {
      measure: 'editor: first render, zoomed (reload → Restore → painted)',
      ...time((s) => s.zoomed.ms),
      unit: 'ms',
      target: '≤ 650 ms',
      result: `${median(pick((s) => s.zoomed.nodes))} nodes, ${median(pick((s) => s.zoomed.edges))} edges; viewport remembered ${restored}/${results.length}`,
    },
    {
      measure: 'editor: drag, whole graph in view',
      ...rate((s) => s.dragInView.fps),
      unit: 'fps',
      target: '≥ 25 fps',
      result: `${round(median(pick((s) => s.dragInView.msPerUpdate)))} ms main thread per update`,
    },
    {
      measure: 'editor: drag, zoomed',
      ...rate((s) => s.dragZoomed.fps),
      unit: 'fps',
      target: '≥ 55 fps',
      result: `${round(median(pick((s) => s.dragZoomed.msPerUpdate)))} ms main thread per update, ${median(pick((s) => s.dragZoomed.nodes))} nodes rendered`,
    },
    {
      measure: 'editor: JS heap after render (after GC)',
      ...time((s) => s.heapMb),
      unit: 'MB',
      target: '≤ 60 MB',
      result: `${round(median(pick((s) => s.heapBeforeGcMb)))} MB before GC`,
    },
  ];
}

function bareRows(results: readonly Sample[]): EditorRow[] {
  const { pick, time, rate } = statistics(results);
  return [
    {
      measure: 'bare React Flow page: first render, in view (from navigation)',
      ...time((s) => s.inView.ms),
      unit: 'ms',
      target: 'reference',
      result: counts(results.map((s) => s.inView)),
    },
    {
      measure: 'bare React Flow page: first render, zoomed (from navigation)',
      ...time((s) => s.zoomed.ms),
      unit: 'ms',
      target: 'reference',
      result: `${median(pick((s) => s.zoomed.nodes))} nodes, ${median(pick((s) => s.zoomed.edges))} edges`,
    },
    {
      measure: 'bare React Flow page: drag, in view',
      ...rate((s) => s.dragInView.fps),
      unit: 'fps',
      target: 'reference',
      result: `${round(median(pick((s) => s.dragInView.msPerUpdate)))} ms main thread per update`,
    },
    {
      measure: 'bare React Flow page: drag, zoomed',
      ...rate((s) => s.dragZoomed.fps),
      unit: 'fps',
      target: 'reference',
      result: `${round(median(pick((s) => s.dragZoomed.msPerUpdate)))} ms main thread per update, ${median(pick((s) => s.dragZoomed.nodes))} nodes rendered`,
    },
    {
      measure: 'bare React Flow page: JS heap after render (after GC)',
      ...time((s) => s.heapMb),
      unit: 'MB',
      target: 'reference',
      result: `${round(median(pick((s) => s.heapBeforeGcMb)))} MB before GC`,
    },
  ];
}
