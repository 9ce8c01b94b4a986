/** The built-in STRIDE rule pack and mitigation catalogue. */
import type { RulePack } from '../packSchema';
import { validateBuiltinPack } from './pack';

export { BUILTIN_PACK_ID, BUILTIN_PACK_VERSION } from './identity';

let cached: RulePack | undefined;

/** The validated built-in pack (validated once, on first use). */
export function builtinPack(): RulePack {
  cached ??= validateBuiltinPack();
  return cached;
}
