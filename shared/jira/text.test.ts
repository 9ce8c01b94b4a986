import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXTS } from '../testing/hostileStories';
import { cleanText, oneLine, summaryText, truncate, SUMMARY_MAX } from './text';

/** Whether `text` survives UTF-8 unchanged (no lone surrogates). */
const wellFormed = (text: string): boolean =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(text)) === text;

describe('cleanText', () => {
  it('leaves well-formed Unicode with only tab and LF as controls', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE_TEXTS)),
        (text) => {
          const clean = cleanText(text);
          expect(wellFormed(clean)).toBe(true);
          for (const char of clean) {
            const code = char.codePointAt(0)!;
            const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
            expect(control && char !== '\t' && char !== '\n', JSON.stringify(char)).toBe(false);
          }
          expect(clean).not.toMatch(/[\u2028\u2029]/);
        },
      ),
      { examples: HOSTILE_TEXTS.map((text) => [text]) },
    );
  });

  it('keeps ordinary text, emoji and RTL text unchanged', () => {
    for (const text of ['Checkout', 'emoji 🛡️ 👩🏽‍💻', 'עברית مرحبا', 'tab\tand\nnewline'])
      expect(cleanText(text)).toBe(text);
    expect(cleanText('a\r\nb\rc\u2028d')).toBe('a\nb\nc\nd');
  });
});

describe('invisible characters', () => {
  it('drops bidi controls and zero-width spaces, which could make text read as something else', () => {
    expect(cleanText('RTL \u202eexe.txt')).toBe('RTL exe.txt');
    expect(cleanText('a\u200bb\u2066c\u2069\u200f\u061c\ufeff')).toBe('abc');
    expect(cleanText('x\uffffy\ufffe')).toBe('xy');
  });
});

describe('summaryText', () => {
  it('is one line of at most 255 chars, falling back when nothing printable is left', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...HOSTILE_TEXTS)),
        (text) => {
          const summary = summaryText(text, 'fallback');
          expect(summary.length).toBeGreaterThan(0);
          expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
          expect(summary).not.toMatch(/[\r\n\t\u2028\u2029]/);
          expect(wellFormed(summary)).toBe(true);
          if (oneLine(text) === '') expect(summary).toBe('fallback');
        },
      ),
      { examples: HOSTILE_TEXTS.map((text) => [text]) },
    );
  });
});

describe('truncate', () => {
  it('never splits a surrogate pair', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 2, max: 300 }),
        (text, max) => {
          const short = truncate(text, max);
          expect(short.length).toBeLessThanOrEqual(max);
          expect(wellFormed(short)).toBe(true);
          if (text.length <= max) expect(short).toBe(text);
          else expect(short.endsWith('…')).toBe(true);
        },
      ),
    );
  });
});
