/**
 * Stable identities (PRODUCT.md, "Threat identity" and "Stories and Jira").
 */
import { addToHashedId, beginHashedId, endHashedId } from '../util/sha256';
import type { Target } from './schema';

/** The pseudo-pack of threats added by hand or imported without a matching rule. */
export const MANUAL_PACK_ID = 'manual';

/**
 * `T-` + the first 16 hex digits of SHA-256 over `<packId>/<ruleId>` and the role-ordered
 * `role:id` pairs, joined by `|`. `targets` must already be in role order.
 */
export function threatIdFor(packId: string, ruleId: string, targets: readonly Target[]): string {
  beginHashedId();
  addToHashedId(packId);
  addToHashedId('/');
  addToHashedId(ruleId);
  for (let i = 0; i < targets.length; i++) {
    addToHashedId('|');
    addToHashedId(targets[i]!.role);
    addToHashedId(':');
    addToHashedId(targets[i]!.id);
  }
  return endHashedId('T-');
}

/** `S-` + the first 16 hex digits of SHA-256 over `<featureId>|<mitigationId>`. */
export function storyIdFor(featureId: string, mitigationId: string): string {
  beginHashedId();
  addToHashedId(featureId);
  addToHashedId('|');
  addToHashedId(mitigationId);
  return endHashedId('S-');
}

const FOREIGN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Keeps a foreign ID when it is already valid here; otherwise maps it deterministically (same
 * input, same output) to `x-` + 16 hex digits of its hash. Callers list the mapping in the import
 * report.
 */
export function mapForeignId(foreignId: string): { id: string; mapped: boolean } {
  if (FOREIGN_ID.test(foreignId)) return { id: foreignId, mapped: false };
  beginHashedId();
  addToHashedId(foreignId);
  return { id: endHashedId('x-'), mapped: true };
}
