/**
 * A Jira push (PRODUCT.md, "Stories and Jira"): plan, then execute.
 *
 * Planning decides per story whether it is updated or created, idempotently: the key stored in
 * the model comes first (`jiraIssueKey`, or a `trackerKey` in the same project); only stories
 * without one are looked up by their `gatehouse-<story id>` label, and features without
 * `jiraEpicKey` by their `gatehouse-epic-<feature id>` label. The issue bodies come from the
 * same builders as the REST exports (`shared/jira/adf.ts` for Cloud, `wiki.ts` for Data Center),
 * so a push and an export never disagree.
 *
 * Execution creates the missing epics first (bulk, ≤ 50), then updates stories with keys (PUT),
 * then creates the rest (bulk, ≤ 50) under their epics. Failures are per item: a failed element
 * of a bulk fails its story only, a failed epic fails the stories that would go under it. When
 * Jira becomes unusable midway (credentials, network, rate limit), what is left is reported as
 * not sent, and the keys already created are still returned so they can be written back.
 */
import { IpcFailure } from '../../../shared/ipc/envelope';
import type { JiraPreview, JiraPushResult } from '../../../shared/ipc/jiraChannels';
import { renderJiraCloudBulk } from '../../../shared/jira/adf';
import {
  epicLabel,
  JIRA_BULK_LIMIT,
  selectStories,
  storyLabel,
  type BulkChunk,
  type JiraExportOptions,
  type StorySelection,
} from '../../../shared/jira/plan';
import type { JiraExportSettings } from '../../../shared/jira/settings';
import { renderJiraDataCenterBulk } from '../../../shared/jira/wiki';
import { TRACKER_KEY, UNASSIGNED_FEATURE_ID, type Model } from '../../../shared/model/schema';
import type { Story } from '../../../shared/stories/generateStories';
import type { JiraClient } from './jiraClient';

/** Issue fields as the bulk builders make them. */
type Fields = Record<string, unknown>;

export interface PushPlanInput {
  model: Model;
  /** The model's stories (`storiesForModel`). */
  stories: readonly Story[];
  projectKey: string;
  which: StorySelection;
  settings: JiraExportSettings;
  /** YYYY-MM-DD (UTC). */
  today: string;
}

/** An epic the push creates, or one the label search found. */
export interface PlannedPushEpic {
  featureId: string;
  name: string;
  /** Found by label; null when the push creates it. */
  issueKey: string | null;
  fields: Fields;
}

/** A story the push updates (`issueKey` set) or creates. */
export interface PlannedPushStory {
  storyId: string;
  summary: string;
  issueKey: string | null;
  keySource: 'stored' | 'label' | null;
  /** Creation fields (bulk element); for updates, `updateBody` is sent instead. */
  fields: Fields;
  /** The feature whose epic this push creates, or null: its key goes into the parent field. */
  epicOfFeature: string | null;
}

export interface PushPlan {
  api: 'cloud' | 'data-center';
  settings: JiraExportSettings;
  epics: PlannedPushEpic[];
  stories: PlannedPushStory[];
}

/** A stored key counts when it is a Jira key; a tracker key only when it is in this project. */
function storedKeyOf(story: Story, projectKey: string): string | null {
  if (story.jiraIssueKey !== null && TRACKER_KEY.test(story.jiraIssueKey))
    return story.jiraIssueKey;
  if (story.trackerKey !== null && TRACKER_KEY.test(story.trackerKey)) {
    if (story.trackerKey.startsWith(`${projectKey}-`)) return story.trackerKey;
  }
  return null;
}

/** The oldest issue with the label (the one an earlier push created), or null. */
function firstKey(found: ReadonlyMap<string, string[]>, label: string): string | null {
  const keys = found.get(label);
  if (!keys || keys.length === 0) return null;
  const number = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1));
  return [...keys].sort((a, b) => number(a) - number(b))[0]!;
}

