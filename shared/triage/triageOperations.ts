/**
 * The team's decisions as pure operations on a model: each returns a new document or throws an
 * `InputError` that says what is missing. The rules of PRODUCT.md are enforced here, once, for
 * the CLI and the app alike: mitigated is never set by hand; accepted, not-applicable and
 * transferred need an approver, a rationale and an expiry within the policy's maximum
 * (transferred also names to whom); lowering a severity needs an approver and a rationale.
 */
import { InputError } from '../model/errors';
import {
  ACCEPTED_STORY_STATES,
  TRACKER_KEY,
  type Approval,
  type Model,
  type Severity,
  type StoryRecord,
  type StoryState,
  type ThreatStatus,
  type ThreatTriage,
} from '../model/schema';
import { severityRank } from '../rules/scoring';
import { acceptStory, type Story } from '../stories/generateStories';
import type { RegisteredThreat } from '../threats/register';
import { approvalProblems } from '../gate/approvals';
import type { Policy } from '../gate/policy';

export interface ApprovalInput {
  approver?: string | undefined;
  rationale?: string | undefined;
  expires?: string | undefined;
}

function refuse(message: string): never {
  throw new InputError(message);
}

/** A fresh triage record for `threat`, remembering what it was (for "no longer detected"). */
function newTriage(threat: RegisteredThreat, today: string): ThreatTriage {
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
      ruleRef: `${threat.packId}/${threat.ruleId}`,
      category: threat.category,
      targets: threat.targets,
      title: threat.title.slice(0, 500),
      severity: threat.inherentSeverity,
    },
  };
}

function withTriage(
  model: Model,
  threat: RegisteredThreat,
  today: string,
  update: (t: ThreatTriage) => ThreatTriage,
): Model {
  const existing = model.threats.find((t) => t.threatId === threat.id) ?? newTriage(threat, today);
  const updated = update(existing);
  return { ...model, threats: [...model.threats.filter((t) => t.threatId !== threat.id), updated] };
}

function findThreat(register: readonly RegisteredThreat[], threatId: string): RegisteredThreat {
  return (
    register.find((t) => t.id === threatId) ??
    refuse(`There is no threat ${threatId} in this model (run \`gatehouse analyze\` to list them).`)
  );
}

function completeApproval(
  input: ApprovalInput,
  today: string,
  policy: Policy,
  what: string,
): Approval {
  const problems = approvalProblems(input, today, policy);
  if (problems.length > 0)
    refuse(
      `${what} needs an approver, a rationale and an expiry date within ${policy.maxAcceptanceDays} days: ${problems.join(', ')}.`,
    );
  return { approver: input.approver!, rationale: input.rationale!, expires: input.expires! };
}

/** Sets a threat's status, with the approval the status requires. */
export function setThreatStatus(
  model: Model,
  register: readonly RegisteredThreat[],
  change: {
    threatId: string;
    status: ThreatStatus;
    approval: ApprovalInput;
    transferredTo?: string | undefined;
  },
  today: string,
  policy: Policy,
): Model {
  const threat = findThreat(register, change.threatId);
  if (change.status === 'mitigated') {
    refuse(
      'A threat cannot be set to mitigated by hand: it is mitigated when an accepted story that lists it is done (`gatehouse triage story <id> --state done`).',
    );
  }
  const needsApproval =
    change.status === 'accepted' ||
    change.status === 'not-applicable' ||
    change.status === 'transferred';
  const approval = needsApproval
    ? completeApproval(
        change.approval,
        today,
        policy,
        `Setting ${change.threatId} to ${change.status}`,
      )
    : null;
  if (change.status === 'transferred' && !change.transferredTo?.trim())
    refuse('A transferred threat names to whom (--to).');
  return withTriage(model, threat, today, (triage) => ({
    ...triage,
    status: change.status,
    approval,
    transferredTo: change.status === 'transferred' ? change.transferredTo!.trim() : null,
  }));
}

/** Overrides a threat's severity: raising freely, lowering with an approver and a rationale. */
export function overrideSeverity(
  model: Model,
  register: readonly RegisteredThreat[],
  change: {
    threatId: string;
    severity: Severity | null;
    approver?: string | undefined;
    rationale?: string | undefined;
  },
  today: string,
): Model {
  const threat = findThreat(register, change.threatId);
  if (change.severity === null)
    return withTriage(model, threat, today, (triage) => ({ ...triage, severityOverride: null }));
  const lowers = severityRank(change.severity) < severityRank(threat.inherentSeverity);
  if (lowers && (!change.approver?.trim() || !change.rationale?.trim())) {
    refuse(
      `Lowering ${threat.id} from ${threat.inherentSeverity} to ${change.severity} needs an approver and a rationale (--approver, --rationale).`,
    );
  }
  return withTriage(model, threat, today, (triage) => ({
    ...triage,
    severityOverride: {
      severity: change.severity!,
      ...(change.approver?.trim() ? { approver: change.approver.trim() } : {}),
      ...(change.rationale?.trim() ? { rationale: change.rationale.trim() } : {}),
    },
  }));
}

