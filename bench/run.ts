/**
 * `npm run bench`: the PRODUCT.md performance targets, measured on generated models of 1,000,
 * 10,000 and 50,000 elements. Prints a table (median and max of several runs, with the threat
 * count beside each time); never asserts — machines are noisy, so the numbers are for people.
 *
 * Options: `--sizes 1000,10000` to choose sizes, `--runs 7` for more samples. The editor rows
 * (bench/browser/editorBench.ts: the app in headless Chromium, with a bare React Flow page as
 * reference) come last; `--browser-only` runs just them, `--no-browser` skips them, `--no-bare`
 * leaves out the reference page.
 */
import { cpus, loadavg } from 'node:os';
import { computeGraphFacts, computeReach } from '../shared/graph/graphFacts';
import { serializeModel } from '../shared/model/canonical';
import { parseModel } from '../shared/model/parseModel';
import type { Element, Model } from '../shared/model/schema';
import { createAnalysisSession } from '../shared/rules/analysisSession';
import { analyzeModel } from '../shared/rules/engine';
import { loadRulePacks } from '../shared/rules/loadPacks';
import { benchEditor } from './browser/editorBench';
import { benchGateVerify } from './gateBench';
import { generateModel } from './generateModel';

interface Row {
  size: string;
  measure: string;
  median: number;
  /** The worst sample: the maximum of a time or a size, the minimum of a frame rate. */
  max: number;
  /** Default `ms`. */
  unit?: 'ms' | 'fps' | 'MB';
  target: string;
  threats: string;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const browserOnly = flag('browser-only');
const sizes = browserOnly ? [] : (argument('sizes') ?? '1000,10000,50000').split(',').map(Number);
const runs = Number(argument('runs') ?? 5);
const { compiled, packs } = loadRulePacks();
const ruleCount = packs.reduce((sum, pack) => sum + pack.rules.length, 0);

/** Median and max of timings the sample reports itself (to leave set-up out of the number). */
function sampleInner<T>(
  run: () => { time: number; result: T },
  samples = runs,
): { median: number; max: number; last: T } {
  const times: number[] = [];
  let last!: T;
  for (let i = 0; i < samples; i++) {
    const sample = run();
    times.push(sample.time);
    last = sample.result;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]!, last };
}

function measure<T>(run: () => T, samples = runs): { median: number; max: number; last: T } {
  const times: number[] = [];
  let last!: T;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    last = run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]!, last };
}

/** The model with one element's properties replaced (an immutable edit, as the editor makes). */
function editElement(model: Model, index: number, update: (element: Element) => Element): Model {
  const elements = [...model.elements];
  elements[index] = update(elements[index]!);
  return { ...model, elements };
}

/** Boundary facts of every directed flow and both reachability maps, from scratch. */
function allBoundaryFacts(model: Model): number {
  const facts = computeGraphFacts(model);
  let crossings = 0;
  for (const directed of facts.directedFlows) {
    const boundary = facts.boundaryFacts(directed);
    crossings += boundary.crossedZones.length + boundary.crossedLines.length;
  }
  facts.reachMaps();
  return crossings;
}

const rows: Row[] = [];

// The gate: a fresh Node process per sample, as in CI. Measured before the in-process rows:
// after them this process's collector keeps working on its large heap in the background and, on
// two cores, slows the child down (415 against 307 ms median for the same build, 21 runs each).
const gate = browserOnly ? undefined : benchGateVerify(runs);
let peakRss = 0;
const notePeak = (): void => void (peakRss = Math.max(peakRss, process.memoryUsage().rss));

