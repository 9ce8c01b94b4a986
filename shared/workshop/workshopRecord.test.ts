import { describe, expect, it } from 'vitest';
import { serializeModel } from '../model/canonical';
import { InputError } from '../model/errors';
import { parseModel } from '../model/parseModel';
import type { Model } from '../model/schema';
import { severityOf } from '../rules/scoring';
import { STARTER_TEMPLATES } from '../templates/starterTemplates';
import {
  addQuestion,
  isReviewed,
  markReviewed,
  notesOf,
  resolveQuestion,
  reviewedCount,
  scalesForSeverity,
  setItemNotes,
  unmarkReviewed,
} from './workshopRecord';

const webApplication = (): Model => STARTER_TEMPLATES[0]!.build();

/** The model survives a save and a re-open: the schema and the reference checks accept it. */
function roundTrip(model: Model): Model {
  return parseModel(serializeModel(model)).model;
}

describe('the workshop record', () => {
  it('marks an item reviewed with the day and reviewer, and unmarks it keeping its notes', () => {
    const noted = setItemNotes(webApplication(), 'web-api', 'Rate limits live in the gateway.');
    const reviewed = markReviewed(noted, 'web-api', '  Dana  ', '2025-03-04');
    expect(isReviewed(reviewed, 'web-api')).toBe(true);
    expect(reviewed.workshop.reviews).toEqual([
      {
        elementId: 'web-api',
        reviewer: 'Dana',
        reviewedOn: '2025-03-04',
        notes: 'Rate limits live in the gateway.',
      },
    ]);
    expect(roundTrip(reviewed).workshop).toEqual(reviewed.workshop);

    const unmarked = unmarkReviewed(reviewed, 'web-api');
    expect(isReviewed(unmarked, 'web-api')).toBe(false);
    expect(notesOf(unmarked, 'web-api')).toBe('Rate limits live in the gateway.');
  });

  it('returns the same model when nothing changes, so the editor records no undo step', () => {
    const reviewed = markReviewed(webApplication(), 'web-api', 'Dana', '2025-03-04');
    expect(markReviewed(reviewed, 'web-api', 'Dana', '2025-03-04')).toBe(reviewed);
    expect(setItemNotes(reviewed, 'web-api', '')).toBe(reviewed);
    const model = webApplication();
    expect(unmarkReviewed(model, 'web-api')).toBe(model);
  });

  it('drops a record left with neither a review nor notes (an untouched model keeps its bytes)', () => {
    const model = webApplication();
    const touched = unmarkReviewed(markReviewed(model, 'web-api', '', '2025-03-04'), 'web-api');
    expect(touched.workshop.reviews).toEqual([]);
    expect(serializeModel(touched)).toBe(serializeModel(model));
  });

  it('counts reviewed items among those asked about, flows included', () => {
    const flowId = webApplication().flows[0]!.id;
    let model = markReviewed(webApplication(), 'web-api', '', '2025-03-04');
    model = markReviewed(model, flowId, '', '2025-03-04');
    model = setItemNotes(model, 'app-database', 'Backups?');
    expect(reviewedCount(model, ['web-api', flowId, 'app-database', 'browser-user'])).toBe(2);
    expect(reviewedCount(model, ['app-database'])).toBe(0);
  });

  it('refuses an unknown item, a bad date, an empty or duplicate question', () => {
    const model = webApplication();
    expect(() => markReviewed(model, 'nothing', '', '2025-03-04')).toThrow(InputError);
    expect(() => markReviewed(model, 'web-api', '', '2025-02-30')).toThrow(/not a date/);
    expect(() => addQuestion(model, { id: 'q-1', text: '   ', itemId: null })).toThrow(
      /needs some text/,
    );
    const asked = addQuestion(model, { id: 'q-1', text: 'Who rotates keys?', itemId: null });
    expect(() => addQuestion(asked, { id: 'q-1', text: 'Again?', itemId: null })).toThrow(
      /exists already/,
    );
    expect(() => resolveQuestion(model, 'q-9', { resolved: true })).toThrow(/no question/);
  });

  it('keeps the parking lot: questions added about an item or the model, resolved and reopened', () => {
    let model = addQuestion(webApplication(), {
      id: 'q-1',
      text: ' Who rotates the database credentials? ',
      itemId: 'app-database',
    });
    model = addQuestion(model, { id: 'q-2', text: 'Is there a WAF?', itemId: null });
    expect(model.workshop.questions.map((q) => [q.text, q.elementId, q.resolved])).toEqual([
      ['Who rotates the database credentials?', 'app-database', false],
      ['Is there a WAF?', null, false],
    ]);
    const resolved = resolveQuestion(model, 'q-1', {
      resolved: true,
      answer: 'The platform team.',
    });
    expect(resolved.workshop.questions[0]).toMatchObject({
      resolved: true,
      answer: 'The platform team.',
    });
    expect(resolveQuestion(resolved, 'q-1', { resolved: true })).toBe(resolved);
    const reopened = resolveQuestion(resolved, 'q-1', { resolved: false });
    expect(reopened.workshop.questions[0]).toMatchObject({
      resolved: false,
      answer: 'The platform team.',
    });
    expect(roundTrip(reopened).workshop.questions).toHaveLength(2);
  });

  it('gives a quickly entered threat the severity the room named', () => {
    for (const severity of ['low', 'medium', 'high', 'critical'] as const) {
      const { likelihood, impact } = scalesForSeverity(severity);
      expect(severityOf(likelihood * impact)).toBe(severity);
    }
  });
});
