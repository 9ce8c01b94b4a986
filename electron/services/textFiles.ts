/**
 * File I/O for the CLI and the desktop main process (Electron-free, so both can use it):
 * bounded reads of untrusted files and atomic writes. Every file system call goes through an
 * injectable `FileSystem`, so tests can simulate a full disk or a denied permission.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeBinaryInput } from '../../shared/import/binaryInput';
import { InputError } from '../../shared/model/errors';

/** The largest file Gatehouse reads (models, manifests, policies, imports). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** What `FileSystem.statSync` and `fstatSync` report. */
export interface FileStats {
  isFile(): boolean;
  size: number;
  mtimeMs: number;
  mode: number;
}

/**
 * The synchronous file system calls these services make: Node's `fs` in production, a wrapper
 * that fails on purpose in tests.
 */
export interface FileSystem {
  statSync(path: string): FileStats;
  fstatSync(fd: number): FileStats;
  openSync(path: string, flags: string | number, mode?: number): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: null): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
  mkdirSync(path: string, options: { recursive: true; mode: number }): void;
  readdirSync(path: string): string[];
}

/** Node's `fs`, as `FileSystem`. */
export const nodeFileSystem: FileSystem = {
  statSync: (path) => statSync(path),
  fstatSync: (fd) => fstatSync(fd),
  openSync: (path, flags, mode) => openSync(path, flags, mode),
  readSync: (fd, buffer, offset, length, position) =>
    readSync(fd, buffer, offset, length, position),
  writeSync: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fsyncSync(fd),
  closeSync: (fd) => closeSync(fd),
  renameSync: (from, to) => renameSync(from, to),
  rmSync: (path, options) => rmSync(path, options),
  mkdirSync: (path, options) => {
    mkdirSync(path, options);
  },
  readdirSync: (path) => readdirSync(path),
};

/** `O_NONBLOCK` where it exists (not on Windows, whose `constants` lack it). */
const nonBlocking = (constants as Partial<typeof constants>).O_NONBLOCK ?? 0;

/** Why a file could not be read (lets callers map the failure to their own error codes). */
export type ReadFailure = 'missing' | 'not-a-file' | 'too-large' | 'permission' | 'not-utf8' | 'io';

/** An unreadable file: an `InputError` (the CLI's exit code 2) that also says why. */
export class FileReadError extends InputError {
  readonly reason: ReadFailure;
  constructor(reason: ReadFailure, message: string) {
    super(message);
    this.name = 'FileReadError';
    this.reason = reason;
  }
}

/** The bytes of a file and its modification time, as read in one go. */
export interface FileContent {
  bytes: Uint8Array;
  /** `mtimeMs` of the file that was read (from the open descriptor, not a second lookup). */
  modifiedMs: number;
}

function readFailure(error: unknown, shownAs: string): FileReadError {
  if (error instanceof FileReadError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new FileReadError('missing', `${shownAs}: no such file.`);
  if (code === 'EACCES' || code === 'EPERM')
    return new FileReadError('permission', `${shownAs}: permission denied.`);
  if (code === 'EISDIR') return new FileReadError('not-a-file', `${shownAs}: not a regular file.`);
  return new FileReadError(
    'io',
    `${shownAs}: cannot be read (${code ?? (error as Error).message}).`,
  );
}

function tooLarge(shownAs: string, size: number, maxBytes: number): FileReadError {
  return new FileReadError(
    'too-large',
    `${shownAs}: the file is too large (${size} bytes; the limit is ${maxBytes}).`,
  );
}

/**
 * Reads a whole file, refusing what is missing, not a regular file or larger than `maxBytes`
 * — before reading it, so a huge file costs no memory. Throws `FileReadError` naming `shownAs`.
 */
export function readFileBounded(
  path: string,
  maxBytes: number = MAX_INPUT_BYTES,
  shownAs: string = path,
  fs: FileSystem = nodeFileSystem,
): FileContent {
  let fd: number | undefined;
  try {
    // A named pipe or device would block `open` or never end: refuse anything but a regular file
    // before opening it, and open without blocking where the platform allows it.
    if (!fs.statSync(path).isFile())
      throw new FileReadError('not-a-file', `${shownAs}: not a regular file.`);
    fd = fs.openSync(path, constants.O_RDONLY | nonBlocking);
    // Check the file actually opened (the path may have been swapped since `statSync`).
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw new FileReadError('not-a-file', `${shownAs}: not a regular file.`);
    if (stats.size > maxBytes) throw tooLarge(shownAs, stats.size, maxBytes);
    // Read at most one byte more than `fstat` reported: a file that grows while being read is
    // refused instead of being returned cut short or filling memory.
    const buffer = new Uint8Array(stats.size + 1);
    let length = 0;
    for (;;) {
      const count = fs.readSync(fd, buffer, length, buffer.byteLength - length, null);
      if (count === 0) break;
      length += count;
      if (length === buffer.byteLength)
        throw new FileReadError('io', `${shownAs}: the file changed while it was being read.`);
    }
    return { bytes: buffer.subarray(0, length), modifiedMs: stats.mtimeMs };
  } catch (error) {
    throw readFailure(error, shownAs);
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // the content (or the first error) is what matters; a failed close loses nothing
      }
    }
  }
}