/** Suppresses a rule on one element or flow, or model-wide. */
export function suppressRule(
  model: Model,
  change: { packId: string; ruleId: string; elementId: string | null; approval: ApprovalInput },
  knownRules: ReadonlySet<string>,
  today: string,
  policy: Policy,
): Model {
  if (!knownRules.has(`${change.packId}/${change.ruleId}`))
    refuse(`There is no rule ${change.packId}/${change.ruleId} in the loaded packs.`);
  if (
    change.elementId !== null &&
    !model.elements.some((e) => e.id === change.elementId) &&
    !model.flows.some((f) => f.id === change.elementId)
  ) {
    refuse(`There is no element or flow "${change.elementId}" in this model.`);
  }
  const approval = completeApproval(change.approval, today, policy, 'A suppression');
  // The pack is part of the identity: rule IDs are unique only within a pack, and a team pack
  // that reuses a built-in rule ID must not replace the built-in rule's suppression.
  const id = `sup-${change.packId}-${change.ruleId}-${change.elementId ?? 'model'}`
    .replace(/[^A-Za-z0-9._:-]/g, '-')
    .slice(0, 128);
  const suppression = {
    id,
    packId: change.packId,
    ruleId: change.ruleId,
    elementId: change.elementId,
    ...approval,
  };
  return {
    ...model,
    // Suppressing the same rule on the same element again renews it (whatever ID it was filed
    // under before); other packs' suppressions stay.
    suppressions: [
      ...model.suppressions.filter(
        (s) =>
          s.id !== id &&
          !(
            s.packId === change.packId &&
            s.ruleId === change.ruleId &&
            s.elementId === change.elementId
          ),
      ),
      suppression,
    ],
  };
}

function findStory(stories: readonly Story[], storyId: string): Story {
  return (
    stories.find((s) => s.id === storyId) ??
    refuse(`There is no story ${storyId} in this model (run \`gatehouse stories\` to list them).`)
  );
}

/** Moves a story to a state; accepting (again) makes it cover exactly the threats it lists now. */
export function setStoryState(
  model: Model,
  stories: readonly Story[],
  storyId: string,
  state: StoryState,
): Model {
  const story = findStory(stories, storyId);
  if (ACCEPTED_STORY_STATES.includes(state)) {
    if (story.threatIds.length === 0 && story.coveredThreatIds.length === 0)
      refuse(`Story ${storyId} lists no open threats: there is nothing to accept.`);
    // Moving an accepted story along keeps what it covers unless it needs review.
    if (story.accepted && !story.needsReview) {
      return {
        ...model,
        stories: model.stories.map((r) => (r.id === storyId ? { ...r, state } : r)),
      };
    }
    return acceptStory(model, story, state);
  }
  const existing = model.stories.find((r) => r.id === storyId);
  const record = existing ?? {
    id: story.id,
    featureId: story.featureId,
    mitigationId: story.mitigationId,
    title: null,
    notes: '',
    trackerKey: null,
    docPath: null,
    jiraIssueKey: null,
    coveredThreatIds: [],
    state,
  };
  return {
    ...model,
    stories: [
      ...model.stories.filter((r) => r.id !== storyId),
      { ...record, state, coveredThreatIds: state === 'rejected' ? [] : record.coveredThreatIds },
    ],
  };
}

/** Attaches a tracker key and/or a document path to a story (what check 6 of the gate reads). */
/** The model's record of a story, or a fresh one in the story's current state. */
function storyRecordOf(model: Model, story: Story): StoryRecord {
  return (
    model.stories.find((r) => r.id === story.id) ?? {
      id: story.id,
      featureId: story.featureId,
      mitigationId: story.mitigationId,
      state: story.state,
      coveredThreatIds: [],
      title: null,
      notes: '',
      trackerKey: null,
      docPath: null,
      jiraIssueKey: null,
    }
  );
}

/**
 * The team's wording of a story: a title of their own (blank or null goes back to the generated
 * title) and notes. Returns the same model when nothing changes.
 */
export function editStoryText(
  model: Model,
  stories: readonly Story[],
  storyId: string,
  edit: { title?: string | null; notes?: string },
): Model {
  const story = findStory(stories, storyId);
  const existing = storyRecordOf(model, story);
  const title =
    edit.title === undefined
      ? existing.title
      : edit.title === null || edit.title.trim() === ''
        ? null
        : edit.title.slice(0, 500);
  const notes = edit.notes === undefined ? existing.notes : edit.notes.slice(0, 20_000);
  if (title === existing.title && notes === existing.notes && model.stories.includes(existing))
    return model;
  return {
    ...model,
    stories: [...model.stories.filter((r) => r.id !== storyId), { ...existing, title, notes }],
  };
}

export function documentStory(
  model: Model,
  stories: readonly Story[],
  storyId: string,
  documentation: { trackerKey?: string | undefined; docPath?: string | undefined },
): Model {
  const story = findStory(stories, storyId);
  if (documentation.trackerKey !== undefined && !TRACKER_KEY.test(documentation.trackerKey)) {
    refuse(`"${documentation.trackerKey}" is not a tracker key like SHOP-42.`);
  }
  const existing = storyRecordOf(model, story);
  return {
    ...model,
    stories: [
      ...model.stories.filter((r) => r.id !== storyId),
      {
        ...existing,
        ...(documentation.trackerKey !== undefined ? { trackerKey: documentation.trackerKey } : {}),
        ...(documentation.docPath !== undefined ? { docPath: documentation.docPath } : {}),
      },
    ],
  };
}

const OWNER_MAX = 200;
const NOTES_MAX = 20_000;

export interface TriageFieldsPatch {
  owner?: string;
  notes?: string;
  /** 1–5, or null for "same as inherent". */
  residualLikelihood?: number | null;
  residualImpact?: number | null;
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
  const base = existing ?? newTriage(threat, today);
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
