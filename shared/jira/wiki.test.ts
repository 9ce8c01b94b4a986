import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNASSIGNED_FEATURE_ID } from '../model/schema';
import { HOSTILE_TEXTS, hostileStory, storyFixture } from '../testing/hostileStories';
import { EPIC_HEADING, STORY_HEADING } from './outline';
import { JIRA_BULK_LIMIT, planJiraExport, type JiraExportOptions } from './plan';
import { DEFAULT_JIRA_SETTINGS, JiraExportSettingsSchema } from './settings';
import { cleanText } from './text';
import {
  WIKI_BACKSLASH,
  WIKI_ESCAPED_CHARACTERS,
  escapeWikiLine,
  escapeWikiText,
  renderJiraDataCenterBulk,
  wikiStoryDescription,
} from './wiki';

/**
 * What Jira's renderer does with escapes (atlassian-renderer's BackslashEscapeRendererComponent:
 * a backslash not itself after a backslash, before one of `- # * _ + ? ^ ~ | % { } [ ] ( ) ! @`,
 * yields that character), then the `&#92;` character reference the browser shows as `\`.
 */
function jiraUnescape(wiki: string): string {
  return wiki
    .replace(/(^|(?<!\\))\\([-#*_+?^~|%{}[\]()!@])/g, '$1$2')
    .replaceAll(WIKI_BACKSLASH, '\\');
}

/** The markup characters left after removing the escapes Jira honours (must be none). */
function bareMarkup(wiki: string): string[] {
  const withoutEscapes = wiki
    .replace(/(^|(?<!\\))\\[-#*_+?^~|%{}[\]()!@]/g, '$1')
    .replaceAll(WIKI_BACKSLASH, '');
  return [...withoutEscapes].filter((char) => WIKI_ESCAPED_CHARACTERS.includes(char));
}

const oneLineCorpus = fc.oneof(
  fc.string({ unit: 'grapheme-composite' }),
  fc.string({ unit: 'binary-ascii' }),
  fc.constantFrom(...HOSTILE_TEXTS),
);

describe('escapeWikiLine', () => {
  it('escapes the tested list: every character Jira’s renderer unescapes', () => {
    expect([...WIKI_ESCAPED_CHARACTERS].sort()).toEqual(
      [
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
      ].sort(),
    );
    for (const char of WIKI_ESCAPED_CHARACTERS) expect(escapeWikiLine(char)).toBe(`\\${char}`);
  });

  it('renders back to exactly the text, with no markup character left bare and no line break', () => {
    fc.assert(
      fc.property(oneLineCorpus, (raw) => {
        const line = raw.replace(/[\r\n]/g, ' ');
        const wiki = escapeWikiLine(line);
        expect(jiraUnescape(wiki)).toBe(line);
        expect(bareMarkup(wiki)).toEqual([]);
        // `\\` is Jira's line break.
        expect(wiki).not.toContain('\\\\');
      }),
      { examples: HOSTILE_TEXTS.map((text) => [text]) },
    );
  });

  it('keeps a backslash readable unless it would join what follows', () => {
    expect(escapeWikiLine('C:\\Users\\x')).toBe('C:\\Users\\x');
    expect(escapeWikiLine('a\\*b')).toBe(`a${WIKI_BACKSLASH}\\*b`);
    expect(escapeWikiLine('\\\\server')).toBe(`${WIKI_BACKSLASH}\\server`);
    expect(escapeWikiLine('end\\')).toBe(`end${WIKI_BACKSLASH}`);
  });

  it('never lets user text open or close {noformat} or any other macro', () => {
    for (const text of [
      '{noformat}',
      'a{noformat}b{noformat}c',
      '{NoFormat}',
      '{code}x{code}',
      '{color:red}',
    ]) {
      const wiki = escapeWikiLine(text);
      expect(wiki).not.toMatch(/(^|[^\\])\{/);
      expect(wiki).not.toMatch(/(^|[^\\])\}/);
      expect(jiraUnescape(wiki)).toBe(text);
    }
  });
});

describe('escapeWikiText', () => {
  it('keeps line breaks as inline breaks, so no user line starts a line of markup', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE_TEXTS)),
        (text) => {
          const wiki = escapeWikiText(text);
          expect(wiki).not.toMatch(/[\r\n]/);
          const lines = cleanText(text).replace(/\t/g, ' ').split('\n');
          expect(wiki.split(' \\\\ ').map(jiraUnescape)).toEqual(lines);
        },
      ),
    );
  });
});

