import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortById } from './sortById';

const plainSort = (ids: readonly string[]): string[] => [...ids].sort();
const records = (ids: readonly string[]) => ids.map((id) => ({ id }));

describe('sortById', () => {
  it('orders exactly like a comparator sort at every bucket size, with shared prefixes', () => {
    for (const length of [
      0, 1, 2, 15, 16, 200, 255, 256, 3000, 4095, 4096, 20_000, 65_535, 65_536, 70_000,
    ]) {
      const ids = Array.from({ length }, (_, i) => {
        // Every third ID shares its first four hex digits with another, to fill buckets.
        const prefix = (i % 3 === 0 ? 0xabcd : (i * 7919) % 65536).toString(16).padStart(4, '0');
        return `T-${prefix}${((i * 2654435761) >>> 0).toString(16).padStart(12, '0')}`;
      });
      expect(sortById(records(ids)).map((r) => r.id)).toEqual(plainSort(ids));
    }
  });

  it('falls back to string order for IDs that are not T- and hex', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.stringMatching(/^T-[0-9a-f]{16}$/),
            fc.string({ maxLength: 8 }),
            fc.constantFrom('T-', 'T-ABCD', 'T-00g1', 'M-0000', 'T-0'),
          ),
          { maxLength: 400 },
        ),
        (ids) => {
          expect(sortById(records(ids)).map((r) => r.id)).toEqual(plainSort(ids));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns a new array and leaves its input alone', () => {
    const input = records(['T-ffff000000000000', 'T-0000000000000000']);
    const sorted = sortById(input);
    expect(sorted).not.toBe(input);
    expect(input[0]!.id).toBe('T-ffff000000000000');
  });
});
