import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITIES, UNASSIGNED_FEATURE_ID } from '../model/schema';
import {
  FORMULA_TRIGGERS,
  JIRA_CSV_LEADING_COLUMNS,
  JIRA_CSV_TRAILING_COLUMNS,
  jiraCsvRows,
  neutralizeFormula,
  quoteCsvField,
  renderCsv,
  renderJiraCsv,
} from './csv';
import { dueDateFor } from './dates';
import { HOSTILE_TEXTS, hostileStory, storyFixture } from '../testing/hostileStories';
import { epicLabel, storyLabel, type JiraExportOptions } from './plan';
import { JiraExportSettingsSchema } from './settings';
import { STORY_HEADING } from './outline';

/** What a spreadsheet would evaluate: a formula trigger after nothing but invisible characters. */
const FORMULA_LED =
  /^[\s\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B\t\r\n]/u;

/**
 * A cell as a UTF-8 file carries it: the parser reads bytes, so a lone surrogate (which UTF-8
 * cannot encode) comes back as U+FFFD, as it would from any file written by the CLI.
 */
const asUtf8 = (cell: string): string =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(cell));
const expectedCell = (cell: string): string => asUtf8(neutralizeFormula(cell));

/** Parses with csv-parse in its strict defaults: a malformed quote or a ragged row throws. */
function parseCsv(text: string): string[][] {
  return parse(text, {
    bom: false,
    relax_quotes: false,
    relax_column_count: false,
    skip_empty_lines: false,
  });
}

describe('neutralizeFormula', () => {
  it('covers exactly the triggers of the brief: = + - @ tab CR LF and their fullwidth and small forms', () => {
    expect([...FORMULA_TRIGGERS].sort()).toEqual(
      ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠', '﹢', '﹣', '﹦', '﹫'].sort(),
    );
  });

  it('prefixes a quote to formula-led cells, and leaves every other cell alone', () => {
    const corpus = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE_TEXTS));
    fc.assert(
      fc.property(corpus, (cell) => {
        const out = neutralizeFormula(cell);
        expect(FORMULA_LED.test(out)).toBe(false);
        expect(out === cell || out === `'${cell}`).toBe(true);
        // Only formula-led cells change (the quote is not added to harmless text).
        expect(out !== cell).toBe(FORMULA_LED.test(cell));
      }),
      { examples: HOSTILE_TEXTS.map((text) => [text]) },
    );
  });

  it('treats leading whitespace and invisible characters as not there', () => {
    for (const cell of [' =1+1', '\u00a0+1', '\u200b-1', '\ufeff@SUM(1)', '\u202e=1', '  \t x'])
      expect(neutralizeFormula(cell), JSON.stringify(cell)).toBe(`'${cell}`);
    for (const cell of [' plain', '', ' ', 'a=b', "'=already quoted"])
      expect(neutralizeFormula(cell), JSON.stringify(cell)).toBe(cell);
  });
});

describe('renderCsv', () => {
  it('quotes every field, doubles quotes and ends every row with CRLF', () => {
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    const text = renderCsv([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(text).toBe('"a","b"\r\n"c","d"\r\n');
  });

  it('round-trips the hostile corpus through a real CSV parser: neutralized, nothing split or lost', () => {
    // Every corpus string in every column position, so each one is tried first, middle and last.
    const width = 4;
    const rows = HOSTILE_TEXTS.map((_, i) =>
      Array.from({ length: width }, (_, j) => HOSTILE_TEXTS[(i + j) % HOSTILE_TEXTS.length]!),
    );
    const parsed = parseCsv(renderCsv(rows));
    expect(parsed).toEqual(rows.map((row) => row.map(expectedCell)));
    for (const record of parsed) {
      expect(record).toHaveLength(width);
      for (const cell of record) expect(FORMULA_LED.test(cell), JSON.stringify(cell)).toBe(false);
    }
  });

  it('round-trips arbitrary text, lone surrogates and controls included', () => {
    const cell = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE_TEXTS));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((width) =>
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
            minLength: 1,
            maxLength: 8,
          }),
        ),
        (rows) => {
          expect(parseCsv(renderCsv(rows))).toEqual(rows.map((row) => row.map(expectedCell)));
        },
      ),
    );
  });

  it('refuses ragged rows', () => {
    expect(() => renderCsv([['a', 'b'], ['c']])).toThrow();
  });
});