describe('wiki descriptions', () => {
  const options: JiraExportOptions = {
    settings: DEFAULT_JIRA_SETTINGS,
    features: [],
    firstSeenByThreat: new Map(),
    today: '2026-03-01',
    modelUrl: 'https://git.example/shop/model.gatehouse.json',
  };
  /** Every line we write starts with fixed markup: a heading, a list item or a bold label. */
  const FIXED_LINE_START = /^(h2\. |h3\. |\* |\*[A-Z][A-Za-z ]*:\* |\*None\.\*$)/;

  it('start every line with fixed markup, and carry user text exactly', () => {
    for (const [i, text] of HOSTILE_TEXTS.entries()) {
      const planned = planJiraExport([hostileStory(text, i)], options).stories[0]!;
      const wiki = wikiStoryDescription(planned, options);
      const lines = wiki.split('\n');
      expect(lines[0]).toBe(`h2. ${STORY_HEADING}`);
      for (const line of lines)
        if (line !== '') expect(line, JSON.stringify(text)).toMatch(FIXED_LINE_START);
      const userStory = lines.find((line) => line.startsWith('*User story:* '))!;
      const expected = cleanText(text).replace(/\t/g, ' ').split('\n');
      expect(userStory.slice('*User story:* '.length).split(' \\\\ ').map(jiraUnescape)).toEqual(
        expected,
      );
    }
  });

  it('links the model only for a safe URL with no character that could break the link', () => {
    const planned = planJiraExport([storyFixture()], options).stories[0]!;
    expect(wikiStoryDescription(planned, options)).toContain(
      '*Threat model:* [https://git.example/shop/model.gatehouse.json]',
    );
    for (const modelUrl of [
      'javascript:alert(1)',
      'https://x.example/a|javascript:alert(1)',
      'https://x.example/]x',
      'https://x.example/{noformat}',
    ]) {
      const wiki = wikiStoryDescription(planned, { ...options, modelUrl });
      const line = wiki.split('\n').find((l) => l.startsWith('*Threat model:*'))!;
      expect(line).toBe(`*Threat model:* ${escapeWikiLine(modelUrl)}`);
      expect(bareMarkup(line.slice('*Threat model:* '.length))).toEqual([]);
    }
  });
});

describe('renderJiraDataCenterBulk', () => {
  const featureIds = ['checkout', 'payments', UNASSIGNED_FEATURE_ID];
  const stories = Array.from({ length: 60 }, (_, i) => ({
    ...hostileStory(HOSTILE_TEXTS[i % HOSTILE_TEXTS.length]!, i),
    featureId: featureIds[i % featureIds.length]!,
  }));
  const options: JiraExportOptions = {
    settings: DEFAULT_JIRA_SETTINGS,
    features: [{ id: 'payments', jiraEpicKey: 'SHOP-12' }],
    firstSeenByThreat: new Map(),
    today: '2026-03-01',
  };

  it('is the v2 bulk endpoint with wiki descriptions, epics first, at most 50 per chunk', () => {
    const bulk = renderJiraDataCenterBulk(stories, { ...options, projectKey: 'SHOP' });
    expect(bulk).toMatchObject({
      api: 'jira-dc-v2',
      method: 'POST',
      path: '/rest/api/2/issue/bulk',
    });
    expect(bulk.chunks.map((c) => [c.kind, c.body.issueUpdates.length])).toEqual([
      ['epics', 1],
      ['stories', JIRA_BULK_LIMIT],
      ['stories', 10],
    ]);
    const epic = bulk.chunks[0]!.body.issueUpdates[0]!.fields;
    expect(epic.description.startsWith(`h2. ${EPIC_HEADING}\n`)).toBe(true);
    for (const update of bulk.chunks.slice(1).flatMap((c) => c.body.issueUpdates))
      expect(update.fields.description.startsWith(`h2. ${STORY_HEADING}\n`)).toBe(true);
  });

  it('uses parent by default, the Epic Link and Epic Name fields when configured', () => {
    const plain = renderJiraDataCenterBulk(stories, { ...options, projectKey: 'SHOP' });
    const underEpic = (bulk: typeof plain) =>
      bulk.chunks
        .filter((c) => c.kind === 'stories')
        .flatMap((c) => c.body.issueUpdates.map((u, i) => ({ fields: u.fields, ref: c.refs[i]! })))
        .filter(({ ref }) => ref.kind === 'story' && ref.featureId === 'payments');
    expect(underEpic(plain).length).toBeGreaterThan(0);
    for (const { fields } of underEpic(plain)) expect(fields.parent).toEqual({ key: 'SHOP-12' });

    const settings = JiraExportSettingsSchema.parse({
      epicLinkField: 'customfield_10100',
      epicNameField: 'customfield_10102',
    });
    const configured = renderJiraDataCenterBulk(stories, {
      ...options,
      settings,
      projectKey: 'SHOP',
    });
    for (const { fields } of underEpic(configured)) {
      expect(fields).not.toHaveProperty('parent');
      expect(fields['customfield_10100']).toBe('SHOP-12');
    }
    const epic = configured.chunks[0]!.body.issueUpdates[0]!.fields;
    // JSON carries the name verbatim: no formula neutralization or escaping outside CSV and wiki.
    expect(epic['customfield_10102']).toBe(HOSTILE_TEXTS[0]);
  });
});
