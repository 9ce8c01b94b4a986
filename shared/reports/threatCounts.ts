/**
 * Counts over a list of threats that the report and the dashboard both show: by severity, by
 * status, the likelihood × impact matrix and STRIDE category × status, and the order both list
 * threats in. One implementation, so a report and the dashboard of the same model never disagree.
 */
import {
  SEVERITIES,
  STRIDE_CATEGORIES,
  THREAT_STATUSES,
  type Severity,
  type StrideCategory,
  type ThreatStatus,
} from '../model/schema';
import { severityRank } from '../rules/scoring';
import { isOpenStatus } from '../threats/register';
import type { RiskMatrix } from './charts';

/** The fields the counts read of a threat (a register entry or a report threat). */
export interface CountedThreat {
  category: StrideCategory;
  severity: Severity;
  status: ThreatStatus;
  likelihood: number;
  impact: number;
}

type RankedThreat = Pick<CountedThreat, 'severity' | 'likelihood' | 'impact'> & { id: string };

/** Worst first, then the higher likelihood × impact, then by ID: every run, the same order. */
export function byRisk(a: RankedThreat, b: RankedThreat): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    b.likelihood * b.impact - a.likelihood * a.impact ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A record with every key of `keys` set to 0. */
export function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/** Threats by severity and by status. */
export function countBySeverityAndStatus(threats: readonly CountedThreat[]): {
  bySeverity: Record<Severity, number>;
  byStatus: Record<ThreatStatus, number>;
} {
  const bySeverity = zeroes(SEVERITIES);
  const byStatus = zeroes(THREAT_STATUSES);
  for (const threat of threats) {
    bySeverity[threat.severity]++;
    byStatus[threat.status]++;
  }
  return { bySeverity, byStatus };
}

/** The 5 × 5 likelihood × impact matrix of `threats` (all of them, and the open ones). */
export function riskMatrixOf(threats: readonly CountedThreat[]): RiskMatrix {
  const cells: RiskMatrix['cells'] = [];
  for (let likelihood = 1; likelihood <= 5; likelihood++)
    for (let impact = 1; impact <= 5; impact++)
      cells.push({ likelihood, impact, total: 0, open: 0 });
  for (const threat of threats) {
    const cell = cells[(threat.likelihood - 1) * 5 + (threat.impact - 1)]!;
    cell.total++;
    if (isOpenStatus(threat.status)) cell.open++;
  }
  return { cells };
}

/** Threats per STRIDE category and status, every category present (in STRIDE order). */
export function countByCategoryAndStatus(
  threats: readonly CountedThreat[],
): Map<StrideCategory, Record<ThreatStatus, number>> {
  const counts = new Map<StrideCategory, Record<ThreatStatus, number>>(
    STRIDE_CATEGORIES.map((category) => [category, zeroes(THREAT_STATUSES)]),
  );
  for (const threat of threats) counts.get(threat.category)![threat.status]++;
  return counts;
}
