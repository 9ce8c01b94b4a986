/**
 * The diff for people: plain text for a terminal, and Markdown that fits a pull-request comment
 * (a summary line with counts, then one collapsible `<details>` per kind, each a table). User
 * text (names, titles, property values) is cleaned to one line and, in Markdown, escaped until
 * it is only text: a name cannot close a table cell, open a code span or inject HTML.
 */
import { singleLine, truncate } from '../gate/output/cleanText';
import { plural } from '../gate/output/findings';
import { escapeMarkdownInline } from '../gate/output/github';
import { SEVERITIES } from '../model/schema';
import {
  DIFF_KINDS,
  DIFF_KIND_LABELS,
  type DiffThreat,
  type FieldChange,
  type ItemRef,
  type KindDiff,
  type ModelDiff,
  type ThreatsDiff,
} from './diffSchema';
import { stableJson } from './modelDiff';

/** Rows per table in Markdown: a GitHub comment holds at most 65,536 characters. */
export const MAX_MARKDOWN_ROWS = 100;
/** The characters the tables of a Markdown diff may take (GitHub's comment limit is 65,536). */
export const MAX_MARKDOWN_CHARACTERS = 60_000;
/** Code points of one value in a field change. */
const MAX_VALUE_LENGTH = 80;

/** A field's value in one line: strings quoted, nothing as `(none)`, lists and objects as JSON. */
function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (typeof value === 'string') return `"${truncate(singleLine(value), MAX_VALUE_LENGTH)}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return truncate(singleLine(stableJson(value)), MAX_VALUE_LENGTH);
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** `name: "A" → "B"`; a list of IDs or tags as what joined and what left it. */
export function describeFieldChange(change: FieldChange): string {
  const { field, before, after } = change;
  if (isStringList(before ?? []) && isStringList(after ?? []) && (before ?? after) !== null) {
    const was = new Set((before ?? []) as string[]);
    const now = new Set((after ?? []) as string[]);
    const joined = [...now].filter((item) => !was.has(item));
    const left = [...was].filter((item) => !now.has(item));
    if (joined.length + left.length > 0) {
      const parts = [
        ...joined.map((item) => `+${formatValue(item)}`),
        ...left.map((item) => `-${formatValue(item)}`),
      ];
      return `${field}: ${truncate(parts.join(', '), 4 * MAX_VALUE_LENGTH)}`;
    }
    // Same members in another order: an ordered list (tags) was reordered.
    return `${field}: reordered`;
  }
  return `${field}: ${formatValue(before)} → ${formatValue(after)}`;
}

/** `1 added, 2 changed, 1 moved` (empty parts left out). */
function kindCounts(kind: KindDiff): string {
  const parts: string[] = [];
  if (kind.added.length > 0) parts.push(`${kind.added.length} added`);
  if (kind.removed.length > 0) parts.push(`${kind.removed.length} removed`);
  if (kind.changed.length > 0) parts.push(`${kind.changed.length} changed`);
  if (kind.moved.length > 0) parts.push(`${kind.moved.length} moved`);
  return parts.join(', ');
}

function threatCounts(threats: ThreatsDiff): string {
  const parts: string[] = [];
  if (threats.added.length > 0) parts.push(`${threats.added.length} added`);
  if (threats.removed.length > 0) parts.push(`${threats.removed.length} removed`);
  if (threats.severityChanged.length > 0)
    parts.push(`${threats.severityChanged.length} with a new severity`);
  return parts.length === 0 ? 'no change' : parts.join(', ');
}

/** `critical 0 → 1, high 3 → 5, medium 4, low 2` (unchanged counts once). */
export function openThreatCounts(threats: ThreatsDiff): string {
  return [...SEVERITIES]
    .reverse()
    .map((severity) => {
      const before = threats.openBefore[severity] ?? 0;
      const after = threats.openAfter[severity] ?? 0;
      return before === after ? `${severity} ${after}` : `${severity} ${before} → ${after}`;
    })
    .join(', ');
}

/** The kinds with any change, with their counts: `elements 1 added, 2 changed; flows 1 removed`. */
export function kindsInWords(diff: ModelDiff): string {
  const parts: string[] = [];
  for (const kind of DIFF_KINDS) {
    const counts = kindCounts(diff.kinds[kind]);
    if (counts !== '') parts.push(`${DIFF_KIND_LABELS[kind].toLowerCase()} ${counts}`);
  }
  if (diff.model.length > 0) parts.unshift('model fields');
  return parts.join('; ');
}

/** The one-line verdict every format starts with. */
export function diffHeadline(diff: ModelDiff): string {
  const { semanticChanges, layoutChanges, hasSemanticChanges } = diff.summary;
  if (!hasSemanticChanges) {
    return layoutChanges === 0
      ? 'No differences.'
      : `No semantic differences; ${plural(layoutChanges, 'layout-only change')} (moved).`;
  }
  const parts = [plural(semanticChanges, 'change')];
  if (layoutChanges > 0) parts.push(plural(layoutChanges, 'layout-only change'));
  const threats = diff.threats ? ` Threats: ${threatCounts(diff.threats)}.` : '';
  return `${parts.join(', ')}.${threats}`;
}

function sideLabel(side: ModelDiff['before']): string {
  const name = `"${truncate(singleLine(side.name), MAX_VALUE_LENGTH)}"`;
  return side.source === null ? name : `${name} (${singleLine(side.source)})`;
}

function threatLine(marker: string, threat: DiffThreat, severity: string): string {
  return `  ${marker} ${threat.id}  ${severity}  ${truncate(singleLine(threat.title), 120)}`;
}

const TEXT_MARKERS = { added: '+', removed: '-', changed: '~', moved: '>' } as const;

function itemLine(marker: string, item: ItemRef, suffix = ''): string {
  const detail = item.detail === '' ? '' : `  (${truncate(singleLine(item.detail), 120)})`;
  return `  ${marker} ${item.id}  ${truncate(singleLine(item.name), 120)}${detail}${suffix}`;
}

/**
 * The diff as plain text: a headline, the threats (what the change does to the risk), then each
 * kind with a change — `+` added, `-` removed, `~` changed (with its fields), `>` moved only.
 */
export function formatDiffText(diff: ModelDiff): string {
  const lines = [
    `Model diff: ${sideLabel(diff.before)} → ${sideLabel(diff.after)}`,
    diffHeadline(diff),
  ];
  const kinds = kindsInWords(diff);
  if (kinds !== '') lines.push(`In: ${kinds}.`);
  const { threats } = diff;
  if (threats && diff.summary.hasSemanticChanges) {
    lines.push('', `Threats: ${threatCounts(threats)}`, `  open: ${openThreatCounts(threats)}`);
    for (const threat of threats.added) lines.push(threatLine('+', threat, threat.severity));
    for (const threat of threats.removed) lines.push(threatLine('-', threat, threat.severity));
    for (const threat of threats.severityChanged)
      lines.push(
        threatLine(
          '~',
          { ...threat, severity: threat.after },
          `${threat.before} → ${threat.after}`,
        ),
      );
  }
  if (diff.model.length > 0) {
    lines.push('', 'Model');
    for (const change of diff.model) lines.push(`  ~ ${describeFieldChange(change)}`);
  }
  for (const kind of DIFF_KINDS) {
    const changes = diff.kinds[kind];
    const counts = kindCounts(changes);
    if (counts === '') continue;
    lines.push('', `${DIFF_KIND_LABELS[kind]}: ${counts}`);
    for (const item of changes.added) lines.push(itemLine(TEXT_MARKERS.added, item));
    for (const item of changes.removed) lines.push(itemLine(TEXT_MARKERS.removed, item));
    for (const item of changes.changed) {
      lines.push(itemLine(TEXT_MARKERS.changed, item, item.moved ? ' (also moved)' : ''));
      for (const change of item.fields) lines.push(`      ${describeFieldChange(change)}`);
    }
    for (const item of changes.moved) lines.push(itemLine(TEXT_MARKERS.moved, item));
  }
  return `${lines.join('\n')}\n`;
}

/** A Markdown table with at most MAX_MARKDOWN_ROWS rows; cells are escaped here. */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows.slice(0, MAX_MARKDOWN_ROWS)) lines.push(`| ${row.join(' | ')} |`);
  if (rows.length > MAX_MARKDOWN_ROWS) {
    lines.push(
      '',
      `_${plural(rows.length - MAX_MARKDOWN_ROWS, 'more row')} not shown; \`gatehouse diff --format json\` lists them all._`,
    );
  }
  return lines;
}

