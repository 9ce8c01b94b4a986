import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToHashedId, beginHashedId, endHashedId, sha256Hex } from './sha256';

const reference = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with @noble/hashes on every length around the block boundaries', () => {
    for (let length = 0; length < 200; length++) {
      const text = 'x'.repeat(length);
      expect(sha256Hex(text)).toBe(reference(text));
    }
  });

  it('falls back to UTF-8 wherever the first non-ASCII character sits', () => {
    // The ASCII fast path has packed part of the message by then; the fallback must start over.
    for (const length of [1, 3, 4, 5, 55, 56, 63, 64, 65, 130]) {
      for (let at = 0; at < length; at++) {
        const text = 'a'.repeat(at) + 'é' + 'b'.repeat(length - at - 1);
        expect(sha256Hex(text)).toBe(reference(text));
      }
    }
  });

  it('agrees with @noble/hashes on arbitrary Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('hashed IDs from pieces', () => {
  const hashedId = (prefix: string, pieces: readonly string[]): string => {
    beginHashedId();
    for (const piece of pieces) addToHashedId(piece);
    return endHashedId(prefix);
  };
  const expected = (prefix: string, pieces: readonly string[]): string =>
    prefix + reference(pieces.join('')).slice(0, 16);
  // Any UTF-16 code units, so lone surrogates too, and pairs split across two pieces.
  const anyUnits = fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
    .map((units) => String.fromCharCode(...units));

  it('are the prefix and 16 hex digits of the joined pieces, on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
            fc.string({ unit: 'grapheme', maxLength: 40 }),
            fc.string({ unit: 'binary', maxLength: 40 }),
            anyUnits,
          ),
          { maxLength: 12 },
        ),
        (pieces) => {
          expect(hashedId('T-', pieces)).toBe(expected('T-', pieces));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('pad right on every length around the block boundaries, and after a longer message', () => {
    for (let length = 0; length < 200; length++) {
      const pieces = [
        'x'.repeat(length >> 1),
        'é'.repeat(length % 3),
        'y'.repeat(length - (length >> 1)),
      ];
      expect(hashedId('S-', pieces)).toBe(expected('S-', pieces));
    }
    // A long message leaves its words behind: the next, shorter one must not read them.
    const long = ['z'.repeat(10_000)];
    expect(hashedId('x-', long)).toBe(expected('x-', long));
    expect(hashedId('T-', ['ab'])).toBe(expected('T-', ['ab']));
  });

  it('are the first 16 hex digits of the full digest of a threat key', () => {
    const pieces = ['gatehouse-stride', '/', 'STRIDE-I-001', '|', 'flow', ':', 'f1'];
    expect(hashedId('T-', pieces)).toBe(`T-${sha256Hex(pieces.join('')).slice(0, 16)}`);
  });
});
