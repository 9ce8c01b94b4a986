import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcFailure, MAX_ERROR_MESSAGE_LENGTH } from '../../../shared/ipc/envelope';
import { FileHandleSchema } from '../../../shared/ipc/common';
import { fileChannels } from '../../../shared/ipc/fileChannels';
import { parseModel } from '../../../shared/model/parseModel';
import { MAX_INPUT_BYTES, nodeFileSystem, type FileSystem } from '../../services/textFiles';
import type { HandlerContext } from '../ipc/handlerTypes';
import {
  createFileHandlers,
  importFilters,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from './fileHandlers';
import { backupPrefix } from './backups';
import { GrantedFiles } from './grantedFiles';
import { RecentFiles } from './recentFiles';

const modelText = (name: string, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify(
    {
      format: 'gatehouse-model',
      schemaVersion: 1,
      name,
      diagrams: [{ id: 'd1', name: 'Main' }],
      ...extra,
    },
    null,
    2,
  )}\n`;
const SHOP = modelText('Shop');
const SHOP_EDITED = modelText('Shop, edited');

let root: string;
let documents: string;
let userData: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gatehouse-files-'));
  documents = join(root, 'documents');
  userData = join(root, 'userData');
  mkdirSync(documents);
  mkdirSync(userData);
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** Every file under the temporary root with its content: "no side effect" means this is equal. */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path).toString('base64');
    }
  };
  walk(root);
  return files;
}

function backups(): string[] {
  try {
    return readdirSync(join(userData, 'backups')).sort();
  } catch {
    return [];
  }
}

function context(windowId = 1): HandlerContext {
  return { windowId, send: () => {} };
}

interface SetupOptions {
  fs?: Partial<FileSystem>;
  stored?: string[];
  backupsKept?: number;
}

/** Handlers over real temporary folders, with scripted dialogs and a recording store. */
function setup(options: SetupOptions = {}) {
  const openAnswers: Array<string | null> = [];
  const saveAnswers: Array<string | null> = [];
  const dialogs = {
    showOpenDialog: vi.fn(async (_windowId: number, _options: OpenDialogOptions) => {
      const path = openAnswers.shift() ?? null;
      return path === null
        ? { canceled: true, filePaths: [] }
        : { canceled: false, filePaths: [path] };
    }),
    showSaveDialog: vi.fn(async (_windowId: number, _options: SaveDialogOptions) => {
      const path = saveAnswers.shift() ?? null;
      return path === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: path };
    }),
  };
  const store = { paths: options.stored ?? [], saves: 0 };
  const recentStore = {
    load: () => store.paths,
    save: (paths: string[]) => {
      store.paths = paths;
      store.saves += 1;
    },
  };
  const granted = new GrantedFiles();
  const recent = new RecentFiles(recentStore);
  let clock = Date.parse('2025-01-02T03:04:05.678Z');
  const warnings: string[] = [];
  const handlers = createFileHandlers({
    dialogs,
    granted,
    recent,
    userDataFolder: userData,
    defaultFolder: documents,
    fs: { ...nodeFileSystem, ...options.fs },
    now: () => new Date((clock += 1000)),
    ...(options.backupsKept === undefined ? {} : { backupsKept: options.backupsKept }),
    warn: (message) => warnings.push(message),
  });
  return {
    handlers,
    dialogs,
    granted,
    recent,
    store,
    warnings,
    answerOpen: (path: string | null) => openAnswers.push(path),
    answerSave: (path: string | null) => saveAnswers.push(path),
    /** Opens `path` through the dialog in `windowId`; returns the handle. */
    async open(path: string, windowId = 1): Promise<string> {
      openAnswers.push(path);
      const { file } = await handlers['file:open']({}, context(windowId));
      if (file === null || file.handle === null) throw new Error('expected the file to open');
      return file.handle;
    },
    save(handle: string | null, text: string, overwrite = false, windowId = 1) {
      return handlers['file:save'](
        { handle, suggestedName: 'Shop', text, overwrite },
        context(windowId),
      );
    },
  };
}

/** The `IpcFailure` an action throws (synchronously or not). */
async function failureOf(action: () => unknown): Promise<IpcFailure> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(IpcFailure);
    return error as IpcFailure;
  }
  throw new Error('expected an IpcFailure');
}

function writeModel(name: string, text = SHOP): string {
  const path = join(documents, name);
  writeFileSync(path, text);
  return path;
}

it('the sample models are valid models (so refusals below are about the file, not the sample)', () => {
  expect(parseModel(SHOP).model.name).toBe('Shop');
  expect(parseModel(SHOP_EDITED).model.name).toBe('Shop, edited');
});

describe('file:open', () => {
  it('opens the model chosen in the dialog, grants it to the window and lists it as recent', async () => {
    const files = setup();
    const path = writeModel('shop.gatehouse.json');
    files.answerOpen(path);
    const answer = await files.handlers['file:open']({}, context(7));
    expect(fileChannels['file:open'].response.parse(answer)).toEqual(answer);
    expect(answer.file).toMatchObject({ name: 'shop.gatehouse.json', text: SHOP });
    const handle = answer.file?.handle ?? '';
    expect(FileHandleSchema.safeParse(handle).success).toBe(true);
    expect(handle).not.toContain('shop');
    expect(files.granted.get(7, handle)?.path).toBe(path);
    expect(files.store.paths).toEqual([path]);

    const [windowId, options] = files.dialogs.showOpenDialog.mock.calls[0] ?? [];
    expect(windowId).toBe(7);
    expect(options).toMatchObject({ properties: ['openFile'], defaultPath: documents });
    expect(options?.filters[0]?.extensions).toEqual(['json']);
  });

  it('returns null when the person cancels, granting nothing', async () => {
    const files = setup();
    files.answerOpen(null);
    expect(await files.handlers['file:open']({}, context())).toEqual({ file: null });
    expect(files.granted.countFor(1)).toBe(0);
    expect(files.store.saves).toBe(0);
  });

  const refusals: Array<[string, () => string, string, string]> = [
    [
      'malformed JSON',
      () => writeModel('broken.gatehouse.json', '{"format": "gatehouse-model", '),
      'unreadable',
      'broken.gatehouse.json: ',
    ],
    [
      'a model from a newer Gatehouse',
      () => writeModel('future.gatehouse.json', modelText('Future', { schemaVersion: 99 })),
      'unreadable',
      'future.gatehouse.json: The file was written by a newer Gatehouse (schemaVersion 99',
    ],
    [
      'JSON that is not a model',
      () => writeModel('package.json', '{"name": "left-pad"}'),
      'unreadable',
      'package.json: The file is not a Gatehouse model',
    ],
    [
      'a model with a prototype-polluting key',
      () => writeModel('proto.gatehouse.json', SHOP.replace('"name"', '"__proto__": {}, "name"')),
      'unreadable',
      'proto.gatehouse.json: ',
    ],
    [
      'a file that is not UTF-8',
      () => {
        const path = join(documents, 'latin1.gatehouse.json');
        writeFileSync(path, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
        return path;
      },
      'unreadable',
      'latin1.gatehouse.json: The file is not valid UTF-8 (byte 2 cannot start or continue a UTF-8 character); it may be in a legacy encoding',
    ],
  ];
  it.each(refusals)(
    'refuses %s with the file name and the reason, granting nothing',
    async (_, create, code, message) => {
      const files = setup();
      files.answerOpen(create());
      const before = snapshot();
      const failure = await failureOf(() => files.handlers['file:open']({}, context()));
      expect(failure.code).toBe(code);
      expect(failure.message.startsWith(message)).toBe(true);
      expect(failure.message).not.toContain(documents);
      expect(files.granted.countFor(1)).toBe(0);
      expect(files.store.paths).toEqual([]);
      expect(snapshot()).toEqual(before);
    },
  );

  it('bounds the message of a model with many problems to what the envelope carries', async () => {
    const files = setup();
    const elements = Array.from({ length: 200 }, (_, index) => ({
      id: `e${index}`,
      diagramId: 'd1',
      kind: 'not-a-kind',
      name: 'x'.repeat(50),
    }));
    files.answerOpen(writeModel('many.gatehouse.json', modelText('Many', { elements })));
    const failure = await failureOf(() => files.handlers['file:open']({}, context()));
    expect(failure.code).toBe('unreadable');
    expect(failure.message.startsWith('many.gatehouse.json: The model does not match')).toBe(true);
    expect(failure.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
  });

  it('refuses a file over 64 MiB before reading it', async () => {
    const readSync = vi.fn(nodeFileSystem.readSync);
    const files = setup({ fs: { readSync } });
    const path = join(documents, 'huge.gatehouse.json');
    writeFileSync(path, '');
    truncateSync(path, MAX_INPUT_BYTES + 1); // sparse: costs no disk
    files.answerOpen(path);
    const failure = await failureOf(() => files.handlers['file:open']({}, context()));
    expect(failure.code).toBe('too-large');
    expect(failure.message).toBe(
      `huge.gatehouse.json: the file is too large (${MAX_INPUT_BYTES + 1} bytes; the limit is ${MAX_INPUT_BYTES}).`,
    );
    expect(readSync).not.toHaveBeenCalled();
    expect(files.granted.countFor(1)).toBe(0);
  });
});

describe('file:openRecent and file:listRecent', () => {
  it('lists IDs, names and folder names only, and opens a listed file by its ID', async () => {
    const path = writeModel('shop.gatehouse.json');
    const files = setup({ stored: [path] });
    const listed = await files.handlers['file:listRecent']({}, context());
    expect(fileChannels['file:listRecent'].response.parse(listed)).toEqual(listed);
    expect(listed).toEqual({
      files: [{ id: expect.any(String), name: 'shop.gatehouse.json', folderName: 'documents' }],
    });
    expect(JSON.stringify(listed)).not.toContain(root);

    const id = listed.files[0]?.id ?? '';
    const answer = await files.handlers['file:openRecent']({ id }, context(3));
    expect(answer.file).toMatchObject({ name: 'shop.gatehouse.json', text: SHOP });
    expect(files.granted.get(3, answer.file?.handle ?? '')?.path).toBe(path);
    // Stable within the session.
    expect((await files.handlers['file:listRecent']({}, context())).files[0]?.id).toBe(id);
  });

  it('answers an ID it never issued with not-granted and no side effect', async () => {
    const path = writeModel('shop.gatehouse.json');
    const files = setup({ stored: [path] });
    const before = snapshot();
    const failure = await failureOf(() =>
      files.handlers['file:openRecent']({ id: 'AAAAAAAAAAAAAAAAAAAAAA' }, context()),
    );
    expect(failure.code).toBe('not-granted');
    expect(files.granted.countFor(1)).toBe(0);
    expect(files.store.saves).toBe(0);
    expect(snapshot()).toEqual(before);
  });

  it('drops a recent file that is gone, with a clear message, and its ID stops working', async () => {
    const kept = writeModel('kept.gatehouse.json');
    const gone = writeModel('gone.gatehouse.json');
    const files = setup({ stored: [gone, kept] });
    const id = (await files.handlers['file:listRecent']({}, context())).files[0]?.id ?? '';
    rmSync(gone);

    const failure = await failureOf(() => files.handlers['file:openRecent']({ id }, context()));
    expect(failure.code).toBe('unreadable');
    expect(failure.message).toBe(
      'gone.gatehouse.json is no longer there (moved, renamed or deleted); it was removed from the recent files.',
    );
    expect(files.store.paths).toEqual([kept]);
    expect(
      (await files.handlers['file:listRecent']({}, context())).files.map((file) => file.name),
    ).toEqual(['kept.gatehouse.json']);
    expect((await failureOf(() => files.handlers['file:openRecent']({ id }, context()))).code).toBe(
      'not-granted',
    );
  });

  it('keeps a recent file that is there but invalid (the person may fix it)', async () => {
    const path = writeModel('shop.gatehouse.json', '{');
    const files = setup({ stored: [path] });
    const id = (await files.handlers['file:listRecent']({}, context())).files[0]?.id ?? '';
    const failure = await failureOf(() => files.handlers['file:openRecent']({ id }, context()));
    expect(failure.code).toBe('unreadable');
    expect(files.store.paths).toEqual([path]);
  });

  it('opens a file the OS handed over by its ID, listing it only once it opened', async () => {
    const path = writeModel('double-clicked.gatehouse.json');
    const files = setup();
    const id = files.recent.grantFromOs(path) ?? '';
    expect(FileHandleSchema.safeParse(id).success).toBe(true);
    expect((await files.handlers['file:listRecent']({}, context())).files).toEqual([]);
    const answer = await files.handlers['file:openRecent']({ id }, context());
    expect(answer.file?.name).toBe('double-clicked.gatehouse.json');
    expect(files.store.paths).toEqual([path]);
  });
});

describe('file:save with a handle', () => {
  it('writes the granted file atomically and backs up the previous version', async () => {
    const files = setup();
    const path = writeModel('shop.gatehouse.json');
    const handle = await files.open(path);
    const answer = await files.save(handle, SHOP_EDITED);
    expect(fileChannels['file:save'].response.parse(answer)).toEqual(answer);
    expect(answer).toEqual({ saved: { name: 'shop.gatehouse.json', handle } });
    expect(readFileSync(path, 'utf8')).toBe(SHOP_EDITED);
    expect(readdirSync(documents)).toEqual(['shop.gatehouse.json']);
    const [backup, ...more] = backups();
    expect(more).toEqual([]);
    expect(backup).toMatch(/^shop--[0-9a-f]{12}--20250102T\d{9}Z-[0-9a-f]{6}\.gatehouse\.json$/);
    expect(readFileSync(join(userData, 'backups', backup ?? ''), 'utf8')).toBe(SHOP);

    // What this session wrote is the new reference: saving again does not ask.
    await files.save(handle, SHOP);
    expect(readFileSync(path, 'utf8')).toBe(SHOP);
  });

  it('asks before overwriting a file changed on disk since it was opened, and overwrites once told to', async () => {
    const files = setup();
    const path = writeModel('shop.gatehouse.json');
    const handle = await files.open(path);
    const theirs = modelText('Changed by a colleague');
    writeFileSync(path, theirs);

    const before = snapshot();
    const failure = await failureOf(() => files.save(handle, SHOP_EDITED));
    expect(failure.code).toBe('changed-on-disk');
    expect(failure.message).toContain('shop.gatehouse.json changed on disk');
    expect(snapshot()).toEqual(before);

    await files.save(handle, SHOP_EDITED, true);
    expect(readFileSync(path, 'utf8')).toBe(SHOP_EDITED);
    // The colleague's version is the one backed up.
    const [backup] = backups();
    expect(readFileSync(join(userData, 'backups', backup ?? ''), 'utf8')).toBe(theirs);
  });

  it('notices a same-size change that keeps the modification time', async () => {
    const files = setup();
    const path = writeModel('shop.gatehouse.json');
    const handle = await files.open(path);
    const { atime, mtime } = statSync(path);
    const sameSize = SHOP.replace('Shop', 'Shoe');
    expect(sameSize).toHaveLength(SHOP.length);
    writeFileSync(path, sameSize);
    utimesSync(path, atime, mtime);
    expect((await failureOf(() => files.save(handle, SHOP_EDITED))).code).toBe('changed-on-disk');
  });

  it('does not ask when only the modification time changed', async () => {
    const files = setup();
    const path = writeModel('shop.gatehouse.json');
    const handle = await files.open(path);
    utimesSync(path, new Date('2030-01-01'), new Date('2030-01-01'));
    await files.save(handle, SHOP_EDITED);
    expect(readFileSync(path, 'utf8')).toBe(SHOP_EDITED);
  });

  it('writes a file deleted since it was opened again, without asking (nothing is lost)', async () => {
    const files = setup();
    const path = writeModel('shop.gatehouse.json');
    const handle = await files.open(path);
    rmSync(path);
    await files.save(handle, SHOP_EDITED);
    expect(readFileSync(path, 'utf8')).toBe(SHOP_EDITED);
    expect(backups()).toEqual([]);
  });

  it('refuses a handle it never issued, without a dialog or a write', async () => {
    const files = setup();
    writeModel('shop.gatehouse.json');
    const before = snapshot();
    const failure = await failureOf(() => files.save('ZZZZZZZZZZZZZZZZZZZZZZ', SHOP_EDITED));
    expect(failure.code).toBe('not-granted');
    expect(files.dialogs.showSaveDialog).not.toHaveBeenCalled();
    expect(snapshot()).toEqual(before);
  });

  it("refuses another window's handle, and a closed window's", async () => {
    const files = setup();
    const path = writeModel('shop.gatehouse.json');
    const handle = await files.open(path, 1);
    const before = snapshot();
    expect((await failureOf(() => files.save(handle, SHOP_EDITED, true, 2))).code).toBe(
      'not-granted',
    );
    files.granted.forgetWindow(1);
    expect((await failureOf(() => files.save(handle, SHOP_EDITED, true, 1))).code).toBe(
      'not-granted',
    );
    expect(snapshot()).toEqual(before);
  });

  const injected: Array<[string, (model: string) => Partial<FileSystem>, string]> = [
    [
      'the disk is full (ENOSPC on write)',
      () => ({
        writeSync: () => {
          throw errno('ENOSPC');
        },
      }),
      'the disk is full',
    ],
    [
      'permission is denied on the temporary file (EACCES on open)',
      (model) => ({
        openSync: (path, flags, mode) => {
          if (dirname(path) === dirname(model) && path.endsWith('.tmp')) throw errno('EACCES');
          return nodeFileSystem.openSync(path, flags, mode);
        },
      }),
      'permission denied',
    ],
    [
      'permission is denied on the rename (EACCES on rename)',
      (model) => ({
        renameSync: (from, to) => {
          if (to === model) throw errno('EACCES');
          nodeFileSystem.renameSync(from, to);
        },
      }),
      'permission denied',
    ],
  ];
  it.each(injected)(
    'leaves the previous file byte-identical and no temporary file when %s',
    async (_, failing, reason) => {
      const path = join(documents, 'shop.gatehouse.json');
      const files = setup({ fs: failing(path) });
      writeModel('shop.gatehouse.json');
      const handle = await files.open(path);
      const failure = await failureOf(() => files.save(handle, SHOP_EDITED));
      expect(failure.code).toBe('write-failed');
      expect(failure.message).toBe(
        `shop.gatehouse.json could not be written (${reason}). The file on disk was left as it was.`,
      );
      expect(readFileSync(path)).toEqual(Buffer.from(SHOP));
      expect(readdirSync(documents)).toEqual(['shop.gatehouse.json']);
      expect(
        readdirSync(join(userData, 'backups')).filter((name) => name.endsWith('.tmp')),
      ).toEqual([]);
    },
  );

  it('saves even when the backup cannot be written, and says so', async () => {
    const files = setup();
    rmSync(userData, { recursive: true });
    writeFileSync(userData, 'not a folder'); // so `<userData>/backups` cannot be made
    const path = writeModel('shop.gatehouse.json');
    const handle = await files.open(path);
    await files.save(handle, SHOP_EDITED);
    expect(readFileSync(path, 'utf8')).toBe(SHOP_EDITED);
    expect(files.warnings).toEqual([expect.stringMatching(/^No backup of shop.gatehouse.json/)]);
  });

  it('keeps the last N backups per file, apart from a twin in another folder', async () => {
    const files = setup({ backupsKept: 3 });
    const path = writeModel('shop.gatehouse.json');
    mkdirSync(join(root, 'other'));
    const twin = join(root, 'other', 'shop.gatehouse.json');
    writeFileSync(twin, SHOP);
    const twinHandle = await files.open(twin);
    await files.save(twinHandle, SHOP_EDITED);

    const handle = await files.open(path);
    for (let version = 1; version <= 5; version++) {
      await files.save(handle, modelText(`Version ${version}`));
    }
    const all = backups();
    const ofTwin = all.filter((name) => name.startsWith(backupPrefix(twin)));
    const ofShop = all.filter((name) => name.startsWith(backupPrefix(path)));
    expect(backupPrefix(twin)).not.toBe(backupPrefix(path));
    expect([ofTwin.length, ofShop.length, all.length]).toEqual([1, 3, 4]);
    const kept = ofShop.map(
      (name) => parseModel(readFileSync(join(userData, 'backups', name), 'utf8')).model.name,
    );
    expect(kept).toEqual(['Version 2', 'Version 3', 'Version 4']);
  });

  it('names backups without the folder and without unsafe characters', async () => {
    const files = setup();
    const path = writeModel('..evil name; rm -rf.gatehouse.json');
    const handle = await files.open(path);
    await files.save(handle, SHOP_EDITED);
    expect(backups()).toEqual([
      expect.stringMatching(
        /^__evil_name__rm_-rf--[0-9a-f]{12}--\d{8}T\d{9}Z-[0-9a-f]{6}\.gatehouse\.json$/,
      ),
    ]);
  });
});

describe('file:save without a handle (Save As)', () => {
  it('asks where, writes there, grants the new path and lists it as recent', async () => {
    const files = setup();
    const path = join(documents, 'new.gatehouse.json');
    files.answerSave(path);
    const answer = await files.save(null, SHOP, false, 4);
    expect(answer.saved?.name).toBe('new.gatehouse.json');
    expect(readFileSync(path, 'utf8')).toBe(SHOP);
    expect(files.granted.get(4, answer.saved?.handle ?? '')?.path).toBe(path);
    expect(files.store.paths).toEqual([path]);
    expect(backups()).toEqual([]);

    const [windowId, options] = files.dialogs.showSaveDialog.mock.calls[0] ?? [];
    expect(windowId).toBe(4);
    // "Shop" is proposed as "Shop.gatehouse.json", in the default folder.
    expect(options?.defaultPath).toBe(join(documents, 'Shop.gatehouse.json'));
    expect(options?.properties).toContain('showOverwriteConfirmation');

    // The handle works for the next save, which does not ask.
    await files.save(answer.saved?.handle ?? null, SHOP_EDITED, false, 4);
    expect(readFileSync(path, 'utf8')).toBe(SHOP_EDITED);
  });

  it('keeps the name the person typed, even without an extension', async () => {
    const files = setup();
    const path = join(documents, 'no-extension');
    files.answerSave(path);
    expect((await files.save(null, SHOP)).saved?.name).toBe('no-extension');
    expect(readFileSync(path, 'utf8')).toBe(SHOP);
  });

  it('backs up a file it replaces', async () => {
    const files = setup();
    const path = writeModel('existing.gatehouse.json', modelText('Existing'));
    files.answerSave(path);
    await files.save(null, SHOP);
    const [backup] = backups();
    expect(readFileSync(join(userData, 'backups', backup ?? ''), 'utf8')).toBe(
      modelText('Existing'),
    );
  });

  it('returns null and writes nothing when the person cancels', async () => {
    const files = setup();
    const before = snapshot();
    files.answerSave(null);
    expect(await files.save(null, SHOP)).toEqual({ saved: null });
    expect(snapshot()).toEqual(before);
    expect(files.granted.countFor(1)).toBe(0);
  });

  it('starts the next dialog in the folder last chosen', async () => {
    const files = setup();
    mkdirSync(join(root, 'elsewhere'));
    files.answerSave(join(root, 'elsewhere', 'a.gatehouse.json'));
    await files.save(null, SHOP);
    files.answerOpen(null);
    await files.handlers['file:open']({}, context());
    expect(files.dialogs.showOpenDialog.mock.calls[0]?.[1].defaultPath).toBe(
      join(root, 'elsewhere'),
    );
  });
});

describe('file:import', () => {
  it('hands over any UTF-8 text without a handle (it opens as untitled)', async () => {
    const files = setup();
    const path = join(documents, 'system.otm.yaml');
    writeFileSync(path, 'otmVersion: 0.2.0\n');
    files.answerOpen(path);
    const answer = await files.handlers['file:import']({ accept: ['.yaml', '.tm7'] }, context());
    expect(answer).toEqual({
      file: { name: 'system.otm.yaml', text: 'otmVersion: 0.2.0\n', handle: null },
    });
    expect(files.dialogs.showOpenDialog.mock.calls[0]?.[1].filters).toEqual([
      { name: 'Supported files', extensions: ['yaml', 'tm7'] },
      { name: 'All files', extensions: ['*'] },
    ]);
    expect(files.granted.countFor(1)).toBe(0);
    expect(files.store.saves).toBe(0);
  });

  it('refuses a file over the limit or not UTF-8, and returns null on cancel', async () => {
    const files = setup();
    const huge = join(documents, 'huge.tm7');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_INPUT_BYTES + 1);
    files.answerOpen(huge);
    expect(
      (await failureOf(() => files.handlers['file:import']({ accept: [] }, context()))).code,
    ).toBe('too-large');
    const binary = join(documents, 'diagram.tm7');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff]));
    files.answerOpen(binary);
    const failure = await failureOf(() => files.handlers['file:import']({ accept: [] }, context()));
    expect(failure.code).toBe('unreadable');
    // A ZIP archive renamed .tm7 is named as what it is (PRODUCT.md, "Bad input").
    expect(failure.message).toMatch(/^diagram\.tm7: The file is a ZIP archive, not a text file/);
    files.answerOpen(null);
    expect(await files.handlers['file:import']({ accept: [] }, context())).toEqual({ file: null });
  });

  it('derives dialog filters from extensions and media types', () => {
    expect(
      importFilters(['.otm.json', 'application/json', 'text/yaml', 'image/x-unknown']),
    ).toEqual([
      { name: 'Supported files', extensions: ['json', 'yaml', 'yml'] },
      { name: 'All files', extensions: ['*'] },
    ]);
    expect(importFilters([])).toEqual([{ name: 'All files', extensions: ['*'] }]);
  });
});

describe('file:export', () => {
  it('writes text as UTF-8 and bytes as they are, through the save dialog', async () => {
    const files = setup();
    const csv = join(documents, 'stories.csv');
    files.answerSave(csv);
    const text = { suggestedName: 'stories.csv', mimeType: 'text/csv', content: 'a,b\n' };
    expect(await files.handlers['file:export'](text, context())).toEqual({ saved: true });
    expect(readFileSync(csv, 'utf8')).toBe('a,b\n');
    expect(files.dialogs.showSaveDialog.mock.calls[0]?.[1]).toMatchObject({
      defaultPath: join(documents, 'stories.csv'),
      filters: [
        { name: 'CSV file', extensions: ['csv'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });

    const png = join(documents, 'diagram.png');
    files.answerSave(png);
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
    const image = { suggestedName: 'diagram.png', mimeType: 'image/png', content: bytes };
    expect(await files.handlers['file:export'](image, context())).toEqual({ saved: true });
    expect([...readFileSync(png)]).toEqual([...bytes]);
    // Exports are not documents: nothing granted, nothing recent.
    expect(files.granted.countFor(1)).toBe(0);
    expect(files.store.saves).toBe(0);
  });

  it('returns false on cancel and keeps the previous export when the disk is full', async () => {
    const files = setup({
      fs: {
        writeSync: () => {
          throw errno('ENOSPC');
        },
      },
    });
    const request = { suggestedName: 'stories.csv', mimeType: 'text/csv', content: 'new' };
    files.answerSave(null);
    expect(await files.handlers['file:export'](request, context())).toEqual({ saved: false });
    const csv = join(documents, 'stories.csv');
    writeFileSync(csv, 'old');
    files.answerSave(csv);
    const failure = await failureOf(() => files.handlers['file:export'](request, context()));
    expect(failure.code).toBe('write-failed');
    expect(readFileSync(csv, 'utf8')).toBe('old');
    expect(readdirSync(documents)).toEqual(['stories.csv']);
  });
});

describe('untrusted file: requests (refused by the contract before any handler runs)', () => {
  const requestOf = <C extends keyof typeof fileChannels>(channel: C, value: unknown) =>
    fileChannels[channel].request.safeParse(value).success;

  it('accepts the valid shapes', () => {
    expect(requestOf('file:openRecent', { id: 'AAAAAAAAAAAAAAAAAAAAAA' })).toBe(true);
    expect(
      requestOf('file:save', { handle: null, suggestedName: 'a', text: '', overwrite: false }),
    ).toBe(true);
  });

  it('refuses paths as handles or IDs, extra keys, wrong types and huge strings', () => {
    expect(requestOf('file:openRecent', { id: '/etc/passwd' })).toBe(false);
    expect(requestOf('file:openRecent', { id: '..\\..\\windows\\system.ini' })).toBe(false);
    expect(requestOf('file:open', { path: '/etc/passwd' })).toBe(false);
    const save = { handle: null, suggestedName: 'a', text: '', overwrite: false };
    expect(requestOf('file:save', { ...save, path: '/tmp/x' })).toBe(false);
    expect(requestOf('file:save', { ...save, suggestedName: '../../x.json' })).toBe(false);
    expect(requestOf('file:save', { ...save, overwrite: 'yes' })).toBe(false);
    expect(requestOf('file:save', { ...save, text: 'x'.repeat(MAX_INPUT_BYTES + 1) })).toBe(false);
    expect(requestOf('file:import', { accept: ['../*'] })).toBe(false);
    expect(
      requestOf('file:export', { suggestedName: 'a/b.csv', mimeType: 'text/csv', content: '' }),
    ).toBe(false);
  });
});
