/**
 * Backups of a file's previous version, kept in `<userData>/backups/` before a save replaces it
 * (PRODUCT.md, "Desktop and workshop"): the last few per file, so a save the person regrets can
 * be undone by hand.
 */
import { createHash, randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { writeFileAtomic, type FileSystem } from '../../services/textFiles';

/** How many backups are kept per file by default. */
export const DEFAULT_BACKUPS_KEPT = 10;

/** The ending of every backup's name (so it opens in Gatehouse like any model). */
const BACKUP_ENDING = '.gatehouse.json';

/**
 * The name prefix shared by all backups of `path`. Built so the person's folder and file names
 * cannot steer where a backup lands: the file's stem is reduced to `[A-Za-z0-9_-]` (no dots, no
 * separators, so no `..`, no reserved names' extensions) and the folder is replaced by a hash of
 * the whole path, which also keeps twins (`a/model.json`, `b/model.json`) apart when pruning.
 */
export function backupPrefix(path: string): string {
  const stem =
    basename(path)
      .replace(/(\.gatehouse)?\.json$/i, '')
      .replace(/[^A-Za-z0-9_-]/g, '_')
      .slice(0, 60) || 'model';
  const pathHash = createHash('sha256').update(path).digest('hex').slice(0, 12);
  return `${stem}--${pathHash}--`;
}

/** `20250102T030405678Z`: sorts by time as text and is a valid name on every platform. */
function compactTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/** Where and how backups are written. */
export interface BackupOptions {
  /** `<userData>/backups`. */
  folder: string;
  /** How many backups of one file to keep. */
  keep: number;
  now: () => Date;
  fs: FileSystem;
}

/**
 * Writes `bytes` (the previous content of `path`) as a new backup, atomically and readable by
 * the person only (a model may describe an unpatched weakness), then deletes the oldest backups
 * of that file beyond `keep`. Returns the backup's path. Throws on failure.
 */
export function writeBackup(path: string, bytes: Uint8Array, options: BackupOptions): string {
  const { fs } = options;
  fs.mkdirSync(options.folder, { recursive: true, mode: 0o700 });
  const prefix = backupPrefix(path);
  const name = `${prefix}${compactTimestamp(options.now())}-${randomBytes(3).toString('hex')}${BACKUP_ENDING}`;
  const backupPath = join(options.folder, name);
  writeFileAtomic(backupPath, bytes, fs, { mode: 0o600 });
  pruneBackups(prefix, options);
  return backupPath;
}

/** Deletes all but the newest `keep` backups whose names start with `prefix`. */
function pruneBackups(prefix: string, options: BackupOptions): void {
  const backups = options.fs
    .readdirSync(options.folder)
    .filter((name) => name.startsWith(prefix) && name.endsWith(BACKUP_ENDING))
    .sort();
  for (const name of backups.slice(0, Math.max(0, backups.length - options.keep))) {
    options.fs.rmSync(join(options.folder, name), { force: true });
  }
}
