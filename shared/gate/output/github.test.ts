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
import { multiLine } from './cleanText';
import {
  MAX_ANNOTATIONS_PER_LEVEL,
  MAX_SUMMARY_ROWS,
  escapeCommandData,
  escapeCommandProperty,
  escapeMarkdownInline,
  renderGithubAnnotations,
  renderGithubSummary,
} from './github';
import { createFindingLocator, type LocateFinding } from './locate';

const locatorFor = (result: GateResult): LocateFinding =>
  createFindingLocator(result.files, new Map([['payment-api', 42]]));

function annotate(result: GateResult): string[] {
  return renderGithubAnnotations(result, locatorFor(result));
}

/** The log as the Actions runner reads it: split into lines at CR, LF or CRLF. */
function logLines(lines: readonly string[]): string[] {
  return lines.join('\n').split(/\r\n|\r|\n/u);
}

/**
 * A workflow command as the runner parses it: after leading white space, `::`, the command and
 * its properties up to the next `::`, then the message. Null for a line that is no command.
 */
function parseCommand(
  line: string,
): { command: string; properties: Map<string, string>; message: string } | null {
  const trimmed = line.trimStart();
  if (!trimmed.startsWith('::')) return null;
  const end = trimmed.indexOf('::', 2);
  if (end < 0) return null;
  const section = trimmed.slice(2, end);
  const space = section.indexOf(' ');
  const command = space < 0 ? section : section.slice(0, space);
  const propertyText = space < 0 ? '' : section.slice(space + 1);
  const unescape = (text: string): string =>
    text
      .replace(/%0D/gu, '\r')
      .replace(/%0A/gu, '\n')
      .replace(/%3A/gu, ':')
      .replace(/%2C/gu, ',')
      .replace(/%25/gu, '%');
  const properties = new Map(
    propertyText
      .split(',')
      .filter((pair) => pair !== '')
      .map((pair): [string, string] => {
        const equals = pair.indexOf('=');
        return [pair.slice(0, equals), unescape(pair.slice(equals + 1))];
      }),
  );
  return { command, properties, message: unescape(trimmed.slice(end + 2)) };
}

