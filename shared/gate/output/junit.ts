/**
 * The gate result as JUnit XML, the test report format GitLab shows in merge requests
 * (`--format junit`, `artifacts:reports:junit`). One test case per finding: errors fail it,
 * warnings and notes pass with the finding in `<system-out>`, so the report shows them without
 * failing anything the gate did not fail.
 *
 * GitLab keys test cases by suite, class name and name and keeps one case per key, so names are
 * made unique; and the report is never empty (an empty report reads as "no tests ran").
 */
import { GATE_CHECKS, type GateFinding, type GateResult } from '../gateResult';
import { singleLine } from './cleanText';
import { featureLabel, outcomeReason, sortFindings, subjectOf } from './findings';

export const JUNIT_SUITE_NAME = 'gatehouse plan-gate';

/**
 * Characters XML 1.0 does not allow at all, not even as character references: controls other
 * than tab, LF and CR, lone surrogates (in `u` mode a pair is one code point), U+FFFE and U+FFFF.
 */
// eslint-disable-next-line security/detect-unsafe-regex -- one character class: nothing to backtrack
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Escapes for text content. CR is a reference because parsers turn a literal CR into LF. */
const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};
/** Attributes also need tab and LF as references: parsers normalise them to spaces otherwise. */
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  '\t': '&#9;',
  '\n': '&#10;',
};

export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHARACTER, '').replace(/[&<>"'\r]/gu, (c) => TEXT_ESCAPES[c] ?? c);
}

export function escapeXmlAttribute(text: string): string {
  return text
    .replace(NOT_XML_CHARACTER, '')
    .replace(/[&<>"'\r\t\n]/gu, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

function attributes(values: Readonly<Record<string, string | number | null>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== null)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

interface TestCase {
  classname: string;
  name: string;
  file: string | null;
  /** Present when the case fails. */
  failure: { message: string; type: string; body: string } | null;
  systemOut: string | null;
}

function fileOf(result: GateResult, finding: GateFinding): string | null {
  switch (finding.location.file) {
    case 'model':
      return result.files.model;
    case 'manifest':
      return result.files.manifest;
    case 'policy':
      return result.files.policy;
  }
}

/** What a person needs to act on a finding, one fact a line. */
function findingDetails(result: GateResult, finding: GateFinding): string {
  const file = fileOf(result, finding);
  return [
    singleLine(finding.message),
    `→ ${singleLine(finding.remedy)}`,
    `check: ${finding.check} ${GATE_CHECKS[finding.check].name}`,
    `level: ${finding.level}, severity: ${finding.severity}`,
    `feature: ${singleLine(featureLabel(finding.feature, finding.featureName))}`,
    ...(finding.threat === null ? [] : [`threat: ${singleLine(finding.threat)}`]),
    ...(finding.story === null ? [] : [`story: ${singleLine(finding.story)}`]),
    ...(file === null ? [] : [`file: ${singleLine(file)}`]),
    ...(finding.location.elementId === null
      ? []
      : [`element: ${singleLine(finding.location.elementId)}`]),
  ].join('\n');
}

function testCaseFor(result: GateResult, finding: GateFinding): TestCase {
  const subject = subjectOf(finding);
  const feature = featureLabel(finding.feature, finding.featureName);
  const details = findingDetails(result, finding);
  return {
    classname: finding.check,
    name: singleLine(subject === null ? feature : `${feature}: ${subject}`),
    file: fileOf(result, finding),
    failure:
      finding.level === 'error'
        ? {
            message: singleLine(finding.message),
            type: GATE_CHECKS[finding.check].name,
            body: details,
          }
        : null,
    systemOut: finding.level === 'error' ? null : details,
  };
}

/**
 * The case that stands for the gate itself: present when there is no finding (so the report is
 * never empty), and when the gate failed without an error-level finding (so the report does not
 * look green while the job is red).
 */
function gateTestCase(result: GateResult): TestCase | null {
  const hasError = result.findings.some((finding) => finding.level === 'error');
  const needed = result.findings.length === 0 || (result.result === 'fail' && !hasError);
  if (!needed) return null;
  const reason = `${result.result === 'pass' ? 'PASS' : 'FAIL'}: ${outcomeReason(result)}`;
  return {
    classname: 'gatehouse',
    name: 'gate',
    file: result.files.manifest,
    failure:
      result.result === 'fail' ? { message: reason, type: 'gate-failed', body: reason } : null,
    systemOut: result.result === 'fail' ? null : reason,
  };
}

/** Suffixes ` (2)`, ` (3)`… to repeated names within a class, which GitLab would collapse. */
function makeNamesUnique(cases: TestCase[]): TestCase[] {
  const seen = new Map<string, number>();
  return cases.map((testCase) => {
    const key = JSON.stringify([testCase.classname, testCase.name]);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return occurrence === 1 ? testCase : { ...testCase, name: `${testCase.name} (${occurrence})` };
  });
}

function renderTestCase(testCase: TestCase): string {
  const open = `    <testcase${attributes({
    classname: testCase.classname,
    name: testCase.name,
    file: testCase.file,
    time: 0,
  })}`;
  const children: string[] = [];
  if (testCase.failure !== null) {
    const { message, type, body } = testCase.failure;
    children.push(
      `      <failure${attributes({ message, type })}>${escapeXmlText(body)}</failure>`,
    );
  }
  if (testCase.systemOut !== null)
    children.push(`      <system-out>${escapeXmlText(testCase.systemOut)}</system-out>`);
  if (children.length === 0) return `${open}/>`;
  return [`${open}>`, ...children, '    </testcase>'].join('\n');
}

export function renderGateJunit(result: GateResult): string {
  const findingCases = sortFindings(result.findings).map((finding) => testCaseFor(result, finding));
  const gateCase = gateTestCase(result);
  const cases = makeNamesUnique(gateCase === null ? findingCases : [gateCase, ...findingCases]);
  const counts = {
    tests: cases.length,
    failures: cases.filter((testCase) => testCase.failure !== null).length,
    errors: 0,
    skipped: 0,
    time: 0,
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'gatehouse', ...counts })}>`,
    `  <testsuite${attributes({ name: JUNIT_SUITE_NAME, ...counts })}>`,
    ...cases.map(renderTestCase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
