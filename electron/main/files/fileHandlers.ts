/**
 * The `file:` IPC handlers: New/Open/Open Recent/Save/Save As/Import/Export through main-process
 * dialogs. The renderer holds opaque handles and recent IDs only; main keeps the paths it granted
 * (`GrantedFiles`, `RecentFiles`), so a compromised renderer can neither read nor write a file
 * the person did not choose (ARCHITECTURE.md, "IPC"). Saves are atomic, back up the previous
 * version, and ask before overwriting a file someone else changed (PRODUCT.md, "Desktop and
 * workshop", "Bad input and data safety").
 *
 * Everything Electron-specific is injected (`FileDialogs`), so this module runs in plain Node
 * tests. The request objects arrive already parsed against `shared/ipc/fileChannels.ts`.
 */
import { join, dirname } from 'node:path';
import { IpcFailure, MAX_ERROR_MESSAGE_LENGTH } from '../../../shared/ipc/envelope';
import type { ResponseOf } from '../../../shared/ipc/channels';
import { InputError } from '../../../shared/model/errors';
import { parseModel } from '../../../shared/model/parseModel';
import {
  FileReadError,
  MAX_INPUT_BYTES,
  decodeUtf8,
  nodeFileSystem,
  readFileBounded,
  writeFileAtomic,
  type FileContent,
  type FileSystem,
} from '../../services/textFiles';
import type { HandlersOf } from '../ipc/handlerTypes';
import { DEFAULT_BACKUPS_KEPT, writeBackup } from './backups';
import { displayName, isPlausiblePath } from './fileNames';
import {
  fingerprintOf,
  hasSameContent,
  type FileFingerprint,
  type GrantedFiles,
} from './grantedFiles';
import type { RecentFiles } from './recentFiles';

/** A filter of a file dialog, as Electron takes it (extensions without the dot). */
export interface FileDialogFilter {
  name: string;
  extensions: string[];
}

/** What the open dialog is asked (a subset of Electron's `OpenDialogOptions`). */
export interface OpenDialogOptions {
  title: string;
  defaultPath?: string;
  filters: FileDialogFilter[];
  properties: Array<'openFile'>;
}

/** What the save dialog is asked (a subset of Electron's `SaveDialogOptions`). */
export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  filters: FileDialogFilter[];
  properties: Array<'createDirectory' | 'showOverwriteConfirmation'>;
}

/**
 * The main-process dialogs, shaped like Electron's `dialog.showOpenDialog` and
 * `dialog.showSaveDialog`, attached to the window `windowId` (the composition root looks it up).
 */
