import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml } from './escapeXml';

describe('escapeXml', () => {
  it('turns the five markup characters into entities', () => {
    expect(escapeXml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes an entity again, so it shows as typed', () => {
    expect(escapeXml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  it('replaces characters XML forbids, keeps tab, line breaks and emoji', () => {
    expect(escapeXml('a\u0000b\u0007c\u001fd\ufffe')).toBe('a\ufffdb\ufffdc\ufffdd\ufffd');
    expect(escapeXml('tab\there\nline\r')).toBe('tab\there\nline\r');
    expect(escapeXml('shield 🛡 ok')).toBe('shield 🛡 ok');
    expect(escapeXml('lone \ud800 surrogate')).toBe('lone \ufffd surrogate');
  });

  it('always yields text that is well-formed inside an element and an attribute', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const escaped = escapeXml(value);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(XMLValidator.validate(`<t a="${escaped}">${escaped}</t>`)).toBe(true);
      }),
    );
  });
});
