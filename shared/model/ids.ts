/**
 * Stable identities (PRODUCT.md, "Threat identity" and "Stories and Jira").
 */
import { sha256Prefix16 } from '../util/sha256';
import type { Target } from './schema';

/** The pseudo-pack of threats added by hand or imported without a matching rule. */
export const MANUAL_PACK_ID = 'manual';

/**
 * `T-` + the first 16 hex digits of SHA-256 over `<packId>/<ruleId>` and the role-ordered
 * `role:id` pairs, joined by `|`. `targets` must already be in role order.
 */
export function threatIdFor(packId: string, ruleId: string, targets: readonly Target[]): string {
  let key = `${packId}/${ruleId}`;
  for (const target of targets) key += `|${target.role}:${target.id}`;
  return `T-${sha256Prefix16(key)}`;
}

/** `S-` + the first 16 hex digits of SHA-256 over `<featureId>|<mitigationId>`. */
export function storyIdFor(featureId: string, mitigationId: string): string {
  return `S-${sha256Prefix16(`${featureId}|${mitigationId}`)}`;
}

const FOREIGN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Keeps a foreign ID when it is already valid here; otherwise maps it deterministically (same
 * input, same output) to `x-` + 16 hex digits of its hash. Callers list the mapping in the import
 * report.
 */
export function mapForeignId(foreignId: string): { id: string; mapped: boolean } {
  if (FOREIGN_ID.test(foreignId)) return { id: foreignId, mapped: false };
  return { id: `x-${sha256Prefix16(foreignId)}`, mapped: true };
}
