import { describe, expect, it } from 'vitest';
import { IdsFromNames } from './layout';

describe('IdsFromNames', () => {
  it('gives every name a distinct ID, numbering names that reduce to the same base', () => {
    const ids = new IdsFromNames();
    expect(ids.reserve('api-3')).toBe(true);
    // 5,000 names that all reduce to "api" (linear since the next number per base is kept).
    const given = Array.from({ length: 5_000 }, (_, index) =>
      ids.idFor(`api${'/'.repeat((index % 3) + 1)}`),
    );
    expect(new Set(given).size).toBe(5_000);
    // "api/", "api//" and "api///" all reduce to "api"; "api-3" was reserved by the file.
    expect(given.slice(0, 4)).toEqual(['api', 'api-2', 'api-4', 'api-5']);
    expect(given).not.toContain('api-3');
  });
});
