import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeBinaryInput, invalidUtf8Offset } from './binaryInput';

const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (text: string) => new TextEncoder().encode(text);
const utf16le = (text: string) => Uint8Array.from(Buffer.from(text, 'utf16le'));

describe('describeBinaryInput', () => {
  it('recognises a ZIP archive renamed .tm7', () => {
    const zip = new Uint8Array(
      readFileSync(new URL('./fixtures/tm7/zip-renamed.tm7', import.meta.url)),
    );
    expect(describeBinaryInput(zip)).toMatch(/^The file is a ZIP archive, not a text file/);
    // An empty archive starts with its end record.
    expect(describeBinaryInput(bytes(0x50, 0x4b, 0x05, 0x06, 0, 0))).toMatch(/ZIP archive/);
  });

  it('recognises gzip', () => {
    expect(describeBinaryInput(bytes(0x1f, 0x8b, 8, 0))).toMatch(/gzip-compressed/);
  });

  it('recognises UTF-16 with either byte order mark, and UTF-32', () => {
    const text = '<ThreatModel/>';
    expect(describeBinaryInput(Uint8Array.from([0xff, 0xfe, ...utf16le(text)]))).toMatch(
      /UTF-16 \(it starts with a UTF-16 byte order mark\).*Save it as UTF-8/,
    );
    const bigEndian = Uint8Array.from(Buffer.from(text, 'utf16le').swap16());
    expect(describeBinaryInput(Uint8Array.from([0xfe, 0xff, ...bigEndian]))).toMatch(/UTF-16/);
    expect(describeBinaryInput(bytes(0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0))).toMatch(/UTF-32/);
  });

  it('recognises UTF-16 without a byte order mark, and its byte order', () => {
    const text = '<ThreatModel xmlns="x"><Notes/></ThreatModel>';
    expect(describeBinaryInput(utf16le(text))).toMatch(/little-endian, without a byte order mark/);
    const bigEndian = Uint8Array.from(Buffer.from(text, 'utf16le').swap16());
    expect(describeBinaryInput(bigEndian)).toMatch(/big-endian/);
  });

  it('recognises other binary data by its NUL bytes', () => {
    expect(describeBinaryInput(bytes(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49))).toMatch(
      /binary data/,
    );
  });

  it('names the first byte that is not UTF-8 (a Windows-1252 file)', () => {
    // "café" in Windows-1252: é is the single byte 0xE9.
    expect(describeBinaryInput(bytes(0x63, 0x61, 0x66, 0xe9, 0x20, 0x61))).toMatch(
      /not valid UTF-8 \(byte 3 /,
    );
  });

  it('accepts UTF-8 text, with or without a byte order mark', () => {
    expect(describeBinaryInput(utf8('<ThreatModel>Grüße 🚀</ThreatModel>'))).toBeNull();
    expect(describeBinaryInput(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('<a/>')]))).toBeNull();
    expect(describeBinaryInput(new Uint8Array(0))).toBeNull();
  });

  it('accepts any text encoded as UTF-8 that holds no NUL', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }).filter((text) => !text.includes('\u0000')),
        (text) => {
          const encoded = utf8(text);
          fc.pre(!text.startsWith('PK\u0003\u0004'));
          expect(describeBinaryInput(encoded)).toBeNull();
        },
      ),
    );
  });
});

describe('invalidUtf8Offset', () => {
  it('rejects overlong forms, surrogates, code points above U+10FFFF and cut sequences', () => {
    expect(invalidUtf8Offset(bytes(0x41, 0xc0, 0xaf))).toBe(1);
    expect(invalidUtf8Offset(bytes(0xe0, 0x80, 0xaf))).toBe(0);
    expect(invalidUtf8Offset(bytes(0xed, 0xa0, 0x80))).toBe(0);
    expect(invalidUtf8Offset(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0);
    expect(invalidUtf8Offset(bytes(0x41, 0x42, 0xe2, 0x82))).toBe(2);
    expect(invalidUtf8Offset(utf8('€ 𝄞'))).toBe(-1);
  });

  it('agrees with a strict UTF-8 decoder on any bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        let decodes = true;
        try {
          strict.decode(input);
        } catch {
          decodes = false;
        }
        expect(invalidUtf8Offset(input) === -1).toBe(decodes);
      }),
      { numRuns: 2000 },
    );
  });
});
