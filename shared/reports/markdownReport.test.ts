import { describe, expect, it } from 'vitest';
import { XSS_PAYLOADS, xssCorpusModel } from './xssCorpus';
import { modelFromTree } from '../model/parseModel';
import { loadRulePacks } from '../rules/loadPacks';
import { markdownText, renderMarkdownReport } from './markdownReport';
import { buildReportModel } from './reportModel';

describe('markdownText', () => {
  it('keeps a table cell one cell: pipes escaped, line breaks joined', () => {
    expect(markdownText('a | b\nc')).toBe('a \\| b c');
  });

  it('neutralizes code spans, emphasis, links, raw HTML and block markers', () => {
    expect(markdownText('`x` *y* _z_ [l](javascript:alert(1))')).toBe(
      '\\`x\\` \\*y\\* \\_z\\_ \\[l\\]\\(javascript:alert\\(1\\)\\)',
    );
    expect(markdownText('<img src=x onerror=alert(1)> & co')).toBe(
      '&lt;img src=x onerror=alert\\(1\\)&gt; &amp; co',
    );
    expect(markdownText('# title')).toBe('\\# title');
    expect(markdownText('1. first')).toBe('1\\. first');
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('a \\ b')).toBe('a \\\\ b');
  });
});

describe('renderMarkdownReport', () => {
  const model = modelFromTree(xssCorpusModel()).model;
  const markdown = renderMarkdownReport(buildReportModel(model, loadRulePacks(), '2026-12-01'));

  it('has every section', () => {
    for (const heading of [
      '## Summary',
      '## Diagrams',
      '## Risk matrix',
      '## Threats by feature',
      '## Threats by category',
      '## Mitigations',
      '## Security stories',
      '## Acceptances and approvals',
      '## Suppressions',
      '## Model lint findings',
    ])
      expect(markdown).toContain(`\n${heading}\n`);
  });

  it('carries no raw HTML and no unescaped pipe from user text into a table row', () => {
    expect(markdown).not.toMatch(/<[a-z!/]/i);
    // Every table keeps the column count of its header.
    const blocks = markdown.split('\n\n').filter((block) => block.startsWith('| '));
    for (const block of blocks) {
      const columns = block.trimEnd().split('\n').map((row) => row.replace(/\\\|/g, '').split('|').length);
      expect(new Set(columns).size).toBe(1);
    }
  });

  it('shows each payload as text (escaped, still readable)', () => {
    expect(markdown).toContain(markdownText(XSS_PAYLOADS[0]!));
    expect(markdown).toContain('&lt;script&gt;window.\\_\\_xss=1&lt;/script&gt;');
  });
});
