import { describe, expect, it } from 'vitest';
import type { JiraPushResult } from '../../../shared/ipc/jiraChannels';
import { documentStory } from '../../../shared/triage/triageOperations';
import { recordPushedKeys } from './writeBack';
import type { Model } from '../../../shared/model/schema';
import { loadRulePacks } from '../../../shared/rules/loadPacks';
import { storiesForModel } from '../../../shared/stories/storiesForModel';
import type { Story } from '../../../shared/stories/generateStories';
import { buildModel, entity, flow, process, store } from '../../../shared/testing/modelBuilder';

/** A browser reaching an internet-facing API that writes to a store, all in feature checkout. */
const packs = loadRulePacks([]);

/** The model (test only). */
function jiraTestModel(): Model {
  return buildModel({
    elements: [
      entity('user', { name: 'Shopper', properties: { trusted: 'no', entityKind: 'human' } }),
      process('api', { name: 'Orders API', properties: { internetFacing: 'yes' } }),
      store('db', { name: 'Orders' }),
    ],
    flows: [flow('f1', 'user', 'api'), flow('f2', 'api', 'db')],
    features: [{ id: 'checkout', name: 'Checkout', memberIds: ['user', 'api', 'db', 'f1', 'f2'] }],
  });
}

/** The model's stories with the built-in pack. */
function storiesOfTestModel(model: Model): Story[] {
  return storiesForModel(model, packs);
}

describe('writing pushed keys back', () => {
  const model = jiraTestModel();
  const stories = storiesOfTestModel(model);

  it('has stories to push', () => {
    expect(stories.length).toBeGreaterThanOrEqual(3);
  });

  it('records issue keys, tracker keys where none was set, and the new epic', () => {
    const [first, second, third] = stories;
    const documented = documentStory(model, stories, second!.id, { trackerKey: 'SEC-7' });
    const result: JiraPushResult = {
      epics: [{ featureId: 'checkout', outcome: 'created', issueKey: 'SHOP-1', message: null }],
      results: [
        { storyId: first!.id, outcome: 'created', issueKey: 'SHOP-2', message: null },
        { storyId: second!.id, outcome: 'updated', issueKey: 'SHOP-3', message: null },
        { storyId: third!.id, outcome: 'failed', issueKey: null, message: 'priority: invalid' },
      ],
    };
    const next = recordPushedKeys(documented, storiesOfTestModel(documented), result);
    expect(next.features.find((feature) => feature.id === 'checkout')!.jiraEpicKey).toBe('SHOP-1');
    const record = (id: string) => next.stories.find((candidate) => candidate.id === id);
    expect(record(first!.id)).toMatchObject({ jiraIssueKey: 'SHOP-2', trackerKey: 'SHOP-2' });
    // The team's own tracker key stays; the Jira key is recorded beside it.
    expect(record(second!.id)).toMatchObject({ jiraIssueKey: 'SHOP-3', trackerKey: 'SEC-7' });
    expect(record(third!.id)).toBeUndefined();
    // The regenerated stories carry the keys: the next push updates them.
    const again = storiesOfTestModel(next);
    expect(again.find((story) => story.id === first!.id)!.jiraIssueKey).toBe('SHOP-2');
  });

  it('changes nothing when every key is already recorded, and skips unknown stories', () => {
    const result: JiraPushResult = {
      epics: [{ featureId: 'checkout', outcome: 'found', issueKey: 'SHOP-1', message: null }],
      results: [{ storyId: stories[0]!.id, outcome: 'created', issueKey: 'SHOP-2', message: null }],
    };
    const once = recordPushedKeys(model, stories, result);
    expect(recordPushedKeys(once, storiesOfTestModel(once), result)).toBe(once);
    const unknown: JiraPushResult = {
      epics: [{ featureId: 'gone', outcome: 'created', issueKey: 'SHOP-9', message: null }],
      results: [
        { storyId: 'S-0000000000000000', outcome: 'created', issueKey: 'SHOP-8', message: null },
      ],
    };
    expect(recordPushedKeys(model, stories, unknown)).toBe(model);
  });
});
