/**
 * Named migrations from older `schemaVersion`s to the current one. Each runs on the raw tree
 * (after the size, depth and key checks, before schema validation), takes version N to N + 1,
 * and comes with an old fixture in `fixtures/` that a test opens.
 */
import { InputError } from './errors';
import { CURRENT_SCHEMA_VERSION } from './schema';

export interface Migration {
  /** A readable name, shown in errors and the changelog (e.g. "split-boundaries"). */
  name: string;
  from: number;
  migrate(document: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Version 1 is the first published format, so there is nothing to migrate yet. The list is
 * ordered; `migrateDocument` applies every step from the file's version to the current one.
 */
export const MODEL_MIGRATIONS: readonly Migration[] = [];

/**
 * Brings a raw document up to `targetVersion`. Refuses files from a newer Gatehouse (they would
 * be misread) and files without a usable version.
 */
export function migrateDocument(
  document: Record<string, unknown>,
  migrations: readonly Migration[] = MODEL_MIGRATIONS,
  targetVersion: number = CURRENT_SCHEMA_VERSION,
): { document: Record<string, unknown>; applied: string[] } {
  const version = document['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new InputError('The file has no valid schemaVersion.', [
      { path: ['schemaVersion'], message: 'expected a positive whole number' },
    ]);
  }
  if (version > targetVersion) {
    throw new InputError(
      `The file was written by a newer Gatehouse (schemaVersion ${version}; this version reads up to ${targetVersion}). Update Gatehouse to open it.`,
      [{ path: ['schemaVersion'], message: `version ${version} is newer than ${targetVersion}` }],
    );
  }
  let current = document;
  const applied: string[] = [];
  for (let step = version; step < targetVersion; step++) {
    const migration = migrations.find((candidate) => candidate.from === step);
    if (!migration) {
      throw new InputError(`No migration from schemaVersion ${step}.`, [
        { path: ['schemaVersion'], message: `cannot migrate from version ${step}` },
      ]);
    }
    current = { ...migration.migrate(current), schemaVersion: step + 1 };
    applied.push(migration.name);
  }
  return { document: current, applied };
}
