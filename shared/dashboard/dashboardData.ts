/**
 * What the risk dashboard shows (issue 7), gathered from a threat register, the model and the
 * gate policy: the likelihood × impact heat map, threats by STRIDE category and status, risk per
 * feature, the SLA status of every open threat, and the counts a trend point records.
 *
 * Pure and deterministic: the only date is the `today` passed in. The counts come from
 * `../reports/threatCounts`, the same functions the report uses, over the same threats (active:
 * detected now and not suppressed), so the dashboard and the report of a model agree.
 */
import {
  SEVERITIES,
  STRIDE_CATEGORIES,
  UNASSIGNED_FEATURE_ID,
  type Model,
  type Severity,
  type StrideCategory,
  type ThreatStatus,
} from '../model/schema';
import type { Policy } from '../gate/policy';
import { addDays } from '../jira/dates';
import type { RiskMatrix } from '../reports/charts';
import { CATEGORY_LABELS, isActiveThreat } from '../reports/reportModel';
import {
  byRisk,
  countByCategoryAndStatus,
  countBySeverityAndStatus,
  riskMatrixOf,
  zeroes,
} from '../reports/threatCounts';
import { displayName } from '../rules/conditions';
import { severityRank } from '../rules/scoring';
import { UNASSIGNED_FEATURE_NAME } from '../stories/generateStories';
import { isOpenStatus, type RegisteredThreat } from '../threats/register';

/** An open threat is "due soon" when its due date is at most this many days away. */
export const DUE_SOON_DAYS = 7;

const DAY_MS = 86_400_000;

/** One STRIDE category's threats by status. */
export interface CategoryStatusRow {
  category: StrideCategory;
  label: string;
  byStatus: Record<ThreatStatus, number>;
  total: number;
}

/** The open threats of one feature (or of "Unassigned") and the risk they carry. */
export interface FeatureRisk {
  featureId: string;
  name: string;
  /** Open threats by severity. */
  openBySeverity: Record<Severity, number>;
  open: number;
  /** The sum of likelihood × impact over the open threats: one number to rank features by. */
  riskScore: number;
}

/** Where an open threat stands against its SLA. */
export type SlaState = 'overdue' | 'due-soon' | 'within';

/** The SLA of one open threat. */
export interface SlaEntry {
  threatId: string;
  title: string;
  severity: Severity;
  /** The first-seen date the SLA runs from (YYYY-MM-DD). */
  startDate: string;
  /** False when the triage has no first-seen date: the SLA then runs from `today`. */
  firstSeenKnown: boolean;
  /** `startDate` plus the policy's SLA days for the severity (YYYY-MM-DD). */
  dueDate: string;
  /** Days from `today` to `dueDate`; negative when overdue. */
  daysLeft: number;
  state: SlaState;
}

/** Counts of a document at a moment, as the dashboard's trend records them (never in the model). */
export interface TrendPoint {
  /** When the counts were taken (ISO 8601 date-time). */
  takenAt: string;
  /** Open (or investigating) threats by severity. */
  openBySeverity: Record<Severity, number>;
  /** Active threats by status. */
  byStatus: Record<ThreatStatus, number>;
}

/** Everything the dashboard shows. */
export interface DashboardData {
  /** Active threats (detected, not suppressed), worst first: what the heat map counts. */
  threats: RegisteredThreat[];
  heatMap: RiskMatrix;
  byCategory: CategoryStatusRow[];
  /** Features with open threats first, by risk score (highest first), then by name. */
  features: FeatureRisk[];
  /** Open threats: overdue first, then by due date, severity and ID. */
  sla: SlaEntry[];
  slaCounts: Record<SlaState, number>;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD, UTC calendar days). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The SLA of an open threat as of `today`: due `slaDays[severity]` days after its first-seen
 * date. A threat without a first-seen date (never triaged) is counted from `today`, and so is one
 * whose first-seen date lies in the future (a hand edit or a wrong clock must not extend the
 * SLA) — the same rule as the Jira due dates (`dueDateFor`).
 */