/**
 * Plans a push; reads Jira only to search labels (`jira:preview` shows this plan, `jira:push`
 * executes it).
 */
export async function planPush(input: PushPlanInput, client: JiraClient): Promise<PushPlan> {
  const { selected, alreadyInJira } = selectStories(input.stories, input.which);
  const inJira = new Set(alreadyInJira.map((entry) => entry.storyId));
  const chosen = input.stories.filter((story) => inJira.has(story.id) || selected.includes(story));
  const stored = new Map<string, string>();
  for (const story of chosen) {
    const key = storedKeyOf(story, input.projectKey);
    if (key !== null) stored.set(story.id, key);
  }
  const epicKeys = new Map<string, string>();
  for (const feature of input.model.features)
    if (feature.jiraEpicKey !== null) epicKeys.set(feature.id, feature.jiraEpicKey);
  const featuresWithoutEpic = [
    ...new Set(
      chosen
        .map((story) => story.featureId)
        .filter((id) => id !== UNASSIGNED_FEATURE_ID && !epicKeys.has(id)),
    ),
  ];

  // The fallback: labels of what has no stored key, in one search.
  const labels = [
    ...featuresWithoutEpic.map(epicLabel),
    ...chosen.filter((story) => !stored.has(story.id)).map((story) => storyLabel(story.id)),
  ];
  const found =
    labels.length === 0 ? new Map() : await client.searchByLabels(input.projectKey, labels);
  const foundEpics = new Map<string, string>();
  for (const featureId of featuresWithoutEpic) {
    const key = firstKey(found, epicLabel(featureId));
    if (key !== null) foundEpics.set(featureId, key);
  }

  // Found epics count as existing: stories go under them and the builders set their parent.
  const features = input.model.features.map((feature) => ({
    id: feature.id,
    jiraEpicKey: feature.jiraEpicKey ?? foundEpics.get(feature.id) ?? null,
  }));
  const options: JiraExportOptions & { projectKey: string } = {
    settings: input.settings,
    features,
    firstSeenByThreat: firstSeenOf(input.model),
    today: input.today,
    projectKey: input.projectKey,
  };
  const api = client.api;
  const chunks: BulkChunk<Fields>[] = (
    api === 'cloud'
      ? renderJiraCloudBulk(chosen, options).chunks
      : renderJiraDataCenterBulk(chosen, options).chunks
  ) as BulkChunk<Fields>[];

  const epicFields = new Map<string, Fields>();
  const storyParts = new Map<string, { fields: Fields; epicOfFeature: string | null }>();
  for (const chunk of chunks) {
    chunk.refs.forEach((ref, index) => {
      const fields = chunk.body.issueUpdates[index]!.fields;
      if (ref.kind === 'epic') epicFields.set(ref.featureId, fields);
      else storyParts.set(ref.storyId, { fields, epicOfFeature: ref.epicOfFeature });
    });
  }

  const nameOf = new Map(chosen.map((story) => [story.featureId, story.featureName]));
  const epics: PlannedPushEpic[] = featuresWithoutEpic.sort().map((featureId) => ({
    featureId,
    name: nameOf.get(featureId) ?? featureId,
    issueKey: foundEpics.get(featureId) ?? null,
    fields: epicFields.get(featureId) ?? {},
  }));
  const stories: PlannedPushStory[] = chosen.map((story) => {
    const part = storyParts.get(story.id)!;
    const storedKey = stored.get(story.id) ?? null;
    const labelKey = storedKey === null ? firstKey(found, storyLabel(story.id)) : null;
    return {
      storyId: story.id,
      summary: String(part.fields['summary'] ?? story.title),
      issueKey: storedKey ?? labelKey,
      keySource: storedKey !== null ? 'stored' : labelKey !== null ? 'label' : null,
      fields: part.fields,
      epicOfFeature: part.epicOfFeature,
    };
  });
  return { api, settings: input.settings, epics, stories };
}

