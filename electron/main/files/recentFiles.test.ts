import { describe, expect, it } from 'vitest';
import { FileHandleSchema } from '../../../shared/ipc/common';
import { fileChannels } from '../../../shared/ipc/fileChannels';
import { MAX_RECENT_FILES, RecentFiles, type RecentFileStore } from './recentFiles';
import { displayName, folderNameOf, isPlausiblePath } from './fileNames';

function memoryStore(initial: unknown = []): RecentFileStore & { paths: unknown } {
  const store = {
    paths: initial,
    load: () => store.paths as string[],
    save: (paths: string[]) => {
      store.paths = paths;
    },
  };
  return store;
}

describe('RecentFiles', () => {
  it('persists the newest first, without duplicates, at most 10', () => {
    const store = memoryStore();
    const recent = new RecentFiles(store);
    for (let index = 0; index < 12; index++) recent.add(`/models/m${index}.json`);
    recent.add('/models/m5.json');
    expect(store.paths).toEqual([
      '/models/m5.json',
      '/models/m11.json',
      '/models/m10.json',
      '/models/m9.json',
      '/models/m8.json',
      '/models/m7.json',
      '/models/m6.json',
      '/models/m4.json',
      '/models/m3.json',
      '/models/m2.json',
    ]);
    expect(MAX_RECENT_FILES).toBe(10);

    // The next session lists the same files, under new opaque IDs.
    const next = new RecentFiles(store);
    expect(next.list().map((file) => file.name)).toEqual(
      (store.paths as string[]).map((path) => path.slice('/models/'.length)),
    );
  });

  it('lists what the IPC schema accepts and never a path', () => {
    const recent = new RecentFiles(memoryStore(['/home/ana/work/shop.gatehouse.json']));
    const files = recent.list();
    expect(files).toEqual([
      { id: expect.any(String), name: 'shop.gatehouse.json', folderName: 'work' },
    ]);
    expect(fileChannels['file:listRecent'].response.parse({ files })).toEqual({ files });
    expect(JSON.stringify(files)).not.toContain('/home');
    expect(recent.resolve(files[0]?.id ?? '')).toBe('/home/ana/work/shop.gatehouse.json');
    expect(recent.list()[0]?.id).toBe(files[0]?.id);
  });

  it('ignores what a tampered settings file holds besides absolute paths', () => {
    const stored = [
      'relative/x.json',
      '/ok.json',
      42,
      '/ok.json',
      '/nul\0.json',
      `/${'a'.repeat(5000)}`,
    ];
    const recent = new RecentFiles(memoryStore(stored));
    expect(recent.list().map((file) => file.name)).toEqual(['ok.json']);
    expect(new RecentFiles(memoryStore({ not: 'a list' })).list()).toEqual([]);
  });

  it('survives a store that fails, reporting it', () => {
    const warnings: string[] = [];
    const failing: RecentFileStore = {
      load: () => {
        throw new Error('settings unreadable');
      },
      save: () => {
        throw new Error('disk full');
      },
    };
    const recent = new RecentFiles(failing, undefined, (message) => warnings.push(message));
    recent.add('/a.json');
    expect(recent.list().map((file) => file.name)).toEqual(['a.json']);
    expect(warnings).toEqual([
      'The recent files could not be loaded: Error: settings unreadable',
      'The recent files could not be saved: Error: disk full',
    ]);
  });

  it('stops resolving removed and cleared entries', () => {
    const store = memoryStore(['/a.json', '/b.json']);
    const recent = new RecentFiles(store);
    const [a, b] = recent.list();
    recent.remove('/a.json');
    expect(recent.resolve(a?.id ?? '')).toBeUndefined();
    expect(store.paths).toEqual(['/b.json']);
    recent.clear();
    expect(recent.resolve(b?.id ?? '')).toBeUndefined();
    expect(store.paths).toEqual([]);
  });

  it('grants a path from the OS by ID without listing it, and refuses what is not a path', () => {
    const recent = new RecentFiles(memoryStore());
    const id = recent.grantFromOs('/downloads/shared.gatehouse.json') ?? '';
    expect(FileHandleSchema.safeParse(id).success).toBe(true);
    expect(recent.resolve(id)).toBe('/downloads/shared.gatehouse.json');
    expect(recent.list()).toEqual([]);
    expect(recent.grantFromOs('--inspect=9229')).toBeUndefined();
    expect(recent.grantFromOs('relative.json')).toBeUndefined();
  });
});

describe('file names shown to the renderer', () => {
  it('are one segment without control characters', () => {
    expect(displayName('/a/b/line\nbreak.json')).toBe('line\uFFFDbreak.json');
    expect(displayName('/')).toBe('untitled');
    expect(folderNameOf('/top.json')).toBe('');
    expect(folderNameOf('/a/b\tc/x.json')).toBe('b\uFFFDc');
    expect(isPlausiblePath('/a.json')).toBe(true);
    expect(isPlausiblePath('a.json')).toBe(false);
  });
});
