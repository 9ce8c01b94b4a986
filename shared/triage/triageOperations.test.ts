import { describe, expect, it } from 'vitest';
import { buildModel, entity, flow, process } from '../testing/modelBuilder';
import { InputError } from '../model/errors';
import { ModelSchema } from '../model/schema';
import { loadRulePacks } from '../rules/loadPacks';
import { storiesForModel } from '../stories/storiesForModel';
import { DEFAULT_POLICY } from '../gate/policy';
import { documentStory, editStoryText, setStoryState, suppressRule } from './triageOperations';

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

describe('suppressions', () => {
  const approval = { approver: 'Ada Lovelace', rationale: 'Behind the VPN', expires: '2026-12-31' };
  const known = new Set(['gatehouse-stride/STRIDE-T-008', 'acme/STRIDE-T-008']);

  it('keeps the same rule ID of two packs apart, and renews one suppression in place', () => {
    const builtin = suppressRule(
      model,
      { packId: 'gatehouse-stride', ruleId: 'STRIDE-T-008', elementId: 'f1', approval },
      known,
      '2026-11-30',
      DEFAULT_POLICY,
    );
    const both = suppressRule(
      builtin,
      { packId: 'acme', ruleId: 'STRIDE-T-008', elementId: 'f1', approval },
      known,
      '2026-11-30',
      DEFAULT_POLICY,
    );
    expect(both.suppressions.map((s) => s.packId).sort()).toEqual(['acme', 'gatehouse-stride']);
    expect(new Set(both.suppressions.map((s) => s.id)).size).toBe(2);
    // An older suppression of the same pack, rule and element (filed under another ID) is renewed.
    const older = {
      ...both,
      suppressions: both.suppressions.map((s) =>
        s.packId === 'acme' ? { ...s, id: 'sup-STRIDE-T-008-f1' } : s,
      ),
    };
    const renewed = suppressRule(
      older,
      {
        packId: 'acme',
        ruleId: 'STRIDE-T-008',
        elementId: 'f1',
        approval: { ...approval, expires: '2027-01-15' },
      },
      known,
      '2026-11-30',
      DEFAULT_POLICY,
    );
    const acme = renewed.suppressions.filter((s) => s.packId === 'acme');
    expect(acme).toHaveLength(1);
    expect(acme[0]!.expires).toBe('2027-01-15');
    expect(renewed.suppressions).toHaveLength(2);
  });
});
