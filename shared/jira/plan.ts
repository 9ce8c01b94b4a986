/**
 * What a Jira export creates, independent of the format: which stories, which epics, and each
 * issue's summary, type, priority, labels, due date and parent. The CSV, Cloud (ADF) and Data
 * Center (wiki) renderers all start from this plan, so the three exports never disagree.
 */
import { InputError } from '../model/errors';
import {
  ACCEPTED_STORY_STATES,
  UNASSIGNED_FEATURE_ID,
  type Feature,
  type Model,
  type Severity,
} from '../model/schema';
import { maxSeverity } from '../rules/scoring';
import type { Story } from '../stories/generateStories';
import { dueDateFor } from './dates';
import type { JiraExportSettings } from './settings';
import { summaryText } from './text';

/** Which stories to export: accepted ones (planned, in progress, done), or all but rejected. */
export type StorySelection = 'accepted' | 'all';

export interface JiraExportOptions {
  settings: JiraExportSettings;
  /** The model's features: a feature's `jiraEpicKey` is the existing epic its stories go under. */
  features: readonly Pick<Feature, 'id' | 'jiraEpicKey'>[];
  /** First-seen date (YYYY-MM-DD) per threat ID, from the model's triage records. */
  firstSeenByThreat: ReadonlyMap<string, string>;
  /** Today's date (YYYY-MM-DD, UTC), for stories whose threats have no first-seen date yet. */
  today: string;
  /** Where the threat model lives (e.g. its page on the repository host); linked when safe. */
  modelUrl?: string | null;
}

/** First-seen dates from the model's triage records, for `JiraExportOptions.firstSeenByThreat`. */
export function firstSeenByThreatOf(model: Pick<Model, 'threats'>): Map<string, string> {
  const dates = new Map<string, string>();
  for (const triage of model.threats) {
    if (triage.firstSeen !== null) dates.set(triage.threatId, triage.firstSeen);
  }
  return dates;
}

/** The label that identifies the Jira issue of a story; the push searches by it (JQL). */
export function storyLabel(storyId: string): string {
  return `gatehouse-${storyId}`;
}

/** The label that identifies the epic Gatehouse created for a feature. */
export function epicLabel(featureId: string): string {
  return `gatehouse-epic-${featureId}`;
}

/**
 * The stories an export includes. Stories already linked to a Jira issue (`jiraIssueKey`) are left
 * out: importing them again would create duplicates. `all` still leaves out rejected stories,
 * which the team decided not to do.
 */
export function selectStories(
  stories: readonly Story[],
  which: StorySelection,
): { selected: Story[]; alreadyInJira: { storyId: string; jiraIssueKey: string }[] } {
  const selected: Story[] = [];
  const alreadyInJira: { storyId: string; jiraIssueKey: string }[] = [];
  for (const story of stories) {
    const wanted =
      which === 'accepted'
        ? ACCEPTED_STORY_STATES.includes(story.state)
        : story.state !== 'rejected';
    if (!wanted) continue;
    if (story.jiraIssueKey !== null)
      alreadyInJira.push({ storyId: story.id, jiraIssueKey: story.jiraIssueKey });
    else selected.push(story);
  }
  return { selected, alreadyInJira };
}

/** Where a story goes in Jira's hierarchy. */
export type PlannedParent =
  /** Under an existing epic (the feature's `jiraEpicKey`). */
  | { kind: 'existing-epic'; key: string }
  /** Under the epic this export creates for its feature. */
  | { kind: 'new-epic'; featureId: string }
  /** No parent: the story belongs to no feature (the implicit "Unassigned" one). */
  | { kind: 'none' };

export interface PlannedEpic {
  featureId: string;
  featureName: string;
  summary: string;
  issueType: string;
  /** The priority of its most severe story. */
  priority: string;
  severity: Severity;
  labels: string[];
  /** The stories of this export that go under it. */
  storyIds: string[];
}

export interface PlannedStory {
  story: Story;
  summary: string;
  issueType: string;
  priority: string;
  labels: string[];
  /** YYYY-MM-DD. */
  dueDate: string;
  parent: PlannedParent;
}

export interface JiraExportPlan {
  /** Epics to create, one per feature that has stories here and no `jiraEpicKey`, by feature ID. */
  epics: PlannedEpic[];
  /** Stories in the order given. */
  stories: PlannedStory[];
}

/** Jira project keys: an uppercase letter, then uppercase letters, digits or underscores. */
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;

export function requireProjectKey(projectKey: string): string {
  if (!PROJECT_KEY.test(projectKey))
    throw new InputError(`"${projectKey}" is not a Jira project key (e.g. SHOP).`);
  return projectKey;
}

