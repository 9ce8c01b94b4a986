/**
 * The renderer's IndexedDB database (through Dexie): autosaved drafts of open and recent models
 * (crash recovery, PRODUCT.md "Desktop and workshop"), app settings, and dashboard snapshots.
 *
 * Everything read back from here is untrusted — another version of the app, a browser extension
 * or a damaged profile may have written it — so `documentStore.ts` validates rows before use.
 */
import Dexie, { type DexieOptions, type EntityTable } from 'dexie';

/** One open or recent model, as autosaved. */
export interface DocumentRow {
  /** The document's ID (primary key), chosen by the editor when the document is opened. */
  id: string;
  /** The model's name, for the recent-documents list without parsing `text`. */
  name: string;
  /** The canonical model text (`serializeModel`) as of the last autosave. */
  text: string;
  /** When `text` was last written (ms since the epoch). */
  updatedAt: number;
  /** `text` at the last explicit save or download; `null` if never saved. */
  savedText: string | null;
  /** The file name it was opened from or saved to; `null` for a new, unsaved model. */
  fileName: string | null;
  /** The platform's opaque handle for that file (never a path); `null` when there is none. */
  handle: string | null;
}

/** One setting; `value` is validated with a zod schema when read (`getSetting`). */
export interface SettingRow {
  key: string;
  value: unknown;
}

/** Threat counts of a document at a moment, for the dashboard trend (issue 7). */
export interface SnapshotRow {
  /** Auto-incremented; absent until stored. */
  id?: number;
  documentId: string;
  /** When the counts were taken (ms since the epoch). */
  takenAt: number;
  /** Counts by a key the dashboard chooses, e.g. `open:high` → 3. */
  counts: Record<string, number>;
}

/** The database name used by the app (tests pass their own, one per test). */
export const DEFAULT_DATABASE_NAME = 'gatehouse';

/** Gatehouse's IndexedDB database. Open it once per renderer and share it. */
export class GatehouseDatabase extends Dexie {
  // `declare`, not fields: Dexie creates the table properties itself, and a class field would
  // overwrite them with `undefined` right after `super()` returns.
  /** Drafts of open and recent models, by `id`; indexed by `updatedAt` for the recent list. */
  declare documents: EntityTable<DocumentRow, 'id'>;
  /** Settings by `key`. */
  declare settings: EntityTable<SettingRow, 'key'>;
  /** Dashboard snapshots, indexed by `[documentId+takenAt]` for one document's trend. */
  declare snapshots: EntityTable<SnapshotRow, 'id'>;

  /**
   * @param name - the IndexedDB database name
   * @param options - Dexie options, e.g. an `indexedDB` factory for tests
   */
  constructor(name: string = DEFAULT_DATABASE_NAME, options?: DexieOptions) {
    super(name, options);
    // The schema is versioned; never edit a published version. To change it, keep version(1)
    // as it is and add a new version below it that lists only the tables that change, with an
    // upgrade function for existing rows, e.g.:
    //
    //   this.version(2)
    //     .stores({ documents: 'id, updatedAt, fileName' })
    //     .upgrade((tx) => tx.table('documents').toCollection().modify((row) => { … }));
    //
    // Only indexed properties are listed here; other row properties are stored but not indexed.
    // `snapshots` exists before the dashboard trend uses it so adding the trend needs no upgrade.
    this.version(1).stores({
      documents: 'id, updatedAt',
      settings: 'key',
      snapshots: '++id, [documentId+takenAt]',
    });
  }
}
