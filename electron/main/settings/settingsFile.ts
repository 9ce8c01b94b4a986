/**
 * The desktop app's settings: one versioned JSON file in the user-data folder
 * (`settings.json`), read and validated at start, written atomically on every change. It holds
 * what the renderer may see (`app`), and what only main knows: the window's place, the recent
 * files' paths, and the Jira connection (its token only as `safeStorage` ciphertext).
 *
 * A damaged file is set aside (`settings.json.damaged-<time>`) and replaced by defaults, so a bad
 * byte never stops the app from starting; a file written by a newer Gatehouse is left untouched and
 * the settings stay in memory for this run, so running an older version never destroys them.
 */
import { existsSync, renameSync } from 'node:fs';
import * as z from 'zod';
import { AppSettingsSchema, DEFAULT_APP_SETTINGS } from '../../../shared/ipc/settingsChannels';
import { readTextFile, writeFileAtomic } from '../../services/textFiles';
import { WindowStateSchema } from '../window/windowState';

/** The version this build writes. Add a migration to `SETTINGS_MIGRATIONS` when it changes. */
export const SETTINGS_SCHEMA_VERSION = 2;

/** Settings are small; anything larger is not ours. */
export const MAX_SETTINGS_BYTES = 1024 * 1024;

export const SettingsFileSchema = z.strictObject({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  app: AppSettingsSchema,
  window: WindowStateSchema.nullable(),
  recentFiles: z.array(z.string().min(1).max(4_096)).max(10),
  /**
   * Ask before a link opens in the system browser. Main-only: a compromised renderer must not be
   * able to switch off the question and then navigate to a phishing page.
   */
  confirmExternalLinks: z.boolean(),
  /**
   * The Jira connection as the Jira store saves it; that store validates it with its own schema
   * when it reads it (it owns the shape), so here it is only bounded.
   */
  jira: z.record(z.string().max(100), z.unknown()).nullable(),
});
export type SettingsFile = z.infer<typeof SettingsFileSchema>;

export const DEFAULT_SETTINGS: SettingsFile = {
  schemaVersion: SETTINGS_SCHEMA_VERSION,
  app: DEFAULT_APP_SETTINGS,
  window: null,
  recentFiles: [],
  confirmExternalLinks: true,
  jira: null,
};

/**
 * Ordered migrations: entry `n` turns a version-`n` file into version `n + 1`. Version 1 is the
 * first; each entry comes with a fixture in the tests.
 */
export const SETTINGS_MIGRATIONS: readonly ((
  file: Record<string, unknown>,
) => Record<string, unknown>)[] = [
  // 1 → 2: `confirmExternalLinks` leaves `app` (which the renderer may change) for the top level.
  // No screen ever offered it, so a `false` there came from a hand edit or from a renderer: it is
  // not carried over, and links are confirmed again. Everything else is kept.
  (file) => {
    // An `app` that is not an object still fails the schema afterwards (the file is set aside).
    const app = { ...(file.app as Record<string, unknown>) };
    delete app.confirmExternalLinks;
    return { ...file, schemaVersion: 2, app, confirmExternalLinks: true };
  },
];

/** The file system calls the store makes; injectable so tests run on temporary folders. */
export interface SettingsFs {
  readText(path: string, maxBytes: number): string | null;
  writeAtomic(path: string, text: string): void;
  rename(from: string, to: string): void;
}

export interface SettingsStoreOptions {
  path: string;
  fs: SettingsFs;
  now(): Date;
  log(message: string): void;
}

export interface SettingsStore {
  get(): SettingsFile;
  /** Applies `change` to a copy, validates the result, keeps it and writes it (unless read-only). */
  update(change: (current: SettingsFile) => SettingsFile): SettingsFile;
  /** True when the file on disk belongs to a newer version and is therefore never written. */
  readonly readOnly: boolean;
}

type LoadResult = { settings: SettingsFile; readOnly: boolean };

function load(options: SettingsStoreOptions): LoadResult {
  let text: string | null;
  try {
    text = options.fs.readText(options.path, MAX_SETTINGS_BYTES);
  } catch (error) {
    options.log(`Settings could not be read (${(error as Error).message}); using defaults.`);
    return setAside(options);
  }
  if (text === null) return { settings: DEFAULT_SETTINGS, readOnly: false };
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch {
    options.log('Settings are not valid JSON; set aside, using defaults.');
    return setAside(options);
  }
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
    options.log('Settings are not a JSON object; set aside, using defaults.');
    return setAside(options);
  }
  let version = (tree as { schemaVersion?: unknown }).schemaVersion;
  if (
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version > SETTINGS_SCHEMA_VERSION
  ) {
    options.log(
      `Settings were written by a newer Gatehouse (version ${version}); not changing them.`,
    );
    return { settings: DEFAULT_SETTINGS, readOnly: true };
  }
  let migrated = tree as Record<string, unknown>;
  while (typeof version === 'number' && version >= 1 && version < SETTINGS_SCHEMA_VERSION) {
    const migrate = SETTINGS_MIGRATIONS[version - 1];
    if (!migrate) break;
    migrated = migrate(migrated);
    version = migrated.schemaVersion;
  }
  const parsed = SettingsFileSchema.safeParse(migrated);
  if (!parsed.success) {
    options.log(`Settings do not fit the schema (${parsed.error.issues[0]?.message}); set aside.`);
    return setAside(options);
  }
  return { settings: parsed.data, readOnly: false };
}

function setAside(options: SettingsStoreOptions): LoadResult {
  const stamp = options.now().toISOString().replace(/[:.]/g, '-');
  try {
    options.fs.rename(options.path, `${options.path}.damaged-${stamp}`);
  } catch (error) {
    options.log(`The damaged settings file could not be set aside (${(error as Error).message}).`);
  }
  return { settings: DEFAULT_SETTINGS, readOnly: false };
}

export function createSettingsStore(options: SettingsStoreOptions): SettingsStore {
  const loaded = load(options);
  let current = loaded.settings;
  return {
    readOnly: loaded.readOnly,
    get: () => current,
    update(change) {
      const next = SettingsFileSchema.parse(change(current));
      current = next;
      if (!loaded.readOnly) {
        try {
          options.fs.writeAtomic(options.path, `${JSON.stringify(next, null, 2)}\n`);
        } catch (error) {
          // The settings stay in memory; the next change tries again.
          options.log(`Settings could not be saved (${(error as Error).message}).`);
        }
      }
      return current;
    },
  };
}

/** The real file system: bounded UTF-8 reads (a missing file is null), atomic writes. */
export const nodeSettingsFs: SettingsFs = {
  readText(path, maxBytes) {
    if (!existsSync(path)) return null;
    return readTextFile(path, maxBytes, 'settings.json');
  },
  writeAtomic: (path, text) => writeFileAtomic(path, text),
  rename: (from, to) => renameSync(from, to),
};
