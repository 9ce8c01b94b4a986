/**
 * The threat register: generated threats, manual threats and the team's triage, merged into one
 * list that panels, stories, reports and the gate read. Nothing here is stored; it is derived
 * from the model and an analysis result.
 */
import { sortById } from '../util/sortById';
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
import { analyzeModel, type CompiledPacks, type Threat } from '../rules/engine';
import { severityOf, severityRank } from '../rules/scoring';
import type { TraceEntry } from '../rules/conditions';

export type ThreatOrigin = 'rule' | 'manual';

/** What the register reads of a threat: a rule's finding, or one built from the model. */
type ThreatText = Readonly<
  Pick<
    Threat,
    | 'id'
    | 'packId'
    | 'ruleId'
    | 'category'
    | 'targets'
    | 'title'
    | 'description'
    | 'explanation'
    | 'likelihood'
    | 'impact'
    | 'mitigations'
    | 'cwe'
    | 'capec'
  >
>;

export interface RegisteredThreat extends ThreatText {
  origin: ThreatOrigin;
  /** From the rule (or the manual threat), before any override. */
  inherentSeverity: Severity;
  /** After an approved override (raising needs no approval; lowering needs approver and rationale). */
  severity: Severity;
  residualLikelihood: number;
  residualImpact: number;
  residualSeverity: Severity;
  /** Effective status: `mitigated` when a done, accepted story lists the threat. */
  status: ThreatStatus;
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
  return Boolean(override.approver?.trim() && override.rationale?.trim());
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
  // Most threats have one target in one feature: no set and no sort for them (the gate
  // assesses thousands of threats in a fresh process, where every allocation shows).
  if (targets.length === 1) {
    const only = membership.get(targets[0]!.id);
    if (only === undefined || only.length === 0) return [UNASSIGNED_FEATURE_ID];
    if (only.length === 1) return [only[0]!];
  }
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

interface Core {
  text: ThreatText;
  origin: ThreatOrigin;
  noLongerDetected: boolean;
}

type Assessment = Omit<RegisteredThreat, keyof ThreatText | 'origin' | 'noLongerDetected'>;

/**
 * A register entry: the threat's own fields read through to its core — so a rule threat's text
 * and explanation stay lazy until someone reads them — plus the team's assessment.
 */
class RegisterEntry implements RegisteredThreat {
  readonly id: string;
  readonly origin: ThreatOrigin;
  readonly packId: string;
  readonly ruleId: string;
  readonly category: StrideCategory;
  readonly targets: Target[];
  readonly likelihood: number;
  readonly impact: number;
  readonly mitigations: string[];
  readonly cwe: number[];
  readonly capec: number[];
  readonly noLongerDetected: boolean;
  readonly inherentSeverity: Severity;
  readonly severity: Severity;
  readonly residualLikelihood: number;
  readonly residualImpact: number;
  readonly residualSeverity: Severity;
  readonly status: ThreatStatus;
  readonly triage: ThreatTriage | null;
  readonly suppression: Suppression | null;
  readonly featureIds: string[];
  readonly coveringStoryIds: string[];
  readonly #core: ThreatText;

  constructor(
    core: ThreatText,
    origin: ThreatOrigin,
    noLongerDetected: boolean,
    assessment: Assessment,
  ) {
    this.#core = core;
    this.id = core.id;
    this.origin = origin;
    this.packId = core.packId;
    this.ruleId = core.ruleId;
    this.category = core.category;
    this.targets = core.targets;
    this.likelihood = core.likelihood;
    this.impact = core.impact;
    this.mitigations = core.mitigations;
    this.cwe = core.cwe;
    this.capec = core.capec;
    this.noLongerDetected = noLongerDetected;
    this.inherentSeverity = assessment.inherentSeverity;
    this.severity = assessment.severity;
    this.residualLikelihood = assessment.residualLikelihood;
    this.residualImpact = assessment.residualImpact;
    this.residualSeverity = assessment.residualSeverity;
    this.status = assessment.status;
    this.triage = assessment.triage;
    this.suppression = assessment.suppression;
    this.featureIds = assessment.featureIds;
    this.coveringStoryIds = assessment.coveringStoryIds;
  }

  get title(): string {
    return this.#core.title;
  }
  get description(): string {
    return this.#core.description;
  }
  get explanation(): TraceEntry[] {
    return this.#core.explanation;
  }

