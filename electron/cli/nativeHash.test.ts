import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  sha256Hex,
  sha256HexPure,
  sha256Prefix16,
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

  it('once installed, serves sha256Hex and the 16-digit ID prefix', () => {
    const text = 'gatehouse-stride/STRIDE-I-001|flow:f1';
    const pure = sha256HexPure(text);
    useNodeSha256();
    expect(sha256Hex(text)).toBe(pure);
    expect(sha256Prefix16(text)).toBe(pure.slice(0, 16));
    useSha256Implementation(null);
    expect(sha256Prefix16(text)).toBe(pure.slice(0, 16));
  });
});