export interface FileDialogs {
  showOpenDialog(
    windowId: number,
    options: OpenDialogOptions,
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(
    windowId: number,
    options: SaveDialogOptions,
  ): Promise<{ canceled: boolean; filePath?: string }>;
}

/** What `createFileHandlers` needs. */
export interface FileHandlerDependencies {
  dialogs: FileDialogs;
  /** The paths granted to each window; the composition root calls `forgetWindow` on close. */
  granted: GrantedFiles;
  /** The recent list; the composition root calls `grantFromOs` for files the OS opens. */
  recent: RecentFiles;
  /** Electron's `app.getPath('userData')`; backups go to `<userData>/backups/`. */
  userDataFolder: string;
  /** Where dialogs start before the person picked a folder (e.g. `app.getPath('documents')`). */
  defaultFolder?: string;
  /** File system calls (Node's by default; tests inject failures). */
  fs?: FileSystem;
  /** The clock (names backups). */
  now?: () => Date;
  /** Backups kept per file (default 10). */
  backupsKept?: number;
  /** The largest file opened or imported (default 64 MiB, the model limit). */
  maxFileBytes?: number;
  /** Where problems that do not fail the request are reported (e.g. a backup that failed). */
  warn?: (message: string) => void;
}

/** The channels `createFileHandlers` serves. */
export type FileChannel =
  'file:open' | 'file:openRecent' | 'file:listRecent' | 'file:save' | 'file:import' | 'file:export';

type OpenedFile = NonNullable<ResponseOf<'file:open'>['file']>;

/** The model filters of the open and save dialogs. */
const MODEL_FILTERS: FileDialogFilter[] = [
  // `json` covers `*.gatehouse.json`: dialogs match the last extension only on some platforms.
  { name: 'Gatehouse model (*.gatehouse.json, *.json)', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

/** Extensions for the media types the renderer's import accepts. */
const EXTENSIONS_OF_MEDIA_TYPE: Readonly<Record<string, readonly string[]>> = {
  'application/json': ['json'],
  'application/yaml': ['yaml', 'yml'],
  'application/x-yaml': ['yaml', 'yml'],
  'text/yaml': ['yaml', 'yml'],
  'application/xml': ['xml'],
  'text/xml': ['xml'],
  'text/csv': ['csv'],
  'text/plain': ['txt'],
  'text/markdown': ['md'],
};

/** The dialog filters of an import's `accept` list (extensions like `.tm7`, or media types). */
export function importFilters(accept: readonly string[]): FileDialogFilter[] {
  const extensions = new Set<string>();
  for (const entry of accept) {
    if (entry.startsWith('.')) {
      // `.otm.json` → `json`: some dialogs match only the last extension.
      const last = entry.split('.').at(-1);
      if (last !== undefined && last.length > 0) extensions.add(last.toLowerCase());
    } else {
      for (const extension of EXTENSIONS_OF_MEDIA_TYPE[entry] ?? []) extensions.add(extension);
    }
  }
  const all: FileDialogFilter = { name: 'All files', extensions: ['*'] };
  if (extensions.size === 0) return [all];
  return [{ name: 'Supported files', extensions: [...extensions] }, all];
}

/** The dialog filters of an export named `suggestedName`. */
function exportFilters(suggestedName: string): FileDialogFilter[] {
  const match = /\.([A-Za-z0-9]+)$/.exec(suggestedName);
  const all: FileDialogFilter = { name: 'All files', extensions: ['*'] };
  if (match?.[1] === undefined) return [all];
  const extension = match[1].toLowerCase();
  return [{ name: `${extension.toUpperCase()} file`, extensions: [extension] }, all];
}

/**
 * The name the save dialog proposes: the suggested name, ending in `.gatehouse.json` if it does
 * not end in `.json`. What the person then types is kept as typed (see `file:save`).
 */
export function modelFileName(suggestedName: string): string {
  return /\.json$/i.test(suggestedName) ? suggestedName : `${suggestedName}.gatehouse.json`;
}

/** A person-readable reason for a failed write, from Node's error code. */
function writeFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'its folder no longer exists';
    case 'EISDIR':
      return 'a folder has that name';
    case 'EBUSY':
      return 'another program is using it';
    default:
      return code === undefined ? 'an unexpected error' : `error ${code}`;
  }
}

/** The handlers of the `file:` channels. */
export function createFileHandlers(dependencies: FileHandlerDependencies): HandlersOf<FileChannel> {
  const { dialogs, granted, recent } = dependencies;
  const fs = dependencies.fs ?? nodeFileSystem;
  const now = dependencies.now ?? (() => new Date());
  const maxFileBytes = dependencies.maxFileBytes ?? MAX_INPUT_BYTES;
  const warn = dependencies.warn ?? (() => {});
  const backupOptions = {
    folder: join(dependencies.userDataFolder, 'backups'),
    keep: dependencies.backupsKept ?? DEFAULT_BACKUPS_KEPT,
    now,
    fs,
  };
  /** The folder of the last file chosen in a dialog, where the next dialog starts. */
  let lastFolder = dependencies.defaultFolder;

  /** Checks a path a dialog returned; Electron gives absolute paths, anything else is a bug. */
  function chosen(path: string | undefined): string | null {
    if (path === undefined || path === '') return null;
    if (!isPlausiblePath(path))
      throw new IpcFailure('internal', 'The dialog returned no usable file.');
    lastFolder = dirname(path);
    return path;
  }

  async function chooseToOpen(
    windowId: number,
    title: string,
    filters: FileDialogFilter[],
  ): Promise<string | null> {
    const answer = await dialogs.showOpenDialog(windowId, {
      title,
      filters,
      properties: ['openFile'],
      ...(lastFolder === undefined ? {} : { defaultPath: lastFolder }),
    });
    return answer.canceled ? null : chosen(answer.filePaths[0]);
  }

  async function chooseToSave(
    windowId: number,
    title: string,
    name: string,
    filters: FileDialogFilter[],
  ): Promise<string | null> {
    const answer = await dialogs.showSaveDialog(windowId, {
      title,
      defaultPath: lastFolder === undefined ? name : join(lastFolder, name),
      filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return answer.canceled ? null : chosen(answer.filePath);
  }

  /** Reads a file the person chose, mapping failures to typed IPC errors that name it. */
  function readChosen(path: string): FileContent & { text: string } {
    const name = displayName(path);
    try {
      const content = readFileBounded(path, maxFileBytes, name, fs);
      return { ...content, text: decodeUtf8(content.bytes, name) };
    } catch (error) {
      if (error instanceof FileReadError)
        throw new IpcFailure(
          error.reason === 'too-large' ? 'too-large' : 'unreadable',
          error.message,
        );
      throw error;
    }
  }

  /**
   * Opens a model file: refuses (with the file's name and the precise reason) anything that is
   * not a Gatehouse model this version can read, before granting it, so a refused file leaves no
   * trace and the renderer keeps its open document.
   */
  function openModel(windowId: number, path: string): OpenedFile {
    const name = displayName(path);
    const content = readChosen(path);
    try {
      parseModel(content.text);
    } catch (error) {
      if (error instanceof InputError)
        // The issue list can be long; the envelope carries a bounded message.
        throw new IpcFailure(
          'unreadable',
          `${name}: ${error.message}`.slice(0, MAX_ERROR_MESSAGE_LENGTH),
        );
      throw error;
    }
    const handle = granted.grant(windowId, path, fingerprintOf(content.bytes, content.modifiedMs));
    recent.add(path);
    return { name, text: content.text, handle };
  }

  /**
   * What is on disk at `path` now: its content, `'missing'`, or `'unknown'` when it cannot be
   * read (too large to compare, permission denied) — which counts as changed, since main cannot
   * prove it is not.
   */
  function readCurrent(path: string, recordedSize: number): FileContent | 'missing' | 'unknown' {
    try {
      return readFileBounded(path, Math.max(maxFileBytes, recordedSize), displayName(path), fs);
    } catch (error) {
      if (error instanceof FileReadError && error.reason === 'missing') return 'missing';
      return 'unknown';
    }
  }

  /**
   * Backs up what `path` holds now (if anything), then writes `data` atomically. A failed backup
   * is reported but does not stop the save: the atomic write alone already keeps the previous
   * file whole until the new one is complete, and refusing would leave the person unable to save.
   * Returns the fingerprint of what was written.
   */
  function writeReplacing(
    path: string,
    data: Uint8Array,
    current: FileContent | 'missing' | 'unknown',
    backup: boolean,
  ): FileFingerprint {
    if (backup && typeof current === 'object') {
      try {
        writeBackup(path, current.bytes, backupOptions);
      } catch (error) {
        warn(`No backup of ${displayName(path)} was written: ${writeFailureReason(error)}.`);
      }
    }
    try {
      writeFileAtomic(path, data, fs);
    } catch (error) {
      throw new IpcFailure(
        'write-failed',
        `${displayName(path)} could not be written (${writeFailureReason(error)}). The file on disk was left as it was.`,
      );
    }
    let modifiedMs: number;
    try {
      modifiedMs = fs.statSync(path).mtimeMs;
    } catch {
      modifiedMs = now().getTime();
    }
    return fingerprintOf(data, modifiedMs);
  }

  return {
    'file:open': async (_request, { windowId }) => {
      const path = await chooseToOpen(windowId, 'Open a threat model', MODEL_FILTERS);
      return { file: path === null ? null : openModel(windowId, path) };
    },

    'file:openRecent': ({ id }, { windowId }) => {
      const path = recent.resolve(id);
      if (path === undefined) throw new IpcFailure('not-granted');
      try {
        return { file: openModel(windowId, path) };
      } catch (error) {
        // A recent file that is gone would fail every time: drop it from the list. A file that
        // is there but unreadable or invalid stays listed (the person may fix it).
        if (error instanceof IpcFailure && isMissing(path)) {
          recent.remove(path);
          throw new IpcFailure(
            'unreadable',
            `${displayName(path)} is no longer there (moved, renamed or deleted); it was removed from the recent files.`,
          );
        }
        throw error;
      }
    },

    'file:listRecent': () => ({ files: recent.list() }),

    'file:save': async ({ handle, suggestedName, text, overwrite }, { windowId }) => {
      const data = Buffer.from(text, 'utf8');
      if (handle !== null) {
        // Only a handle granted to this very window: a path the renderer cannot name, a handle
        // it cannot borrow.
        const file = granted.get(windowId, handle);
        if (file === undefined) throw new IpcFailure('not-granted');
        const current = readCurrent(file.path, file.fingerprint.size);
        // A file that is gone has nothing to lose: it is written again without asking.
        const changed =
          current === 'unknown' ||
          (current !== 'missing' && !hasSameContent(file.fingerprint, current.bytes));
        if (changed && !overwrite) {
          throw new IpcFailure(
            'changed-on-disk',
            `${displayName(file.path)} changed on disk since it was opened or saved here. Save anyway to replace those changes.`,
          );
        }
        const fingerprint = writeReplacing(file.path, data, current, true);
        granted.update(windowId, handle, fingerprint);
        recent.add(file.path);
        return { saved: { name: displayName(file.path), handle } };
      }
      // Save As. The name the person typed is kept even without `.json`: appending an extension
      // after the dialog would write a file the dialog never asked to overwrite.
      const path = await chooseToSave(
        windowId,
        'Save the threat model',
        modelFileName(suggestedName),
        MODEL_FILTERS,
      );
      if (path === null) return { saved: null };
      const current = readCurrent(path, 0);
      const fingerprint = writeReplacing(path, data, current, true);
      const savedHandle = granted.grant(windowId, path, fingerprint);
      recent.add(path);
      return { saved: { name: displayName(path), handle: savedHandle } };
    },

    'file:import': async ({ accept }, { windowId }) => {
      const path = await chooseToOpen(windowId, 'Import', importFilters(accept));
      if (path === null) return { file: null };
      // Any text within the size limit: foreign formats are parsed (and refused) in the
      // renderer. No handle: an imported file opens as untitled, so Save never overwrites it.
      return { file: { name: displayName(path), text: readChosen(path).text, handle: null } };
    },

    'file:export': async ({ suggestedName, content }, { windowId }) => {
      const path = await chooseToSave(
        windowId,
        'Export',
        suggestedName,
        exportFilters(suggestedName),
      );
      if (path === null) return { saved: false };
      const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      writeReplacing(path, data, 'missing', false);
      return { saved: true };
    },
  };

  function isMissing(path: string): boolean {
    try {
      fs.statSync(path);
      return false;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR';
    }
  }
}
