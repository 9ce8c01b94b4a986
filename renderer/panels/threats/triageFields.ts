/**
 * The triage fields that need no approval — owner, notes, residual likelihood and impact — as a
 * pure edit, and the register an operation must be given. `shared/triage/triageOperations.ts`
 * has no operation for these fields; this one keeps the record complete the way its
 * `withTriage` does (a fresh record remembers what the threat was, for "no longer detected").
 */
import type { Model, ThreatTriage } from '../../../shared/model/schema';
import { assessThreats, type RegisteredThreat } from '../../../shared/threats/register';
import type { AnalysisState } from '../../analysis/liveAnalysis';
import { builtinPacks } from '../../analysis/liveAnalysis';

const OWNER_MAX = 200;
const NOTES_MAX = 20_000;

export interface TriageFieldsPatch {
  owner?: string;
  notes?: string;
  /** 1–5, or null for "same as inherent". */
  residualLikelihood?: number | null;
  residualImpact?: number | null;
}

/** Today as `YYYY-MM-DD` (UTC), the day approvals and first-seen dates are written with. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function freshTriage(threat: RegisteredThreat, today: string): ThreatTriage {
  return {
    threatId: threat.id,
    status: 'open',
    approval: null,
    transferredTo: null,
    severityOverride: null,
    residualLikelihood: null,
    residualImpact: null,
    owner: '',
    notes: '',
    trackerLinks: [],
    mitigationStatuses: [],
    firstSeen: today,
    noLongerDetected: false,
    lastKnown: {
      ruleRef: `${threat.packId}/${threat.ruleId}`.slice(0, 300),
      category: threat.category,
      targets: threat.targets,
      title: threat.title.slice(0, 500),
      severity: threat.inherentSeverity,
    },
  };
}

function scale(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return Math.min(5, Math.max(1, Math.round(value)));
}

/**
 * Sets owner, notes or residual scores of a threat's triage, creating the record when the
 * threat has none. Returns the same model when nothing changes (so no empty undo step).
 */
export function setTriageFields(
  model: Model,
  threat: RegisteredThreat,
  patch: TriageFieldsPatch,
  today: string,
): Model {
  const index = model.threats.findIndex((t) => t.threatId === threat.id);
  const existing = index >= 0 ? model.threats[index]! : null;
  const base = existing ?? freshTriage(threat, today);
  const next: ThreatTriage = {
    ...base,
    ...(patch.owner !== undefined ? { owner: patch.owner.slice(0, OWNER_MAX) } : {}),
    ...(patch.notes !== undefined ? { notes: patch.notes.slice(0, NOTES_MAX) } : {}),
    ...(patch.residualLikelihood !== undefined
      ? { residualLikelihood: scale(patch.residualLikelihood) }
      : {}),
    ...(patch.residualImpact !== undefined ? { residualImpact: scale(patch.residualImpact) } : {}),
  };
  const unchanged =
    next.owner === base.owner &&
    next.notes === base.notes &&
    next.residualLikelihood === base.residualLikelihood &&
    next.residualImpact === base.residualImpact;
  if (unchanged) return model;
  const threats =
    index >= 0 ? model.threats.map((t, i) => (i === index ? next : t)) : [...model.threats, next];
  return { ...model, threats };
}

/**
 * The register of `document`, as the triage operations need it: the live analysis when it
 * analysed exactly this document, else computed now (an edit is not analysed yet).
 */
export function registerFor(document: Model, analysis: AnalysisState): readonly RegisteredThreat[] {
  const snapshot = analysis.snapshot;
  if (snapshot && !analysis.stale && snapshot.document === document) return snapshot.register;
  return assessThreats(document, builtinPacks().compiled);
}
