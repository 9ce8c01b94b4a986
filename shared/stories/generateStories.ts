/**
 * Security stories (PRODUCT.md, "Stories and Jira"): one per feature × mitigation over the
 * threats that are not closed (open, investigating, not suppressed), so fifty unencrypted flows
 * become one story listing them. The document stores only the team's decisions about a story
 * (`StoryRecord`); everything else is derived here.
 */
import { storyIdFor } from '../model/ids';
import {
  ACCEPTED_STORY_STATES,
  UNASSIGNED_FEATURE_ID,
  type Model,
  type Severity,
  type StoryRecord,
  type StoryState,
  type Target,
} from '../model/schema';
import { displayName } from '../rules/conditions';
import type { Mitigation } from '../rules/packSchema';
import { maxSeverity } from '../rules/scoring';
import { isOpenStatus, type RegisteredThreat } from '../threats/register';

export const UNASSIGNED_FEATURE_NAME = 'Unassigned';

export interface AcceptanceCriterion {
  /** The element or flow the criterion concerns. */
  targetId: string;
  targetName: string;
  text: string;
  /** The ASVS 5.0.0 requirement it verifies, e.g. `v5.0.0-12.1.1`. */
  asvs: string;
}

export interface Story {
  id: string;
  featureId: string;
  featureName: string;
  mitigationId: string;
  title: string;
  /** "As a …, I want …, so that …." */
  userStory: string;
  description: string;
  state: StoryState;
  /** Planned, in progress or done. */
  accepted: boolean;
  /** The open threats of this feature × mitigation now, sorted. */
  threatIds: string[];
  /** What the story covers: the threat IDs it listed when it was accepted. */
  coveredThreatIds: string[];
  /** Accepted, but re-analysis added threats it does not cover until re-accepted. */
  needsReview: boolean;
  /** The highest severity among its threats (current ones, else the covered ones). */
  severity: Severity;
  acceptanceCriteria: AcceptanceCriterion[];
  asvs: string[];
  affectedTargets: { id: string; name: string }[];
  trackerKey: string | null;
  docPath: string | null;
  jiraIssueKey: string | null;
  notes: string;
}

/** The element or flow a threat is chiefly about: the element, or the flow of an interaction. */
export function primaryTarget(targets: readonly Target[]): Target | undefined {
  return (
    targets.find((t) => t.role === 'flow') ??
    targets.find((t) => t.role === 'element') ??
    targets[0]
  );
}

function byName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Generates the stories of `model` from its threat register. Records in the model whose group
 * has no open threat any more are still listed (with no current threats), so accepted work never
 * disappears from view.
 */
