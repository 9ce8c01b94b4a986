/**
 * Writing the keys of a Jira push back into the model, so the next push updates instead of
 * searching, and the plan gate sees a tracker key: each story pushed gets its `jiraIssueKey`, and
 * its `trackerKey` through `documentStory` when the team had not set one; each feature whose epic
 * was created or found gets its `jiraEpicKey` when it had none.
 */
import type { JiraPushResult } from '../../../shared/ipc/jiraChannels';
import { updateFeature } from '../../../shared/model/edit/features';
import { InputError } from '../../../shared/model/errors';
import type { Model } from '../../../shared/model/schema';
import type { Story } from '../../../shared/stories/generateStories';
import { documentStory } from '../../../shared/triage/triageOperations';

/**
 * The model with the keys of `result`. Stories that no longer exist (the model changed during
 * the push) are skipped. Returns the same model when nothing changes.
 */
export function recordPushedKeys(
  model: Model,
  stories: readonly Story[],
  result: JiraPushResult,
): Model {
  let next = model;
  for (const epic of result.epics) {
    if (epic.issueKey === null || epic.outcome === 'failed') continue;
    const feature = next.features.find((candidate) => candidate.id === epic.featureId);
    if (feature && feature.jiraEpicKey === null)
      next = updateFeature(next, feature.id, { jiraEpicKey: epic.issueKey });
  }
  for (const entry of result.results) {
    const issueKey = entry.issueKey;
    if (issueKey === null || entry.outcome === 'failed') continue;
    const story = stories.find((candidate) => candidate.id === entry.storyId);
    if (!story) continue;
    const record = next.stories.find((candidate) => candidate.id === entry.storyId);
    if (record && record.jiraIssueKey === issueKey && record.trackerKey !== null) continue;
    try {
      // documentStory creates the story's record if the model has none yet.
      const documented =
        story.trackerKey === null && (record?.trackerKey ?? null) === null
          ? documentStory(next, stories, story.id, { trackerKey: issueKey })
          : documentStory(next, stories, story.id, {});
      next = {
        ...documented,
        stories: documented.stories.map((candidate) =>
          candidate.id === story.id ? { ...candidate, jiraIssueKey: issueKey } : candidate,
        ),
      };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return next;
}
