import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../gate/policy';
import { InputError } from '../model/errors';
import { buildModel, process } from '../testing/modelBuilder';
import { liftSuppression } from '../triage/suppressions';
import { BUILTIN_PACK_ID, builtinPack } from './builtin';
import { conditionLines, scopeText } from './conditionText';
import { disabledPacks } from './engine';
import { compareRules, compareThreats } from './packChanges';
import { isPackEnabled, packLockReason, setPackEnabled } from './packSettings';
import type { RulePack } from './packSchema';

describe('conditionLines', () => {
  it('renders combinators with their parts indented below them', () => {
    const lines = conditionLines({
      kind: 'all',
      of: [
        {
          kind: 'property',
          subject: 'flow',
          property: 'encryptedInTransit',
          op: 'eq',
          value: 'no',
        },
        { kind: 'not', condition: { kind: 'tag', subject: 'target', tag: 'audit' } },
        { kind: 'property', subject: 'target', property: 'privilegeLevel', op: 'isUnknown' },
      ],
    });
    expect(lines).toEqual([
      { depth: 0, text: 'all of' },
      { depth: 1, text: 'flow: encryptedInTransit is no' },
      { depth: 1, text: 'not' },
      { depth: 2, text: 'target: has the tag "audit"' },
      { depth: 1, text: 'target: privilegeLevel is unknown' },
    ]);
  });

  it('has text for every condition of the built-in pack (no empty or undefined parts)', () => {
    for (const rule of builtinPack().rules) {
      for (const line of conditionLines(rule.condition)) {
        expect(line.text).not.toMatch(/undefined|^\s*$/);
      }
    }
  });

  it('names the element kinds of an element scope', () => {
    expect(scopeText({ kind: 'element', elementKinds: ['process', 'dataStore'] })).toBe(
      'element: process/dataStore',
    );
    expect(scopeText({ kind: 'flow' })).toBe('flow');
  });
});

describe('compareRules and compareThreats', () => {
  const pack = builtinPack();
  const [first, second, third] = pack.rules;

  it('lists rules added, removed and changed between two versions', () => {
    const next: RulePack = {
      ...pack,
      version: '1.1.0',
      rules: [
        { ...first!, impact: first!.impact === 5 ? 4 : 5 },
        third!,
        { ...second!, id: 'X-S-001' },
      ],
    };
    const before: RulePack = { ...pack, rules: [first!, second!, third!] };
    expect(compareRules(before, next)).toEqual({
      added: ['X-S-001'],
      removed: [second!.id],
      changed: [first!.id],
    });
  });

  it('lists threat IDs found only after and only before', () => {
    expect(compareThreats([{ id: 'T-a' }, { id: 'T-b' }], [{ id: 'T-b' }, { id: 'T-c' }])).toEqual({
      added: ['T-c'],
      removed: ['T-a'],
    });
  });
});

describe('setPackEnabled', () => {
  const model = buildModel({ elements: [process('api')] });

  it('disables and re-enables a pack the policy does not require', () => {
    const disabled = setPackEnabled(model, 'acme', false, DEFAULT_POLICY);
    expect(isPackEnabled(disabled, 'acme')).toBe(false);
    expect(disabledPacks(disabled)).toEqual(new Set(['acme']));
    const enabled = setPackEnabled(disabled, 'acme', true, DEFAULT_POLICY);
    expect(isPackEnabled(enabled, 'acme')).toBe(true);
    expect(enabled.rulePacks).toEqual([{ id: 'acme', enabled: true }]);
    expect(setPackEnabled(enabled, 'acme', true, DEFAULT_POLICY)).toBe(enabled);
  });

  it('refuses to disable a pack the policy requires, and says why', () => {
    expect(packLockReason(BUILTIN_PACK_ID, DEFAULT_POLICY)).toMatch(/policy requires/);
    expect(packLockReason('acme', DEFAULT_POLICY)).toBeNull();
    expect(() => setPackEnabled(model, BUILTIN_PACK_ID, false, DEFAULT_POLICY)).toThrow(InputError);
  });
});

describe('liftSuppression', () => {
  it('removes the suppression and refuses an unknown one', () => {
    const model = buildModel({
      elements: [process('api')],
      suppressions: [
        { id: 'sup-1', packId: 'p', ruleId: 'R-001', elementId: 'api' },
        { id: 'sup-2', packId: 'p', ruleId: 'R-002', elementId: null },
      ],
    });
    expect(liftSuppression(model, 'sup-1').suppressions.map((s) => s.id)).toEqual(['sup-2']);
    expect(() => liftSuppression(model, 'sup-9')).toThrow(/no suppression "sup-9"/);
  });
});
