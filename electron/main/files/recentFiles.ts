/**
 * The recent-files list: at most `MAX_RECENT_FILES` paths, newest first, persisted through an
 * injected store (the settings file). The renderer sees opaque IDs, names and folder names only;
 * an ID maps back to a path in main and nowhere else (PRODUCT.md, "Desktop and workshop").
 */
import type { RecentFile } from '../../../shared/ipc/fileChannels';
import { createRandomHandle } from './grantedFiles';
import { displayName, folderNameOf, isPlausiblePath } from './fileNames';

/** How many recent files are kept. */
export const MAX_RECENT_FILES = 10;

/** Where the list is kept between sessions (the composition root backs it with the settings). */
export interface RecentFileStore {
  load(): string[];
  save(paths: string[]): void;
}

/** The recent files of this session, with an opaque ID per path. */
export class RecentFiles {
  readonly #store: RecentFileStore;
  readonly #createId: () => string;
  readonly #warn: (message: string) => void;
  /** Newest first. */
  #paths: string[];
  /** IDs stay the same for a path for the whole session, whether or not it is listed. */
  readonly #idOfPath = new Map<string, string>();
  readonly #pathOfId = new Map<string, string>();
  /** Paths the OS handed over (double-click, command line) that may be opened by ID once. */
  readonly #fromOs = new Set<string>();

  /**
   * @param store - the persisted list; what it loads is checked, since the settings file is
   *   outside the app's control.
   * @param createId - how IDs are made (random by default).
   * @param warn - where a failed load or save is reported (the list is a convenience: a store
   *   failure must not fail an open or a save).
   */
  constructor(
    store: RecentFileStore,
    createId: () => string = createRandomHandle,
    warn: (message: string) => void = () => {},
  ) {
    this.#store = store;
    this.#createId = createId;
    this.#warn = warn;
    this.#paths = this.#loadPaths();
  }

  /** The list as `file:listRecent` answers it: never a path. */
  list(): RecentFile[] {
    return this.#paths.map((path) => ({
      id: this.#idFor(path),
      name: displayName(path),
      folderName: folderNameOf(path),
    }));
  }

  /** Moves (or adds) `path` to the top of the list, after it was opened or saved. */
  add(path: string): void {
    if (!isPlausiblePath(path)) return;
    this.#fromOs.delete(path);
    this.#paths = [path, ...this.#paths.filter((listed) => listed !== path)].slice(
      0,
      MAX_RECENT_FILES,
    );
    this.#persist();
  }

  /** Drops `path` from the list (its file is gone); its ID stops resolving. */
  remove(path: string): void {
    this.#fromOs.delete(path);
    const before = this.#paths.length;
    this.#paths = this.#paths.filter((listed) => listed !== path);
    if (this.#paths.length !== before) this.#persist();
  }

  /** Empties the list (the menu's "Clear Recent"); the old IDs stop resolving. */
  clear(): void {
    this.#paths = [];
    this.#fromOs.clear();
    this.#persist();
  }

  /** The path behind a listed (or OS-granted) ID; `undefined` for any other ID. */
  resolve(id: string): string | undefined {
    const path = this.#pathOfId.get(id);
    if (path === undefined) return undefined;
    return this.#paths.includes(path) || this.#fromOs.has(path) ? path : undefined;
  }

  /**
   * Grants a path the OS handed to the app (file association, command line, macOS `open-file`)
   * and returns the ID the renderer opens it with (`menu:command { command: 'openRecent',
   * recentId }`). The file joins the visible list only once it opened as a model. Returns
   * `undefined` for something that cannot be a path (relative, NUL, absurdly long): command-line
   * arguments are not to be trusted either.
   */
  grantFromOs(path: string): string | undefined {
    if (!isPlausiblePath(path)) return undefined;
    this.#fromOs.add(path);
    return this.#idFor(path);
  }

  #idFor(path: string): string {
    let id = this.#idOfPath.get(path);
    if (id === undefined) {
      id = this.#createId();
      while (this.#pathOfId.has(id)) id = this.#createId();
      this.#idOfPath.set(path, id);
      this.#pathOfId.set(id, path);
    }
    return id;
  }

  #loadPaths(): string[] {
    let stored: unknown;
    try {
      stored = this.#store.load();
    } catch (error) {
      this.#warn(`The recent files could not be loaded: ${String(error)}`);
      return [];
    }
    if (!Array.isArray(stored)) return [];
    const paths: string[] = [];
    for (const value of stored as unknown[]) {
      if (isPlausiblePath(value) && !paths.includes(value)) paths.push(value);
      if (paths.length === MAX_RECENT_FILES) break;
    }
    return paths;
  }

  #persist(): void {
    try {
      this.#store.save([...this.#paths]);
    } catch (error) {
      this.#warn(`The recent files could not be saved: ${String(error)}`);
    }
  }
}
