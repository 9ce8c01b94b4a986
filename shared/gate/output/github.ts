/**
 * The gate result for GitHub Actions: workflow-command annotations (shown on the pull request's
 * files) and Markdown for the job summary (`$GITHUB_STEP_SUMMARY`).
 *
 * Both carry user text into places that interpret it. The runner executes any log line that
 * starts with `::`, so an annotation is one physical line whatever its message contains; the
 * summary is rendered as GitHub Markdown, so user text is escaped until it is only text.
 */
import { defuseAutolinks } from '../../util/markdownAutolinks';
import { GATE_CHECKS, type FindingLevel, type GateResult } from '../gateResult';
import { multiLine, singleLine, truncate } from './cleanText';
import {
  LEVELS,
  listInWords,
  branchDescription,
  countByLevel,
  featureLabel,
  levelCounts,
  outcomeReason,
  plural,
  sortFindings,
  subjectOf,
} from './findings';
import { usableStartLine, type LocateFinding } from './locate';

/** GitHub shows at most 10 annotations of each kind per step and drops the rest silently. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;
/** Rows of the summary table; the summary of a step must stay under 1 MiB. */
export const MAX_SUMMARY_ROWS = 200;
/** Code points per table cell, for the same limit (a message embeds user titles). */
const MAX_CELL_LENGTH = 500;

const COMMAND_FOR_LEVEL: Readonly<Record<FindingLevel, string>> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

/** GitHub's escaping of a workflow command's message (`@actions/core`, `escapeData`). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/gu, '%25').replace(/\r/gu, '%0D').replace(/\n/gu, '%0A');
}

/** GitHub's escaping of a workflow command's property value (`escapeProperty`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/gu, '%3A').replace(/,/gu, '%2C');
}

/**
 * One `::error` / `::warning` / `::notice` line per finding, most urgent first, at most
 * {@link MAX_ANNOTATIONS_PER_LEVEL} of each; then, if some were left out, one plain line (not a
 * command, which would itself be over the limit) saying how many.
 */
export function renderGithubAnnotations(result: GateResult, locate: LocateFinding): string[] {
  const shown: Record<FindingLevel, number> = { error: 0, warning: 0, note: 0 };
  const leftOut: Record<FindingLevel, number> = { error: 0, warning: 0, note: 0 };
  const lines: string[] = [];
  // A threat in several features yields one finding per feature; the few annotation slots go to
  // distinct problems first (the same check on the same threat or story is annotated once).
  const annotated = new Set<string>();
  for (const finding of sortFindings(result.findings)) {
    const problem =
      finding.threat !== null || finding.story !== null
        ? `${finding.check}|${finding.threat}|${finding.story}`
        : null;
    if (problem !== null && annotated.has(problem)) {
      leftOut[finding.level] += 1;
      continue;
    }
    if (shown[finding.level] >= MAX_ANNOTATIONS_PER_LEVEL) {
      leftOut[finding.level] += 1;
      continue;
    }
    shown[finding.level] += 1;
    if (problem !== null) annotated.add(problem);
    const location = locate(finding);
    const title = `Gatehouse ${finding.check} ${GATE_CHECKS[finding.check].name} (${finding.severity}): ${featureLabel(finding.feature, finding.featureName)}`;
    const properties = [
      // The path as is (only escaped): cleaning it could name another file.
      `file=${escapeCommandProperty(location.uri)}`,
      `line=${usableStartLine(location.startLine)}`,
      `title=${escapeCommandProperty(singleLine(title))}`,
    ].join(',');
    const message = `${multiLine(finding.message)}\n→ ${multiLine(finding.remedy)}`;
    lines.push(
      `::${COMMAND_FOR_LEVEL[finding.level]} ${properties}::${escapeCommandData(message)}`,
    );
  }
  const omitted = LEVELS.filter((level) => leftOut[level] > 0).map((level) =>
    plural(leftOut[level], `more ${level}`),
  );
  if (omitted.length > 0) {
    lines.push(
      `Gatehouse: ${listInWords(omitted)} not annotated (GitHub shows at most ${MAX_ANNOTATIONS_PER_LEVEL} of each kind per step): see the job summary and the log.`,
    );
  }
  return lines;
}

/**
 * User text as inert inline Markdown (also safe in a table cell): one line, and every character that could
 * start markup or end the cell backslash-escaped (backslash first, so escapes are not doubled).
 */
export function escapeMarkdownInline(text: string): string {
  return defuseAutolinks(
    truncate(singleLine(text), MAX_CELL_LENGTH).replace(/[\\`*_[\]<>|&~]/gu, (c) => `\\${c}`),
  );
}

export function renderGithubSummary(result: GateResult): string {
  const findings = sortFindings(result.findings);
  const outcome = result.result === 'pass' ? 'PASS' : 'FAIL';
  const lines = [
    `## Gatehouse Plan-stage gate: ${outcome}`,
    '',
    `**${outcome}**: ${outcomeReason(result)}`,
    '',
    `**Branch**: ${branchDescription(result.branch, escapeMarkdownInline)}.`,
    '',
  ];
  if (findings.length > 0) {
    lines.push(
      '| Feature | Threat | Severity | Level | Message | Remedy |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const finding of findings.slice(0, MAX_SUMMARY_ROWS)) {
      const cells = [
        featureLabel(finding.feature, finding.featureName),
        subjectOf(finding) ?? '-',
        finding.severity,
        finding.level,
        finding.message,
        finding.remedy,
      ].map(escapeMarkdownInline);
      lines.push(`| ${cells.join(' | ')} |`);
    }
    if (findings.length > MAX_SUMMARY_ROWS) {
      lines.push(
        '',
        `_${plural(findings.length - MAX_SUMMARY_ROWS, 'more finding')} not shown: the table lists the first ${MAX_SUMMARY_ROWS}, most urgent first. The full list is in the log (\`gatehouse gate verify\`) and the SARIF report._`,
      );
    }
    lines.push('');
  }
  lines.push(
    `${levelCounts(countByLevel(findings))} in ${plural(result.summary.features, 'feature')}; exit code ${result.exitCode}.`,
    '',
  );
  return lines.join('\n');
}
