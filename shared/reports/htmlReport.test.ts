import { describe, expect, it } from 'vitest';
import { XSS_PAYLOADS, xssCorpusModel } from './xssCorpus';
import { modelFromTree } from '../model/parseModel';
import { loadRulePacks } from '../rules/loadPacks';
import { escapeXml } from './escapeXml';
import { REPORT_CONTENT_SECURITY_POLICY, renderHtmlReport } from './htmlReport';
import { buildReportModel } from './reportModel';

const model = modelFromTree(xssCorpusModel()).model;
const html = renderHtmlReport(buildReportModel(model, loadRulePacks(), '2026-12-01'));

describe('renderHtmlReport', () => {
  it('is one document that can only display: no script, no handler, no URL but anchors', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    // User text is all escaped, so every tag in the document is the renderer's own.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(100);
    expect(tags.filter((tag) => /\son[a-z]+\s*=/i.test(tag))).toEqual([]);
    expect(html).not.toMatch(/javascript:(?!window\.__xss)/i);
    const references = [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(0);
    expect(references.every((reference) => reference!.startsWith('#'))).toBe(true);
    // The only absolute URL is the SVG namespace, which is a name, not a fetch.
    const urls = [...html.matchAll(/https?:\/\/[^\s"')]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_SECURITY_POLICY}">`,
    );
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('shows every payload of the corpus as escaped text', () => {
    for (const payload of XSS_PAYLOADS) {
      if (payload.startsWith('<') || payload.includes('"')) expect(html).not.toContain(payload);
      expect(html).toContain(escapeXml(payload));
    }
  });

  it('has every section, the diagram, the matrix and the chart, in a stable order', () => {
    const ids = [...html.matchAll(/<h2 id="([a-z-]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'summary',
      'diagrams',
      'risk',
      'by-feature',
      'by-category',
      'mitigations',
      'stories',
      'approvals',
      'suppressions',
      'lint',
    ]);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('Risk matrix: threats by likelihood and impact');
    expect(html).toContain('@page');
  });

  it('is byte for byte the same for the same model and date', () => {
    expect(renderHtmlReport(buildReportModel(model, loadRulePacks(), '2026-12-01'))).toBe(html);
  });
});
