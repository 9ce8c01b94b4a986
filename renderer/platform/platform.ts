/**
 * The one interface the renderer uses to talk to its host: a plain browser today (see
 * `browserPlatform.ts`), the Electron preload bridge later — same interface, so no component
 * knows which it runs in.
 *
 * The renderer never names a filesystem path (ARCHITECTURE.md, "IPC": opening goes through a
 * main-process dialog). A file the host opened or saved comes back with an opaque `handle` that
 * only the host can map to a real file; the renderer stores it and hands it back, nothing more.
 * Everything crossing this interface is plain, structured-cloneable data, so the desktop bridge
 * can carry it over IPC unchanged.
 */

import type { DesktopApi } from './desktopApi';

/** Where the renderer runs: decides wording and which features the UI offers. */
export type PlatformKind = 'browser' | 'desktop';

/**
 * The most bytes the renderer reads from one opened or imported file: the same bound as
 * `MODEL_LIMITS.maxBytes` in `shared/model/parseModel.ts`. A larger file is refused before any
 * of it is read, so a huge or hostile file cannot exhaust memory (PRODUCT.md, "Bad input and data
 * safety": every file is bounded in size).
 */
export const MAX_OPEN_BYTES = 64 * 1024 * 1024;

/** A file the person chose, read as text. */
export interface OpenedFile {
  /** The file's base name as the person sees it (never a path). */
  name: string;
  /** The whole content, decoded as UTF-8. Untrusted: parse it with `parseModel` or an importer. */
  text: string;
  /**
   * An opaque token the host can write back to (desktop "Save"), or `null` when the host cannot
   * write to the file it read (the browser: saving there always downloads a new file).
   */
  handle: string | null;
}

/** What `saveModelFile` writes. */
export interface SaveRequest {
  /** The file name to propose, e.g. `webshop.gatehouse.json` (a save dialog may change it). */
  suggestedName: string;
  /** The canonical model text (`serializeModel`). */
  text: string;
  /** Where the document came from or was last saved (`null` means ask, i.e. "Save as"). */
  handle: string | null;
  /**
   * Write even though the file changed on disk since it was read (after the person confirmed a
   * `changed-on-disk` error). Hosts that cannot tell ignore it.
   */
  overwrite?: boolean;
}

/** Where a model was saved. */
export interface SavedFile {
  /** The file name it was saved under (in the browser: the proposed download name). */
  name: string;
  /** Write here next time, or `null` when the host cannot write back (the browser). */
  handle: string | null;
}

/** An export in a foreign or presentation format (CSV, Markdown, HTML, SVG, PNG …). */
export interface ExportRequest {
  /** The file name to propose. */
  suggestedName: string;
  /** The content's media type, e.g. `text/csv` or `image/png`. */
  mimeType: string;
  /** Text is stored as UTF-8; a `Blob` (images) is written as it is. */
  content: string | Blob;
}

/** Every way a platform operation can fail, as data (errors cross IPC as `{ code, message }`). */
export const PLATFORM_ERROR_CODES = [
  'too-large',
  'unreadable',
  'write-failed',
  'changed-on-disk',
  'not-granted',
] as const;

/**
 * `too-large`: the file exceeds `MAX_OPEN_BYTES` and was not read. `unreadable`: the host could
 * not read the file (permissions, removed meanwhile). `write-failed`: the host could not write it.
 * `changed-on-disk`: the file was changed by someone else since it was read; nothing was written
 * (ask the person, then save again with `overwrite`). `not-granted`: the handle is from an earlier
 * session (a model restored from the recovery store), so the host no longer knows the file: save
 * through a dialog instead.
 */
export type PlatformErrorCode = (typeof PLATFORM_ERROR_CODES)[number];

/** Whether `code` is one of `PLATFORM_ERROR_CODES` (for mapping an IPC error back). */
export function isPlatformErrorCode(code: unknown): code is PlatformErrorCode {
  return (PLATFORM_ERROR_CODES as readonly unknown[]).includes(code);
}

/** A platform operation failed; `message` is written for the person, `code` for the program. */
export class PlatformError extends Error {
  /** Which failure this is. */
  readonly code: PlatformErrorCode;
  /**
   * @param code - which failure this is
   * @param message - a complete sentence for the person, naming the file
   * @param options - the underlying error, kept as `cause` for diagnostics
   */
  constructor(code: PlatformErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlatformError';
    this.code = code;
  }
}

/** "12.3 MiB" — sizes in messages, in the same binary units as the limit. */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The `too-large` error for `fileName` of `size` bytes, worded the same on every platform. */
export function fileTooLargeError(
  fileName: string,
  size: number,
  maxBytes = MAX_OPEN_BYTES,
): PlatformError {
  return new PlatformError(
    'too-large',
    `${fileName} is too large to open (${formatByteSize(size)}; the limit is ${formatByteSize(maxBytes)}).`,
  );
}

/** The host, as the renderer sees it. All methods are async and return plain data. */
export interface Platform {
  /** Which host this is. */
  readonly kind: PlatformKind;
  /**
   * The desktop shell's validated IPC (Jira push, settings, window state), or `null` in a
   * browser: features that need the shell check this instead of `kind`.
   */
  readonly desktop: DesktopApi | null;
  /** The label of the save command: "Download" in the browser, "Save" on the desktop. */
  readonly saveLabel: string;
  /**
   * Asks the person for a model file and reads it.
   *
   * @returns the file, or `null` when the person cancelled
   * @throws PlatformError `too-large` (not read) or `unreadable`
   */
  openModelFile(): Promise<OpenedFile | null>;
  /**
   * Writes a model: to `handle` when the host can, otherwise through a save dialog or download.
   *
   * @returns where it went, or `null` when the person cancelled a save dialog
   * @throws PlatformError `write-failed`
   */
  saveModelFile(request: SaveRequest): Promise<SavedFile | null>;
  /**
   * Asks the person for a file in a foreign format (Open Threat Model, Threat Dragon …) and reads
   * it as text. `handle` is always `null`: an imported file is never written back.
   *
   * @param accept - file name extensions (`.json`) and media types the picker offers
   * @returns the file, or `null` when the person cancelled
   * @throws PlatformError `too-large` (not read) or `unreadable`
   */
  importFile(accept: readonly string[]): Promise<OpenedFile | null>;
  /**
   * Writes an export (a download in the browser, a save dialog on the desktop).
   *
   * @returns false when the person cancelled the dialog (nothing was written)
   * @throws PlatformError `write-failed`
   */
  exportFile(request: ExportRequest): Promise<boolean>;
  /**
   * Opens a file of the host's recent list by its opaque ID (desktop only; `null` elsewhere).
   *
   * @throws PlatformError `unreadable` when the file is gone or was never granted
   */
  openRecentFile: ((id: string) => Promise<OpenedFile | null>) | null;
}
