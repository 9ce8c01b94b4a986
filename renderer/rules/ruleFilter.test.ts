import { describe, expect, it } from 'vitest';
import { builtinPack } from '../../shared/rules/builtin';
import { capecUrl, cweUrl, filterRules } from './ruleFilter';

describe('filterRules', () => {
  const packs = [builtinPack()];

  it('lists every rule without a filter', () => {
    expect(filterRules(packs, '', null)).toHaveLength(builtinPack().rules.length);
  });

  it('finds rules by ID, by text and by CWE, within a category', () => {
    expect(filterRules(packs, 'stride-i-001', null).map((r) => r.rule.id)).toEqual([
      'STRIDE-I-001',
    ]);
    const tampering = filterRules(packs, '', 'Tampering');
    expect(tampering.length).toBeGreaterThan(0);
    expect(tampering.every((r) => r.rule.category === 'Tampering')).toBe(true);
    const cwe319 = filterRules(packs, 'CWE-319', null);
    expect(cwe319.length).toBeGreaterThan(0);
    expect(cwe319.every((r) => r.rule.cwe.includes(319))).toBe(true);
    expect(filterRules(packs, 'no rule says this', null)).toEqual([]);
  });

  it('links CWE and CAPEC entries to MITRE over https', () => {
    expect(cweUrl(319)).toBe('https://cwe.mitre.org/data/definitions/319.html');
    expect(capecUrl(157)).toBe('https://capec.mitre.org/data/definitions/157.html');
  });
});