export function generateStories(
  model: Model,
  register: readonly RegisteredThreat[],
  mitigationsById: ReadonlyMap<string, Mitigation>,
  options: { recordedOnly?: boolean } = {},
): Story[] {
  // `recordedOnly`: just the stories the model has a record of (accepted, rejected, edited) —
  // what the gate needs; a model has thousands of stories and the gate reads the recorded few.
  // Per feature, the mitigations it has story records for: the gate's model usually has a few
  // dozen records against thousands of threats, so a feature without records is skipped whole.
  let recordedMitigations: Map<string, Set<string>> | undefined;
  if (options.recordedOnly) {
    recordedMitigations = new Map();
    for (const record of model.stories) {
      const mitigationIds = recordedMitigations.get(record.featureId);
      if (mitigationIds) mitigationIds.add(record.mitigationId);
      else recordedMitigations.set(record.featureId, new Set([record.mitigationId]));
    }
  }
  // Element names and threats by ID are read only for the stories built (their targets, their
  // covered threats), so they are indexed on first use.
  let names: Map<string, string> | undefined;
  const nameOf = (id: string): string | undefined => {
    if (!names) {
      names = new Map();
      for (const element of model.elements) names.set(element.id, displayName(element));
      for (const flow of model.flows) names.set(flow.id, displayName(flow));
    }
    return names.get(id);
  };
  const featureNames = new Map(model.features.map((feature) => [feature.id, displayName(feature)]));
  featureNames.set(UNASSIGNED_FEATURE_ID, UNASSIGNED_FEATURE_NAME);
  let threatById: Map<string, RegisteredThreat> | undefined;
  const threatOf = (id: string): RegisteredThreat | undefined =>
    (threatById ??= new Map(register.map((threat) => [threat.id, threat]))).get(id);

  const groups = new Map<
    string,
    { featureId: string; mitigationId: string; threats: RegisteredThreat[] }
  >();
  // Grouped by feature and mitigation first; the story ID (a hash) is computed once per group.
  const byPair = new Map<
    string,
    { featureId: string; mitigationId: string; threats: RegisteredThreat[] }
  >();
  for (const threat of register) {
    if (!isOpenStatus(threat.status) || threat.suppression !== null || threat.noLongerDetected)
      continue;
    for (const featureId of threat.featureIds) {
      const recorded = recordedMitigations?.get(featureId);
      if (recordedMitigations && !recorded) continue;
      for (const mitigationId of threat.mitigations) {
        if (!mitigationsById.has(mitigationId)) continue;
        if (recorded && !recorded.has(mitigationId)) continue;
        const pair = `${featureId}|${mitigationId}`;
        const group = byPair.get(pair);
        if (group) group.threats.push(threat);
        else byPair.set(pair, { featureId, mitigationId, threats: [threat] });
      }
    }
  }
  for (const group of byPair.values())
    groups.set(storyIdFor(group.featureId, group.mitigationId), group);
  const records = new Map<string, StoryRecord>(model.stories.map((record) => [record.id, record]));
  for (const record of model.stories) {
    if (!groups.has(record.id) && mitigationsById.has(record.mitigationId)) {
      groups.set(record.id, {
        featureId: record.featureId,
        mitigationId: record.mitigationId,
        threats: [],
      });
    }
  }

  const stories: Story[] = [];
  for (const [id, group] of groups) {
    const mitigation = mitigationsById.get(group.mitigationId)!;
    const record = records.get(id);
    const state = record?.state ?? 'proposed';
    const accepted = ACCEPTED_STORY_STATES.includes(state);
    const threatIds = group.threats.map((threat) => threat.id).sort();
    const coveredThreatIds = accepted ? [...(record?.coveredThreatIds ?? [])].sort() : [];
    const covered = new Set(coveredThreatIds);
    const needsReview = accepted && threatIds.some((threatId) => !covered.has(threatId));
    // The severity of what it lists now and of what it covers: a requirement is as serious as
    // the worst threat it answers for.
    const severitySource = [
      ...group.threats,
      ...coveredThreatIds.map(threatOf).filter((t) => t !== undefined),
    ];
    const severity = severitySource.reduce<Severity>(
      (worst, threat) => maxSeverity(worst, threat.severity),
      'low',
    );

    // Targets and criteria are built on first read (own enumerable getters, so JSON and spreads
    // still see them): a model has thousands of stories, the gate reads the accepted few.
    let affectedTargets: Story['affectedTargets'] | undefined;
    const targetsOf = (): Story['affectedTargets'] => {
      if (affectedTargets) return affectedTargets;
      const targetIds = new Set<string>();
      for (const threat of group.threats) {
        const target = primaryTarget(threat.targets);
        if (target) targetIds.add(target.id);
      }
      affectedTargets = [...targetIds]
        .map((targetId) => ({ id: targetId, name: nameOf(targetId) ?? targetId }))
        .sort(byName);
      return affectedTargets;
    };
    let acceptanceCriteria: AcceptanceCriterion[] | undefined;
    const criteriaOf = (): AcceptanceCriterion[] => {
      if (acceptanceCriteria) return acceptanceCriteria;
      acceptanceCriteria = [];
      for (const target of targetsOf()) {
        for (const template of mitigation.acceptanceCriteria) {
          acceptanceCriteria.push({
            targetId: target.id,
            targetName: target.name,
            text: template.text.replaceAll('{target}', `"${target.name}"`),
            asvs: template.asvs,
          });
        }
      }
      return acceptanceCriteria;
    };
    const featureName = featureNames.get(group.featureId) ?? group.featureId;
    const { asA, iWant, soThat } = mitigation.story;
    stories.push({
      id,
      featureId: group.featureId,
      featureName,
      mitigationId: group.mitigationId,
      title: record?.title ?? `${mitigation.title} (${featureName})`,
      userStory: `As a ${asA}, I want ${iWant}, so that ${soThat}.`,
      description: mitigation.description,
      state,
      accepted,
      threatIds,
      coveredThreatIds,
      needsReview,
      severity,
      get acceptanceCriteria() {
        return criteriaOf();
      },
      asvs: [...mitigation.asvs],
      get affectedTargets() {
        return targetsOf();
      },
      trackerKey: record?.trackerKey ?? null,
      docPath: record?.docPath ?? null,
      jiraIssueKey: record?.jiraIssueKey ?? null,
      notes: record?.notes ?? '',
    });
  }
  stories.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return stories;
}

/**
 * The model with a story accepted (moved to `state`, planned by default) covering exactly the
 * threats it lists now. Re-accepting a story that needs review takes in the new threats.
 */
export function acceptStory(model: Model, story: Story, state: StoryState = 'planned'): Model {
  if (!ACCEPTED_STORY_STATES.includes(state))
    throw new Error(`"${state}" is not an accepted state`);
  const existing = model.stories.find((record) => record.id === story.id);
  const record: StoryRecord = {
    id: story.id,
    featureId: story.featureId,
    mitigationId: story.mitigationId,
    title: null,
    notes: '',
    trackerKey: null,
    docPath: null,
    jiraIssueKey: null,
    ...existing,
    state,
    // What it lists now, plus what it already covered: re-accepting a done story must not drop
    // the threats it mitigated (they would reopen, and the story would need review forever).
    coveredThreatIds: [...new Set([...story.coveredThreatIds, ...story.threatIds])].sort(),
  };
  return {
    ...model,
    stories: [...model.stories.filter((r) => r.id !== story.id), record],
  };
}
