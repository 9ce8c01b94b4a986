import { describe, expect, it } from 'vitest';
import { failingResult, gateFinding, gateResult } from '../../testing/gateResults';
import type { GateResult } from '../gateResult';
import {
  branchDescription,
  featureLabel,
  groupByFeature,
  listInWords,
  outcomeReason,
  sortFindings,
  subjectOf,
} from './findings';

describe('sortFindings', () => {
  it('orders by level, then severity, then check, then feature and subject', () => {
    const sorted = sortFindings(failingResult().findings);
    expect(sorted.map((f) => `${f.level} ${f.severity} ${f.check}`)).toEqual([
      'error critical GATE-001',
      'error critical GATE-002',
      'error critical GATE-004',
      'warning high GATE-003',
      'note medium GATE-005',
      'note low GATE-006',
    ]);
  });

  it('gives the same order whatever the input order, even for findings sharing every ID', () => {
    const findings = [
      gateFinding({ message: 'b' }),
      gateFinding({ message: 'a' }),
      gateFinding({ threat: 'T-0000000000000001' }),
    ];
    expect(sortFindings(findings)).toEqual(sortFindings([...findings].reverse()));
    expect(sortFindings(findings).map((f) => f.message)).toEqual([findings[2]?.message, 'a', 'b']);
  });
});

describe('groupByFeature', () => {
  it('puts the whole gate first, then features by their most urgent finding, then by ID', () => {
    const groups = groupByFeature([
      gateFinding({ feature: 'b', level: 'note', severity: 'low' }),
      gateFinding({ feature: 'c', level: 'warning', severity: 'high' }),
      gateFinding({ feature: 'a', level: 'warning', severity: 'high' }),
      gateFinding({ feature: null, featureName: null, check: 'GATE-001', level: 'error' }),
      gateFinding({ feature: 'b', level: 'error', severity: 'critical' }),
    ]);
    expect(groups.map((g) => [g.feature, g.findings.map((f) => f.level)])).toEqual([
      [null, ['error']],
      ['b', ['error', 'note']],
      ['a', ['warning']],
      ['c', ['warning']],
    ]);
  });
});

describe('wording', () => {
  it('names features and subjects', () => {
    expect(featureLabel('checkout', 'Checkout')).toBe('Checkout (checkout)');
    expect(featureLabel('checkout', null)).toBe('checkout');
    expect(featureLabel('checkout', 'checkout')).toBe('checkout');
    expect(featureLabel(null, null)).toBe('whole gate');
    expect(subjectOf(gateFinding({ story: 'S-1' }))).toBe('T-00000000000000a1 / S-1');
    expect(subjectOf(gateFinding({ threat: null }))).toBeNull();
  });

  it('lists in words', () => {
    expect([
      listInWords([]),
      listInWords(['a']),
      listInWords(['a', 'b']),
      listInWords(['a', 'b', 'c']),
    ]).toEqual(['', 'a', 'a and b', 'a, b and c']);
  });

  it('explains the outcome in one sentence', () => {
    expect(outcomeReason(gateResult([]))).toBe('no findings.');
    expect(outcomeReason(gateResult([gateFinding({ level: 'warning', severity: 'high' })]))).toBe(
      'nothing blocks the gate; 1 warning to review.',
    );
    expect(outcomeReason(gateResult([gateFinding(), gateFinding({ threat: 'T-2' })]))).toBe(
      '2 findings block the gate (GATE-004 threat-not-covered x2).',
    );
    expect(outcomeReason(gateResult([gateFinding()]))).toBe(
      '1 finding blocks the gate (GATE-004 threat-not-covered).',
    );
    const failedWithoutError: GateResult = { ...gateResult([]), result: 'fail', exitCode: 1 };
    expect(outcomeReason(failedWithoutError)).toBe(
      'the gate failed (exit code 1) but reported no blocking finding.',
    );
  });

  it('describes the branch, quoting only its name', () => {
    const quote = (name: string) => `<${name}>`;
    expect(branchDescription({ name: 'main', source: '--branch', protected: true }, quote)).toBe(
      '<main> (from --branch), protected',
    );
    expect(
      branchDescription({ name: 'dev', source: 'CI_COMMIT_BRANCH', protected: false }, quote),
    ).toBe('<dev> (from CI_COMMIT_BRANCH), not protected');
    expect(branchDescription({ name: null, source: 'unknown', protected: true }, quote)).toBe(
      'no branch known: treated as protected',
    );
  });
});
