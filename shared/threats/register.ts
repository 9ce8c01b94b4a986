/**
 * The threat register: generated threats, manual threats and the team's triage, merged into one
 * list that panels, stories, reports and the gate read. Nothing here is stored; it is derived
 * from the model and an analysis result.
 */
import { MANUAL_PACK_ID } from '../model/ids';
import {
  ACCEPTED_STORY_STATES,
  UNASSIGNED_FEATURE_ID,
  type Model,
  type Severity,
  type StrideCategory,
  type Suppression,
  type Target,
  type ThreatStatus,
  type ThreatTriage,
} from '../model/schema';
import type { Threat } from '../rules/engine';
import { severityOf, severityRank } from '../rules/scoring';
import type { TraceEntry } from '../rules/conditions';

export type ThreatOrigin = 'rule' | 'manual';

export interface RegisteredThreat {
  id: string;
  origin: ThreatOrigin;
  packId: string;
  ruleId: string;
  category: StrideCategory;
  targets: Target[];
  title: string;
  description: string;
  explanation: TraceEntry[];
  likelihood: number;
  impact: number;
  /** From the rule (or the manual threat), before any override. */
  inherentSeverity: Severity;
  /** After an approved override (raising needs no approval; lowering needs approver and rationale). */
  severity: Severity;
  residualLikelihood: number;
  residualImpact: number;
  residualSeverity: Severity;
  /** Effective status: `mitigated` when a done, accepted story lists the threat. */
  status: ThreatStatus;
  mitigations: string[];
  cwe: number[];
  capec: number[];
  triage: ThreatTriage | null;
  /** The suppression that applies, if any (expired ones included: the gate reports them). */
  suppression: Suppression | null;
  /** Triage kept for a threat the rules no longer find (shown as resolved by the model change). */
  noLongerDetected: boolean;
  /** Features the threat belongs to (`_unassigned` when none). */
  featureIds: string[];
  /** Accepted stories that list the threat. */
  coveringStoryIds: string[];
}

/** Open or investigating: work is still owed on the threat. */
export function isOpenStatus(status: ThreatStatus): boolean {
  return status === 'open' || status === 'investigating';
}

/** Whether an override is in force: raising always; lowering only with approver and rationale. */
export function isOverrideApproved(triage: ThreatTriage, inherent: Severity): boolean {
  const override = triage.severityOverride;
  if (!override) return false;
  if (severityRank(override.severity) >= severityRank(inherent)) return true;
  return Boolean(override.approver && override.rationale);
}

/** Feature membership by element/flow ID. */
export function featuresByMember(model: Model): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const feature of model.features) {
    for (const memberId of feature.memberIds) {
      const list = result.get(memberId);
      if (list) list.push(feature.id);
      else result.set(memberId, [feature.id]);
    }
  }
  return result;
}

/** Features of a threat: every feature containing any of its targets, else `_unassigned`. */
export function featuresOfTargets(
  targets: readonly Target[],
  membership: ReadonlyMap<string, readonly string[]>,
): string[] {
  const features = new Set<string>();
  for (const target of targets) for (const id of membership.get(target.id) ?? []) features.add(id);
  return features.size === 0 ? [UNASSIGNED_FEATURE_ID] : [...features].sort();
}

function suppressionFor(
  packId: string,
  ruleId: string,
  targets: readonly Target[],
  suppressions: readonly Suppression[],
): Suppression | null {
  for (const suppression of suppressions) {
    if (suppression.packId !== packId || suppression.ruleId !== ruleId) continue;
    if (suppression.elementId === null) return suppression;
    if (targets.some((target) => target.id === suppression.elementId)) return suppression;
  }
  return null;
}

interface ThreatCore {
  id: string;
  origin: ThreatOrigin;
  packId: string;
  ruleId: string;
  category: StrideCategory;
  targets: Target[];
  title: string;
  description: string;
  explanation: TraceEntry[];
  likelihood: number;
  impact: number;
  mitigations: string[];
  cwe: number[];
  capec: number[];
  noLongerDetected: boolean;
}

/**
 * Builds the register. `threats` is the analysis result (sorted by ID); the output is sorted by
 * ID too, so it can be compared byte for byte.
 */
