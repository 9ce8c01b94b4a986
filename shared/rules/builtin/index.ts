/**
 * The built-in STRIDE rule pack and mitigation catalogue, assembled from data files (one per
 * STRIDE category, so rule authors do not collide).
 */
import { RulePackSchema, type RulePack, type RulePackInput } from '../packSchema';
import mitigations from './mitigations.json' with { type: 'json' };
import baseline from './rules/baseline.json' with { type: 'json' };
import denialOfService from './rules/denialOfService.json' with { type: 'json' };
import elevationOfPrivilege from './rules/elevationOfPrivilege.json' with { type: 'json' };
import informationDisclosure from './rules/informationDisclosure.json' with { type: 'json' };
import repudiation from './rules/repudiation.json' with { type: 'json' };
import spoofing from './rules/spoofing.json' with { type: 'json' };
import tampering from './rules/tampering.json' with { type: 'json' };

export const BUILTIN_PACK_ID = 'gatehouse-stride';
export const BUILTIN_PACK_VERSION = '1.0.0';

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

let cached: RulePack | undefined;

/** The validated built-in pack (validated once, on first use). */
export function builtinPack(): RulePack {
  cached ??= RulePackSchema.parse(builtinPackInput);
  return cached;
}
