/**
 * The gate result as a developer reads it in a CI log (`gatehouse gate verify`, default format).
 *
 * Every line starts with text of ours — a fixed word or indentation followed by a level, never
 * user text — and user text is reduced to one line (see `cleanText.ts`), so a feature name or
 * threat title can neither forge a finding line nor start a GitHub workflow command (`::…`),
 * which the Actions runner would execute from the log.
 */
import type { GateFinding, GateResult } from '../gateResult';
import { singleLine } from './cleanText';
import {
  branchDescription,
  countByLevel,
  featureLabel,
  groupByFeature,
  levelCounts,
  outcomeReason,
  plural,
  subjectOf,
} from './findings';

const LEVEL_WIDTH = 'warning'.length;
const SEVERITY_WIDTH = 'critical'.length;
const FINDING_INDENT = '  ';
const REMEDY_INDENT = '    ';

export function renderGateText(result: GateResult): string {
  const lines: string[] = [
    `${result.result === 'pass' ? 'PASS' : 'FAIL'}: ${outcomeReason(result)}`,
    `Branch: ${branchDescription(result.branch, (name) => `"${singleLine(name)}"`)}.`,
    `Date: ${singleLine(result.date.today)} (${result.date.source === 'clock' ? 'the clock' : `from ${result.date.source}`}); approvals and suppressions are judged on this day.`,
    `Files: manifest ${singleLine(result.files.manifest)}, model ${singleLine(result.files.model)}, policy ${result.files.policy === null ? 'built-in defaults (no .gatehouse/policy.json here)' : singleLine(result.files.policy)}.`,
  ];
  for (const group of groupByFeature(result.findings)) {
    lines.push('', groupHeading(group.feature, group.featureName));
    for (const finding of group.findings) lines.push(...findingLines(finding));
  }
  const counts = countByLevel(result.findings);
  lines.push(
    '',
    `Summary: ${levelCounts(counts)} in ${plural(result.summary.features, 'feature')}; exit code ${result.exitCode}.`,
  );
  return `${lines.join('\n')}\n`;
}

function groupHeading(feature: string | null, featureName: string | null): string {
  if (feature === null) return 'Whole gate (manifest, policy, rule packs):';
  return `Feature ${singleLine(featureLabel(feature, featureName))}:`;
}

/** `  error   GATE-004 critical T-…: message` then `    → remedy`. */
function findingLines(finding: GateFinding): [string, string] {
  const subject = subjectOf(finding);
  const head = [
    finding.level.padEnd(LEVEL_WIDTH),
    finding.check,
    finding.severity.padEnd(SEVERITY_WIDTH),
    subject === null ? '-' : singleLine(subject),
  ].join(' ');
  return [
    `${FINDING_INDENT}${head}: ${singleLine(finding.message)}`,
    `${REMEDY_INDENT}→ ${singleLine(finding.remedy)}`,
  ];
}
