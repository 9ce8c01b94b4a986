import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors';
import { UNASSIGNED_FEATURE_ID } from '../model/schema';
import {
  adfFromOutline,
  renderJiraCloudBulk,
  type AdfDoc,
  type AdfInline,
  type CloudIssueFields,
} from './adf';
import { HOSTILE_TEXTS, hostileStory, storyFixture } from '../testing/hostileStories';
import { STORY_HEADING } from './outline';
import { JIRA_BULK_LIMIT, storyLabel, type JiraExportOptions } from './plan';
import { DEFAULT_JIRA_SETTINGS } from './settings';
import { ALLOWED_LINK_SCHEMES, cleanText, safeHref } from './text';

const schemaPath = join(import.meta.dirname, '..', '..', 'vendor', 'schemas', 'adf-full.json');
const ajv = new Ajv({ allErrors: true, strict: false, strictTuples: false });
const validateAdf = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

function expectValidAdf(doc: AdfDoc): void {
  // Validate what Jira receives: the JSON text, not the object.
  const parsed: unknown = JSON.parse(JSON.stringify(doc));
  expect(validateAdf(parsed), JSON.stringify(validateAdf.errors?.slice(0, 5), null, 2)).toBe(true);
}

/** Every node of an ADF tree, depth first. */
function* nodes(node: unknown): Generator<Record<string, unknown>> {
  if (typeof node !== 'object' || node === null) return;
  yield node as Record<string, unknown>;
  const content = (node as { content?: unknown }).content;
  if (Array.isArray(content)) for (const child of content) yield* nodes(child);
}

function linkHrefs(doc: AdfDoc): string[] {
  const hrefs: string[] = [];
  for (const node of nodes(doc)) {
    const marks = node['marks'];
    if (!Array.isArray(marks)) continue;
    for (const mark of marks as { type: string; attrs?: { href?: string } }[])
      if (mark.type === 'link') hrefs.push(mark.attrs?.href ?? '');
  }
  return hrefs;
}

/** Text as a reader sees it: text nodes in order, hard breaks as LF. */
function plainText(inlines: readonly AdfInline[]): string {
  return inlines.map((inline) => (inline.type === 'text' ? inline.text : '\n')).join('');
}

const HOSTILE_HREFS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  '\u0000javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://files.example/x',
  '//evil.example/x',
  '/relative/path',
  'https:evil.example',
  'https://',
  'https:///path',
  'mailto:',
  'https://ok.example/\u202egnp.exe',
  'https://ok.example/a b',
  `https://ok.example/${'a'.repeat(2100)}`,
];
const GOOD_HREFS = [
  'https://git.example/shop/threat-model.gatehouse.json',
  'HTTP://intranet.example:8080/model',
  'http://[::1]:8080/x',
  'mailto:security@example.com',
];

const options: JiraExportOptions = {
  settings: DEFAULT_JIRA_SETTINGS,
  features: [
    { id: 'checkout', jiraEpicKey: null },
    { id: 'payments', jiraEpicKey: 'SHOP-12' },
  ],
  firstSeenByThreat: new Map(),
  today: '2026-03-01',
};

function descriptions(bulk: ReturnType<typeof renderJiraCloudBulk>): AdfDoc[] {
  return bulk.chunks.flatMap((chunk) =>
    chunk.body.issueUpdates.map((update) => update.fields.description),
  );
}

describe('safeHref', () => {
  it('allows http, https and mailto only, compared with the WHATWG URL parser', () => {
    expect([...ALLOWED_LINK_SCHEMES].sort()).toEqual(['http:', 'https:', 'mailto:']);
    for (const href of GOOD_HREFS) {
      expect(safeHref(href), href).toBe(href);
      expect(ALLOWED_LINK_SCHEMES).toContain(new URL(href).protocol);
    }
    for (const href of HOSTILE_HREFS) expect(safeHref(href), JSON.stringify(href)).toBeNull();
  });
});

