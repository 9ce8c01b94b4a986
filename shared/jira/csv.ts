/**
 * CSV for Jira's CSV importer (PRODUCT.md, "Stories and Jira"), safe to open in a spreadsheet.
 *
 * Two separate steps, in this order, on every cell (headers included):
 * 1. Formula neutralization (`neutralizeFormula`): a cell a spreadsheet could read as a formula
 *    gets a leading `'`, as OWASP recommends for CSV injection.
 * 2. RFC 4180 quoting (`quoteCsvField`): every field in double quotes, `"` doubled; rows end in
 *    CRLF; line breaks inside a cell are kept (the quotes make them part of the cell).
 */
import { SUMMARY_MAX, truncate } from './text';
import type { Story } from '../stories/generateStories';
import { formatDate } from './dates';
import { planJiraExport, type JiraExportOptions } from './plan';
import { wikiEpicDescription, wikiStoryDescription } from './wiki';

/**
 * First characters that make a spreadsheet cell a formula or a DDE payload: `= + - @`, tab, CR,
 * LF (OWASP's list), plus their fullwidth forms `＝ ＋ － ＠` and small forms `﹢ ﹣ ﹦ ﹫`, which
 * some spreadsheet locales normalize to the ASCII ones.
 */
export const FORMULA_TRIGGERS: readonly string[] = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\n',
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
  '\uFE62',
  '\uFE63',
  '\uFE66',
  '\uFE6B',
];
const TRIGGERS = new Set(FORMULA_TRIGGERS);

/**
 * Characters before a trigger that still leave a formula: spreadsheets trim leading whitespace
 * on import (LibreOffice's "Trim spaces", Excel for some types), and zero-width characters, bidi
 * controls and a BOM are invisible, so ` =1+1` or `\u200B=1+1` is treated as a formula as well.
 */
const SKIPPABLE = /^[\s\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}\u2800]$/u;

/** `'` + `cell` when its first character that is not skippable is a formula trigger. */
export function neutralizeFormula(cell: string): string {
  for (const char of cell) {
    // Tab, CR and LF are triggers themselves, so they are checked before being skipped.
    if (TRIGGERS.has(char)) return `'${cell}`;
    if (!SKIPPABLE.test(char)) return cell;
  }
  return cell;
}

/** RFC 4180: the field in double quotes, each `"` doubled. */
export function quoteCsvField(field: string): string {
  return `"${field.replaceAll('"', '""')}"`;
}

/** Rows as CSV: each cell neutralized, then quoted; CRLF after every row. */
export function renderCsv(rows: readonly (readonly string[])[]): string {
  const width = rows[0]?.length ?? 0;
  let out = '';
  for (const row of rows) {
    if (row.length !== width) throw new Error(`CSV row of ${row.length} cells, expected ${width}`);
    out += `${row.map((cell) => quoteCsvField(neutralizeFormula(cell))).join(',')}\r\n`;
  }
  return out;
}

/**
 * A summary for the CSV: one character shorter when neutralization will prefix `'`, so the cell
 * still fits Jira's 255 characters.
 */
function csvSummary(summary: string): string {
  return neutralizeFormula(summary) === summary ? summary : truncate(summary, SUMMARY_MAX - 1);
}

/** The fixed columns; `Labels` repeats between Description and Issue ID. */
export const JIRA_CSV_LEADING_COLUMNS = ['Summary', 'Issue Type', 'Priority', 'Description'];
export const JIRA_CSV_TRAILING_COLUMNS = ['Issue ID', 'Parent', 'Due date'];

/**
 * The rows (header first, not yet neutralized or quoted) of the Jira CSV for `stories`.
 *
 * - One epic row per feature with stories here and no `jiraEpicKey`, before all story rows
 *   (Jira's importer creates parents first). Every row has a sequential `Issue ID` (1, 2, …).
 * - `Parent`: the epic row's Issue ID for a story under a new epic; the existing epic's key
 *   (e.g. `SHOP-12`) for a story of a feature with `jiraEpicKey`, since the importer resolves a
 *   parent by Issue ID within the file, and an issue key (letters, `-`, digits) can never be
 *   mistaken for one of those numbers; empty for unassigned stories. docs/jira.md says what is
 *   documented by Atlassian and what is not.
 * - `Labels` repeats once per label: the configured labels, then `gatehouse-<story id>` (or
 *   `gatehouse-epic-<feature id>`); shorter label lists leave trailing Labels cells empty.
 * - `Due date` in `settings.dueDateFormat`; epics have none.
 * - `Description` in Jira wiki markup, starting with the fixed heading line.
 */
export function jiraCsvRows(stories: readonly Story[], options: JiraExportOptions): string[][] {
  const plan = planJiraExport(stories, options);
  const labelColumns = Math.max(
    1,
    ...plan.epics.map((epic) => epic.labels.length),
    ...plan.stories.map((planned) => planned.labels.length),
  );
  const labels = (values: readonly string[]): string[] =>
    Array.from({ length: labelColumns }, (_, i) => values[i] ?? '');

  const rows: string[][] = [
    [
      ...JIRA_CSV_LEADING_COLUMNS,
      ...Array.from({ length: labelColumns }, () => 'Labels'),
      ...JIRA_CSV_TRAILING_COLUMNS,
    ],
  ];
  const epicIssueIds = new Map<string, string>();
  let nextId = 1;
  for (const epic of plan.epics) {
    const issueId = String(nextId++);
    epicIssueIds.set(epic.featureId, issueId);
    rows.push([
      csvSummary(epic.summary),
      epic.issueType,
      epic.priority,
      wikiEpicDescription(epic, plan, options),
      ...labels(epic.labels),
      issueId,
      '',
      '',
    ]);
  }
  for (const planned of plan.stories) {
    const { parent } = planned;
    const parentCell =
      parent.kind === 'existing-epic'
        ? parent.key
        : parent.kind === 'new-epic'
          ? (epicIssueIds.get(parent.featureId) ?? '')
          : '';
    rows.push([
      csvSummary(planned.summary),
      planned.issueType,
      planned.priority,
      wikiStoryDescription(planned, options),
      ...labels(planned.labels),
      String(nextId++),
      parentCell,
      formatDate(planned.dueDate, options.settings.dueDateFormat),
    ]);
  }
  return rows;
}

/** The Jira CSV for `stories` (already selected): UTF-8 text, no BOM, CRLF rows. */
export function renderJiraCsv(stories: readonly Story[], options: JiraExportOptions): string {
  return renderCsv(jiraCsvRows(stories, options));
}
