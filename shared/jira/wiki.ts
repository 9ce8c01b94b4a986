/**
 * Jira wiki markup: descriptions for Jira Data Center (REST API v2, `POST /rest/api/2/issue/bulk`)
 * and for the CSV importer, which reads the Description column as wiki markup on Cloud and Data
 * Center alike.
 *
 * Decision: user text is escaped character by character, not wrapped in `{noformat}`. A
 * `{noformat}` block renders as a monospace box and cannot sit inside a sentence or a list item;
 * escaping keeps the text readable where it belongs. The escaped set is the one Jira's own
 * renderer unescapes (`BackslashEscapeRendererComponent` in atlassian-renderer: `\` before any of
 * `- # * _ + ? ^ ~ | % { } [ ] ( ) ! @`), which covers every inline markup character, macros
 * (`{noformat}` becomes `\{noformat\}`, so user text can neither open nor close a macro),
 * links, images, mentions, tables, and emoticons in parentheses.
 *
 * A backslash is the one character Jira offers no escape for (`\\` is a line break). A user's
 * backslash is kept as is, except where it would join the next character into an escape or a
 * line break (before another backslash, before an escaped character, or at the end of the text):
 * there it becomes the character reference `&#92;`, as pandoc's Jira writer does.
 *
 * Line starts: `h1.`…`h6.` and `bq.` are markup only at the start of a line and cannot be
 * escaped; the outline never starts a line with user text (see `outline.ts`), and line breaks
 * inside user text become ` \\ ` (an inline line break), so a user's next line is never a line of
 * markup either.
 */
import type { Story } from '../stories/generateStories';
import type { Block, Inline } from './outline';
import { epicOutline, storyOutline } from './outline';
import {
  bulkChunks,
  planJiraExport,
  requireProjectKey,
  type JiraBulkExport,
  type JiraExportOptions,
  type JiraExportPlan,
  type PlannedEpic,
  type PlannedStory,
} from './plan';
import type { JiraExportSettings } from './settings';
import { cleanText, oneLine, safeHref, summaryText } from './text';

/** Characters escaped with a backslash in user text. */
export const WIKI_ESCAPED_CHARACTERS: readonly string[] = [
  '*',
  '_',
  '-',
  '+',
  '^',
  '~',
  '?',
  '{',
  '}',
  '[',
  ']',
  '|',
  '!',
  '#',
  '(',
  ')',
  '%',
  '@',
];
const ESCAPED = new Set(WIKI_ESCAPED_CHARACTERS);
/** A backslash that would combine with what follows it. */
export const WIKI_BACKSLASH = '&#92;';

/** One line of user text as wiki markup that renders as exactly that text. */
export function escapeWikiLine(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (ESCAPED.has(char)) out += `\\${char}`;
    else if (char === '\\') {
      const next = line[i + 1];
      out += next === undefined || next === '\\' || ESCAPED.has(next) ? WIKI_BACKSLASH : '\\';
    } else out += char;
  }
  return out;
}

/** User text, line breaks included, as wiki markup on one source line. */
export function escapeWikiText(text: string): string {
  return cleanText(text).replace(/\t/g, ' ').split('\n').map(escapeWikiLine).join(' \\\\ ');
}

/**
 * URLs written inside `[…]`: characters that cannot end the link (`]`), split it (`|`), start a
 * macro or an image, or hide anything. Others, even with a safe scheme, are written as text.
 */
const WIKI_URL = /^[A-Za-z0-9\-._~:/?#@$&'()*+,;=%]+$/;

function inlineWiki(inline: Inline): string {
  switch (inline.kind) {
    case 'label':
      return `*${escapeWikiLine(oneLine(inline.text))}*`;
    case 'text':
      return escapeWikiText(inline.text);
    case 'code': {
      const value = escapeWikiLine(oneLine(inline.text));
      return value === '' ? '' : `{{${value}}}`;
    }
    case 'link': {
      const href = safeHref(inline.href);
      return href !== null && WIKI_URL.test(href) ? `[${href}]` : escapeWikiText(inline.text);
    }
  }
}

function inlinesWiki(content: readonly Inline[]): string {
  return content.map(inlineWiki).join('');
}

/** Wiki markup from an outline: blocks separated by blank lines. */
export function wikiFromOutline(blocks: readonly Block[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') parts.push(`h${block.level}. ${escapeWikiLine(block.text)}`);
    else if (block.kind === 'paragraph') parts.push(inlinesWiki(block.content));
    else if (block.items.length > 0)
      parts.push(block.items.map((item) => `* ${inlinesWiki(item)}`).join('\n'));
  }
  return parts.join('\n\n');
}

export function wikiStoryDescription(planned: PlannedStory, options: JiraExportOptions): string {
  return wikiFromOutline(storyOutline(planned, options));
}

export function wikiEpicDescription(
  epic: PlannedEpic,
  plan: JiraExportPlan,
  options: JiraExportOptions,
): string {
  return wikiFromOutline(epicOutline(epic, plan, options));
}

/** The `fields` of one issue in a Data Center bulk body. */
export type DataCenterIssueFields = {
  project: { key: string };
  summary: string;
  issuetype: { name: string };
  priority?: { name: string };
  labels: string[];
  duedate?: string;
  description: string;
  parent?: { key: string };
} & Record<`customfield_${string}`, string>;

function epicLinkFields(
  settings: JiraExportSettings,
  key: string,
): { parent: { key: string } } | Record<`customfield_${string}`, string> {
  // Data Center links stories to epics through its Epic Link field; `parent` is for sub-tasks
  // there, except on versions with the unified parent field.
  if (settings.epicLinkField === null) return { parent: { key } };
  return { [settings.epicLinkField]: key } as Record<`customfield_${string}`, string>;
}

/**
 * Bodies for `POST /rest/api/2/issue/bulk` (Data Center), laid out like the Cloud ones: epic
 * chunks first, then stories, at most 50 per chunk, `description` as wiki markup. With
 * `epicNameField` set, epics carry their Epic Name (the feature name, one line, at most 255
 * chars); with
 * `epicLinkField` set, a story under an existing epic names it there instead of in `parent`.
 */
export function renderJiraDataCenterBulk(
  stories: readonly Story[],
  options: JiraExportOptions & { projectKey: string },
): JiraBulkExport<DataCenterIssueFields> {
  const project = { key: requireProjectKey(options.projectKey) };
  const { settings } = options;
  const plan = planJiraExport(stories, options);
  const chunks = bulkChunks<DataCenterIssueFields>(
    plan,
    (epic) => ({
      project,
      summary: epic.summary,
      issuetype: { name: epic.issueType },
      labels: epic.labels,
      description: wikiEpicDescription(epic, plan, options),
      ...(settings.epicNameField === null
        ? {}
        : { [settings.epicNameField]: summaryText(epic.featureName, epic.featureId) }),
    }),
    (planned) => ({
      project,
      summary: planned.summary,
      issuetype: { name: planned.issueType },
      priority: { name: planned.priority },
      labels: planned.labels,
      duedate: planned.dueDate,
      description: wikiStoryDescription(planned, options),
      ...(planned.parent.kind === 'existing-epic'
        ? epicLinkFields(settings, planned.parent.key)
        : {}),
    }),
  );
  return { api: 'jira-dc-v2', method: 'POST', path: '/rest/api/2/issue/bulk', chunks };
}
