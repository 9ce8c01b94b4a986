import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameJson } from './sameJson';

const sameText = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** JSON-like trees with the values JSON.stringify treats specially mixed in. */
const tricky = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(undefined, null, true, false, 0, -0, 1, NaN, Infinity, '', 'a', 'b'),
    fc.constant(() => 1),
    fc.constant(new Date(0)),
    fc.constant({ toJSON: () => 'a' }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '1', '0'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe('sameJson', () => {
  it('agrees with comparing JSON.stringify texts on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        expect(sameJson(a, b)).toBe(sameText(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees on values that differ a little (undefined, -0, NaN, toJSON, key order, holes)', () => {
    fc.assert(
      fc.property(tricky, tricky, (a, b) => {
        expect(sameJson(a, b)).toBe(sameText(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('is true for a JSON tree and its parsed text, false after any one change', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy: unknown = JSON.parse(JSON.stringify(value));
        expect(sameJson(value, copy)).toBe(true);
        expect(sameJson({ value }, { value: [copy] })).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('counts key order and leaves out what JSON leaves out', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1, f: () => 1 }, { a: 1 })).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
    // eslint-disable-next-line no-sparse-arrays -- a hole prints as null
    expect(sameJson([1, , 3], [1, null, 3])).toBe(true);
    expect(sameJson({ n: -0 }, { n: 0 })).toBe(true);
    expect(sameJson({ n: NaN }, { n: null })).toBe(true);
    expect(sameJson({ d: new Date(0) }, { d: '1970-01-01T00:00:00.000Z' })).toBe(true);
    expect(sameJson({ '1': 1, a: 2 }, { a: 2, '1': 1 })).toBe(true); // integer keys come first
  });
});
