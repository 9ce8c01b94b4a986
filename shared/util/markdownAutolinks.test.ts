import { describe, expect, it } from 'vitest';
import { escapeMarkdownInline } from '../gate/output/github';
import { markdownText } from '../reports/markdownReport';
import { defuseAutolinks } from './markdownAutolinks';

const JOINER = '\u2060';

describe('defuseAutolinks', () => {
  it('breaks URLs, www addresses, e-mail addresses and mentions without visible change', () => {
    expect(defuseAutolinks('https://evil.example/login')).toBe(
      `https:${JOINER}//evil.example/login`,
    );
    expect(defuseAutolinks('see www.evil.example')).toBe(`see www${JOINER}.evil.example`);
    expect(defuseAutolinks('@org/security-team')).toBe(`@${JOINER}org/security-team`);
    expect(defuseAutolinks('ada@example.com')).toBe(`ada@${JOINER}example.com`);
    expect(defuseAutolinks('Payment API')).toBe('Payment API');
    expect(defuseAutolinks('https://x').replaceAll(JOINER, '')).toBe('https://x');
  });

  it('is applied by the gate summary escaper and the report Markdown', () => {
    for (const escape of [escapeMarkdownInline, markdownText]) {
      const out = escape('Ping @org/security-team via https://evil.example or www.evil.example');
      expect(out).not.toMatch(/@[a-z]/);
      expect(out).not.toContain('://');
      expect(out).not.toMatch(/www\./);
    }
  });
});
