/**
 * Opening a `*.gatehouse.json` file: size, depth and key checks, migrations, schema validation,
 * referential integrity — in that order, so each step may trust the one before.
 */
import { markSchemaShaped } from './canonical';
import { InputError } from './errors';
import { migrateDocument } from './migrations';
import { findReferenceIssues } from './references';
import { MODEL_FORMAT, ModelSchema, type Model } from './schema';
import { parseUntrustedJson, type TreeLimits } from '../util/untrustedJson';
import { toInputIssues } from './zodIssues';

export const MODEL_LIMITS: TreeLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 32,
  forbiddenKeys: 'reject',
};

export interface ParsedModel {
  model: Model;
  /** Names of the migrations that were applied (empty for a current file). */
  migrations: string[];
}

/** Validates an already parsed tree as a model document (migrating it first). */
export function modelFromTree(tree: unknown): ParsedModel {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
    throw new InputError('The file is not a Gatehouse model: expected a JSON object.', [
      { path: [], message: 'expected an object' },
    ]);
  }
  const record = tree as Record<string, unknown>;
  if (record['format'] !== MODEL_FORMAT) {
    throw new InputError(`The file is not a Gatehouse model (format must be "${MODEL_FORMAT}").`, [
      { path: ['format'], message: `expected "${MODEL_FORMAT}"` },
    ]);
  }
  const { document, applied } = migrateDocument(record);
  const result = ModelSchema.safeParse(document);
  if (!result.success) {
    throw new InputError(
      'The model does not match the Gatehouse schema.',
      toInputIssues(result.error),
    );
  }
  const referenceIssues = findReferenceIssues(result.data);
  if (referenceIssues.length > 0) {
    throw new InputError(
      'The model refers to things that do not exist or repeats IDs.',
      referenceIssues,
    );
  }
  return { model: markSchemaShaped(result.data), migrations: applied };
}

/** Parses model file text. Throws `InputError` (with JSON paths) for anything unusable. */
export function parseModel(text: string, limits: TreeLimits = MODEL_LIMITS): ParsedModel {
  return modelFromTree(parseUntrustedJson(text, limits).value);
}
