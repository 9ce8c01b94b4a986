/**
 * Loading rule packs: the built-in pack plus any custom pack files, validated (schema, then
 * semantics across all loaded packs), with a digest per pack for the gate manifest.
 */
import { InputError } from '../model/errors';
import { MANUAL_PACK_ID } from '../model/ids';
import { toInputIssues } from '../model/zodIssues';
import { sha256Hex } from '../util/sha256';
import { parseUntrustedJson, type TreeLimits } from '../util/untrustedJson';
import { builtinPack } from './builtin';
import { compilePacks, type CompiledPacks } from './engine';
import { RulePackSchema, type Mitigation, type RulePack } from './packSchema';
import { findPackIssues } from './validatePack';

export const RULE_PACK_LIMITS: TreeLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxDepth: 48,
  forbiddenKeys: 'reject',
};

/** Parses a rule-pack file (schema only; cross-pack checks happen in `loadRulePacks`). */
export function parseRulePack(text: string): RulePack {
  const { value } = parseUntrustedJson(text, RULE_PACK_LIMITS);
  const result = RulePackSchema.safeParse(value);
  if (!result.success)
    throw new InputError(
      'The rule pack does not match the rule-pack schema.',
      toInputIssues(result.error),
    );
  return result.data;
}

/** SHA-256 over the pack's validated JSON (keys in schema order): identifies a pack version. */
export function packDigest(pack: RulePack): string {
  return sha256Hex(JSON.stringify(pack));
}

export interface LoadedPacks {
  packs: RulePack[];
  compiled: CompiledPacks;
  digests: Map<string, string>;
}

/**
 * The built-in pack followed by `customPacks`, checked together: unique pack IDs, every rule's
 * references resolvable in the combined catalogue. Throws `InputError` naming the pack.
 */
export function loadRulePacks(customPacks: readonly RulePack[] = []): LoadedPacks {
  const packs = [builtinPack(), ...customPacks];
  const seen = new Set<string>();
  for (const pack of packs) {
    if (pack.id === MANUAL_PACK_ID) {
      throw new InputError(
        `A rule pack cannot have the ID "${MANUAL_PACK_ID}": it names threats added by hand.`,
        [{ path: ['id'], message: 'reserved' }],
      );
    }
    if (seen.has(pack.id)) {
      throw new InputError(`Two rule packs have the ID "${pack.id}".`, [
        { path: ['id'], message: 'duplicate pack ID' },
      ]);
    }
    seen.add(pack.id);
  }
  const mitigations = new Map<string, Mitigation>();
  for (const pack of packs) {
    for (const [index, mitigation] of pack.mitigations.entries()) {
      // A pack may add mitigations, never silently replace another pack's (the built-in
      // rules' stories and acceptance criteria would change under them).
      if (mitigations.has(mitigation.id)) {
        throw new InputError(
          `The rule pack "${pack.id}" redefines the mitigation "${mitigation.id}".`,
          [
            {
              path: ['mitigations', index, 'id'],
              message: 'a mitigation with this ID is already loaded',
            },
          ],
        );
      }
      mitigations.set(mitigation.id, mitigation);
    }
  }
  for (const pack of packs) {
    const issues = findPackIssues(pack, mitigations);
    if (issues.length > 0)
      throw new InputError(`The rule pack "${pack.id}" is not usable.`, issues);
  }
  return {
    packs,
    compiled: compilePacks(packs),
    digests: new Map(packs.map((pack) => [pack.id, packDigest(pack)])),
  };
}
