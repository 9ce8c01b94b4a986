/**
 * Autosaved drafts of models, settings: the operations the editor uses on `GatehouseDatabase`.
 *
 * IndexedDB content is untrusted like any file: rows are validated on the way out, a draft's text
 * goes through `parseModel` exactly as an opened file does, and a damaged row yields an
 * `InputError` with a clear message (or is left out of a list), never a crash.
 */
import * as z from 'zod';
import { serializeModel } from '../../shared/model/canonical';
import { InputError } from '../../shared/model/errors';
import { parseModel, type ParsedModel } from '../../shared/model/parseModel';
import type { Model } from '../../shared/model/schema';
import { toInputIssues } from '../../shared/model/zodIssues';
import type { DocumentRow, GatehouseDatabase } from './database';

/**
 * How many drafts are kept. Beyond this `saveDraft` deletes the least recently updated drafts
 * whose changes are saved in a file; drafts with unsaved changes are never deleted, so the count
 * can exceed this when many of them exist.
 */
export const MAX_STORED_DOCUMENTS = 50;

/** What the editor autosaves. */
export interface Draft {
  /** The document's ID (the row key). */
  id: string;
  model: Model;
  /** The file name it was opened from or saved to; `null` for a new model. */
  fileName: string | null;
  /** The platform's opaque handle for that file; `null` when there is none. */
  handle: string | null;
}

/** Options of `saveDraft`. */
export interface SaveDraftOptions {
  /** The clock for `updatedAt` (ms since the epoch). Default: `Date.now`. */
  now?: () => number;
  /** Default: `MAX_STORED_DOCUMENTS`. */
  maxDocuments?: number;
}

/** A row of the recent-documents list. */
export interface DocumentSummary {
  id: string;
  name: string;
  updatedAt: number;
  fileName: string | null;
  /** Whether the draft differs from what was last saved or downloaded (or was never saved). */
  hasUnsavedChanges: boolean;
}

/** A draft, parsed and ready to edit. */
export interface LoadedDocument {
  model: Model;
  fileName: string | null;
  handle: string | null;
  hasUnsavedChanges: boolean;
  /** Migrations applied while parsing (a draft written by an older version of the app). */
  migrations: string[];
}

/** The shape a stored document row must have before anything of it is used. */
const DocumentRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  text: z.string(),
  updatedAt: z.number(),
  savedText: z.string().nullable(),
  fileName: z.string().nullable(),
  handle: z.string().nullable(),
});

const hasUnsavedChanges = (row: Pick<DocumentRow, 'text' | 'savedText'>): boolean =>
  row.text !== row.savedText;

/**
 * Stores the draft's canonical text, keeping the row's last-saved text, then prunes old saved
 * drafts beyond `maxDocuments`. The newest draft itself is never pruned.
 */
export async function saveDraft(
  db: GatehouseDatabase,
  draft: Draft,
  options: SaveDraftOptions = {},
): Promise<void> {
  const now = options.now ?? Date.now;
  const maxDocuments = options.maxDocuments ?? MAX_STORED_DOCUMENTS;
  // Serialized outside the transaction: an IndexedDB transaction commits as soon as it has no
  // pending request, so long synchronous work inside it risks committing it early.
  const text = serializeModel(draft.model);
  const updatedAt = now();
  await db.transaction('rw', db.documents, db.snapshots, db.settings, async () => {
    const existing = await db.documents.get(draft.id);
    // A damaged `savedText` counts as never saved: the draft then shows unsaved changes and is
    // kept, which is the safe side.
    const savedText = typeof existing?.savedText === 'string' ? existing.savedText : null;
    await db.documents.put({
      id: draft.id,
      name: draft.model.name,
      text,
      updatedAt,
      savedText,
      fileName: draft.fileName,
      handle: draft.handle,
    });
    const excess = (await db.documents.count()) - maxDocuments;
    if (excess <= 0) return;
    // Only drafts whose content is in a file may go: deleting an unsaved one loses work.
    const prunable = await db.documents
      .orderBy('updatedAt')
      .filter((row) => row.id !== draft.id && !hasUnsavedChanges(row))
      .limit(excess)
      .primaryKeys();
    await db.documents.bulkDelete(prunable);
    await deleteDocumentData(db, prunable);
  });
}

