/**
 * Main's record of the files the person granted to a window — through an open or save dialog,
 * or through the OS (file association, command line, macOS `open-file`) — keyed by random opaque
 * handles. The renderer only ever holds a handle: it cannot name a path, so a compromised
 * renderer can write to no file the person did not choose (ARCHITECTURE.md, "IPC").
 */
import { createHash, randomBytes } from 'node:crypto';

/** What this session last read from or wrote to a file, to notice a change made by others. */
export interface FileFingerprint {
  /** Size in bytes. */
  size: number;
  /** Modification time in ms. Recorded, but not trusted alone: see `hasSameContent`. */
  modifiedMs: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
}

/** A granted file as the file handlers see it (the path never leaves the main process). */
export interface GrantedFile {
  readonly handle: string;
  readonly path: string;
  readonly fingerprint: FileFingerprint;
}

/** The fingerprint of `bytes` read from (or written to) a file modified at `modifiedMs`. */
export function fingerprintOf(bytes: Uint8Array, modifiedMs: number): FileFingerprint {
  return {
    size: bytes.byteLength,
    modifiedMs,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/**
 * Whether `bytes` are what `fingerprint` recorded. Content decides, not the modification time:
 * timestamps are coarse on some file systems (FAT, network shares), so a quick edit can keep
 * the same time, and a `touch` changes the time without changing anything worth protecting.
 */
export function hasSameContent(fingerprint: FileFingerprint, bytes: Uint8Array): boolean {
  return (
    fingerprint.size === bytes.byteLength &&
    fingerprint.sha256 === createHash('sha256').update(bytes).digest('hex')
  );
}

/**
 * A new opaque handle: 192 random bits in base64url (32 characters), matching
 * `FileHandleSchema`. Random rather than counted, so a renderer cannot guess another window's.
 */
export function createRandomHandle(): string {
  return randomBytes(24).toString('base64url');
}

/** The granted files of every window, by handle. */
export class GrantedFiles {
  readonly #windows = new Map<number, Map<string, GrantedFile>>();
  readonly #createHandle: () => string;

  /** @param createHandle - how handles are made (tests may make them predictable). */
  constructor(createHandle: () => string = createRandomHandle) {
    this.#createHandle = createHandle;
  }

  /**
   * Grants `path` to the window and records what was just read or written. The same path in the
   * same window keeps its handle (its record is updated), so a document keeps one identity.
   * Returns the handle to give to that window's renderer.
   */
  grant(windowId: number, path: string, fingerprint: FileFingerprint): string {
    let files = this.#windows.get(windowId);
    if (files === undefined) {
      files = new Map();
      this.#windows.set(windowId, files);
    }
    for (const file of files.values()) {
      if (file.path === path) {
        files.set(file.handle, { ...file, fingerprint });
        return file.handle;
      }
    }
    let handle = this.#createHandle();
    while (this.#isIssued(handle)) handle = this.#createHandle();
    files.set(handle, { handle, path, fingerprint });
    return handle;
  }

  /**
   * The file behind `handle`, only if it was granted to this very window: a handle leaked to (or
   * guessed by) another window's renderer opens nothing there.
   */
  get(windowId: number, handle: string): GrantedFile | undefined {
    return this.#windows.get(windowId)?.get(handle);
  }

  /** Records what this session just wrote to (or read from) a granted file. */
  update(windowId: number, handle: string, fingerprint: FileFingerprint): void {
    const file = this.get(windowId, handle);
    if (file !== undefined) this.#windows.get(windowId)?.set(handle, { ...file, fingerprint });
  }

  /** Forgets everything granted to a window (call when it closes). */
  forgetWindow(windowId: number): void {
    this.#windows.delete(windowId);
  }

  /** How many files a window holds (for tests and diagnostics). */
  countFor(windowId: number): number {
    return this.#windows.get(windowId)?.size ?? 0;
  }

  #isIssued(handle: string): boolean {
    for (const files of this.#windows.values()) if (files.has(handle)) return true;
    return false;
  }
}