export function buildThreatRegister(model: Model, threats: readonly Threat[]): RegisteredThreat[] {
  const triageById = new Map(model.threats.map((triage) => [triage.threatId, triage]));
  const membership = featuresByMember(model);
  const coveringStories = new Map<string, { id: string; done: boolean }[]>();
  for (const story of model.stories) {
    if (!ACCEPTED_STORY_STATES.includes(story.state)) continue;
    for (const threatId of story.coveredThreatIds) {
      const list = coveringStories.get(threatId) ?? [];
      list.push({ id: story.id, done: story.state === 'done' });
      coveringStories.set(threatId, list);
    }
  }

  const cores: ThreatCore[] = threats.map((threat) => ({
    id: threat.id,
    origin: 'rule',
    packId: threat.packId,
    ruleId: threat.ruleId,
    category: threat.category,
    targets: threat.targets,
    // Text and trace stay lazy (see buildThreat): read through to the analysis result.
    get title() {
      return threat.title;
    },
    get description() {
      return threat.description;
    },
    get explanation() {
      return threat.explanation;
    },
    likelihood: threat.likelihood,
    impact: threat.impact,
    mitigations: threat.mitigations,
    cwe: threat.cwe,
    capec: threat.capec,
    noLongerDetected: false,
  }));
  for (const manual of model.manualThreats) {
    cores.push({
      id: manual.id,
      origin: 'manual',
      packId: MANUAL_PACK_ID,
      ruleId: manual.key,
      category: manual.category,
      targets: manual.targets,
      title: manual.title,
      description: manual.description,
      explanation: [],
      likelihood: manual.likelihood,
      impact: manual.impact,
      mitigations: manual.mitigationIds,
      cwe: manual.cwe,
      capec: [],
      noLongerDetected: false,
    });
  }
  const present = new Set(cores.map((core) => core.id));
  for (const triage of model.threats) {
    if (present.has(triage.threatId)) continue;
    // Triage whose threat is gone: kept and shown as resolved by the model change.
    const known = triage.lastKnown;
    const [packId = '', ruleId = ''] = known ? known.ruleRef.split('/') : [];
    const severity = known?.severity ?? 'low';
    cores.push({
      id: triage.threatId,
      origin: 'rule',
      packId,
      ruleId,
      category: known?.category ?? 'Tampering',
      targets: known?.targets ?? [],
      title: known?.title ?? `Threat ${triage.threatId}`,
      description: '',
      explanation: [],
      likelihood: 1,
      impact: severityRank(severity) + 1,
      mitigations: triage.mitigationStatuses.map((m) => m.mitigationId),
      cwe: [],
      capec: [],
      noLongerDetected: true,
    });
  }

  const register = cores.map((core): RegisteredThreat => {
    const triage = triageById.get(core.id) ?? null;
    const inherentSeverity = core.noLongerDetected
      ? (triage?.lastKnown?.severity ?? 'low')
      : severityOf(core.likelihood * core.impact);
    const severity =
      triage && isOverrideApproved(triage, inherentSeverity)
        ? triage.severityOverride!.severity
        : inherentSeverity;
    const covering = coveringStories.get(core.id) ?? [];
    let status: ThreatStatus = triage?.status ?? 'open';
    // Mitigated cannot be set by hand: only a done story that lists the threat makes it so.
    if (status === 'mitigated') status = 'open';
    if (covering.some((story) => story.done)) status = 'mitigated';
    const residualLikelihood = triage?.residualLikelihood ?? core.likelihood;
    const residualImpact = triage?.residualImpact ?? core.impact;
    return {
      id: core.id,
      origin: core.origin,
      packId: core.packId,
      ruleId: core.ruleId,
      category: core.category,
      targets: core.targets,
      get title() {
        return core.title;
      },
      get description() {
        return core.description;
      },
      get explanation() {
        return core.explanation;
      },
      likelihood: core.likelihood,
      impact: core.impact,
      mitigations: core.mitigations,
      cwe: core.cwe,
      capec: core.capec,
      noLongerDetected: core.noLongerDetected,
      inherentSeverity,
      severity,
      residualLikelihood,
      residualImpact,
      residualSeverity: severityOf(residualLikelihood * residualImpact),
      status,
      triage,
      suppression: suppressionFor(core.packId, core.ruleId, core.targets, model.suppressions),
      featureIds: featuresOfTargets(core.targets, membership),
      coveringStoryIds: covering.map((story) => story.id).sort(),
    };
  });
  register.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return register;
}
