import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../gate/policy';
import { UNASSIGNED_FEATURE_ID, type Model, type ThreatTriage } from '../model/schema';
import { severityOf } from '../rules/scoring';
import type { RegisteredThreat } from '../threats/register';
import { dashboardData, daysBetween, slaEntryOf, trendPointOf } from './dashboardData';

const TODAY = '2026-03-10';

/** A register entry built by hand: only what the dashboard reads is meaningful. */
function threat(
  id: string,
  fields: Partial<RegisteredThreat> & { firstSeen?: string | null } = {},
): RegisteredThreat {
  const likelihood = fields.likelihood ?? 3;
  const impact = fields.impact ?? 3;
  const severity = fields.severity ?? severityOf(likelihood * impact);
  const triage =
    fields.firstSeen === undefined
      ? (fields.triage ?? null)
      : ({ threatId: id, firstSeen: fields.firstSeen } as ThreatTriage);
  return {
    id,
    packId: 'test',
    ruleId: id,
    category: 'Tampering',
    targets: [{ role: 'element', id: 'e1' }],
    title: `Threat ${id}`,
    description: '',
    explanation: [],
    mitigations: [],
    cwe: [],
    capec: [],
    origin: 'rule',
    inherentSeverity: severity,
    residualLikelihood: likelihood,
    residualImpact: impact,
    residualSeverity: severity,
    status: 'open',
    suppression: null,
    noLongerDetected: false,
    featureIds: [UNASSIGNED_FEATURE_ID],
    coveringStoryIds: [],
    ...fields,
    likelihood,
    impact,
    severity,
    triage,
  };
}

const model = (features: { id: string; name: string }[] = []): Pick<Model, 'features'> => ({
  features: features.map((feature) => ({
    ...feature,
    description: '',
    owner: '',
    jiraEpicKey: null,
    memberIds: [],
  })),
});