/**
 * Decodes UTF-8 strictly, so a binary or mis-encoded file is refused rather than mangled — with
 * a sentence that says what the file is instead (a ZIP archive renamed `.tm7`, UTF-16 text …)
 * when `describeBinaryInput` recognises it. That check runs only when decoding fails or a NUL
 * byte shows up early, so ordinary text pays nothing for it.
 */
export function decodeUtf8(bytes: Uint8Array, shownAs: string): string {
  const refuse = (): never => {
    const described = describeBinaryInput(bytes);
    throw new FileReadError(
      'not-utf8',
      `${shownAs}: ${described ?? 'the file is not valid UTF-8 text.'}`,
    );
  };
  if (bytes.subarray(0, 8 * 1024).includes(0)) refuse();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse();
  }
}

/**
 * Reads a UTF-8 text file, refusing what is missing, not a regular file, too large, or not valid
 * UTF-8 — each with a message that names the file (a `FileReadError`, which is an `InputError`).
 */
export function readTextFile(
  path: string,
  maxBytes: number = MAX_INPUT_BYTES,
  shownAs: string = path,
  fs: FileSystem = nodeFileSystem,
): string {
  return decodeUtf8(readFileBounded(path, maxBytes, shownAs, fs).bytes, shownAs);
}

/** The calls `writeFileAtomic` makes (any `FileSystem` will do). */
export type AtomicWriteFs = Pick<
  FileSystem,
  'statSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'rmSync'
>;

/** Options of `writeFileAtomic`. */
export interface AtomicWriteOptions {
  /**
   * Permission bits of the new file. By default those of the file being replaced (so a file the
   * person made private stays private), or 0o644 for a new file.
   */
  mode?: number;
}

/** Writes every byte, looping because `write` may write fewer bytes than asked. */
function writeAll(fs: AtomicWriteFs, fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const written = fs.writeSync(fd, bytes, offset, bytes.byteLength - offset);
    if (written <= 0) throw new Error('the write made no progress');
    offset += written;
  }
}

function existingMode(path: string, fs: AtomicWriteFs): number | undefined {
  try {
    const stats = fs.statSync(path);
    return stats.isFile() ? stats.mode & 0o777 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `data` (a string is written as UTF-8) so that readers see either the old file or the
 * whole new one, never a part: a temporary file in the same folder, flushed to disk, then renamed
 * over the target. On any failure the temporary file is removed, the target is untouched and the
 * error is rethrown.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  fs: AtomicWriteFs = nodeFileSystem,
  options: AtomicWriteOptions = {},
): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = options.mode ?? existingMode(path, fs) ?? 0o644;
  let fd: number | undefined;
  try {
    // `wx`: never reuse (or follow a symbolic link planted at) an existing temporary name.
    fd = fs.openSync(temporary, 'wx', mode);
    writeAll(fs, fd, bytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // already failing; the original error is the one to report
    }
    throw error;
  }
  syncFolder(folder, fs);
}

/**
 * Flushes the folder entry so the rename itself survives a power cut (POSIX). Best effort:
 * Windows cannot open a folder this way, and the new file is complete either way.
 */
function syncFolder(folder: string, fs: AtomicWriteFs): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported here; nothing is lost
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // nothing to recover
      }
    }
  }
}
