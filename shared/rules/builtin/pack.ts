/**
 * The built-in pack as data, assembled from the rule files (one per STRIDE category, so rule
 * authors do not collide), and its validation.
 *
 * The CLI bundle and the renderer build replace this module with the pack already validated at
 * build time (`scripts/builtinPackModule.mjs`): parsing 113 rules with zod costs ≈ 25 ms at every
 * start, and the gate has 300 ms including start-up. The tests and the dev server run this module.
 */
import { RulePackSchema, type RulePack, type RulePackInput } from '../packSchema';
import { BUILTIN_PACK_ID, BUILTIN_PACK_VERSION } from './identity';
import mitigations from './mitigations.json' with { type: 'json' };
import baseline from './rules/baseline.json' with { type: 'json' };
import denialOfService from './rules/denialOfService.json' with { type: 'json' };
import elevationOfPrivilege from './rules/elevationOfPrivilege.json' with { type: 'json' };
import informationDisclosure from './rules/informationDisclosure.json' with { type: 'json' };
import repudiation from './rules/repudiation.json' with { type: 'json' };
import spoofing from './rules/spoofing.json' with { type: 'json' };
import tampering from './rules/tampering.json' with { type: 'json' };

/** The pack as data, before validation (also what `gatehouse rules export` would write). */
export const builtinPackInput = {
  format: 'gatehouse-rule-pack',
  schemaVersion: 1,
  id: BUILTIN_PACK_ID,
  version: BUILTIN_PACK_VERSION,
  name: 'Gatehouse STRIDE',
  description:
    'The built-in STRIDE rules: a per-element baseline, interaction rules on trust-boundary facts, and property rules, with a mitigation catalogue mapped to OWASP ASVS 5.0.0 and CWE.',
  mitigations: mitigations.mitigations,
  rules: [
    ...spoofing,
    ...tampering,
    ...repudiation,
    ...informationDisclosure,
    ...denialOfService,
    ...elevationOfPrivilege,
    ...baseline,
  ],
} as unknown as RulePackInput;

/** Validates the built-in pack (throws if a rule file is malformed). */
export function validateBuiltinPack(): RulePack {
  return RulePackSchema.parse(builtinPackInput);
}
