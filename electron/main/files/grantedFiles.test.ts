import { describe, expect, it } from 'vitest';
import { FileHandleSchema } from '../../../shared/ipc/common';
import { createRandomHandle, fingerprintOf, GrantedFiles, hasSameContent } from './grantedFiles';

const bytes = (text: string) => new TextEncoder().encode(text);
const PRINT = fingerprintOf(bytes('one'), 1000);

describe('GrantedFiles', () => {
  it('issues random handles that match the IPC schema and reveal nothing of the path', () => {
    const handles = new Set(Array.from({ length: 200 }, () => createRandomHandle()));
    expect(handles.size).toBe(200);
    for (const handle of handles) expect(FileHandleSchema.safeParse(handle).success).toBe(true);

    const granted = new GrantedFiles();
    const handle = granted.grant(1, '/home/ana/shop.gatehouse.json', PRINT);
    expect(handle).not.toMatch(/ana|shop/);
  });

  it('resolves a handle only in the window it was granted to, until that window closes', () => {
    const granted = new GrantedFiles();
    const handle = granted.grant(1, '/models/a.json', PRINT);
    expect(granted.get(1, handle)).toEqual({ handle, path: '/models/a.json', fingerprint: PRINT });
    expect(granted.get(2, handle)).toBeUndefined();
    expect(granted.get(1, 'x'.repeat(32))).toBeUndefined();
    granted.forgetWindow(1);
    expect(granted.get(1, handle)).toBeUndefined();
    expect(granted.countFor(1)).toBe(0);
  });

  it('keeps one handle per path and window, recording the latest fingerprint', () => {
    const granted = new GrantedFiles();
    const first = granted.grant(1, '/models/a.json', PRINT);
    const later = fingerprintOf(bytes('two'), 2000);
    expect(granted.grant(1, '/models/a.json', later)).toBe(first);
    expect(granted.get(1, first)?.fingerprint).toEqual(later);
    expect(granted.grant(2, '/models/a.json', PRINT)).not.toBe(first);
    expect(granted.countFor(1)).toBe(1);

    const newest = fingerprintOf(bytes('three'), 3000);
    granted.update(1, first, newest);
    expect(granted.get(1, first)?.fingerprint).toEqual(newest);
    granted.update(2, first, PRINT); // not this window's handle: no effect
    expect(granted.get(1, first)?.fingerprint).toEqual(newest);
  });

  it('never issues a handle twice, even if the random source repeats', () => {
    const sequence = ['AAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBB'];
    const granted = new GrantedFiles(() => sequence.shift() ?? 'CCCCCCCCCCCCCCCC');
    expect(granted.grant(1, '/a', PRINT)).toBe('AAAAAAAAAAAAAAAA');
    expect(granted.grant(2, '/b', PRINT)).toBe('BBBBBBBBBBBBBBBB');
  });
});

describe('fingerprints', () => {
  it('compare content, not time', () => {
    expect(PRINT).toEqual({
      size: 3,
      modifiedMs: 1000,
      sha256: '7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed',
    });
    expect(hasSameContent(PRINT, bytes('one'))).toBe(true);
    expect(hasSameContent(PRINT, bytes('two'))).toBe(false);
    expect(hasSameContent(PRINT, bytes('one!'))).toBe(false);
  });
});