  toJSON(): RegisteredThreat {
    return {
      ...this,
      title: this.title,
      description: this.description,
      explanation: this.explanation,
    };
  }
}

/** No covering story: shared, never written to. */
const NO_STORIES: readonly { id: string; done: boolean }[] = [];

/**
 * Builds the register. `threats` is the analysis result (sorted by ID); the output is sorted by
 * ID too, so it can be compared byte for byte.
 */
export function buildThreatRegister(model: Model, threats: readonly Threat[]): RegisteredThreat[] {
  const triageById = new Map(model.threats.map((triage) => [triage.threatId, triage]));
  const membership = featuresByMember(model);
  const coveringStories = new Map<
    string,
    { id: string; featureId: string; mitigationId: string; done: boolean }[]
  >();
  for (const story of model.stories) {
    if (!ACCEPTED_STORY_STATES.includes(story.state)) continue;
    for (const threatId of story.coveredThreatIds) {
      const list = coveringStories.get(threatId) ?? [];
      list.push({
        id: story.id,
        featureId: story.featureId,
        mitigationId: story.mitigationId,
        done: story.state === 'done',
      });
      coveringStories.set(threatId, list);
    }
  }

  // Rule threats are their own cores (no copy), so their text stays lazy (see buildThreat).
  const cores: Core[] = threats.map((threat) => ({
    text: threat,
    origin: 'rule',
    noLongerDetected: false,
  }));
  for (const manual of model.manualThreats) {
    cores.push({
      origin: 'manual',
      noLongerDetected: false,
      text: {
        id: manual.id,
        packId: MANUAL_PACK_ID,
        ruleId: manual.key,
        category: manual.category,
        targets: manual.targets,
        title: manual.title,
        description: manual.description,
        explanation: [
          {
            depth: 0,
            held: true,
            text:
              manual.source === ''
                ? 'Added by the team (not found by a rule).'
                : `Imported: ${manual.source}.`,
          },
        ],
        likelihood: manual.likelihood,
        impact: manual.impact,
        mitigations: manual.mitigationIds,
        cwe: manual.cwe,
        capec: [],
      },
    });
  }
  const present = new Set(cores.map((core) => core.text.id));
  for (const triage of model.threats) {
    if (present.has(triage.threatId)) continue;
    // Triage whose threat is gone: kept and shown as resolved by the model change.
    const known = triage.lastKnown;
    const [packId = '', ruleId = ''] = known ? known.ruleRef.split('/') : [];
    const severity = known?.severity ?? 'low';
    cores.push({
      origin: 'rule',
      noLongerDetected: true,
      text: {
        id: triage.threatId,
        packId,
        ruleId,
        category: known?.category ?? 'Tampering',
        targets: known?.targets ?? [],
        title: known?.title ?? `Threat ${triage.threatId}`,
        description: '',
        explanation: [
          {
            depth: 0,
            held: false,
            text: 'No longer detected: the rule does not find this threat in the current model (resolved by a model change). The triage is kept.',
          },
        ],
        likelihood: 1,
        impact: severityRank(severity) + 1,
        mitigations: triage.mitigationStatuses.map((m) => m.mitigationId),
        cwe: [],
        capec: [],
      },
    });
  }

  const register = cores.map(({ text, origin, noLongerDetected }): RegisteredThreat => {
    const triage = triageById.get(text.id) ?? null;
    const inherentSeverity = noLongerDetected
      ? (triage?.lastKnown?.severity ?? 'low')
      : severityOf(text.likelihood * text.impact);
    const severity =
      triage && isOverrideApproved(triage, inherentSeverity)
        ? triage.severityOverride!.severity
        : inherentSeverity;
    // A story covers a threat only if the threat belongs to its group (its feature and its
    // mitigation): a hand-written ID list in a story record cannot cover anything else.
    const featureIds = featuresOfTargets(text.targets, membership);
    const listing = coveringStories.get(text.id);
    const covering =
      listing === undefined
        ? NO_STORIES
        : listing.filter(
            (story) =>
              featureIds.includes(story.featureId) && text.mitigations.includes(story.mitigationId),
          );
    let status: ThreatStatus = triage?.status ?? 'open';
    // Mitigated cannot be set by hand: only a done story that lists the threat makes it so.
    if (status === 'mitigated') status = 'open';
    if (covering.some((story) => story.done)) status = 'mitigated';
    const residualLikelihood = triage?.residualLikelihood ?? text.likelihood;
    const residualImpact = triage?.residualImpact ?? text.impact;
    return new RegisterEntry(text, origin, noLongerDetected, {
      inherentSeverity,
      severity,
      residualLikelihood,
      residualImpact,
      residualSeverity: severityOf(residualLikelihood * residualImpact),
      status,
      triage,
      suppression: suppressionFor(text.packId, text.ruleId, text.targets, model.suppressions),
      featureIds,
      coveringStoryIds: covering.length === 0 ? [] : covering.map((story) => story.id).sort(),
    });
  });
  return sortById(register);
}

/** Analyzes `model` with `compiled` packs and merges the result with the team's triage. */
export function assessThreats(model: Model, compiled: CompiledPacks): RegisteredThreat[] {
  return buildThreatRegister(model, analyzeModel(model, compiled).threats);
}