describe('ADF descriptions', () => {
  it('validate against the official ADF schema for ordinary and hostile stories and links', () => {
    const stories = [storyFixture(), ...HOSTILE_TEXTS.map((text, i) => hostileStory(text, i))];
    for (const modelUrl of [null, ...GOOD_HREFS, ...HOSTILE_HREFS, ...HOSTILE_TEXTS]) {
      const bulk = renderJiraCloudBulk(stories, { ...options, modelUrl, projectKey: 'SHOP' });
      for (const doc of descriptions(bulk)) expectValidAdf(doc);
    }
  });

  it('writes links only with an allowed scheme; anything else stays plain text', () => {
    for (const modelUrl of [...HOSTILE_HREFS, ...HOSTILE_TEXTS]) {
      const bulk = renderJiraCloudBulk([storyFixture()], {
        ...options,
        modelUrl,
        projectKey: 'SHOP',
      });
      for (const doc of descriptions(bulk))
        expect(linkHrefs(doc), JSON.stringify(modelUrl)).toEqual([]);
    }
    for (const modelUrl of GOOD_HREFS) {
      const bulk = renderJiraCloudBulk([storyFixture()], {
        ...options,
        modelUrl,
        projectKey: 'SHOP',
      });
      for (const doc of descriptions(bulk)) {
        const hrefs = linkHrefs(doc);
        expect(hrefs).toEqual([modelUrl]);
        for (const href of hrefs) expect(ALLOWED_LINK_SCHEMES).toContain(new URL(href).protocol);
      }
    }
  });

  it('carries user text as text nodes, character for character, never as markup', () => {
    for (const [i, text] of HOSTILE_TEXTS.entries()) {
      const doc = renderJiraCloudBulk([hostileStory(text, i)], {
        ...options,
        projectKey: 'SHOP',
      }).chunks.at(-1)!.body.issueUpdates[0]!.fields.description;
      const heading = doc.content[0]!;
      expect(heading.type === 'heading' && plainText(heading.content)).toBe(STORY_HEADING);
      const userStory = doc.content.find(
        (block) => block.type === 'paragraph' && plainText(block.content).startsWith('User story:'),
      );
      expect(userStory?.type === 'paragraph' && plainText(userStory.content)).toBe(
        `User story: ${cleanText(text)}`,
      );
      // Only the fixed labels are bold, only identifiers are code, and there are no links.
      for (const node of nodes(doc)) {
        if (node['type'] !== 'text' || !Array.isArray(node['marks'])) continue;
        const [mark] = node['marks'] as { type: string }[];
        if (mark?.type === 'strong') expect(node['text']).toMatch(/^[A-Z][A-Za-z ]*:$|^None\.$/);
        else expect(mark?.type).toBe('code');
      }
    }
  });

  it('lists criteria with their element or flow and ASVS requirement as code', () => {
    const doc = adfFromOutline([
      { kind: 'bullets', items: [] },
      {
        kind: 'paragraph',
        content: [
          { kind: 'text', text: '' },
          { kind: 'code', text: '' },
        ],
      },
    ]);
    // Empty lists and empty text nodes, which the schema forbids, are left out.
    expect(doc.content).toEqual([{ type: 'paragraph', content: [] }]);
    expectValidAdf(doc);

    const story = storyFixture();
    const built = renderJiraCloudBulk([story], { ...options, projectKey: 'SHOP' }).chunks.at(-1)!
      .body.issueUpdates[0]!.fields.description;
    const list = built.content.find((block) => block.type === 'bulletList');
    expect(list?.type).toBe('bulletList');
    if (list?.type !== 'bulletList') return;
    const criterion = story.acceptanceCriteria[0]!;
    const codes = list.content[0]!.content[0]!.content.flatMap((inline) =>
      inline.type === 'text' && inline.marks?.some((m) => m.type === 'code') ? [inline.text] : [],
    );
    expect(codes).toEqual([criterion.targetId, criterion.asvs]);
  });
});