for (const size of sizes) {
  const label = size.toLocaleString('en-US');
  const model = generateModel({ elements: size });
  const text = serializeModel(model);
  const targets = size === 10_000;
  const add = (
    measureName: string,
    result: { median: number; max: number },
    target: string,
    threats: string,
  ) => {
    rows.push({
      size: label,
      measure: measureName,
      median: result.median,
      max: result.max,
      target: targets ? target : '',
      threats,
    });
    notePeak();
  };

  // Warm the JIT once so the first sample is not an outlier of compilation.
  analyzeModel(model, compiled);

  const boundary = measure(() => allBoundaryFacts(model));
  add(
    'boundary facts (all flows + reachability)',
    boundary,
    '< 50 ms',
    `${boundary.last} crossings`,
  );

  const analysis = measure(() => analyzeModel(model, compiled));
  const threatCount = analysis.last.threats.length;
  const firedRules = new Set(analysis.last.threats.map((t) => t.ruleId)).size;
  add(
    'whole-model analysis',
    analysis,
    '< 100 ms',
    `${threatCount} threats (${firedRules}/${ruleCount} rules fire)`,
  );

  // Re-analysis after a property edit, as while editing: one session, alternating edits.
  const editSession = (index: number, edit: (element: Element, round: number) => Element) => {
    const session = createAnalysisSession(compiled);
    session.update(model);
    let current = model;
    let round = 0;
    return sampleInner(
      () => {
        current = editElement(current, index, (element) => edit(element, round++));
        const started = performance.now();
        const result = session.update(current);
        return { time: performance.now() - started, result };
      },
      Math.max(runs, 20),
    );
  };
  const processIndex = model.elements.findIndex(
    (e, i) => i > model.elements.length / 2 && e.kind === 'process',
  );
  const typical = editSession(processIndex, (e, round) =>
    e.kind === 'process'
      ? {
          ...e,
          properties: { ...e.properties, handlesUntrustedInput: round % 2 === 0 ? 'yes' : 'no' },
        }
      : e,
  );
  add(
    `re-analysis, process property edit (${typical.last.evaluatedTargets} targets)`,
    typical,
    '< 5 ms',
    `${typical.last.threats.length} threats`,
  );

  // Worst case: the untrusted entity that reaches the most elements flips its trust.
  const facts = computeGraphFacts(model);
  let entityIndex = 0;
  let widest = -1;
  model.elements.forEach((element, index) => {
    if (element.kind !== 'externalEntity' || element.properties.trusted !== 'no') return;
    const reached = computeReach([element], facts.outgoing, facts.elementsById).size;
    if (reached > widest) [widest, entityIndex] = [reached, index];
  });
  const worst = editSession(entityIndex, (e, round) =>
    e.kind === 'externalEntity'
      ? { ...e, properties: { ...e.properties, trusted: round % 2 === 0 ? 'yes' : 'no' } }
      : e,
  );
  add(
    `re-analysis, worst case: trust of an entity reaching ${widest} elements flips (${worst.last.evaluatedTargets} targets)`,
    worst,
    'report',
    `${worst.last.threats.length} threats`,
  );

  // What rendering every threat's text and explanation costs (e.g. for --format json).
  const render = measure(() => JSON.stringify(analyzeModel(model, compiled).threats).length);
  add(
    'analysis + all threat text and explanations as JSON',
    render,
    'report',
    `${(render.last / 1e6).toFixed(1)} MB`,
  );

  const parse = measure(() => parseModel(text));
  add(
    `open: parse + validate + migrate (${(text.length / 1e6).toFixed(1)} MB)`,
    parse,
    '< 250 ms',
    `${parse.last.model.elements.length + parse.last.model.flows.length} elements`,
  );
  const serialize = measure(() => serializeModel(model));
  add('save: canonical serialization', serialize, '< 250 ms', '');
}

// The gate's rows (measured first, see above), each with Node's own start-up beside it.
if (gate) {
  gate.environments.forEach((environment, index) => {
    rows.push({
      size: '2,000',
      measure: `gate verify, ${gate.features} features (bundled CLI, incl. Node start-up), ${environment.label}`,
      median: environment.verify.median,
      max: environment.verify.max,
      target: index === 0 ? '< 300 ms' : 'reported',
      threats: `min ${environment.verify.min.toFixed(0)} ms; ${gate.findings} findings, exit ${gate.exitCode}`,
    });
    rows.push({
      size: '-',
      measure: `node -e 0 (Node start-up alone), ${environment.label}`,
      median: environment.nodeStart.median,
      max: environment.nodeStart.max,
      target: 'reported',
      threats: `min ${environment.nodeStart.min.toFixed(0)} ms`,
    });
  });
}

// The editor in headless Chromium (1,000 nodes and 2,000 flows), a fresh browser per sample.
if (!flag('no-browser')) {
  for (const row of await benchEditor({ samples: runs, bare: !flag('no-bare') })) {
    rows.push({
      size: '3,000',
      measure: row.measure,
      median: row.median,
      max: row.worst,
      unit: row.unit,
      target: row.target,
      threats: row.result,
    });
  }
}

const format = (value: number, unit: Row['unit'] = 'ms'): string =>
  `${unit === 'ms' && value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}`;
const header = ['elements', 'measure', 'median', 'worst', 'target', 'result'];
const table = [
  header,
  ...rows.map((r) => [
    r.size,
    r.measure,
    format(r.median, r.unit),
    format(r.max, r.unit),
    r.target,
    r.threats,
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log(
  table.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n'),
);
notePeak();
console.log(
  `\npeak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB · Node ${process.version} · ${runs} runs per row` +
    ` · load ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')} (1, 5, 15 min) on ${cpus().length} cores`,
);
