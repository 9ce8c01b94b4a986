/**
 * The platform adapter for a plain browser (web mode, and the end-to-end tests): files are opened
 * through a hidden `<input type="file">` and saved as downloads. A browser cannot write back to a
 * file it read, so every handle is `null` and the save command is labelled "Download".
 */
import {
  MAX_OPEN_BYTES,
  PlatformError,
  fileTooLargeError,
  type ExportRequest,
  type OpenedFile,
  type Platform,
  type SaveRequest,
  type SavedFile,
} from './platform';

/** What the picker offers when opening a model (`.gatehouse.json` ends in `.json`). */
const MODEL_FILE_ACCEPT = ['.json', 'application/json'] as const;

/** The media type of a saved model. */
const MODEL_MIME_TYPE = 'application/json';

/**
 * How long an object URL outlives the click that starts its download. Revoking it at once can
 * cancel the download in some browsers (the download starts asynchronously after the click);
 * FileSaver.js waits 40 s for the same reason.
 */
export const REVOKE_DELAY_MS = 40_000;

/** The DOM pieces the adapter uses, injectable so it can be tested under jsdom. */
export interface BrowserPlatformDeps {
  /** The document to add the temporary `<input>` and `<a>` to. Default: the global `document`. */
  document?: Document;
  /** Default: `URL.createObjectURL` (jsdom has none, so tests pass their own). */
  createObjectURL?: (blob: Blob) => string;
  /** Default: `URL.revokeObjectURL`. */
  revokeObjectURL?: (url: string) => void;
  /** Schedules the revocation. Default: the global `setTimeout`. */
  setTimeout?: (callback: () => void, ms: number) => unknown;
  /** Files larger than this are refused unread. Default: `MAX_OPEN_BYTES`. */
  maxOpenBytes?: number;
}

/**
 * Makes a download name safe and portable: path separators, characters Windows forbids and
 * control characters become `_`. Browsers sanitize too, but each differently; doing it here makes
 * the name the UI reports (`SavedFile.name`) the name the person actually gets.
 */
export function toDownloadName(name: string): string {
  const forbidden = '/\\:*?"<>|';
  let safe = '';
  for (const character of name) {
    const code = character.codePointAt(0) ?? 0;
    safe += code < 0x20 || code === 0x7f || forbidden.includes(character) ? '_' : character;
  }
  // A leading dot would make a hidden file on macOS and Linux; trailing dots and spaces are
  // dropped by Windows.
  safe = safe
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  return safe.slice(0, 200) || 'download';
}

/** Creates the browser implementation of `Platform`. */
export function createBrowserPlatform(deps: BrowserPlatformDeps = {}): Platform {
  const maxOpenBytes = deps.maxOpenBytes ?? MAX_OPEN_BYTES;
  // Resolved at call time, not here, so the adapter can be created before the DOM is ready.
  const getDocument = (): Document => deps.document ?? document;
  const createObjectURL = deps.createObjectURL ?? ((blob: Blob) => URL.createObjectURL(blob));
  const revokeObjectURL = deps.revokeObjectURL ?? ((url: string) => URL.revokeObjectURL(url));
  const schedule =
    deps.setTimeout ?? ((callback: () => void, ms: number) => globalThis.setTimeout(callback, ms));

  /** Shows the file picker; resolves with the chosen file, or `null` when it was cancelled. */
  function pickFile(accept: readonly string[]): Promise<File | null> {
    const doc = getDocument();
    return new Promise((resolve) => {
      const input = doc.createElement('input');
      input.type = 'file';
      input.accept = accept.join(',');
      input.hidden = true;
      let settled = false;
      const settle = (file: File | null): void => {
        if (settled) return;
        settled = true;
        input.remove();
        resolve(file);
      };
      input.addEventListener('change', () => settle(input.files?.[0] ?? null));
      // Fired when the dialog closes without a choice (Chromium 113+, Firefox 91+, Safari 16.4+);
      // older browsers never settle a cancelled pick, which leaves nothing half-done.
      input.addEventListener('cancel', () => settle(null));
      // In the document, because some browsers deliver `change` only to attached inputs.
      doc.body.append(input);
      input.click();
    });
  }

  async function readFile(file: File): Promise<OpenedFile> {
    // `size` comes from the file's metadata: checking it first means an oversized file is never
    // read into memory.
    if (file.size > maxOpenBytes) throw fileTooLargeError(file.name, file.size, maxOpenBytes);
    let text: string;
    try {
      text = await file.text();
    } catch (cause) {
      throw new PlatformError('unreadable', `${file.name} could not be read.`, { cause });
    }
    return { name: file.name, text, handle: null };
  }

  async function openWithPicker(accept: readonly string[]): Promise<OpenedFile | null> {
    const file = await pickFile(accept);
    return file === null ? null : readFile(file);
  }

  /** Starts a download of `blob` named `fileName` through a temporary `<a download>`. */
  function download(blob: Blob, fileName: string): void {
    const doc = getDocument();
    let url: string;
    try {
      url = createObjectURL(blob);
    } catch (cause) {
      throw new PlatformError('write-failed', `${fileName} could not be prepared for download.`, {
        cause,
      });
    }
    const anchor = doc.createElement('a');
    anchor.href = url;
    anchor.download = fileName;
    anchor.rel = 'noopener';
    anchor.hidden = true;
    doc.body.append(anchor);
    try {
      anchor.click();
    } finally {
      anchor.remove();
      schedule(() => revokeObjectURL(url), REVOKE_DELAY_MS);
    }
  }

  return {
    kind: 'browser',
    desktop: null,
    openRecentFile: null,
    saveLabel: 'Download',
    openModelFile: () => openWithPicker(MODEL_FILE_ACCEPT),
    importFile: (accept) => openWithPicker(accept),
    // `async` so a failure rejects the promise rather than throwing synchronously.
    async saveModelFile(request: SaveRequest): Promise<SavedFile | null> {
      const name = toDownloadName(request.suggestedName);
      // The handle is ignored: a browser cannot write to the file it opened. The browser gives
      // no word on whether the person kept the download, so success is reported on the click.
      download(new Blob([request.text], { type: MODEL_MIME_TYPE }), name);
      return { name, handle: null };
    },
    async exportFile(request: ExportRequest): Promise<boolean> {
      // Wrapping a Blob does not copy its bytes; it only gives it the requested media type.
      const blob =
        typeof request.content !== 'string' && request.content.type === request.mimeType
          ? request.content
          : new Blob([request.content], { type: request.mimeType });
      download(blob, toDownloadName(request.suggestedName));
      // A download has no dialog to cancel here; the browser may still ask, out of our sight.
      return true;
    },
  };
}
