import { describe, expect, it } from 'vitest';
import { builtinPack } from '../shared/rules/builtin';
import {
  importModuleSource,
  precomputedBuiltinPackModule,
  precomputedBuiltinPackVitePlugin,
} from './builtinPackModule.mjs';

describe('the precomputed built-in pack (CLI bundle and renderer build)', () => {
  it('is exactly what the source module validates', async () => {
    const source = await precomputedBuiltinPackModule();
    const module = (await importModuleSource(source)) as { validateBuiltinPack(): unknown };
    // Strict: a key lost or an undefined value changed by the JSON round trip would show here.
    expect(module.validateBuiltinPack()).toStrictEqual(builtinPack());
    // A fresh copy each call, as RulePackSchema.parse gives: callers may not share mutations.
    expect(module.validateBuiltinPack()).not.toBe(module.validateBuiltinPack());
  });

  it('replaces only the pack module in the renderer build, and fails a build without it', () => {
    const plugin = precomputedBuiltinPackVitePlugin('export const x = 1;');
    const load = plugin.load as (id: string) => string | null;
    expect(load('/repo/shared/rules/builtin/index.ts')).toBeNull();
    expect(load('/repo/shared/rules/packSchema.ts')).toBeNull();
    const errors: string[] = [];
    const buildEnd = plugin.buildEnd as (this: { error(m: string): void }, e?: Error) => void;
    buildEnd.call({ error: (message) => errors.push(message) });
    expect(errors).toEqual([expect.stringContaining('was not in the bundle')]);
    expect(load('/repo/shared/rules/builtin/pack.ts?v=1')).toBe('export const x = 1;');
    errors.length = 0;
    buildEnd.call({ error: (message) => errors.push(message) });
    expect(errors).toEqual([]);
  });
});
