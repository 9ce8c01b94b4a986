import { XMLParser, XMLValidator } from 'fast-xml-parser';
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
import type { GateResult } from '../gateResult';
import { escapeXmlAttribute, escapeXmlText, renderGateJunit } from './junit';

interface ParsedCase {
  '@_classname': string;
  '@_name': string;
  '@_file'?: string;
  failure?: { '#text': string; '@_message': string; '@_type': string };
  'system-out'?: string;
}
interface ParsedSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  '@_time': string;
  testcase: ParsedCase[];
}

/**
 * Parses the report as GitLab would read it. Entities are decoded here only to check that the
 * text round-trips; `htmlEntities` is what makes this parser decode numeric references.
 */
function parse(xml: string): { testsuites: ParsedSuite & { testsuite: ParsedSuite } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    processEntities: true,
    htmlEntities: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    isArray: (name) => name === 'testcase',
  });
  return parser.parse(xml) as { testsuites: ParsedSuite & { testsuite: ParsedSuite } };
}

function suiteOf(result: GateResult): ParsedSuite {
  return parse(renderGateJunit(result)).testsuites.testsuite;
}

/** XML 1.0's Char production, negated: what must never appear in the document. */
// eslint-disable-next-line security/detect-unsafe-regex -- one character class: nothing to backtrack
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

