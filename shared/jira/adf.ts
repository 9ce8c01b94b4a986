/**
 * Jira Cloud (REST API v3): descriptions in Atlassian Document Format (ADF, version 1) and the
 * bodies of `POST /rest/api/3/issue/bulk`.
 *
 * Safety rules:
 * - User text only ever becomes the `text` of text nodes: it is never parsed as markup, so
 *   `*bold*`, `<script>` or `[x](javascript:…)` in a name stay those characters.
 * - Links only for `http:`, `https:` and `mailto:` (`safeHref`); the ADF schema accepts any href,
 *   `javascript:` included, so anything else is written as plain text.
 * - Empty text nodes are dropped (the schema requires at least one character).
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
import { cleanText, oneLine, safeHref } from './text';

export type AdfMark =
  { type: 'code' } | { type: 'strong' } | { type: 'link'; attrs: { href: string } };
export type AdfInline = { type: 'text'; text: string; marks?: AdfMark[] } | { type: 'hardBreak' };
export interface AdfParagraph {
  type: 'paragraph';
  content: AdfInline[];
}
export type AdfBlock =
  | { type: 'heading'; attrs: { level: 2 | 3 }; content: AdfInline[] }
  | AdfParagraph
  | { type: 'bulletList'; content: { type: 'listItem'; content: AdfParagraph[] }[] };
export interface AdfDoc {
  version: 1;
  type: 'doc';
  content: AdfBlock[];
}

function textNode(text: string, marks?: AdfMark[]): AdfInline[] {
  if (text === '') return [];
  return [marks === undefined ? { type: 'text', text } : { type: 'text', text, marks }];
}

/** Plain text with its line breaks as `hardBreak` nodes. */
function multiline(text: string): AdfInline[] {
  return cleanText(text)
    .split('\n')
    .flatMap((line, i): AdfInline[] => [
      ...(i === 0 ? [] : [{ type: 'hardBreak' } as const]),
      ...textNode(line),
    ]);
}

function inlineNodes(inline: Inline): AdfInline[] {
  switch (inline.kind) {
    case 'label':
      return textNode(oneLine(inline.text), [{ type: 'strong' }]);
    case 'text':
      return multiline(inline.text);
    case 'code':
      return textNode(oneLine(inline.text), [{ type: 'code' }]);
    case 'link': {
      const href = safeHref(inline.href);
      const text = oneLine(inline.text);
      return href === null ? textNode(text) : textNode(text, [{ type: 'link', attrs: { href } }]);
    }
  }
}

function paragraph(content: readonly Inline[]): AdfParagraph {
  return { type: 'paragraph', content: content.flatMap(inlineNodes) };
}

/** An ADF document from an outline. */
export function adfFromOutline(blocks: readonly Block[]): AdfDoc {
  const content: AdfBlock[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      content.push({
        type: 'heading',
        attrs: { level: block.level },
        content: textNode(block.text),
      });
    } else if (block.kind === 'paragraph') {
      content.push(paragraph(block.content));
    } else if (block.items.length > 0) {
      content.push({
        type: 'bulletList',
        content: block.items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
      });
    }
  }
  return { version: 1, type: 'doc', content };
}

/** The ADF description of a planned story. */
export function adfStoryDescription(planned: PlannedStory, options: JiraExportOptions): AdfDoc {
  return adfFromOutline(storyOutline(planned, options));
}

export function adfEpicDescription(
  epic: PlannedEpic,
  plan: JiraExportPlan,
  options: JiraExportOptions,
): AdfDoc {
  return adfFromOutline(epicOutline(epic, plan, options));
}

/** The `fields` of one issue in a Cloud bulk body. */
export interface CloudIssueFields {
  project: { key: string };
  summary: string;
  issuetype: { name: string };
  priority?: { name: string };
  labels: string[];
  duedate?: string;
  description: AdfDoc;
  parent?: { key: string };
}

/**
 * Bodies for `POST /rest/api/3/issue/bulk`, in chunks of at most 50: epic chunks first (one epic
 * per feature without `jiraEpicKey`), then stories. A story under an existing epic carries
 * `parent.key`; a story under an epic of this export carries no parent, and its `refs` entry names
 * the feature whose new epic key the push puts into `parent` before sending it. Epics carry no
 * priority or due date: many projects do not put those fields on the epic screen, and Jira
 * rejects a field that is not on it.
 */
export function renderJiraCloudBulk(
  stories: readonly Story[],
  options: JiraExportOptions & { projectKey: string },
): JiraBulkExport<CloudIssueFields> {
  const project = { key: requireProjectKey(options.projectKey) };
  const plan = planJiraExport(stories, options);
  const chunks = bulkChunks<CloudIssueFields>(
    plan,
    (epic) => ({
      project,
      summary: epic.summary,
      issuetype: { name: epic.issueType },
      labels: epic.labels,
      description: adfEpicDescription(epic, plan, options),
    }),
    (planned) => ({
      project,
      summary: planned.summary,
      issuetype: { name: planned.issueType },
      priority: { name: planned.priority },
      labels: planned.labels,
      duedate: planned.dueDate,
      description: adfStoryDescription(planned, options),
      ...(planned.parent.kind === 'existing-epic' ? { parent: { key: planned.parent.key } } : {}),
    }),
  );
  return { api: 'jira-cloud-v3', method: 'POST', path: '/rest/api/3/issue/bulk', chunks };
}