describe('renderJiraCloudBulk', () => {
  const featureIds = ['checkout', 'payments', UNASSIGNED_FEATURE_ID, 'search'];
  const stories = Array.from({ length: 123 }, (_, i) => ({
    ...hostileStory(HOSTILE_TEXTS[i % HOSTILE_TEXTS.length]!, i),
    featureId: featureIds[i % featureIds.length]!,
  }));
  const bulk = renderJiraCloudBulk(stories, { ...options, projectKey: 'SHOP' });

  it('is the v3 bulk endpoint, in chunks of at most 50, epics first', () => {
    expect(bulk).toMatchObject({
      api: 'jira-cloud-v3',
      method: 'POST',
      path: '/rest/api/3/issue/bulk',
    });
    expect(bulk.chunks.map((chunk) => chunk.kind)).toEqual([
      'epics',
      'stories',
      'stories',
      'stories',
    ]);
    for (const chunk of bulk.chunks) {
      expect(chunk.body.issueUpdates.length).toBeGreaterThan(0);
      expect(chunk.body.issueUpdates.length).toBeLessThanOrEqual(JIRA_BULK_LIMIT);
      expect(chunk.refs).toHaveLength(chunk.body.issueUpdates.length);
      expect(Object.keys(chunk.body)).toEqual(['issueUpdates']);
    }
    const storyRefs = bulk.chunks
      .flatMap((chunk) => chunk.refs)
      .filter((ref) => ref.kind === 'story');
    expect(storyRefs.map((ref) => ref.storyId)).toEqual(stories.map((story) => story.id));
    const epicRefs = bulk.chunks[0]!.refs;
    expect(epicRefs).toEqual([
      { kind: 'epic', featureId: 'checkout' },
      { kind: 'epic', featureId: 'search' },
    ]);
  });

  it('fills the fields Jira needs, with parent only under an existing epic', () => {
    const pairs = bulk.chunks
      .filter((chunk) => chunk.kind === 'stories')
      .flatMap((chunk) =>
        chunk.body.issueUpdates.map((update, i) => [update.fields, chunk.refs[i]!] as const),
      );
    for (const [fields, ref] of pairs) {
      if (ref.kind !== 'story') throw new Error('story chunk with an epic ref');
      const story = stories.find((s) => s.id === ref.storyId)!;
      expect(fields.project).toEqual({ key: 'SHOP' });
      expect(fields.issuetype).toEqual({ name: 'Story' });
      expect(fields.priority).toEqual({
        name: DEFAULT_JIRA_SETTINGS.priorityBySeverity[story.severity],
      });
      expect(fields.labels).toEqual([...DEFAULT_JIRA_SETTINGS.labels, storyLabel(story.id)]);
      expect(fields.duedate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(fields.summary.length).toBeGreaterThan(0);
      expect(fields.summary.length).toBeLessThanOrEqual(255);
      expect(fields.summary).not.toMatch(/[\r\n\t]/);
      if (story.featureId === 'payments') {
        expect(fields.parent).toEqual({ key: 'SHOP-12' });
        expect(ref.epicOfFeature).toBeNull();
      } else {
        expect(fields).not.toHaveProperty('parent');
        expect(ref.epicOfFeature).toBe(
          story.featureId === UNASSIGNED_FEATURE_ID ? null : story.featureId,
        );
      }
    }
    const epic: CloudIssueFields = bulk.chunks[0]!.body.issueUpdates[0]!.fields;
    expect(epic.issuetype).toEqual({ name: 'Epic' });
    expect(epic).not.toHaveProperty('priority');
    expect(epic).not.toHaveProperty('duedate');
  });

  it('shortens long summaries to 255 characters without splitting a character', () => {
    const long = renderJiraCloudBulk([storyFixture({ title: '🔐'.repeat(300) })], {
      ...options,
      projectKey: 'SHOP',
    });
    const summary = long.chunks.at(-1)!.body.issueUpdates[0]!.fields.summary;
    expect(summary.length).toBeLessThanOrEqual(255);
    expect(summary.endsWith('…')).toBe(true);
    expect(
      new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(summary)),
    ).toBe(summary);
  });

  it('refuses a malformed project key', () => {
    for (const projectKey of ['', 'shop', 'SHOP-1', 'SH OP', '1SHOP'])
      expect(() => renderJiraCloudBulk([], { ...options, projectKey }), projectKey).toThrow(
        InputError,
      );
  });
});
