/**
 * The gate result as SARIF 2.1.0 for GitHub code scanning (`--format sarif`). Follows GitHub's
 * subset: a driver with one rule per gate check, and results that each carry a rule, a level, a
 * message, exactly one physical location and partial fingerprints, so that an alert keeps its
 * identity from one run to the next.
 */
import { sha256Hex } from '../../util/sha256';
import {
  GATE_CHECKS,
  SECURITY_SEVERITY,
  type FindingLevel,
  type GateCheckId,
  type GateFinding,
  type GateResult,
} from '../gateResult';
import { singleLine } from './cleanText';
import { CHECK_IDS, sortFindings } from './findings';
import { usableStartLine, type LocateFinding } from './locate';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const GATEHOUSE_INFORMATION_URI = 'https://www.npmjs.com/package/gatehouse-tm';
/** `runs[].automationDetails.id`: the category under which GitHub keeps these alerts apart. */
export const SARIF_AUTOMATION_ID = 'gatehouse/plan-gate/';
/** The `partialFingerprints` key; the version suffix lets the recipe change without clashes. */
export const FINGERPRINT_KEY = 'gatehouseFinding/v1';

interface SarifText {
  text: string;
}

export interface SarifRule {
  id: GateCheckId;
  name: string;
  shortDescription: SarifText;
  fullDescription: SarifText;
  help: SarifText;
  defaultConfiguration: { level: FindingLevel };
  /**
   * GitHub code scanning reads `security-severity` from the rule, not the result: each rule
   * carries the highest severity among this run's results of that check (results keep their
   * own, as PRODUCT.md asks). A check with no result in the run gets none.
   */
  properties: { tags: string[]; 'security-severity'?: string };
}

export interface SarifResult {
  ruleId: GateCheckId;
  ruleIndex: number;
  level: FindingLevel;
  message: SarifText;
  locations: [
    {
      physicalLocation: {
        artifactLocation: { uri: string };
        region: { startLine: number };
      };
    },
  ];
  partialFingerprints: Record<string, string>;
  properties: {
    'security-severity': string;
    severity: GateFinding['severity'];
    feature: string | null;
    threat: string | null;
    story: string | null;
  };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: {
        driver: {
          name: 'Gatehouse';
          version: string;
          informationUri: string;
          rules: SarifRule[];
        };
      };
      automationDetails: { id: string };
      results: SarifResult[];
    },
  ];
}

/**
 * What each check means and how to fix it, for the rule help GitHub shows next to an alert. The
 * finding's own message and remedy say the specifics; this is the general account.
 */
const CHECK_HELP: Readonly<
  Record<GateCheckId, { description: string; help: string; defaultLevel: FindingLevel }>
> = {
  'GATE-001': {
    description:
      'The committed plan-gate manifest differs from the one Gatehouse recomputes from the model, the rule packs and the policy: the threat model or the packs changed after the manifest was written, or the manifest was edited by hand. The gate fails on every branch.',
    help: 'Run `gatehouse gate write`, review the manifest change, and commit it together with the model change.',
    defaultLevel: 'error',
  },
  'GATE-002': {
    description:
      'The policy requires a rule pack that was not loaded or that the model switches off, so the threats that pack finds were not analysed. The gate fails on every branch.',
    help: 'Enable the pack in the model (`rulePacks`) or pass it with `--rules`, then run `gatehouse gate write`; if the requirement is wrong, ask the security team to change the policy.',
    defaultLevel: 'error',
  },
  'GATE-003': {
    description:
      'A feature at high or critical risk has no documented security requirement: none of its security stories has been accepted (planned, in progress or done).',
    help: "Accept the stories that cover the feature's high and critical threats, then run `gatehouse gate write` and commit.",
    defaultLevel: 'warning',
  },
  'GATE-004': {
    description:
      'A threat at high or critical severity is open or under investigation, and no accepted story lists its ID.',
    help: 'Accept a story that covers the threat, or triage the threat (accept it with an approval, or mark it not applicable), then run `gatehouse gate write` and commit.',
    defaultLevel: 'warning',
  },
  'GATE-005': {
    description:
      "An approval (of an accepted, not-applicable or transferred threat, or of a severity override) or a suppression has expired, lacks an approver, a rationale or an expiry date, or lasts longer than the policy's maximum.",
    help: 'Record a complete, current approval — approver, rationale and an expiry within the policy maximum — or remove the suppression or reopen the threat.',
    defaultLevel: 'warning',
  },
  'GATE-006': {
    description:
      'An accepted requirement at a severity the policy names lacks the tracker key, or the repository document mentioning its story ID, that the policy asks for.',
    help: 'Attach a tracker key to the story, or a document path to a file in the repository that mentions the story ID, as the policy asks.',
    defaultLevel: 'warning',
  },
};