describe('dashboardData', () => {
  it('counts active threats in the heat map, all and open, and leaves inactive ones out', () => {
    const register = [
      threat('a', { likelihood: 4, impact: 5 }),
      threat('b', { likelihood: 4, impact: 5, status: 'mitigated' }),
      threat('c', { likelihood: 4, impact: 5, status: 'investigating' }),
      threat('d', { likelihood: 1, impact: 2 }),
      threat('e', { likelihood: 4, impact: 5, noLongerDetected: true }),
      // A suppression in force hides its threat; an expired one no longer does (the gate
      // counts that threat again).
      threat('f', {
        likelihood: 4,
        impact: 5,
        suppression: {
          id: 's',
          packId: 'p',
          ruleId: 'R',
          elementId: null,
          approver: 'Ada',
          rationale: 'Behind the VPN',
          expires: '2026-04-01',
        },
      }),
      threat('g', {
        likelihood: 1,
        impact: 2,
        suppression: {
          id: 't',
          packId: 'p',
          ruleId: 'R2',
          elementId: null,
          approver: 'Ada',
          rationale: 'Until the migration',
          expires: '2026-03-01',
        },
      }),
    ];
    const data = dashboardData(register, model(), DEFAULT_POLICY, TODAY);
    const cell = (likelihood: number, impact: number) =>
      data.heatMap.cells.find((c) => c.likelihood === likelihood && c.impact === impact)!;
    expect(data.heatMap.cells).toHaveLength(25);
    expect(cell(4, 5)).toEqual({ likelihood: 4, impact: 5, total: 3, open: 2 });
    expect(cell(1, 2)).toEqual({ likelihood: 1, impact: 2, total: 2, open: 2 });
    expect(data.heatMap.cells.reduce((sum, c) => sum + c.total, 0)).toBe(5);
    expect(data.threats.map((t) => t.id)).toEqual(['a', 'b', 'c', 'd', 'g']);
  });

  it('counts every STRIDE category by status, empty categories included', () => {
    const register = [
      threat('a', { category: 'Spoofing' }),
      threat('b', { category: 'Spoofing', status: 'accepted' }),
      threat('c', { category: 'DenialOfService', status: 'mitigated' }),
    ];
    const { byCategory } = dashboardData(register, model(), DEFAULT_POLICY, TODAY);
    expect(byCategory.map((row) => row.category)).toEqual([
      'Spoofing',
      'Tampering',
      'Repudiation',
      'InformationDisclosure',
      'DenialOfService',
      'ElevationOfPrivilege',
    ]);
    expect(byCategory[0]).toMatchObject({
      label: 'Spoofing',
      total: 2,
      byStatus: { open: 1, accepted: 1, mitigated: 0 },
    });
    expect(byCategory[4]).toMatchObject({ label: 'Denial of service', total: 1 });
    expect(byCategory[1]!.total).toBe(0);
  });

  it('sums open risk per feature, ranks by score, and shows Unassigned only when it has any', () => {
    const register = [
      threat('a', { likelihood: 5, impact: 5, featureIds: ['login'] }),
      threat('b', { likelihood: 2, impact: 2, featureIds: ['login', 'orders'] }),
      threat('c', { likelihood: 5, impact: 5, featureIds: ['orders'], status: 'mitigated' }),
      threat('d', { likelihood: 3, impact: 3, featureIds: ['orders'] }),
    ];
    const features = [
      { id: 'orders', name: 'Orders' },
      { id: 'login', name: 'Login' },
      { id: 'empty', name: 'Empty' },
    ];
    const data = dashboardData(register, model(features), DEFAULT_POLICY, TODAY);
    expect(data.features.map((f) => [f.name, f.open, f.riskScore])).toEqual([
      ['Login', 2, 29],
      ['Orders', 2, 13],
      ['Empty', 0, 0],
    ]);
    expect(data.features[0]!.openBySeverity).toEqual({ low: 1, medium: 0, high: 0, critical: 1 });

    const unassigned = dashboardData([threat('x')], model(features), DEFAULT_POLICY, TODAY);
    expect(unassigned.features.map((f) => f.name)).toContain('Unassigned');
  });

  it('lists the SLA of open threats, overdue first, counting from today without a first-seen date', () => {
    const register = [
      // high: 7 days → due 2026-03-08, two days late.
      threat('late', { likelihood: 4, impact: 4, firstSeen: '2026-03-01' }),
      // critical: 1 day → due 2026-03-11, tomorrow.
      threat('soon', { likelihood: 5, impact: 5, firstSeen: '2026-03-10' }),
      // medium, never triaged: 30 days from today.
      threat('new', { likelihood: 3, impact: 3 }),
      threat('closed', { likelihood: 5, impact: 5, firstSeen: '2020-01-01', status: 'accepted' }),
    ];
    const data = dashboardData(register, model(), DEFAULT_POLICY, TODAY);
    expect(
      data.sla.map((entry) => [entry.threatId, entry.dueDate, entry.daysLeft, entry.state]),
    ).toEqual([
      ['late', '2026-03-08', -2, 'overdue'],
      ['soon', '2026-03-11', 1, 'due-soon'],
      ['new', '2026-04-09', 30, 'within'],
    ]);
    expect(data.sla[2]).toMatchObject({ firstSeenKnown: false, startDate: TODAY });
    expect(data.slaCounts).toEqual({ overdue: 1, 'due-soon': 1, within: 1 });
  });

  it('uses the policy SLA days and never starts an SLA in the future', () => {
    const policy = { slaDays: { critical: 0, high: 2, medium: 3, low: 4 } };
    expect(
      slaEntryOf(threat('h', { likelihood: 4, impact: 4, firstSeen: '2026-03-09' }), policy, TODAY),
    ).toMatchObject({
      dueDate: '2026-03-11',
      daysLeft: 1,
      state: 'due-soon',
      firstSeenKnown: true,
    });
    expect(
      slaEntryOf(threat('f', { likelihood: 1, impact: 1, firstSeen: '2027-01-01' }), policy, TODAY),
    ).toMatchObject({ startDate: TODAY, dueDate: '2026-03-14', firstSeenKnown: false });
  });
});

describe('trendPointOf', () => {
  it('records open threats by severity and active threats by status', () => {
    const register = [
      threat('a', { likelihood: 5, impact: 5 }),
      threat('b', { likelihood: 5, impact: 5, status: 'mitigated' }),
      threat('c', { likelihood: 1, impact: 1, status: 'investigating' }),
      threat('d', { likelihood: 1, impact: 1, noLongerDetected: true }),
    ];
    expect(trendPointOf(register, '2026-03-10T12:00:00.000Z')).toEqual({
      takenAt: '2026-03-10T12:00:00.000Z',
      openBySeverity: { low: 1, medium: 0, high: 0, critical: 1 },
      byStatus: {
        open: 1,
        investigating: 1,
        mitigated: 1,
        accepted: 0,
        'not-applicable': 0,
        transferred: 0,
      },
    });
  });
});

describe('daysBetween', () => {
  it('counts calendar days across month and year ends', () => {
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });
});