describe('renderJiraCsv', () => {
  const settings = JiraExportSettingsSchema.parse({
    dueDateFormat: 'dd.MM.yyyy',
    labels: ['security'],
  });
  const firstSeen = new Map([['T-0000000000000001', '2026-02-01']]);
  const options: JiraExportOptions = {
    settings,
    features: [
      { id: 'checkout', jiraEpicKey: null },
      { id: 'payments', jiraEpicKey: 'SHOP-12' },
    ],
    firstSeenByThreat: firstSeen,
    today: '2026-03-01',
  };
  const featureIds = ['checkout', 'payments', UNASSIGNED_FEATURE_ID, 'search'];
  const stories = HOSTILE_TEXTS.map((text, i) => ({
    ...hostileStory(text, i),
    featureId: featureIds[i % featureIds.length]!,
    severity: SEVERITIES[i % SEVERITIES.length]!,
  }));

  const text = renderJiraCsv(stories, options);
  const records = parseCsv(text);
  const [header, ...rows] = records as [string[], ...string[][]];
  const column = (name: string): number => header.indexOf(name);
  const labelColumns = header.flatMap((name, i) => (name === 'Labels' ? [i] : []));

  it('parses back to exactly the rows it meant to write, every cell neutralized', () => {
    expect(records).toEqual(jiraCsvRows(stories, options).map((row) => row.map(expectedCell)));
    for (const record of records) {
      expect(record).toHaveLength(header.length);
      for (const cell of record) expect(FORMULA_LED.test(cell), JSON.stringify(cell)).toBe(false);
    }
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.startsWith('"Summary"')).toBe(true);
  });

  it('has the importer’s columns, Labels repeated once per label', () => {
    expect(header).toEqual([
      ...JIRA_CSV_LEADING_COLUMNS,
      ...labelColumns.map(() => 'Labels'),
      ...JIRA_CSV_TRAILING_COLUMNS,
    ]);
    // "security" and the identity label.
    expect(labelColumns).toHaveLength(2);
  });

  it('puts epics first, numbers every row, and points each story at its epic', () => {
    const epicRows = rows.filter((row) => row[column('Issue Type')] === 'Epic');
    const storyRows = rows.filter((row) => row[column('Issue Type')] === 'Story');
    expect(epicRows.length + storyRows.length).toBe(rows.length);
    expect(rows.slice(0, epicRows.length)).toEqual(epicRows);
    expect(rows.map((row) => row[column('Issue ID')])).toEqual(rows.map((_, i) => String(i + 1)));
    // One epic per feature with stories and no epic key: checkout and search.
    const epicIdByLabel = new Map(
      epicRows.map((row) => [
        labelColumns.map((i) => row[i]).find((l) => l?.startsWith('gatehouse-epic-')),
        row[column('Issue ID')],
      ]),
    );
    expect([...epicIdByLabel.keys()].sort()).toEqual([epicLabel('checkout'), epicLabel('search')]);

    for (const [i, story] of stories.entries()) {
      const row = storyRows[i]!;
      expect(labelColumns.map((c) => row[c])).toEqual(['security', storyLabel(story.id)]);
      const parent = row[column('Parent')];
      if (story.featureId === 'payments') expect(parent).toBe('SHOP-12');
      else if (story.featureId === UNASSIGNED_FEATURE_ID) expect(parent).toBe('');
      else expect(parent).toBe(epicIdByLabel.get(epicLabel(story.featureId)));
    }
  });

  it('writes one-line summaries, the fixed heading first in descriptions, and due dates in the declared format', () => {
    const storyRows = rows.filter((row) => row[column('Issue Type')] === 'Story');
    for (const [i, story] of stories.entries()) {
      const row = storyRows[i]!;
      const summary = row[column('Summary')]!;
      expect(summary).not.toMatch(/[\r\n]/);
      expect(summary.replace(/^'/, '').length).toBeLessThanOrEqual(255);
      expect(row[column('Description')]!.startsWith(`h2. ${STORY_HEADING}\n`)).toBe(true);
      const [day, month, year] = row[column('Due date')]!.split('.');
      expect(`${year}-${month}-${day}`).toBe(dueDateFor(story, settings, firstSeen, options.today));
    }
  });

  it('writes only the header for no stories, and an epic row before a lone story', () => {
    expect(parseCsv(renderJiraCsv([], options))).toEqual([
      [...JIRA_CSV_LEADING_COLUMNS, 'Labels', ...JIRA_CSV_TRAILING_COLUMNS],
    ]);
    const single = parseCsv(renderJiraCsv([storyFixture()], options));
    expect(single.map((row) => row[column('Issue Type')])).toEqual(['Issue Type', 'Epic', 'Story']);
  });
});

describe('CSV summaries at the length limit', () => {
  it('stay within 255 characters after neutralization', () => {
    const stories = [
      '=' + 'x'.repeat(400),
      ' -' + 'y'.repeat(400),
      '\u200b@' + 'z'.repeat(400),
    ].map((title, i) =>
      storyFixture({
        id: `S-${String(i).padStart(16, '0')}`,
        title,
        state: 'planned',
        accepted: true,
      }),
    );
    const text = renderJiraCsv(stories, {
      settings: JiraExportSettingsSchema.parse({}),
      features: [],
      firstSeenByThreat: new Map(),
      today: '2026-06-01',
      modelUrl: null,
    });
    const rows = parse(text) as string[][];
    const storyRows = rows.slice(1).filter((row) => row[1] === 'Story');
    expect(storyRows).toHaveLength(3);
    for (const row of storyRows) {
      expect(row[0]!.length).toBeLessThanOrEqual(255);
      expect(row[0]!.startsWith("'")).toBe(true);
    }
  });

  it('neutralize formulas hidden behind any invisible or format character', () => {
    for (const hidden of [
      '\u061c',
      '\u00ad',
      '\u180e',
      '\u034f',
      '\u206b',
      '\ufe0f',
      '\u{e0020}',
      '\u3164',
      '\u2800',
    ]) {
      expect(neutralizeFormula(`${hidden}=HYPERLINK("http://evil.example")`)).toBe(
        `'${hidden}=HYPERLINK("http://evil.example")`,
      );
    }
  });
});
