import { describe, expect, it } from 'vitest';
import { buildModel, entity, flow, process } from '../testing/modelBuilder';
import { InputError } from '../model/errors';
import { ModelSchema } from '../model/schema';
import { loadRulePacks } from '../rules/loadPacks';
import { storiesForModel } from '../stories/storiesForModel';
import { documentStory, editStoryText, setStoryState } from './triageOperations';

const loaded = loadRulePacks([]);
const model = buildModel({
  elements: [entity('user', { properties: { trusted: 'no' } }), process('api')],
  flows: [flow('f1', 'user', 'api')],
  features: [{ id: 'checkout', name: 'Checkout', memberIds: ['user', 'api', 'f1'] }],
});
const stories = storiesForModel(model, loaded);
const story = stories.find((s) => s.featureId === 'checkout')!;

describe('story records', () => {
  it('keeps the team’s title and notes; a blank title goes back to the generated one', () => {
    const edited = editStoryText(model, stories, story.id, {
      title: 'TLS everywhere',
      notes: 'Ask ops',
    });
    const after = storiesForModel(edited, loaded).find((s) => s.id === story.id)!;
    expect(after.title).toBe('TLS everywhere');
    expect(after.notes).toBe('Ask ops');
    expect(after.state).toBe('proposed');
    expect(() => ModelSchema.parse(edited)).not.toThrow();
    const reverted = editStoryText(edited, storiesForModel(edited, loaded), story.id, {
      title: '  ',
    });
    expect(storiesForModel(reverted, loaded).find((s) => s.id === story.id)!.title).toBe(
      story.title,
    );
    // The same text again is no change (no undo step).
    expect(
      editStoryText(edited, storiesForModel(edited, loaded), story.id, { notes: 'Ask ops' }),
    ).toBe(edited);
  });

  it('keeps the acceptance when the text changes, and refuses a story that does not exist', () => {
    const accepted = setStoryState(model, stories, story.id, 'planned');
    const acceptedStories = storiesForModel(accepted, loaded);
    const edited = editStoryText(accepted, acceptedStories, story.id, { notes: 'n' });
    expect(edited.stories.find((r) => r.id === story.id)).toMatchObject({
      state: 'planned',
      notes: 'n',
    });
    expect(() => editStoryText(model, stories, 'S-0000000000000000', { notes: 'x' })).toThrow(
      InputError,
    );
  });

  it('documents a story with a tracker key and refuses one that is not a key', () => {
    const documented = documentStory(model, stories, story.id, { trackerKey: 'SHOP-42' });
    expect(documented.stories.find((r) => r.id === story.id)!.trackerKey).toBe('SHOP-42');
    expect(() => documentStory(model, stories, story.id, { trackerKey: 'shop 42' })).toThrow(
      /not a tracker key/,
    );
  });
});
