import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addToHashedId,
  beginHashedId,
  endHashedId,
  sha256Hex,
  sha256HexPure,
  useSha256Implementation,
} from '../../shared/util/sha256';
import { nodeSha256Hex, useNodeSha256 } from './nativeHash';

describe('nodeSha256Hex', () => {
  afterEach(() => useSha256Implementation(null));

  it('gives the pure-JavaScript digest on arbitrary text, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
          // Any UTF-16 code units, so lone surrogates too (fast-check's units never make them).
          fc
            .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300 })
            .map((units) => String.fromCharCode(...units)),
        ),
        (text) => {
          expect(nodeSha256Hex(text)).toBe(sha256HexPure(text));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the same digest on every length around the block boundaries', () => {
    for (let length = 0; length < 200; length++) {
      const text = 'é'.repeat(length % 7) + 'x'.repeat(length);
      expect(nodeSha256Hex(text)).toBe(sha256HexPure(text));
    }
  });

  it('once installed, serves sha256Hex, and the pure one comes back after', () => {
    const text = 'gatehouse-stride/STRIDE-I-001|flow:f1';
    const pure = sha256HexPure(text);
    useNodeSha256();
    expect(sha256Hex(text)).toBe(pure);
    useSha256Implementation(null);
    expect(sha256Hex(text)).toBe(pure);
  });

  it('once installed, serves hashed IDs built from pieces', () => {
    const pieces = ['gatehouse-stride', '/', 'STRIDE-I-001', '|', 'flow', ':', 'f\u00e9'];
    const hashedId = (): string => {
      beginHashedId();
      for (const piece of pieces) addToHashedId(piece);
      return endHashedId('T-');
    };
    const pure = hashedId();
    useNodeSha256();
    expect(hashedId()).toBe(pure);
    expect(pure).toBe(`T-${sha256HexPure(pieces.join('')).slice(0, 16)}`);
  });
});