describe('workflow command escaping', () => {
  it("escapes a message as GitHub's toolkit does", () => {
    expect(escapeCommandData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
  });

  it('escapes a property value, colons and commas included', () => {
    expect(escapeCommandProperty('a:b,c%\nd')).toBe('a%3Ab%2Cc%25%0Ad');
  });
});

describe('renderGithubAnnotations', () => {
  it('annotates each finding at its file and line, errors first, notes as notices', () => {
    const lines = annotate(failingResult());
    expect(lines.map((line) => parseCommand(line)?.command)).toEqual([
      'error',
      'error',
      'error',
      'warning',
      'notice',
      'notice',
    ]);
    expect(lines[2]).toBe(
      '::error file=models/webshop.gatehouse.json,line=42,title=Gatehouse GATE-004 threat-not-covered (critical)%3A Checkout (checkout)::Threat T-00000000000000a1 ("Card data sniffed", critical) is open and no accepted story covers it.%0A→ Accept story S-00000000000000b1 ("Encrypt card data in transit"), or triage the threat; then run `gatehouse gate write`.',
    );
    expect(parseCommand(lines[0] ?? '')?.properties).toEqual(
      new Map([
        ['file', 'plan-gate.json'],
        ['line', '1'],
        ['title', 'Gatehouse GATE-001 manifest-stale (critical): whole gate'],
      ]),
    );
  });

  it('annotates nothing for a passing result without findings', () => {
    expect(annotate(passingResult())).toEqual([]);
  });

  it('never lets a message start a second workflow command', () => {
    const result = gateResult([
      gateFinding({ message: 'Looks fine\n::error::forged', remedy: 'Nothing\r::warning::x' }),
    ]);
    const lines = annotate(result);
    expect(lines).toHaveLength(1);
    expect(logLines(lines)).toHaveLength(1);
    const command = parseCommand(lines[0] ?? '');
    expect(command?.command).toBe('error');
    expect(command?.message).toBe('Looks fine\n::error::forged\n→ Nothing\n::warning::x');
  });

  it('keeps hostile strings inside their own command: one log line and one command each', () => {
    const result = hostileResult();
    const lines = annotate(result);
    expect(lines).toHaveLength(result.findings.length);
    for (const line of lines) expect(line).not.toMatch(/[\r\n\u2028\u2029\u0085]/u);
    const commands = logLines(lines).map(parseCommand);
    expect(commands.map((command) => command?.command)).toEqual(['error', 'warning']);
    const [threatCommand] = commands;
    // Property values carry no raw separator, so the properties parse back exactly.
    expect(threatCommand?.properties.get('file')).toBe(HOSTILE.path);
    expect(threatCommand?.properties.get('line')).toBe('1');
    expect([...(threatCommand?.properties.keys() ?? [])]).toEqual(['file', 'line', 'title']);
    expect(threatCommand?.message).toBe(
      `${multiLine(HOSTILE.message)}\n→ ${multiLine(HOSTILE.remedy)}`,
    );
    expect(threatCommand?.message).toContain('\n::error file=x,line=1::forged\n');
  });

  it('round-trips percent signs, including ones that look like escapes', () => {
    const message = '100% of 50%; literal %0A and %25 stay text';
    const [line] = annotate(gateResult([gateFinding({ message, remedy: '%' })]));
    expect(parseCommand(line ?? '')?.message).toBe(`${message}\n→ %`);
  });

  it('annotates at most 10 of each level, then says in one plain line how many were left out', () => {
    const result = manyFindingsResult(); // 15 errors, 12 warnings, 3 notes
    const lines = annotate(result);
    const commands = lines.map(parseCommand);
    const count = (name: string) => commands.filter((c) => c?.command === name).length;
    expect([count('error'), count('warning'), count('notice')]).toEqual([
      MAX_ANNOTATIONS_PER_LEVEL,
      MAX_ANNOTATIONS_PER_LEVEL,
      3,
    ]);
    expect(lines).toHaveLength(24);
    expect(lines.at(-1)).toBe(
      'Gatehouse: 5 more errors and 2 more warnings not annotated (GitHub shows at most 10 of each kind per step): see the job summary and the log.',
    );
    expect(commands.at(-1)).toBeNull();
  });

  it('says nothing more when every finding was annotated', () => {
    const lines = annotate(manyFindingsResult(20)); // 10 errors, 8 warnings, 2 notes
    expect(lines).toHaveLength(20);
    expect(lines.every((line) => parseCommand(line) !== null)).toBe(true);
  });
});

/** The `|` that end cells: those not escaped by a backslash (itself unescaped). */
function cellSeparators(row: string): number {
  return row.replace(/\\[\s\S]/gu, '').split('|').length - 1;
}

describe('renderGithubSummary', () => {
  it('has the outcome, the branch and the counts, and no table without findings', () => {
    expect(renderGithubSummary(passingResult())).toBe(
      [
        '## Gatehouse Plan-stage gate: PASS',
        '',
        '**PASS**: no findings.',
        '',
        '**Branch**: main (from GITHUB_BASE_REF), protected.',
        '',
        '0 errors, 0 warnings, 0 notes in 3 features; exit code 0.',
        '',
      ].join('\n'),
    );
  });

  it('lists the findings in a table, most urgent first', () => {
    const summary = renderGithubSummary(failingResult());
    const lines = summary.split('\n');
    expect(lines[0]).toBe('## Gatehouse Plan-stage gate: FAIL');
    expect(lines).toContain('**Branch**: develop (from GITHUB_BASE_REF), not protected.');
    const header = lines.indexOf('| Feature | Threat | Severity | Level | Message | Remedy |');
    expect(lines[header + 1]).toBe('| --- | --- | --- | --- | --- | --- |');
    const rows = lines.slice(header + 2, header + 8);
    expect(rows.map((row) => row.split(' | ')[3])).toEqual([
      'error',
      'error',
      'error',
      'warning',
      'note',
      'note',
    ]);
    expect(rows[2]).toBe(
      '| Checkout (checkout) | T-00000000000000a1 | critical | error | Threat T-00000000000000a1 ("Card data sniffed", critical) is open and no accepted story covers it. | Accept story S-00000000000000b1 ("Encrypt card data in transit"), or triage the threat; then run \\`gatehouse gate write\\`. |',
    );
    expect(lines[header + 8]).toBe('');
    expect(lines).toContain('3 errors, 1 warning, 2 notes in 3 features; exit code 1.');
  });

  it('says when no branch is known that it is treated as protected', () => {
    expect(renderGithubSummary(manyFindingsResult())).toContain(
      '**Branch**: no branch known: treated as protected.',
    );
  });

  it('escapes user text so that it can neither break the table nor add markup', () => {
    const summary = renderGithubSummary(hostileResult());
    const rows = summary
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('| ') && !line.startsWith('| Feature') && !line.startsWith('| ---'),
      );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(cellSeparators(row)).toBe(7);
      const unescaped = row.replace(/\\[\s\S]/gu, '');
      expect(unescaped).not.toMatch(/[<>`*_[\]&~]/u);
    }
    expect(summary).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(summary).toContain('\\[link\\](javascript:alert(1))');
    expect(summary).toContain('\\\\ \\]\\]\\> \\&amp;');
    expect(summary).toContain(
      '**Branch**: feature/x ::error::branch %25 (from --branch), not protected.',
    );
  });

  it('caps the table at 200 rows and says how many were left out', () => {
    const summary = renderGithubSummary(manyFindingsResult(230));
    const rows = summary
      .split('\n')
      .filter((line) => /^\| Feature \d \(feature-\d\) \| /u.test(line));
    expect(rows).toHaveLength(MAX_SUMMARY_ROWS);
    expect(summary).toContain(
      '_30 more findings not shown: the table lists the first 200, most urgent first. The full list is in the log (`gatehouse gate verify`) and the SARIF report._',
    );
    expect(renderGithubSummary(manyFindingsResult(200))).not.toContain('not shown');
  });

  it('shortens a very long cell', () => {
    const cell = escapeMarkdownInline('x'.repeat(2000));
    expect(Array.from(cell)).toHaveLength(500);
    expect(cell.endsWith('…')).toBe(true);
  });
});

describe('annotation slots', () => {
  it('annotate the same threat once when several features report it', () => {
    const twice = gateResult([
      gateFinding({ feature: 'checkout', featureName: 'Checkout' }),
      gateFinding({ feature: 'login', featureName: 'Login' }),
      gateFinding({ threat: 'T-00000000000000a2', feature: 'login', featureName: 'Login' }),
    ]);
    const lines = renderGithubAnnotations(twice, createFindingLocator(twice.files, new Map()));
    const errors = lines.filter((line) => line.startsWith('::error '));
    expect(errors).toHaveLength(2);
    expect(lines[lines.length - 1]).toContain('1 more error not annotated');
  });
});
