import { describe, expect, it } from 'vitest';
import {
  HOSTILE,
  failingResult,
  gateFinding,
  gateResult,
  hostileResult,
  manyFindingsResult,
  passingResult,
} from '../../testing/gateResults';
import { renderGateText } from './text';

/** The shapes every line of the text output may have; none can start with user text. */
const LINE_SHAPES = [
  /^$/u,
  /^(PASS|FAIL): /u,
  /^Branch: /u,
  /^Files: manifest /u,
  /^Date: /u,
  /^Whole gate \(manifest, policy, rule packs\):$/u,
  /^Feature .+:$/u,
  /^ {2}(error {2}|warning|note {3}) GATE-00[1-6] (critical|high {4}|medium {2}|low {5}) \S/u,
  /^ {4}→ /u,
  /^Summary: /u,
];

function lines(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('renderGateText', () => {
  it('says PASS, the branch, and the counts when there is nothing to report', () => {
    expect(renderGateText(passingResult())).toBe(
      [
        'PASS: no findings.',
        'Branch: "main" (from GITHUB_BASE_REF), protected.',
        'Date: 2026-12-01 (from --now); approvals and suppressions are judged on this day.',
        'Files: manifest plan-gate.json, model models/webshop.gatehouse.json, policy .gatehouse/policy.json.',
        '',
        'Summary: 0 errors, 0 warnings, 0 notes in 3 features; exit code 0.',
        '',
      ].join('\n'),
    );
  });

  it('says why a passing gate with warnings passed', () => {
    const result = gateResult([
      gateFinding({ severity: 'high', level: 'warning' }),
      gateFinding({ threat: 'T-00000000000000a9', severity: 'low', level: 'note' }),
    ]);
    expect(lines(renderGateText(result))[0]).toBe(
      'PASS: nothing blocks the gate; 1 warning and 1 note to review.',
    );
  });

  it('renders a failing result: the blocking checks, the branch, findings by feature, errors first', () => {
    expect(renderGateText(failingResult())).toBe(
      [
        'FAIL: 3 findings block the gate (GATE-001 manifest-stale, GATE-002 required-pack, GATE-004 threat-not-covered).',
        'Branch: "develop" (from GITHUB_BASE_REF), not protected.',
        'Date: 2026-12-01 (from --now); approvals and suppressions are judged on this day.',
        'Files: manifest plan-gate.json, model models/webshop.gatehouse.json, policy .gatehouse/policy.json.',
        '',
        'Whole gate (manifest, policy, rule packs):',
        '  error   GATE-001 critical -: The committed manifest is out of date: the model changed.',
        '    → The model or the rule packs changed since the manifest was written: run `gatehouse gate write` and commit.',
        '  error   GATE-002 critical -: The rule pack "acme-cloud" is required by the policy but was not loaded.',
        '    → Pass the pack with --rules <file>, or ask the security team to change the policy.',
        '',
        'Feature Checkout (checkout):',
        '  error   GATE-004 critical T-00000000000000a1: Threat T-00000000000000a1 ("Card data sniffed", critical) is open and no accepted story covers it.',
        '    → Accept story S-00000000000000b1 ("Encrypt card data in transit"), or triage the threat; then run `gatehouse gate write`.',
        '  note    GATE-005 medium   T-00000000000000a2: Threat T-00000000000000a2 ("Order replay") is accepted, but the approval expired on 2025-01-31.',
        '    → Record a complete, current approval: `gatehouse triage status T-00000000000000a2 accepted --approver … --rationale … --expires YYYY-MM-DD` (at most 90 days), or reopen it.',
        '',
        'Feature Customer login (login):',
        '  warning GATE-003 high     -: Feature "Customer login" is at high risk and has no documented security requirement.',
        '    → Accept the stories that cover its high threats (`gatehouse stories`, then `gatehouse triage accept-story`), then run `gatehouse gate write`.',
        '  note    GATE-006 low      S-00000000000000b2: Requirement S-00000000000000b2 ("Rate-limit logins") is low and needs a tracker key, but it has neither.',
        '    → Attach one: `gatehouse triage story S-00000000000000b2 --tracker KEY-123`.',
        '',
        'Summary: 3 errors, 1 warning, 2 notes in 3 features; exit code 1.',
        '',
      ].join('\n'),
    );
  });

  it('says when no branch is known that it is treated as protected', () => {
    expect(lines(renderGateText(manyFindingsResult()))[1]).toBe(
      'Branch: no branch known: treated as protected.',
    );
  });

  it('does not depend on the order of the findings it is given', () => {
    const result = failingResult();
    const reversed = { ...result, findings: [...result.findings].reverse() };
    expect(renderGateText(reversed)).toBe(renderGateText(result));
  });

  it('names a feature by its ID when its name is unknown', () => {
    const result = gateResult([gateFinding({ featureName: null })]);
    expect(lines(renderGateText(result))).toContain('Feature checkout:');
  });

  it.each([
    ['passing', passingResult()],
    ['failing', failingResult()],
    ['hostile', hostileResult()],
    ['30 findings', manyFindingsResult()],
  ])(
    'gives every line of the %s result one of its own shapes, so none can be forged',
    (_name, result) => {
      for (const line of lines(renderGateText(result)))
        expect(
          LINE_SHAPES.some((shape) => shape.test(line)),
          `unexpected line: ${JSON.stringify(line)}`,
        ).toBe(true);
    },
  );

  describe('with hostile user text', () => {
    const text = renderGateText(hostileResult());

    it('prints one heading, one finding line and one remedy line per finding, and no command', () => {
      const all = lines(text);
      expect(all.filter((line) => line.trimStart().startsWith('::'))).toEqual([]);
      expect(all.filter((line) => /^ {2}\S/u.test(line))).toHaveLength(2);
      expect(all.filter((line) => line.startsWith('    → '))).toHaveLength(2);
      expect(all.filter((line) => line.startsWith('Feature '))).toHaveLength(2);
    });

    it('keeps no control character, no bidi override and no lone surrogate', () => {
      // eslint-disable-next-line no-control-regex -- looking for control characters is the test
      expect(text.replace(/\n/gu, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/u);
      expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u2028\u2029]/u);
      expect(text).not.toMatch(/[\ud800-\udfff]/u);
      expect(text).toContain('🎉');
    });

    it('keeps the user text readable on its line', () => {
      expect(text).toContain(
        'Branch: "feature/x ::error::branch %25" (from --branch), not protected.',
      );
      expect(text).toContain(
        'Feature Check out ::error::forged error GATE-001 critical -: forged finding (check:out,1):',
      );
      expect(text).toContain(
        '    → Run `rm -rf /` | really → forged remedy ::add-mask::secret %0A::error::decoded',
      );
      expect(text).toContain(
        `${HOSTILE.threat.replace('\n', ' ')} / S-1 | <b>story</b>: Threat "</testcase>`,
      );
    });
  });
});
