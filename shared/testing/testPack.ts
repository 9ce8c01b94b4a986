/** A minimal rule pack for engine tests, independent of the built-in rules. Test-only. */
import { compilePacks, type CompiledPacks } from '../rules/engine';
import { RulePackSchema, type RulePackInput } from '../rules/packSchema';

export const TEST_MITIGATION = {
  id: 'M-TEST',
  title: 'Test',
  description: 'Test mitigation.',
  asvs: ['v5.0.0-12.1.1'],
  story: { asA: 'developer', iWant: 'tests', soThat: 'rules are checked' },
  acceptanceCriteria: [{ text: '{target} is tested', asvs: 'v5.0.0-12.1.1' }],
};

/** Compiles `rules` as the pack `id` with the test mitigation. */
export function compileTestPack(rules: RulePackInput['rules'], id = 'test'): CompiledPacks {
  return compilePacks([
    RulePackSchema.parse({
      format: 'gatehouse-rule-pack',
      schemaVersion: 1,
      id,
      version: '1.0.0',
      name: `Test pack ${id}`,
      mitigations: [TEST_MITIGATION],
      rules,
    }),
  ]);
}
