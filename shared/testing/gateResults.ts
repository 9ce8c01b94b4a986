/**
 * Hand-built gate results for the renderer tests (`shared/gate/output`). Test-only (compiled with
 * the test tsconfig). Each is parsed with `GateResultSchema`, so a fixture that drifts from the
 * structure fails loudly instead of testing something the gate can never produce.
 */
import {
  GATE_RESULT_VERSION,
  GateResultSchema,
  type FindingLevel,
  type GateFinding,
  type GateResult,
} from '../gate/gateResult';

const files: GateResult['files'] = {
  manifest: 'plan-gate.json',
  model: 'models/webshop.gatehouse.json',
  policy: '.gatehouse/policy.json',
};

const digests: GateResult['digests'] = {
  model: 'a'.repeat(64),
  manifestModel: 'a'.repeat(64),
  rulePacks: [{ id: 'builtin', version: '1.0.0', digest: 'b'.repeat(64) }],
};

function summarize(findings: readonly GateFinding[], features: number): GateResult['summary'] {
  const count = (level: FindingLevel): number => findings.filter((f) => f.level === level).length;
  return { features, errors: count('error'), warnings: count('warning'), notes: count('note') };
}

/** A result with its pass/fail, exit code and summary derived from the findings, as the gate does. */
export function gateResult(
  findings: GateFinding[],
  overrides: Partial<Pick<GateResult, 'branch' | 'files' | 'gatehouseVersion'>> & {
    features?: number;
  } = {},
): GateResult {
  const failed = findings.some((finding) => finding.level === 'error');
  return GateResultSchema.parse({
    resultVersion: GATE_RESULT_VERSION,
    gatehouseVersion: overrides.gatehouseVersion ?? '0.1.0',
    result: failed ? 'fail' : 'pass',
    exitCode: failed ? 1 : 0,
    branch: overrides.branch ?? { name: 'main', source: 'GITHUB_BASE_REF', protected: true },
    date: { today: '2026-12-01', source: '--now' },
    files: overrides.files ?? files,
    digests,
    summary: summarize(findings, overrides.features ?? 3),
    findings,
  });
}

/** A finding with plausible defaults: an open critical threat of the checkout feature. */
export function gateFinding(parts: Partial<GateFinding> = {}): GateFinding {
  return {
    check: 'GATE-004',
    feature: 'checkout',
    featureName: 'Checkout',
    threat: 'T-00000000000000a1',
    story: null,
    subject: null,
    severity: 'critical',
    level: 'error',
    message:
      'Threat T-00000000000000a1 ("Card data sniffed", critical) is open and no accepted story covers it.',
    remedy:
      'Accept story S-00000000000000b1 ("Encrypt card data in transit"), or triage the threat; then run `gatehouse gate write`.',
    location: { file: 'model', elementId: 'payment-api' },
    ...parts,
  };
}

/** Nothing to report, on a protected branch. */
export function passingResult(): GateResult {
  return gateResult([]);
}

/**
 * One finding of every check on a pull request into an unprotected branch: critical ones block,
 * high ones warn, medium and low ones are notes.
 */
export function failingResult(): GateResult {
  return gateResult(
    [
      gateFinding({
        check: 'GATE-001',
        feature: null,
        featureName: null,
        threat: null,
        story: null,
        severity: 'critical',
        level: 'error',
        message: 'The committed manifest is out of date: the model changed.',
        remedy:
          'The model or the rule packs changed since the manifest was written: run `gatehouse gate write` and commit.',
        location: { file: 'manifest', elementId: null },
      }),
      gateFinding({
        check: 'GATE-002',
        feature: null,
        featureName: null,
        threat: null,
        story: null,
        severity: 'critical',
        level: 'error',
        subject: { kind: 'pack', id: 'acme-cloud' },
        message: 'The rule pack "acme-cloud" is required by the policy but was not loaded.',
        remedy: 'Pass the pack with --rules <file>, or ask the security team to change the policy.',
        location: { file: 'policy', elementId: null },
      }),
      gateFinding({
        check: 'GATE-003',
        feature: 'login',
        featureName: 'Customer login',
        threat: null,
        severity: 'high',
        level: 'warning',
        message:
          'Feature "Customer login" is at high risk and has no documented security requirement.',
        remedy:
          'Accept the stories that cover its high threats (`gatehouse stories`, then `gatehouse triage accept-story`), then run `gatehouse gate write`.',
        location: { file: 'model', elementId: 'auth-service' },
      }),
      gateFinding(),
      gateFinding({
        check: 'GATE-005',
        feature: 'checkout',
        featureName: 'Checkout',
        threat: 'T-00000000000000a2',
        severity: 'medium',
        level: 'note',
        message:
          'Threat T-00000000000000a2 ("Order replay") is accepted, but the approval expired on 2025-01-31.',
        remedy:
          'Record a complete, current approval: `gatehouse triage status T-00000000000000a2 accepted --approver … --rationale … --expires YYYY-MM-DD` (at most 90 days), or reopen it.',
        location: { file: 'model', elementId: 'orders-db' },
      }),
      gateFinding({
        check: 'GATE-006',
        feature: 'login',
        featureName: 'Customer login',
        threat: null,
        story: 'S-00000000000000b2',
        severity: 'low',
        level: 'note',
        message:
          'Requirement S-00000000000000b2 ("Rate-limit logins") is low and needs a tracker key, but it has neither.',
        remedy: 'Attach one: `gatehouse triage story S-00000000000000b2 --tracker KEY-123`.',
        location: { file: 'model', elementId: 'auth-service' },
      }),
    ],
    { branch: { name: 'develop', source: 'GITHUB_BASE_REF', protected: false } },
  );
}