/** Plans the Jira issues for `stories` (already selected). */
export function planJiraExport(
  stories: readonly Story[],
  options: JiraExportOptions,
): JiraExportPlan {
  const { settings } = options;
  const epicKeys = new Map<string, string>();
  for (const feature of options.features) {
    if (feature.jiraEpicKey !== null) epicKeys.set(feature.id, feature.jiraEpicKey);
  }
  const baseLabels = [...settings.labels];
  const epics = new Map<string, PlannedEpic>();
  const planned: PlannedStory[] = [];
  for (const story of stories) {
    let parent: PlannedParent;
    const existing = epicKeys.get(story.featureId);
    if (story.featureId === UNASSIGNED_FEATURE_ID) parent = { kind: 'none' };
    else if (existing !== undefined) parent = { kind: 'existing-epic', key: existing };
    else {
      parent = { kind: 'new-epic', featureId: story.featureId };
      const epic = epics.get(story.featureId) ?? {
        featureId: story.featureId,
        featureName: story.featureName,
        summary: summaryText(`Security: ${story.featureName}`, `Security: ${story.featureId}`),
        issueType: settings.epicIssueType,
        priority: settings.priorityBySeverity[story.severity],
        severity: story.severity,
        labels: unique([...baseLabels, epicLabel(story.featureId)]),
        storyIds: [],
      };
      epic.severity = maxSeverity(epic.severity, story.severity);
      epic.priority = settings.priorityBySeverity[epic.severity];
      epic.storyIds.push(story.id);
      epics.set(story.featureId, epic);
    }
    planned.push({
      story,
      summary: summaryText(story.title, `Security story ${story.id}`),
      issueType: settings.issueType,
      priority: settings.priorityBySeverity[story.severity],
      labels: unique([...baseLabels, storyLabel(story.id)]),
      dueDate: dueDateFor(story, settings, options.firstSeenByThreat, options.today),
      parent,
    });
  }
  const epicList = [...epics.values()].sort((a, b) =>
    a.featureId < b.featureId ? -1 : a.featureId > b.featureId ? 1 : 0,
  );
  return { epics: epicList, stories: planned };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Jira's limit on issues per bulk-create request. */
export const JIRA_BULK_LIMIT = 50;

/** Which epic or story an entry of a bulk body creates, in the body's order. */
export type BulkRef =
  | { kind: 'epic'; featureId: string }
  | {
      kind: 'story';
      storyId: string;
      featureId: string;
      /**
       * When set, the story's epic is created by this export: before sending the chunk, set
       * `fields.parent` (or Data Center's Epic Link field) to the key Jira returned for the
       * epic of this feature.
       */
      epicOfFeature: string | null;
    };

export interface BulkChunk<Fields> {
  kind: 'epics' | 'stories';
  refs: BulkRef[];
  /** The request body, exactly as Jira takes it. */
  body: { issueUpdates: { fields: Fields }[] };
}

/** A bulk-create export: send the chunks in order, epics first. */
export interface JiraBulkExport<Fields> {
  api: 'jira-cloud-v3' | 'jira-dc-v2';
  method: 'POST';
  path: '/rest/api/3/issue/bulk' | '/rest/api/2/issue/bulk';
  chunks: BulkChunk<Fields>[];
}

/** Splits the plan into bulk chunks of at most `JIRA_BULK_LIMIT`: all epic chunks first. */
export function bulkChunks<Fields>(
  plan: JiraExportPlan,
  epicFields: (epic: PlannedEpic) => Fields,
  storyFields: (story: PlannedStory) => Fields,
): BulkChunk<Fields>[] {
  const chunks: BulkChunk<Fields>[] = [];
  for (const group of inGroups(plan.epics, JIRA_BULK_LIMIT)) {
    chunks.push({
      kind: 'epics',
      refs: group.map((epic) => ({ kind: 'epic', featureId: epic.featureId })),
      body: { issueUpdates: group.map((epic) => ({ fields: epicFields(epic) })) },
    });
  }
  for (const group of inGroups(plan.stories, JIRA_BULK_LIMIT)) {
    chunks.push({
      kind: 'stories',
      refs: group.map((planned) => ({
        kind: 'story',
        storyId: planned.story.id,
        featureId: planned.story.featureId,
        epicOfFeature: planned.parent.kind === 'new-epic' ? planned.parent.featureId : null,
      })),
      body: { issueUpdates: group.map((planned) => ({ fields: storyFields(planned) })) },
    });
  }
  return chunks;
}

function inGroups<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
