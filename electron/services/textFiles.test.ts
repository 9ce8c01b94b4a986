import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../shared/model/errors';
import {
  FileReadError,
  nodeFileSystem,
  readFileBounded,
  readTextFile,
  writeFileAtomic,
  type FileSystem,
} from './textFiles';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'gatehouse-textfiles-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

function readFailure(action: () => unknown): FileReadError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FileReadError);
    expect(error).toBeInstanceOf(InputError);
    return error as FileReadError;
  }
  throw new Error('expected a FileReadError');
}

describe('readTextFile', () => {
  it('says what a binary or UTF-16 file is instead of "not UTF-8"', () => {
    const zip = join(folder, 'model.tm7');
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0xff, 0xfe]));
    const zipped = readFailure(() => readTextFile(zip, 1_000, 'model.tm7'));
    expect(zipped.reason).toBe('not-utf8');
    expect(zipped.message).toMatch(/^model\.tm7: The file is a ZIP archive/);

    // UTF-16 without a byte order mark is valid UTF-8 byte for byte (with NULs): still refused.
    const utf16 = join(folder, 'model.json');
    writeFileSync(utf16, Buffer.from('{"a": "b"}', 'utf16le'));
    expect(readFailure(() => readTextFile(utf16, 1_000, 'model.json')).message).toMatch(/UTF-16/);
  });

  it('reads UTF-8 text', () => {
    const path = join(folder, 'a.txt');
    writeFileSync(path, 'Grüße ✓');
    expect(readTextFile(path)).toBe('Grüße ✓');
  });

  it('names the file and says why it cannot be read', () => {
    const missing = readFailure(() => readTextFile(join(folder, 'nope.json'), 100, 'nope.json'));
    expect([missing.reason, missing.message]).toEqual(['missing', 'nope.json: no such file.']);

    const directory = readFailure(() => readTextFile(folder, 100, 'folder'));
    expect(directory.reason).toBe('not-a-file');

    const binary = join(folder, 'binary.json');
    writeFileSync(binary, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    const notText = readFailure(() => readTextFile(binary, 100, 'binary.json'));
    expect(notText.reason).toBe('not-utf8');
    // The message names the first byte that breaks UTF-8 and suggests the likely cause.
    expect(notText.message).toMatch(
      /^binary\.json: The file is not valid UTF-8 \(byte 1 cannot start or continue a UTF-8 character\); it may be in a legacy encoding/,
    );
  });

  it('refuses a file over the limit without reading it', () => {
    const path = join(folder, 'big.json');
    writeFileSync(path, 'x'.repeat(101));
    const readSync = vi.fn(nodeFileSystem.readSync);
    const failure = readFailure(() =>
      readTextFile(path, 100, 'big.json', { ...nodeFileSystem, readSync }),
    );
    expect(failure.reason).toBe('too-large');
    expect(failure.message).toBe('big.json: the file is too large (101 bytes; the limit is 100).');
    expect(readSync).not.toHaveBeenCalled();
    expect(readTextFile(path, 101)).toHaveLength(101);
  });

  it('refuses a file that grows while it is read instead of returning part of it', () => {
    const path = join(folder, 'growing.json');
    writeFileSync(path, '0123456789');
    // fstat claims 4 bytes: the 10 bytes really there must not be cut to 4 (or 5).
    const fs: FileSystem = {
      ...nodeFileSystem,
      fstatSync: (fd) => ({ ...nodeFileSystem.fstatSync(fd), isFile: () => true, size: 4 }),
    };
    const failure = readFailure(() => readFileBounded(path, 100, 'growing.json', fs));
    expect(failure.message).toBe('growing.json: the file changed while it was being read.');
  });

  it('maps a denied permission to a clear message', () => {
    const path = join(folder, 'secret.json');
    writeFileSync(path, '{}');
    const fs: FileSystem = {
      ...nodeFileSystem,
      openSync: () => {
        throw errno('EACCES');
      },
    };
    const failure = readFailure(() => readTextFile(path, 100, 'secret.json', fs));
    expect([failure.reason, failure.message]).toEqual([
      'permission',
      'secret.json: permission denied.',
    ]);
  });
});

describe('writeFileAtomic', () => {
  const leftovers = () => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

  it('writes text as UTF-8 and bytes as they are, leaving no temporary file', () => {
    const path = join(folder, 'model.json');
    writeFileAtomic(path, 'Grüße');
    expect(readFileSync(path, 'utf8')).toBe('Grüße');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(leftovers()).toEqual([]);
  });

  it('keeps writing when the system writes fewer bytes than asked', () => {
    const path = join(folder, 'slow.json');
    const fs: FileSystem = {
      ...nodeFileSystem,
      writeSync: (fd, buffer, offset) => nodeFileSystem.writeSync(fd, buffer, offset, 1),
    };
    writeFileAtomic(path, 'one byte at a time', fs);
    expect(readFileSync(path, 'utf8')).toBe('one byte at a time');
  });

  it('keeps the permissions of the file it replaces', () => {
    const path = join(folder, 'private.json');
    writeFileSync(path, 'old', { mode: 0o600 });
    writeFileAtomic(path, 'new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  const failures: Array<[string, Partial<FileSystem>]> = [
    [
      'the disk is full (ENOSPC on write)',
      {
        writeSync: () => {
          throw errno('ENOSPC');
        },
      },
    ],
    [
      'permission is denied on the temporary file (EACCES on open)',
      {
        openSync: () => {
          throw errno('EACCES');
        },
      },
    ],
    [
      'permission is denied on the rename (EACCES on rename)',
      {
        renameSync: () => {
          throw errno('EACCES');
        },
      },
    ],
    [
      'the flush fails and so does the clean-up (EIO on fsync, EPERM on rm)',
      {
        fsyncSync: () => {
          throw errno('EIO');
        },
        rmSync: (path, options) => {
          nodeFileSystem.rmSync(path, options);
          throw errno('EPERM');
        },
      },
    ],
  ];
  it.each(failures)('leaves the previous file intact when %s', (_, failing) => {
    const path = join(folder, 'model.json');
    writeFileSync(path, 'previous');
    const expected = failing.fsyncSync ? 'EIO' : failing.writeSync ? 'ENOSPC' : 'EACCES';
    expect(() => writeFileAtomic(path, 'next', { ...nodeFileSystem, ...failing })).toThrow(
      expected,
    );
    expect(readFileSync(path, 'utf8')).toBe('previous');
    expect(leftovers()).toEqual([]);
  });

  it('fails without a trace when the folder is gone', () => {
    const gone = join(folder, 'gone');
    mkdirSync(gone);
    rmSync(gone, { recursive: true });
    expect(() => writeFileAtomic(join(gone, 'x.json'), 'x')).toThrow('ENOENT');
  });
});