export function gateSarifRules(findings: readonly GateFinding[] = []): SarifRule[] {
  const worst = new Map<GateCheckId, GateFinding['severity']>();
  const rank = ['low', 'medium', 'high', 'critical'];
  for (const finding of findings) {
    const current = worst.get(finding.check);
    if (current === undefined || rank.indexOf(finding.severity) > rank.indexOf(current))
      worst.set(finding.check, finding.severity);
  }
  return CHECK_IDS.map((check) => ({
    id: check,
    name: GATE_CHECKS[check].name,
    shortDescription: { text: GATE_CHECKS[check].title },
    fullDescription: { text: CHECK_HELP[check].description },
    help: { text: CHECK_HELP[check].help },
    // Results always state their own level (it depends on severity and branch); this default
    // says what the check does when nothing lowers it.
    defaultConfiguration: { level: CHECK_HELP[check].defaultLevel },
    properties: {
      tags: ['security', 'threat-model'],
      ...(worst.has(check) ? { 'security-severity': SECURITY_SEVERITY[worst.get(check)!] } : {}),
    },
  }));
}

/**
 * The stable identity of a finding across runs: check, feature, threat, story and where it is
 * (the location tells apart two suppressions on different elements, which share every ID).
 * Never the message, whose wording and dates change while the problem stays the same.
 */
function identityOf(finding: GateFinding): string {
  return JSON.stringify([
    FINGERPRINT_KEY,
    finding.check,
    finding.feature,
    finding.threat,
    finding.story,
    finding.subject === null ? null : `${finding.subject.kind}:${finding.subject.id}`,
    finding.location.file,
    finding.location.elementId,
  ]);
}

/**
 * A function giving each finding its fingerprint, to be called in a stable order. Findings that
 * share an identity (two missing rule packs: the pack is named only in the message) get an
 * ordinal after the first, so that different findings never share a fingerprint — GitHub would
 * merge them into one alert.
 */
function fingerprinter(): (finding: GateFinding) => string {
  const seen = new Map<string, number>();
  return (finding) => {
    const identity = identityOf(finding);
    const occurrence = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, occurrence);
    return sha256Hex(occurrence === 1 ? identity : `${identity}#${occurrence}`);
  };
}

/**
 * A relative path as a URI reference: each segment percent-encoded, so that spaces, `#`, `%` or
 * a `C:` prefix cannot change what the reference means (SARIF requires a valid URI).
 */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function renderGateSarif(result: GateResult, locate: LocateFinding): SarifLog {
  const fingerprintOf = fingerprinter();
  // Sorted first: the order decides which of two same-identity findings gets the ordinal.
  const results = sortFindings(result.findings).map((finding): SarifResult => {
    const location = locate(finding);
    return {
      ruleId: finding.check,
      ruleIndex: CHECK_IDS.indexOf(finding.check),
      level: finding.level,
      message: {
        text: `${singleLine(finding.message)}\nTo fix: ${singleLine(finding.remedy)}`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: pathToUri(location.uri) },
            region: { startLine: usableStartLine(location.startLine) },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf(finding) },
      properties: {
        'security-severity': SECURITY_SEVERITY[finding.severity],
        severity: finding.severity,
        feature: finding.feature,
        threat: finding.threat,
        story: finding.story,
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Gatehouse',
            version: result.gatehouseVersion,
            informationUri: GATEHOUSE_INFORMATION_URI,
            rules: gateSarifRules(result.findings),
          },
        },
        automationDetails: { id: SARIF_AUTOMATION_ID },
        results,
      },
    ],
  };
}
