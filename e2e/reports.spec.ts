/**
 * Reports in a real browser: the HTML report of a hostile model runs nothing in Chromium; the
 * same HTML prints to a PDF whose first page is saved as an image to look at; and the app's
 * Report panel downloads the report and the diagram as SVG and PNG.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../shared/gate/policy';
import { modelFromTree, parseModel } from '../shared/model/parseModel';
import type { Model } from '../shared/model/schema';
import { renderHtmlReport } from '../shared/reports/htmlReport';
import { buildReportModel } from '../shared/reports/reportModel';
import { XSS_PAYLOADS, xssCorpusModel } from '../shared/reports/xssCorpus';
import { loadRulePacks } from '../shared/rules/loadPacks';
import { generateStories } from '../shared/stories/generateStories';
import { assessThreats } from '../shared/threats/register';
import { setStoryState, setThreatStatus, suppressRule } from '../shared/triage/triageOperations';
import { WorkspacePage } from './pages/workspacePage';
import { expect, test } from './fixtures/test';

const REPORTS = join(import.meta.dirname, '..', 'reports');
const TODAY = '2026-12-01';
const packs = loadRulePacks();

test('the HTML report of a model full of XSS payloads runs none of them in Chromium', async ({
  page,
  consoleProblems,
}) => {
  const model = modelFromTree(xssCorpusModel(TODAY)).model;
  const html = renderHtmlReport(buildReportModel(model, packs, TODAY));
  await page.setContent(html, { waitUntil: 'load' });

  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  // Nothing became markup: no script, frame, image, form control or handler attribute at all.
  expect(
    await page.locator('script, iframe, img, meta[http-equiv="refresh"], details').count(),
  ).toBe(0);
  const handlers = await page.evaluate(
    () =>
      [...document.querySelectorAll('*')].flatMap((element) =>
        [...element.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
      ).length,
  );
  expect(handlers).toBe(0);
  // Every payload is on the page as the text that was typed.
  const text = await page.evaluate(() => document.body.textContent ?? '');
  for (const payload of XSS_PAYLOADS) expect(text).toContain(payload);
  // The report's diagram (inline SVG) shows the hostile names as text too.
  await expect(page.locator('figure.diagram svg text').first()).toBeVisible();
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(consoleProblems).toEqual([]);
});

/** The example web shop with the team's decisions, so every section of the report has content. */
function triagedWebshop(): Model {
  let model = parseModel(
    readFileSync(join(import.meta.dirname, '..', 'examples', 'webshop.gatehouse.json'), 'utf8'),
  ).model;
  const register = assessThreats(model, packs.compiled);
  const [accepted, transferred] = register.filter((threat) => threat.severity === 'medium');
  model = setThreatStatus(
    model,
    register,
    {
      threatId: accepted!.id,
      status: 'accepted',
      approval: {
        approver: 'Dana Reyes (CISO)',
        rationale: 'Compensated by the WAF rate limits; revisit after the Q1 load test.',
        expires: '2027-02-26',
      },
    },
    TODAY,
    DEFAULT_POLICY,
  );
  model = setThreatStatus(
    model,
    register,
    {
      threatId: transferred!.id,
      status: 'transferred',
      transferredTo: 'Payment provider (PCI DSS scope)',
      approval: {
        approver: 'Dana Reyes (CISO)',
        rationale: 'Card data never reaches our systems; the provider is certified.',
        expires: '2027-02-15',
      },
    },
    TODAY,
    DEFAULT_POLICY,
  );
  const rule = register.find((threat) => threat.targets.some((t) => t.id === 'admin'))!;
  model = suppressRule(
    model,
    {
      packId: rule.packId,
      ruleId: rule.ruleId,
      elementId: 'admin',
      approval: {
        approver: 'Sam Okafor (security lead)',
        rationale: 'Staff reach the console only over the office VPN.',
        expires: '2027-01-31',
      },
    },
    new Set([`${rule.packId}/${rule.ruleId}`]),
    TODAY,
    DEFAULT_POLICY,
  );
  const stories = generateStories(
    model,
    assessThreats(model, packs.compiled),
    packs.compiled.mitigationsById,
  );
  const high = stories.filter((story) => story.severity === 'high').slice(0, 3);
  for (const [index, story] of high.entries())
    model = setStoryState(model, stories, story.id, index === 0 ? 'done' : 'planned');
  return model;
}

test('the HTML report prints to a PDF, and its first page is saved as an image', async ({
  page,
  consoleProblems,
}) => {
  const html = renderHtmlReport(buildReportModel(triagedWebshop(), packs, TODAY));
  await page.setContent(html, { waitUntil: 'load' });
  mkdirSync(join(REPORTS, 'screenshots'), { recursive: true });
  const pdf = join(REPORTS, 'report.pdf');
  await page.pdf({ path: pdf, printBackground: true, preferCSSPageSize: true });
  expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // Debian's poppler-utils; .ci/run installs it (see docs/reports.md).
  const image = join(REPORTS, 'screenshots', 'report-page1');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, image]);
  expect(statSync(`${image}.png`).size).toBeGreaterThan(10_000);
  const pages = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/);
  expect(Number(pages![1])).toBeGreaterThan(5);
  expect(consoleProblems).toEqual([]);
});

test('the Report panel downloads the HTML report and the diagram as SVG and PNG', async ({
  page,
  consoleProblems,
  expectAccessible,
}) => {
  const workspace = new WorkspacePage(page);
  await workspace.openWebApplicationTemplate();
  await page.getByRole('tab', { name: 'Report' }).click();
  const panel = page.getByRole('region', { name: 'Report' });

  const download = async (button: string) => {
    const event = page.waitForEvent('download');
    await panel.getByRole('button', { name: button }).click();
    const file = await event;
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
  };

  const html = await download('Download HTML report');
  expect(html.name).toMatch(/-report\.html$/);
  const text = html.bytes.toString('utf8');
  expect(text.startsWith('<!doctype html>')).toBe(true);
  expect(text).toContain('<h2 id="risk">Risk matrix</h2>');
  expect(text).not.toMatch(/<script/i);

  const markdown = await download('Download Markdown report');
  expect(markdown.bytes.toString('utf8')).toMatch(/^# Threat model report: /);

  const svg = await download('Download diagram as SVG');
  expect(svg.name).toMatch(/\.svg$/);
  const svgText = svg.bytes.toString('utf8');
  expect(svgText.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svgText).toContain('<title>process: ');

  const png = await download('Download diagram as PNG');
  expect(png.name).toMatch(/\.png$/);
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  // The PNG is the SVG at twice its size (width and height are big-endian at bytes 16 and 20).
  const svgWidth = Number(/width="(\d+)"/.exec(svgText)![1]);
  expect(png.bytes.readUInt32BE(16)).toBe(svgWidth * 2);

  // The Open Threat Model export is the CLI's file: valid OTM 0.2.0 with every element.
  const otm = await download('Download Open Threat Model (JSON)');
  expect(otm.name).toMatch(/\.otm\.json$/);
  const otmDocument = JSON.parse(otm.bytes.toString('utf8'));
  expect(otmDocument.otmVersion).toBe('0.2.0');
  const nodes = await page.locator('.react-flow__node').count();
  const zones = await page.locator('.react-flow__node-zone').count();
  expect(otmDocument.components).toHaveLength(nodes - zones);

  await expectAccessible('the Report panel');
  expect(consoleProblems).toEqual([]);
});