describe('renderGateJunit', () => {
  it('reports a passing result as one passing "gate" test case, never an empty report', () => {
    const xml = renderGateJunit(passingResult());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    const parsed = parse(xml).testsuites;
    for (const counts of [parsed, parsed.testsuite]) {
      expect([
        counts['@_tests'],
        counts['@_failures'],
        counts['@_errors'],
        counts['@_skipped'],
      ]).toEqual(['1', '0', '0', '0']);
      expect(counts['@_time']).toBe('0');
    }
    expect(parsed.testsuite['@_name']).toBe('gatehouse plan-gate');
    const [gate] = parsed.testsuite.testcase;
    expect(gate?.['@_name']).toBe('gate');
    expect(gate?.failure).toBeUndefined();
    expect(gate?.['system-out']).toBe('PASS: no findings.');
  });

  it('has one test case per finding: errors fail, warnings and notes pass with their text', () => {
    const result = failingResult();
    const suite = suiteOf(result);
    expect(suite['@_tests']).toBe('6');
    expect(suite['@_failures']).toBe('3');
    expect(suite['@_errors']).toBe('0');
    expect(suite.testcase).toHaveLength(6);
    expect(suite.testcase.map((c) => c['@_classname'])).toEqual([
      'GATE-001',
      'GATE-002',
      'GATE-004',
      'GATE-003',
      'GATE-005',
      'GATE-006',
    ]);
    const failed = suite.testcase.filter((c) => c.failure !== undefined);
    expect(failed.map((c) => c['@_classname'])).toEqual(['GATE-001', 'GATE-002', 'GATE-004']);
    for (const testCase of suite.testcase) {
      const finding = result.findings.find((f) => f.check === testCase['@_classname']);
      if (finding === undefined) throw new Error(`no finding for ${testCase['@_classname']}`);
      const text = testCase.failure?.['#text'] ?? testCase['system-out'] ?? '';
      expect(text.startsWith(`${finding.message}\n→ ${finding.remedy}\n`)).toBe(true);
      expect(text).toContain(`level: ${finding.level}, severity: ${finding.severity}`);
      if (finding.level === 'error') {
        expect(testCase.failure?.['@_message']).toBe(finding.message);
        expect(testCase['system-out']).toBeUndefined();
      } else {
        expect(testCase.failure).toBeUndefined();
      }
    }
  });

  it('names a test case by feature and threat or story, with the file it is about', () => {
    const cases = suiteOf(failingResult()).testcase;
    const byClass = new Map(cases.map((c) => [c['@_classname'], c]));
    expect(byClass.get('GATE-004')?.['@_name']).toBe('Checkout (checkout): T-00000000000000a1');
    expect(byClass.get('GATE-006')?.['@_name']).toBe('Customer login (login): S-00000000000000b2');
    expect(byClass.get('GATE-003')?.['@_name']).toBe('Customer login (login)');
    expect(byClass.get('GATE-001')?.['@_name']).toBe('whole gate');
    expect(byClass.get('GATE-001')?.['@_file']).toBe('plan-gate.json');
    expect(byClass.get('GATE-002')?.['@_file']).toBe('.gatehouse/policy.json');
    expect(byClass.get('GATE-004')?.['@_file']).toBe('models/webshop.gatehouse.json');
    expect(byClass.get('GATE-004')?.failure?.['@_type']).toBe('threat-not-covered');
  });

  it('makes names unique within a class, which GitLab would otherwise collapse', () => {
    const missingPack = (pack: string) =>
      gateFinding({
        check: 'GATE-002',
        feature: null,
        featureName: null,
        threat: null,
        message: `The rule pack "${pack}" is required by the policy but was not loaded.`,
        location: { file: 'policy', elementId: null },
      });
    const names = suiteOf(
      gateResult([missingPack('a'), missingPack('b'), missingPack('c')]),
    ).testcase.map((c) => c['@_name']);
    expect(names).toEqual(['whole gate', 'whole gate (2)', 'whole gate (3)']);
  });

  it('counts 30 findings right', () => {
    const suite = suiteOf(manyFindingsResult());
    expect(suite.testcase).toHaveLength(30);
    expect([suite['@_tests'], suite['@_failures']]).toEqual(['30', '15']);
  });

  it('adds a failing "gate" case when the gate failed without an error-level finding', () => {
    const warningsOnly = gateResult([gateFinding({ severity: 'high', level: 'warning' })]);
    const failed: GateResult = { ...warningsOnly, result: 'fail', exitCode: 1 };
    const suite = suiteOf(failed);
    expect([suite['@_tests'], suite['@_failures']]).toEqual(['2', '1']);
    expect(suite.testcase[0]?.['@_name']).toBe('gate');
    expect(suite.testcase[0]?.failure?.['@_message']).toBe(
      'FAIL: the gate failed (exit code 1) but reported no blocking finding.',
    );
  });

  describe('with hostile user text', () => {
    const xml = renderGateJunit(hostileResult());
    const suite = parse(xml).testsuites.testsuite;

    it('stays well-formed XML 1.0 with the right structure', () => {
      expect(xml).not.toMatch(NOT_XML_CHARACTER);
      expect(suite.testcase).toHaveLength(2);
      expect([suite['@_tests'], suite['@_failures']]).toEqual(['2', '1']);
      // Exactly the elements rendered: nothing injected by a `</testcase>` in the text.
      expect(xml.match(/<testcase /gu)).toHaveLength(2);
      expect(xml.match(/<\/testcase>/gu)).toHaveLength(2);
      expect(xml.match(/<failure /gu)).toHaveLength(1);
      expect(xml.match(/<system-out>/gu)).toHaveLength(1);
    });

    it('keeps markup, quotes, entities, CDATA ends and emoji as text', () => {
      const [threatCase, featureCase] = suite.testcase;
      const failureText = threatCase?.failure?.['#text'] ?? '';
      for (const survivor of [
        'Threat "</testcase><testcase name=\'x\'>"',
        '<img src=x onerror=alert(1)>',
        ']]>',
        '&amp;',
        '100%',
        '🎉',
        '| table |',
        '::error file=x,line=1::forged',
      ]) {
        expect(failureText).toContain(survivor);
        expect(threatCase?.failure?.['@_message']).toContain(survivor);
      }
      expect(threatCase?.['@_name']).toBe(
        'Check out ::error::forged error GATE-001 critical -: forged finding (check:out,1): T-00000000000000a1 ::warning::forged / S-1 | <b>story</b>',
      );
      expect(threatCase?.['@_file']).toBe(HOSTILE.path);
      expect(featureCase?.['system-out']).toContain(
        '<script>alert("x")</script> \'single\' "double" ]]> &lt;',
      );
      expect(featureCase?.['@_name']).toBe('| table | row | | --- | (_unassigned)');
    });

    it('drops the characters XML cannot carry and keeps the rest', () => {
      const failureText = suite.testcase[0]?.failure?.['#text'] ?? '';
      expect(failureText).not.toMatch(NOT_XML_CHARACTER);
      expect(failureText).not.toContain('\u001b');
      expect(failureText).toContain('[31mred[0m');
      expect(failureText).toContain('\ufffd'); // the lone surrogate, replaced
    });
  });

  describe('escaping', () => {
    it('escapes the five XML specials and keeps CR in text as a reference', () => {
      expect(escapeXmlText(`a&b<c>d"e'f\r\ng`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;\ng');
    });

    it('keeps tab, LF and CR in attributes as references, which parsers would otherwise normalise', () => {
      expect(escapeXmlAttribute('a\tb\nc\rd"')).toBe('a&#9;b&#10;c&#13;d&quot;');
    });

    it('drops controls, lone surrogates and U+FFFE/U+FFFF but keeps astral characters', () => {
      // `\udfff\ud800` is two lone surrogates (low before high), not a pair.
      expect(
        escapeXmlText('a\u0000\u0008\u000b\u000c\u001f\udfff\ud800\ufffe\uffffb🎉\ud83d\ude00'),
      ).toBe('ab🎉😀');
    });
  });
});
