import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xssCorpusModel } from './xssCorpus';
import { modelFromTree, parseModel } from '../model/parseModel';
import { loadRulePacks } from '../rules/loadPacks';
import { assessThreats } from '../threats/register';
import { buildReportModel } from './reportModel';

const packs = loadRulePacks();
const webshop = parseModel(
  readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'webshop.gatehouse.json'), 'utf8'),
).model;

describe('buildReportModel', () => {
  it('counts every active threat once: by severity, by status, in the matrix and the groups', () => {
    const report = buildReportModel(webshop, packs, '2026-12-01');
    const active = assessThreats(webshop, packs.compiled);
    expect(report.counts.threats).toBe(active.length);
    expect(report.threats).toHaveLength(active.length);
    const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b);
    expect(sum(report.counts.bySeverity)).toBe(active.length);
    expect(sum(report.counts.byStatus)).toBe(active.length);
    expect(report.riskMatrix.cells.reduce((a, cell) => a + cell.total, 0)).toBe(active.length);
    expect(report.byCategory.reduce((a, group) => a + group.threats.length, 0)).toBe(
      active.length,
    );
    // Every threat sits under at least one feature (or "Unassigned").
    const listed = new Set(report.byFeature.flatMap((group) => group.threats.map((t) => t.id)));
    expect(listed.size).toBe(active.length);
    expect(report.diagrams).toHaveLength(1);
    expect(report.diagrams[0]!.elements).toHaveLength(12);
  });

  it('lists threats worst first and is identical from run to run', () => {
    const report = buildReportModel(webshop, packs, '2026-12-01');
    const ranks = report.threats.map((t) => ['low', 'medium', 'high', 'critical'].indexOf(t.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(JSON.stringify(buildReportModel(webshop, packs, '2026-12-01'))).toBe(
      JSON.stringify(report),
    );
  });

  it('reports approvals and suppressions with their state as of today, outside the counts', () => {
    const model = modelFromTree(xssCorpusModel('2026-12-01')).model;
    const valid = buildReportModel(model, packs, '2026-12-01');
    expect(valid.approvals).toHaveLength(1);
    expect(valid.approvals[0]).toMatchObject({ status: 'accepted', state: 'valid', expires: '2027-12-01' });
    expect(valid.suppressions).toHaveLength(1);
    expect(valid.suppressions[0]!.threatCount).toBeGreaterThan(0);
    expect(valid.counts.suppressed).toBe(valid.suppressions[0]!.threatCount);
    expect(valid.inactiveThreats.every((t) => t.suppressed)).toBe(true);
    expect(valid.threats.some((t) => t.suppressed)).toBe(false);

    const later = buildReportModel(model, packs, '2028-01-01');
    expect(later.approvals[0]!.state).toBe('expired');
    expect(later.suppressions[0]!.state).toBe('expired');
    // An expired suppression hides nothing: its threats are back in the list and the counts.
    expect(later.threats.some((t) => t.suppressed)).toBe(true);
    expect(later.inactiveThreats.some((t) => t.suppressed)).toBe(false);

    const incomplete = modelFromTree({
      ...xssCorpusModel(),
      suppressions: [{ id: 's', packId: 'gatehouse-stride', ruleId: 'STRIDE-S-001' }],
    }).model;
    expect(buildReportModel(incomplete, packs, '2026-12-01').suppressions[0]!.state).toBe(
      'incomplete',
    );
  });
});
