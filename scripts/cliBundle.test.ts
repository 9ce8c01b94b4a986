import { describe, expect, it } from 'vitest';
import { builtinPack } from '../shared/rules/builtin';
import { importModuleSource, precomputedBuiltinPackModule } from './cliBundle.mjs';

describe('the CLI bundle', () => {
  it('carries the built-in pack exactly as the source module validates it', async () => {
    const source = await precomputedBuiltinPackModule();
    const module = (await importModuleSource(source)) as { validateBuiltinPack(): unknown };
    // Strict: a key lost or an undefined value changed by the JSON round trip would show here.
    expect(module.validateBuiltinPack()).toStrictEqual(builtinPack());
    // A fresh copy each call, as RulePackSchema.parse gives: callers may not share mutations.
    expect(module.validateBuiltinPack()).not.toBe(module.validateBuiltinPack());
  });
});
