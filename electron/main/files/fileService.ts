/**
 * The file handling of the desktop app, assembled for the composition root (`main.ts`): the
 * `file:` handlers plus what the menu and the window lifecycle need from the same bookkeeping.
 */
import type { RecentFile } from '../../../shared/ipc/fileChannels';
import type { HandlersOf } from '../ipc/handlerTypes';
import { createFileHandlers, type FileChannel, type FileHandlerDependencies } from './fileHandlers';
import { GrantedFiles } from './grantedFiles';
import { RecentFiles, type RecentFileStore } from './recentFiles';

/** What `createFileService` needs from Electron and the settings. */
export interface FileServiceOptions extends Omit<
  FileHandlerDependencies,
  'granted' | 'recent' | 'userDataFolder'
> {
  /** Electron's `app.getPath('userData')`; backups go to `<userData>/backups/`. */
  userDataPath: string;
  /** The recent list's storage (the settings file). */
  recentStore: RecentFileStore;
}

/** The file handling of the app. */
export interface FileService {
  /** The `file:` IPC handlers. */
  handlers: HandlersOf<FileChannel>;
  /** The recent files for the menu (IDs, names and folder names; never paths). */
  listRecent(): RecentFile[];
  /** The menu's "Clear Recent". */
  clearRecent(): void;
  /** Call when a window closes: its handles stop working. */
  forgetWindow(windowId: number): void;
  /**
   * Grants a path the OS handed over (file association, command line, macOS `open-file`);
   * returns the recent ID to send as `menu:command { command: 'openRecent', recentId }`, or
   * `undefined` for something that cannot be a path.
   */
  grantFromOs(path: string): string | undefined;
}

/** Creates the file handling with its own granted-file and recent-file bookkeeping. */
export function createFileService(options: FileServiceOptions): FileService {
  const { userDataPath, recentStore, ...rest } = options;
  const granted = new GrantedFiles();
  const recent = new RecentFiles(recentStore, undefined, options.warn);
  return {
    handlers: createFileHandlers({ ...rest, granted, recent, userDataFolder: userDataPath }),
    listRecent: () => recent.list(),
    clearRecent: () => recent.clear(),
    forgetWindow: (windowId) => granted.forgetWindow(windowId),
    grantFromOs: (path) => recent.grantFromOs(path),
  };
}