/**
 * Records that `text` was just saved or downloaded (pass the canonical text that was written).
 * After a "Save as", pass the new `file` too.
 *
 * @returns whether the document exists (a deleted one is not recreated)
 */
export async function markSaved(
  db: GatehouseDatabase,
  id: string,
  text: string,
  file?: { fileName: string | null; handle: string | null },
): Promise<boolean> {
  const changes = file
    ? { savedText: text, fileName: file.fileName, handle: file.handle }
    : { savedText: text };
  return (await db.documents.update(id, changes)) > 0;
}

/** The most recently updated drafts, newest first. Damaged rows are left out. */
export async function listRecentDocuments(
  db: GatehouseDatabase,
  limit = 12,
): Promise<DocumentSummary[]> {
  const rows = await db.documents.orderBy('updatedAt').reverse().limit(limit).toArray();
  const summaries: DocumentSummary[] = [];
  for (const stored of rows) {
    const result = DocumentRowSchema.safeParse(stored);
    if (!result.success) continue;
    const row = result.data;
    summaries.push({
      id: row.id,
      name: row.name,
      updatedAt: row.updatedAt,
      fileName: row.fileName,
      hasUnsavedChanges: hasUnsavedChanges(row),
    });
  }
  return summaries;
}

/**
 * Reads and parses a draft.
 *
 * @returns the document, or `null` when there is no draft with this ID
 * @throws InputError when the stored row or its model text is damaged; the message names the
 *   draft and the issues carry the JSON paths
 */
export async function loadDocument(
  db: GatehouseDatabase,
  id: string,
): Promise<LoadedDocument | null> {
  const stored: unknown = await db.documents.get(id);
  if (stored === undefined) return null;
  const result = DocumentRowSchema.safeParse(stored);
  if (!result.success) {
    throw new InputError(
      'The autosaved copy of this document is damaged and cannot be opened.',
      toInputIssues(result.error),
    );
  }
  const row = result.data;
  let parsed: ParsedModel;
  try {
    parsed = parseModel(row.text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      `The autosaved copy of "${row.name}" is damaged and cannot be opened: ${error.summary}`,
      error.issues,
    );
  }
  return {
    model: parsed.model,
    fileName: row.fileName,
    handle: row.handle,
    hasUnsavedChanges: hasUnsavedChanges(row),
    migrations: parsed.migrations,
  };
}

/** Deletes a draft and its dashboard snapshots. Deleting a missing draft does nothing. */
export async function deleteDocument(db: GatehouseDatabase, id: string): Promise<void> {
  await db.transaction('rw', db.documents, db.snapshots, db.settings, async () => {
    await db.documents.delete(id);
    await deleteDocumentData(db, [id]);
  });
}

/**
 * What is kept beside a document and goes with it: its trend snapshots and its settings
 * (viewports, the last plan gate, custom rule packs — keys ending with its ID).
 */
async function deleteDocumentData(db: GatehouseDatabase, documentIds: readonly string[]) {
  await deleteSnapshots(db, documentIds);
  if (documentIds.length === 0) return;
  const suffixes = documentIds.flatMap((id) => [`.${id}`, `:${id}`]);
  await db.settings.filter((row) => suffixes.some((suffix) => row.key.endsWith(suffix))).delete();
}

async function deleteSnapshots(db: GatehouseDatabase, documentIds: readonly string[]) {
  for (const documentId of documentIds) {
    await db.snapshots
      .where('[documentId+takenAt]')
      .between([documentId, -Infinity], [documentId, Infinity], true, true)
      .delete();
  }
}

/**
 * Reads a setting, validated with `schema`.
 *
 * @returns the stored value, or `fallback` when it is missing or does not match `schema` (a value
 *   written by another version of the app, or damaged)
 */
export async function getSetting<T>(
  db: GatehouseDatabase,
  key: string,
  schema: z.ZodType<T>,
  fallback: T,
): Promise<T> {
  const row = await db.settings.get(key);
  if (row === undefined) return fallback;
  const result = schema.safeParse(row.value);
  return result.success ? result.data : fallback;
}

/** Stores a setting. `value` must be structured-cloneable (plain data). */
export async function setSetting<T>(db: GatehouseDatabase, key: string, value: T): Promise<void> {
  await db.settings.put({ key, value });
}