export function slaEntryOf(
  threat: RegisteredThreat,
  policy: Pick<Policy, 'slaDays'>,
  today: string,
): SlaEntry {
  const firstSeen = threat.triage?.firstSeen ?? null;
  const firstSeenKnown = firstSeen !== null && firstSeen <= today;
  const startDate = firstSeenKnown ? firstSeen : today;
  const dueDate = addDays(startDate, policy.slaDays[threat.severity]);
  const daysLeft = daysBetween(today, dueDate);
  return {
    threatId: threat.id,
    title: threat.title,
    severity: threat.severity,
    startDate,
    firstSeenKnown,
    dueDate,
    daysLeft,
    state: daysLeft < 0 ? 'overdue' : daysLeft <= DUE_SOON_DAYS ? 'due-soon' : 'within',
  };
}

/**
 * Gathers the dashboard of `model` from its `register` (see `assessThreats`), with the SLA days
 * of `policy`, as of `today` (YYYY-MM-DD).
 */
export function dashboardData(
  register: readonly RegisteredThreat[],
  model: Pick<Model, 'features'>,
  policy: Pick<Policy, 'slaDays'>,
  today: string,
): DashboardData {
  const threats = register.filter((threat) => isActiveThreat(threat, today)).sort(byRisk);
  const open = threats.filter((threat) => isOpenStatus(threat.status));

  const categoryCounts = countByCategoryAndStatus(threats);
  const byCategory = STRIDE_CATEGORIES.map((category): CategoryStatusRow => {
    const byStatus = categoryCounts.get(category)!;
    const total = Object.values<number>(byStatus).reduce((sum, count) => sum + count, 0);
    return { category, label: CATEGORY_LABELS[category], byStatus, total };
  });

  const featureRisks = new Map<string, FeatureRisk>();
  const addFeature = (featureId: string, name: string) =>
    featureRisks.set(featureId, {
      featureId,
      name,
      openBySeverity: zeroes(SEVERITIES),
      open: 0,
      riskScore: 0,
    });
  for (const feature of model.features) addFeature(feature.id, displayName(feature));
  for (const threat of open) {
    for (const featureId of threat.featureIds) {
      if (!featureRisks.has(featureId)) addFeature(featureId, UNASSIGNED_FEATURE_NAME);
      const risk = featureRisks.get(featureId)!;
      risk.openBySeverity[threat.severity]++;
      risk.open++;
      risk.riskScore += threat.likelihood * threat.impact;
    }
  }
  const features = [...featureRisks.values()]
    .filter((risk) => risk.featureId !== UNASSIGNED_FEATURE_ID || risk.open > 0)
    .sort((a, b) => b.riskScore - a.riskScore || a.name.localeCompare(b.name, 'en'));

  const sla = open
    .map((threat) => slaEntryOf(threat, policy, today))
    .sort(
      (a, b) =>
        a.daysLeft - b.daysLeft ||
        severityRank(b.severity) - severityRank(a.severity) ||
        (a.threatId < b.threatId ? -1 : a.threatId > b.threatId ? 1 : 0),
    );
  const slaCounts: Record<SlaState, number> = { overdue: 0, 'due-soon': 0, within: 0 };
  for (const entry of sla) slaCounts[entry.state]++;

  return { threats, heatMap: riskMatrixOf(threats), byCategory, features, sla, slaCounts };
}

/** The counts a trend point records of `register` at `takenAt` (ISO 8601 date-time). */
export function trendPointOf(register: readonly RegisteredThreat[], takenAt: string): TrendPoint {
  const today = takenAt.slice(0, 10);
  const active = register.filter((threat) => isActiveThreat(threat, today));
  const { byStatus } = countBySeverityAndStatus(active);
  const { bySeverity } = countBySeverityAndStatus(
    active.filter((threat) => isOpenStatus(threat.status)),
  );
  return { takenAt, openBySeverity: bySeverity, byStatus };
}
