import { describe, expect, it } from 'vitest';
import { multiLine, singleLine, truncate } from './cleanText';

describe('singleLine', () => {
  it('turns every kind of line break and tab into one space', () => {
    expect(singleLine('a\nb\r\nc\rd\u2028e\u2029f\u0085g\vh\fi\tj')).toBe('a b c d e f g h i j');
  });

  it('removes ANSI escapes, other controls and bidi overrides, and trims', () => {
    expect(
      singleLine(' \u001b[31mred\u001b[0m\u0000\u0007\u007f\u009b \u202eevil\u202c\u2066x\u2069 '),
    ).toBe('[31mred[0m evilx');
  });

  it('shrinks runs of white space so padding cannot imitate columns', () => {
    expect(singleLine('a     b\u00a0\u00a0c')).toBe('a b c');
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(singleLine('a\ud800b\udc00c🎉')).toBe('a\ufffdb\ufffdc🎉');
  });
});

describe('multiLine', () => {
  it('keeps line breaks as LF and cleans each line', () => {
    expect(multiLine('a\r\nb\rc\u2028d\te\u001b[0m\n\u202e')).toBe('a\nb\nc\nd e[0m');
  });
});

describe('truncate', () => {
  it('cuts at code points and marks the cut', () => {
    expect(truncate('🎉🎉🎉🎉', 3)).toBe('🎉🎉…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});