function firstSeenOf(model: Model): Map<string, string> {
  const dates = new Map<string, string>();
  for (const triage of model.threats)
    if (triage.firstSeen !== null) dates.set(triage.threatId, triage.firstSeen);
  return dates;
}

/** What `jira:preview` answers for a plan. */
export function previewOf(plan: PushPlan): JiraPreview {
  return {
    epics: plan.epics.map(({ featureId, name, issueKey }) => ({ featureId, name, issueKey })),
    stories: plan.stories.map(({ storyId, summary, issueKey, keySource }) => ({
      storyId,
      summary,
      action: issueKey === null ? 'create' : 'update',
      issueKey,
      keySource,
    })),
  };
}

/** The fields that put an issue under `epicKey`: Cloud `parent`, Data Center its Epic Link. */
function parentFields(plan: PushPlan, epicKey: string): Fields {
  if (plan.api === 'data-center' && plan.settings.epicLinkField !== null)
    return { [plan.settings.epicLinkField]: epicKey };
  return { parent: { key: epicKey } };
}

/**
 * The body of an update: what Gatehouse owns, without the project and issue type (Jira refuses
 * to change those by edit); labels are added, never replaced, so the team's own labels stay.
 */
export function updateBody(fields: Fields): { fields: Fields; update: Fields } {
  const { project: _project, issuetype: _type, labels, ...rest } = fields;
  void _project;
  void _type;
  const add = Array.isArray(labels) ? labels.map((label: unknown) => ({ add: label })) : [];
  return { fields: rest, update: { labels: add } };
}

/** Progress as the push goes: `done` of `total` items (epics to create, then stories). */
export type PushProgress = (progress: {
  done: number;
  total: number;
  phase: 'epics' | 'stories';
}) => void;

/** Codes after which nothing more is sent: Jira cannot be used for the rest of this push. */
const FATAL = new Set([
  'jira-unauthorized',
  'jira-unreachable',
  'jira-rate-limited',
  'jira-unexpected-answer',
]);

