/**
 * File I/O for the CLI and the desktop main process (Electron-free, so both can use it):
 * bounded reads of untrusted files and atomic writes.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  readFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../../shared/model/errors';

/** The largest file Gatehouse reads (models, manifests, policies, imports). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a UTF-8 text file, refusing what is missing, not a regular file, too large, or not valid
 * UTF-8 — each with a message that names the file.
 */
export function readTextFile(
  path: string,
  maxBytes: number = MAX_INPUT_BYTES,
  shownAs: string = path,
): string {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new InputError(`${shownAs}: not a regular file.`);
    size = stats.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${shownAs}: no such file.`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new InputError(`${shownAs}: permission denied.`);
    throw new InputError(`${shownAs}: cannot be read (${code ?? (error as Error).message}).`);
  }
  if (size > maxBytes)
    throw new InputError(
      `${shownAs}: the file is too large (${size} bytes; the limit is ${maxBytes}).`,
    );
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${shownAs}: the file is not valid UTF-8 text.`);
  }
}

/** Dependencies of `writeFileAtomic`, injectable so tests can simulate a full disk. */
export interface AtomicWriteFs {
  openSync: typeof openSync;
  writeSync: (fd: number, data: string) => number;
  fsyncSync: typeof fsyncSync;
  closeSync: typeof closeSync;
  renameSync: typeof renameSync;
  rmSync: typeof rmSync;
}

const realFs: AtomicWriteFs = {
  openSync,
  writeSync: (fd, data) => writeSync(fd, data),
  fsyncSync,
  closeSync,
  renameSync,
  rmSync,
};

/**
 * Writes `text` so that readers see either the old file or the whole new one, never a part:
 * a temporary file in the same folder, flushed to disk, then renamed over the target.
 */
export function writeFileAtomic(path: string, text: string, fs: AtomicWriteFs = realFs): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, 'wx', 0o644);
    fs.writeSync(fd, text);
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
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
