/** Lifting a suppression (recording one is `suppressRule` in `triageOperations.ts`). */
import { InputError } from '../model/errors';
import type { Model } from '../model/schema';

/** Removes the suppression `suppressionId`; the threats it covered count as open again. */
export function liftSuppression(model: Model, suppressionId: string): Model {
  if (!model.suppressions.some((s) => s.id === suppressionId))
    throw new InputError(`There is no suppression "${suppressionId}" in this model.`);
  return { ...model, suppressions: model.suppressions.filter((s) => s.id !== suppressionId) };
}