/** Executes a plan. Throws only when Jira failed fatally before anything was written. */
export async function executePush(
  plan: PushPlan,
  client: JiraClient,
  onProgress: PushProgress,
): Promise<JiraPushResult> {
  const toCreate = plan.epics.filter((epic) => epic.issueKey === null);
  const total = toCreate.length + plan.stories.length;
  let done = 0;
  let wrote = false;
  let stopped: IpcFailure | null = null;
  const epicResults = new Map<string, JiraPushResult['epics'][number]>();
  const storyResults = new Map<string, JiraPushResult['results'][number]>();
  const epicKeys = new Map<string, string>();

  for (const epic of plan.epics) {
    if (epic.issueKey !== null) {
      epicKeys.set(epic.featureId, epic.issueKey);
      epicResults.set(epic.featureId, {
        featureId: epic.featureId,
        outcome: 'found',
        issueKey: epic.issueKey,
        message: null,
      });
    }
  }

  /** Runs one Jira operation; a fatal failure stops the push, another fails only its items. */
  const attempt = async (operation: () => Promise<void>, fail: (message: string) => void) => {
    if (stopped !== null) {
      fail(`Not sent: ${stopped.message}`);
      return;
    }
    try {
      await operation();
    } catch (error) {
      if (!(error instanceof IpcFailure)) throw error;
      if (FATAL.has(error.code)) {
        if (!wrote) throw error;
        stopped = error;
        fail(`Not sent: ${error.message}`);
      } else fail(error.message);
    }
  };

  onProgress({ done, total, phase: 'epics' });
  for (let start = 0; start < toCreate.length; start += JIRA_BULK_LIMIT) {
    const group = toCreate.slice(start, start + JIRA_BULK_LIMIT);
    const failEpic = (featureId: string, message: string) =>
      epicResults.set(featureId, { featureId, outcome: 'failed', issueKey: null, message });
    await attempt(
      async () => {
        const outcome = await client.bulkCreate(group.map((epic) => ({ fields: epic.fields })));
        const messages = new Map(
          outcome.failures.map((failure) => [failure.index, failure.message]),
        );
        group.forEach((epic, index) => {
          const key = outcome.keys[index] ?? null;
          if (key === null) failEpic(epic.featureId, messages.get(index) ?? 'Not created.');
          else {
            wrote = true;
            epicKeys.set(epic.featureId, key);
            epicResults.set(epic.featureId, {
              featureId: epic.featureId,
              outcome: 'created',
              issueKey: key,
              message: null,
            });
          }
        });
      },
      (message) => group.forEach((epic) => failEpic(epic.featureId, message)),
    );
    done += group.length;
    onProgress({ done, total, phase: 'epics' });
  }

  const failStory = (storyId: string, issueKey: string | null, message: string) =>
    storyResults.set(storyId, { storyId, outcome: 'failed', issueKey, message });
  /** The story's fields with its new epic as parent, or null when that epic failed. */
  const withParent = (story: PlannedPushStory): Fields | null => {
    if (story.epicOfFeature === null) return story.fields;
    const key = epicKeys.get(story.epicOfFeature);
    return key === undefined ? null : { ...story.fields, ...parentFields(plan, key) };
  };
  const epicFailure = (story: PlannedPushStory) =>
    `Not sent: the epic of feature ${story.epicOfFeature} could not be created (${
      epicResults.get(story.epicOfFeature ?? '')?.message ?? 'unknown reason'
    }).`;

  onProgress({ done, total, phase: 'stories' });
  for (const story of plan.stories.filter((candidate) => candidate.issueKey !== null)) {
    const issueKey = story.issueKey!;
    const fields = withParent(story);
    if (fields === null) failStory(story.storyId, issueKey, epicFailure(story));
    else
      await attempt(
        async () => {
          await client.updateIssue(issueKey, updateBody(fields));
          wrote = true;
          storyResults.set(story.storyId, {
            storyId: story.storyId,
            outcome: 'updated',
            issueKey,
            message: null,
          });
        },
        (message) => failStory(story.storyId, issueKey, message),
      );
    done += 1;
    onProgress({ done, total, phase: 'stories' });
  }

  const creatable: { story: PlannedPushStory; fields: Fields }[] = [];
  for (const story of plan.stories.filter((candidate) => candidate.issueKey === null)) {
    const fields = withParent(story);
    if (fields === null) {
      failStory(story.storyId, null, epicFailure(story));
      done += 1;
    } else creatable.push({ story, fields });
  }
  if (creatable.length < plan.stories.length) onProgress({ done, total, phase: 'stories' });
  for (let start = 0; start < creatable.length; start += JIRA_BULK_LIMIT) {
    const group = creatable.slice(start, start + JIRA_BULK_LIMIT);
    await attempt(
      async () => {
        const outcome = await client.bulkCreate(group.map(({ fields }) => ({ fields })));
        const messages = new Map(
          outcome.failures.map((failure) => [failure.index, failure.message]),
        );
        group.forEach(({ story }, index) => {
          const key = outcome.keys[index] ?? null;
          if (key === null)
            failStory(story.storyId, null, messages.get(index) ?? 'Jira did not create it.');
          else {
            wrote = true;
            storyResults.set(story.storyId, {
              storyId: story.storyId,
              outcome: 'created',
              issueKey: key,
              message: null,
            });
          }
        });
      },
      (message) => group.forEach(({ story }) => failStory(story.storyId, null, message)),
    );
    done += group.length;
    onProgress({ done, total, phase: 'stories' });
  }

  return {
    epics: plan.epics.map((epic) => epicResults.get(epic.featureId)!),
    results: plan.stories.map((story) => storyResults.get(story.storyId)!),
  };
}
