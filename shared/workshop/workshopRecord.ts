/**
 * Pure operations on the model's workshop record (`model.workshop`): which items were reviewed,
 * by whom and on which day, the notes taken on each, and the parking lot of open questions.
 * The record lives in the model so a workshop can stop and resume, and so the file shows what
 * was reviewed. Each operation returns a new model, or the same model when nothing changes (the
 * editor then records no undo step).
 *
 * A review record may exist without a date: it holds notes on an item not yet marked reviewed.
 * An item is reviewed exactly when its record has a date.
 */
import { InputError } from '../model/errors';
import { DateSchema, IdSchema, type Model, type Severity } from '../model/schema';

/** One review record of `model.workshop.reviews`. */
export type WorkshopReview = Model['workshop']['reviews'][number];
/** One parking-lot question of `model.workshop.questions`. */
export type WorkshopQuestionRecord = Model['workshop']['questions'][number];

// The schema's limits: text is cut to them, so an operation never produces an invalid model.
const REVIEWER_MAX = 200;
const NOTES_MAX = 20_000;
const QUESTION_MAX = 5000;

function checkItem(model: Model, itemId: string): void {
  if (!model.elements.some((e) => e.id === itemId) && !model.flows.some((f) => f.id === itemId))
    throw new InputError(`There is no element or flow "${itemId}" in this model.`);
}

function reviewOf(model: Model, itemId: string): WorkshopReview | undefined {
  return model.workshop.reviews.find((r) => r.elementId === itemId);
}

/** Replaces (or adds) the review record of `review.elementId`; drops a record left empty. */
function withReview(model: Model, review: WorkshopReview): Model {
  const others = model.workshop.reviews.filter((r) => r.elementId !== review.elementId);
  const empty = review.reviewedOn === null && review.notes === '';
  return {
    ...model,
    workshop: { ...model.workshop, reviews: empty ? others : [...others, review] },
  };
}

/** Whether the item has been marked reviewed. */
export function isReviewed(model: Model, itemId: string): boolean {
  return (reviewOf(model, itemId)?.reviewedOn ?? null) !== null;
}

/** How many of `itemIds` are marked reviewed. */
export function reviewedCount(model: Model, itemIds: readonly string[]): number {
  const reviewed = new Set(
    model.workshop.reviews.filter((r) => r.reviewedOn !== null).map((r) => r.elementId),
  );
  return itemIds.filter((id) => reviewed.has(id)).length;
}

/** The notes taken on an item ('' when none). */
export function notesOf(model: Model, itemId: string): string {
  return reviewOf(model, itemId)?.notes ?? '';
}

/** Marks an item reviewed on `today` by `reviewer` (may be empty), keeping its notes. */
export function markReviewed(model: Model, itemId: string, reviewer: string, today: string): Model {
  checkItem(model, itemId);
  if (!DateSchema.safeParse(today).success) throw new InputError(`"${today}" is not a date.`);
  const existing = reviewOf(model, itemId);
  const cleanReviewer = reviewer.trim().slice(0, REVIEWER_MAX);
  if (existing?.reviewedOn === today && existing.reviewer === cleanReviewer) return model;
  return withReview(model, {
    elementId: itemId,
    reviewer: cleanReviewer,
    reviewedOn: today,
    notes: existing?.notes ?? '',
  });
}

/** Takes the reviewed mark off an item (its notes stay). */
export function unmarkReviewed(model: Model, itemId: string): Model {
  const existing = reviewOf(model, itemId);
  if (!existing || existing.reviewedOn === null) return model;
  return withReview(model, { ...existing, reviewer: '', reviewedOn: null });
}

/** Sets the notes on an item, as typed (cut to the schema's limit). */
export function setItemNotes(model: Model, itemId: string, notes: string): Model {
  checkItem(model, itemId);
  const existing = reviewOf(model, itemId);
  const clean = notes.slice(0, NOTES_MAX);
  if ((existing?.notes ?? '') === clean) return model;
  return withReview(model, {
    elementId: itemId,
    reviewer: existing?.reviewer ?? '',
    reviewedOn: existing?.reviewedOn ?? null,
    notes: clean,
  });
}

/**
 * Adds a question to the parking lot, about one item or (`itemId` null) the whole model.
 * `id` is a fresh ID the caller generates (the renderer's `newId('question')`).
 */
export function addQuestion(
  model: Model,
  question: { id: string; text: string; itemId: string | null },
): Model {
  if (!IdSchema.safeParse(question.id).success)
    throw new InputError(`"${question.id}" cannot be a question ID.`);
  if (model.workshop.questions.some((q) => q.id === question.id))
    throw new InputError(`The question ${question.id} exists already.`);
  const text = question.text.trim().slice(0, QUESTION_MAX);
  if (text === '') throw new InputError('A question needs some text.');
  if (question.itemId !== null) checkItem(model, question.itemId);
  const record: WorkshopQuestionRecord = {
    id: question.id,
    text,
    elementId: question.itemId,
    resolved: false,
    answer: '',
  };
  return {
    ...model,
    workshop: { ...model.workshop, questions: [...model.workshop.questions, record] },
  };
}

/** Marks a question resolved (with the answer found, which may be empty) or open again. */
export function resolveQuestion(
  model: Model,
  questionId: string,
  resolution: { resolved: boolean; answer?: string | undefined },
): Model {
  const existing = model.workshop.questions.find((q) => q.id === questionId);
  if (!existing) throw new InputError(`There is no question ${questionId} in the parking lot.`);
  const answer = (resolution.answer ?? existing.answer).trim().slice(0, NOTES_MAX);
  if (existing.resolved === resolution.resolved && existing.answer === answer) return model;
  return {
    ...model,
    workshop: {
      ...model.workshop,
      questions: model.workshop.questions.map((q) =>
        q.id === questionId ? { ...q, resolved: resolution.resolved, answer } : q,
      ),
    },
  };
}

/**
 * Likelihood and impact that give a quickly entered threat the severity the room named (the
 * square of the middle of each band: 2×2 low, 3×3 medium, 4×4 high, 5×5 critical).
 */
export function scalesForSeverity(severity: Severity): { likelihood: number; impact: number } {
  const scale = { low: 2, medium: 3, high: 4, critical: 5 }[severity];
  return { likelihood: scale, impact: scale };
}
