/**
 * Enabling and disabling rule packs per model (`model.rulePacks`; the engine skips disabled
 * packs, see `disabledPacks`). A pack the policy requires cannot be disabled: the gate would
 * fail the model for it, so the operation refuses up front.
 */
import { InputError } from '../model/errors';
import type { Model } from '../model/schema';
import type { Policy } from '../gate/policy';

/** Whether `packId` runs on `model` (a pack the model does not list is enabled). */
export function isPackEnabled(model: Model, packId: string): boolean {
  return model.rulePacks.find((ref) => ref.id === packId)?.enabled ?? true;
}

/** Why `packId` cannot be disabled under `policy`, or null when it can. */
export function packLockReason(packId: string, policy: Policy): string | null {
  return policy.requiredRulePacks.includes(packId)
    ? 'The policy requires this pack: the gate fails a model that disables it.'
    : null;
}

/** Enables or disables a pack on the model; returns the same model when nothing changes. */
export function setPackEnabled(
  model: Model,
  packId: string,
  enabled: boolean,
  policy: Policy,
): Model {
  if (!enabled) {
    const reason = packLockReason(packId, policy);
    if (reason !== null) throw new InputError(`The pack "${packId}" cannot be disabled. ${reason}`);
  }
  if (isPackEnabled(model, packId) === enabled && model.rulePacks.some((r) => r.id === packId))
    return model;
  const others = model.rulePacks.filter((ref) => ref.id !== packId);
  return { ...model, rulePacks: [...others, { id: packId, enabled }] };
}