/**
 * Strings that attack each output: a forged GitHub workflow command after a newline, a forged
 * text finding line, XML that closes the test case, Markdown that breaks the table, HTML, ANSI
 * escapes, percent signs, entities, CDATA ends, bidi overrides, lone surrogates, emoji.
 */
export const HOSTILE = {
  featureName: 'Check\nout ::error::forged\r\n  error   GATE-001 critical -: forged finding',
  feature: 'check:out,1',
  threat: 'T-00000000000000a1\n::warning::forged',
  message:
    'Threat "</testcase><testcase name=\'x\'>" | table | <img src=x onerror=alert(1)> [link](javascript:alert(1)) `code` *bold* _em_ \\ ]]> &amp; 100% \u001b[31mred\u001b[0m\n::error file=x,line=1::forged\r::notice::forged\u2028::debug::x \u202eevil\u202c 🎉 \ud800 \u0000\u0007\ufffe',
  remedy: 'Run `rm -rf /` | really\n→ forged remedy\n::add-mask::secret %0A::error::decoded',
  elementId: 'api\n::error::x',
  branch: 'feature/x\n::error::branch %25',
  path: 'models/my shop, v2:final%.gatehouse.json',
} as const;

export function hostileResult(): GateResult {
  return gateResult(
    [
      gateFinding({
        feature: HOSTILE.feature,
        featureName: HOSTILE.featureName,
        threat: HOSTILE.threat,
        story: 'S-1 | <b>story</b>',
        message: HOSTILE.message,
        remedy: HOSTILE.remedy,
        location: { file: 'model', elementId: HOSTILE.elementId },
      }),
      gateFinding({
        check: 'GATE-003',
        feature: '_unassigned',
        featureName: '| table | row |\n| --- |',
        threat: null,
        severity: 'high',
        level: 'warning',
        message: '<script>alert("x")</script> \'single\' "double" ]]> &lt;',
        remedy: '::stop-commands::token\n::error::after stop',
        location: { file: 'manifest', elementId: null },
      }),
    ],
    {
      branch: { name: HOSTILE.branch, source: '--branch', protected: false },
      files: { manifest: 'plan-gate.json', model: HOSTILE.path, policy: null },
    },
  );
}

/** Half errors, four tenths warnings, one tenth notes: 30 findings give 15, 12 and 3. */
function levelAt(index: number): Pick<GateFinding, 'level' | 'severity'> {
  const tenth = index % 10;
  if (tenth < 5) return { level: 'error', severity: 'critical' };
  if (tenth < 9) return { level: 'warning', severity: 'high' };
  return { level: 'note', severity: 'medium' };
}

/**
 * `count` distinct threat findings over five features, on an unknown branch; with the default
 * 30, more errors and more warnings than GitHub annotates, and fewer notes.
 */
export function manyFindingsResult(count = 30): GateResult {
  const findings = Array.from({ length: count }, (_, index) => {
    const { level, severity } = levelAt(index);
    const threat = `T-${index.toString(16).padStart(16, '0')}`;
    const feature = `feature-${index % 5}`;
    return gateFinding({
      feature,
      featureName: `Feature ${index % 5}`,
      threat,
      severity,
      level,
      message: `Threat ${threat} is open and no accepted story covers it.`,
      remedy: 'Accept a story that covers it, then run `gatehouse gate write`.',
      location: { file: 'model', elementId: `element-${index}` },
    });
  });
  return gateResult(findings, {
    branch: { name: null, source: 'unknown', protected: true },
    features: 5,
  });
}