function details(summary: string, body: readonly string[], open = false): string[] {
  // The blank line after <summary> lets GitHub render the Markdown inside.
  return [
    `<details${open ? ' open' : ''}><summary>${summary}</summary>`,
    '',
    ...body,
    '',
    '</details>',
    '',
  ];
}

const cell = escapeMarkdownInline;

function threatRow(change: string, threat: DiffThreat, severity: string): string[] {
  return [
    change,
    cell(threat.title),
    severity,
    threat.category,
    cell(threat.targetIds.join(', ')),
    cell(threat.id),
  ];
}

/**
 * The diff as GitHub-flavoured Markdown for a pull-request comment: a heading, a summary line,
 * the threats (open), then one collapsed `<details>` per kind with a change.
 */
export function formatDiffMarkdown(diff: ModelDiff): string {
  // GitHub refuses a comment over 65,536 characters: sections that would pass the budget are
  // named with their counts instead of shown (the JSON output has everything).
  let used = 0;
  const addSection = (summary: string, table: readonly string[], open = false): void => {
    const block = details(summary, table, open);
    const size = block.reduce((total, line) => total + line.length + 1, 0);
    if (used + size > MAX_MARKDOWN_CHARACTERS) {
      lines.push(
        `_${summary}: not shown, the comment would be too long for GitHub; \`gatehouse diff --format json\` lists them all._`,
        '',
      );
      return;
    }
    used += size;
    lines.push(...block);
  };
  const kinds = kindsInWords(diff);
  const lines = [
    `### Gatehouse model diff: ${cell(sideLabel(diff.before))} → ${cell(sideLabel(diff.after))}`,
    '',
    `**${cell(diffHeadline(diff))}**${kinds === '' ? '' : ` In: ${cell(kinds)}.`}`,
    '',
  ];
  const { threats } = diff;
  if (threats && diff.summary.hasSemanticChanges) {
    lines.push(`Open threats by severity: ${openThreatCounts(threats)}.`, '');
    const rows = [
      ...threats.added.map((threat) => threatRow('added', threat, threat.severity)),
      ...threats.removed.map((threat) => threatRow('removed', threat, threat.severity)),
      ...threats.severityChanged.map((threat) =>
        threatRow(
          'severity',
          { ...threat, severity: threat.after },
          `${threat.before} → ${threat.after}`,
        ),
      ),
    ];
    if (rows.length > 0)
      addSection(
        `Threats: ${threatCounts(threats)}`,
        markdownTable(['Change', 'Threat', 'Severity', 'Category', 'About', 'ID'], rows),
        true,
      );
  }
  if (diff.model.length > 0) {
    addSection(
      `Model: ${plural(diff.model.length, 'field')} changed`,
      markdownTable(
        ['Field change'],
        diff.model.map((change) => [cell(describeFieldChange(change))]),
      ),
    );
  }
  for (const kind of DIFF_KINDS) {
    const changes = diff.kinds[kind];
    const counts = kindCounts(changes);
    if (counts === '') continue;
    const row = (change: string, item: ItemRef, what: string): string[] => [
      change,
      cell(item.name),
      cell(item.detail),
      cell(item.id),
      what,
    ];
    const rows = [
      ...changes.added.map((item) => row('added', item, '')),
      ...changes.removed.map((item) => row('removed', item, '')),
      ...changes.changed.map((item) =>
        row(
          item.moved ? 'changed, moved' : 'changed',
          item,
          item.fields.map((change) => cell(describeFieldChange(change))).join('<br>'),
        ),
      ),
      ...changes.moved.map((item) => row('moved', item, 'layout only')),
    ];
    addSection(
      `${DIFF_KIND_LABELS[kind]}: ${counts}`,
      markdownTable(['Change', 'Name', 'What', 'ID', 'Fields'], rows),
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
