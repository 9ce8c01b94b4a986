// Must come first: Dexie picks up the global `indexedDB` when it loads.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { canonicalOrder, serializeModel } from '../../shared/model/canonical';
import { InputError } from '../../shared/model/errors';
import { parseModel } from '../../shared/model/parseModel';
import type { Model } from '../../shared/model/schema';
import { GatehouseDatabase } from './database';
import {
  MAX_STORED_DOCUMENTS,
  deleteDocument,
  getSetting,
  listRecentDocuments,
  loadDocument,
  markSaved,
  saveDraft,
  setSetting,
} from './documentStore';

/** A small but real model: two elements in a zone, a flow between them, typed properties. */
const MODEL_TEXT = JSON.stringify({
  format: 'gatehouse-model',
  schemaVersion: 1,
  name: 'Web shop',
  diagrams: [{ id: 'd1', name: 'Main' }],
  elements: [
    {
      id: 'shop',
      diagramId: 'd1',
      kind: 'process',
      name: 'Shop',
      zoneId: 'dmz',
      properties: { internetFacing: 'yes' },
    },
    {
      id: 'orders',
      diagramId: 'd1',
      kind: 'dataStore',
      name: 'Orders',
      properties: { encryptedAtRest: 'no' },
    },
  ],
  flows: [
    {
      id: 'f1',
      diagramId: 'd1',
      sourceId: 'shop',
      targetId: 'orders',
      name: 'Write order',
      properties: { encryptedInTransit: 'unknown' },
    },
  ],
  boundaries: [{ id: 'dmz', diagramId: 'd1', shape: 'zone', name: 'DMZ', boundaryKind: 'dmz' }],
});

const baseModel = (): Model => parseModel(MODEL_TEXT).model;
const renamed = (name: string): Model => ({ ...baseModel(), name });

let databaseCount = 0;
const openDatabases: GatehouseDatabase[] = [];

/** A fresh database of its own for each test. */
function createDatabase(): GatehouseDatabase {
  databaseCount += 1;
  const db = new GatehouseDatabase(`gatehouse-test-${databaseCount}`);
  openDatabases.push(db);
  return db;
}

/** A clock that advances one second per call, so every draft has a distinct `updatedAt`. */
function steppingClock(start = 1_700_000_000_000): () => number {
  let time = start;
  return () => (time += 1000);
}

afterEach(async () => {
  await Promise.all(openDatabases.splice(0).map((db) => db.delete()));
});

describe('the database schema', () => {
  it('is version 1 with the documents, settings and snapshots tables and their indexes', async () => {
    const db = createDatabase();
    await db.open();
    expect(db.verno).toBe(1);
    const schema = Object.fromEntries(
      db.tables.map((table) => [
        table.name,
        [table.schema.primKey.src, ...table.schema.indexes.map((index) => index.src)],
      ]),
    );
    expect(schema).toEqual({
      documents: ['id', 'updatedAt'],
      settings: ['key'],
      snapshots: ['++id', '[documentId+takenAt]'],
    });
  });
});

describe('saveDraft and loadDocument', () => {
  it('round-trips a model through its canonical text', async () => {
    const db = createDatabase();
    const model = baseModel();

    await saveDraft(
      db,
      { id: 'doc-1', model, fileName: 'shop.gatehouse.json', handle: 'h-1' },
      { now: () => 1234 },
    );

    const row = await db.documents.get('doc-1');
    expect(row).toEqual({
      id: 'doc-1',
      name: 'Web shop',
      text: serializeModel(model),
      updatedAt: 1234,
      savedText: null,
      fileName: 'shop.gatehouse.json',
      handle: 'h-1',
    });
    const loaded = await loadDocument(db, 'doc-1');
    expect(loaded).not.toBeNull();
    // Stored as canonical text, so it comes back with its records in canonical order.
    expect(loaded!.model).toEqual(canonicalOrder(model));
    expect(serializeModel(loaded!.model)).toBe(serializeModel(model));
    expect(loaded).toMatchObject({
      fileName: 'shop.gatehouse.json',
      handle: 'h-1',
      hasUnsavedChanges: true,
      migrations: [],
    });
  });

  it('returns null for a document that is not stored', async () => {
    const db = createDatabase();
    await expect(loadDocument(db, 'missing')).resolves.toBeNull();
  });
});

describe('the unsaved-changes flag', () => {
  it('follows saves and later edits, and survives autosaves', async () => {
    const db = createDatabase();
    const now = steppingClock();
    const draft = { id: 'doc', fileName: null, handle: null };
    await saveDraft(db, { ...draft, model: baseModel() }, { now });
    expect((await loadDocument(db, 'doc'))!.hasUnsavedChanges).toBe(true);

    await expect(markSaved(db, 'doc', serializeModel(baseModel()))).resolves.toBe(true);
    expect((await loadDocument(db, 'doc'))!.hasUnsavedChanges).toBe(false);

    // An autosave of an edit keeps the saved text, so the edit shows as unsaved.
    await saveDraft(db, { ...draft, model: renamed('Web shop v2') }, { now });
    expect((await loadDocument(db, 'doc'))!.hasUnsavedChanges).toBe(true);
    expect((await db.documents.get('doc'))!.savedText).toBe(serializeModel(baseModel()));
    expect((await listRecentDocuments(db))[0]).toMatchObject({
      name: 'Web shop v2',
      hasUnsavedChanges: true,
    });

    // Undoing back to the saved content clears the flag again.
    await saveDraft(db, { ...draft, model: baseModel() }, { now });
    expect((await loadDocument(db, 'doc'))!.hasUnsavedChanges).toBe(false);
  });

  it('records the new file after a "save as"', async () => {
    const db = createDatabase();
    await saveDraft(db, { id: 'doc', model: baseModel(), fileName: null, handle: null });

    await markSaved(db, 'doc', serializeModel(baseModel()), {
      fileName: 'shop.gatehouse.json',
      handle: 'h-2',
    });

    expect(await loadDocument(db, 'doc')).toMatchObject({
      fileName: 'shop.gatehouse.json',
      handle: 'h-2',
      hasUnsavedChanges: false,
    });
  });

  it('does not recreate a deleted document when it is marked saved', async () => {
    const db = createDatabase();
    await expect(markSaved(db, 'gone', 'text')).resolves.toBe(false);
    expect(await db.documents.count()).toBe(0);
  });
});

describe('untrusted stored content', () => {
  it('reports corrupt model text as an InputError naming the draft', async () => {
    const db = createDatabase();
    await saveDraft(db, { id: 'doc', model: baseModel(), fileName: null, handle: null });
    await db.documents.update('doc', { text: '{"format": "gatehouse-model", "name": ' });

    const error: unknown = await loadDocument(db, 'doc').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).summary).toMatch(
      /^The autosaved copy of "Web shop" is damaged and cannot be opened: /,
    );
  });

  it('keeps the JSON paths of schema problems in the stored text', async () => {
    const db = createDatabase();
    await saveDraft(db, { id: 'doc', model: baseModel(), fileName: null, handle: null });
    const tree = JSON.parse(MODEL_TEXT) as { elements: { kind: string }[] };
    tree.elements[1]!.kind = 'database';
    await db.documents.update('doc', { text: JSON.stringify(tree) });

    const error = (await loadDocument(db, 'doc').catch((caught: unknown) => caught)) as InputError;

    expect(error).toBeInstanceOf(InputError);
    expect(error.issues.map((issue) => issue.path.slice(0, 2))).toContainEqual(['elements', 1]);
  });

  it('rejects a prototype-polluting key in stored text like in a file', async () => {
    const db = createDatabase();
    await saveDraft(db, { id: 'doc', model: baseModel(), fileName: null, handle: null });
    await db.documents.update('doc', {
      text: MODEL_TEXT.replace('"name":"Web shop"', '"name":"Web shop","__proto__":{"x":1}'),
    });

    const error = (await loadDocument(db, 'doc').catch((caught: unknown) => caught)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.issues).toContainEqual({
      path: ['__proto__'],
      message: 'the key "__proto__" is not allowed',
    });
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('reports a row of the wrong shape as an InputError and leaves it out of the list', async () => {
    const db = createDatabase();
    await saveDraft(db, { id: 'good', model: baseModel(), fileName: null, handle: null });
    await db.documents.put({
      id: 'bad',
      name: 42,
      text: null,
      updatedAt: Date.now() + 60_000,
    } as never);

    const error = (await loadDocument(db, 'bad').catch((caught: unknown) => caught)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.summary).toBe(
      'The autosaved copy of this document is damaged and cannot be opened.',
    );
    expect(error.issues.map((issue) => issue.path)).toContainEqual(['text']);
    expect((await listRecentDocuments(db)).map((summary) => summary.id)).toEqual(['good']);
  });
});

describe('listRecentDocuments', () => {
  it('returns summaries newest first, up to the limit', async () => {
    const db = createDatabase();
    const now = steppingClock(0);
    for (const id of ['a', 'b', 'c']) {
      await saveDraft(
        db,
        { id, model: renamed(`Model ${id}`), fileName: `${id}.json`, handle: null },
        { now },
      );
    }
    await markSaved(db, 'b', serializeModel(renamed('Model b')));
    // Touching `a` again makes it the most recent.
    await saveDraft(
      db,
      { id: 'a', model: renamed('Model a'), fileName: 'a.json', handle: null },
      { now },
    );

    expect(await listRecentDocuments(db)).toEqual([
      { id: 'a', name: 'Model a', updatedAt: 4000, fileName: 'a.json', hasUnsavedChanges: true },
      { id: 'c', name: 'Model c', updatedAt: 3000, fileName: 'c.json', hasUnsavedChanges: true },
      { id: 'b', name: 'Model b', updatedAt: 2000, fileName: 'b.json', hasUnsavedChanges: false },
    ]);
    expect((await listRecentDocuments(db, 2)).map((summary) => summary.id)).toEqual(['a', 'c']);
  });
});

describe('pruning', () => {
  it(`keeps at most ${MAX_STORED_DOCUMENTS} documents, deleting the oldest saved ones`, async () => {
    const db = createDatabase();
    const now = steppingClock();
    const savedText = serializeModel(baseModel());
    for (let index = 0; index < MAX_STORED_DOCUMENTS; index += 1) {
      const id = `doc-${String(index).padStart(2, '0')}`;
      await saveDraft(db, { id, model: baseModel(), fileName: null, handle: null }, { now });
      await markSaved(db, id, savedText);
    }
    expect(await db.documents.count()).toBe(MAX_STORED_DOCUMENTS);

    await saveDraft(
      db,
      { id: 'newest', model: baseModel(), fileName: null, handle: null },
      { now },
    );

    expect(await db.documents.count()).toBe(MAX_STORED_DOCUMENTS);
    expect(await db.documents.get('doc-00')).toBeUndefined();
    expect(await db.documents.get('doc-01')).toBeDefined();
    expect(await db.documents.get('newest')).toBeDefined();
  });

  it('never deletes a document with unsaved changes, nor the one being saved', async () => {
    const db = createDatabase();
    const now = steppingClock();
    const options = { now, maxDocuments: 3 };
    const save = (id: string) =>
      saveDraft(db, { id, model: baseModel(), fileName: null, handle: null }, options);
    await save('unsaved-oldest');
    await save('saved-1');
    await markSaved(db, 'saved-1', serializeModel(baseModel()));
    await save('saved-2');
    await markSaved(db, 'saved-2', serializeModel(baseModel()));
    await db.snapshots.add({ documentId: 'saved-1', takenAt: 1, counts: { open: 2 } });
    await db.settings.put({ key: 'rule-packs:saved-1', value: ['{"id":"acme"}'] });
    await db.settings.put({ key: 'rule-packs:saved-2', value: ['{"id":"acme"}'] });

    await save('new-1');
    expect((await db.documents.toCollection().primaryKeys()).sort()).toEqual([
      'new-1',
      'saved-2',
      'unsaved-oldest',
    ]);
    // The pruned document's snapshots and settings (its custom rule packs) go with it.
    expect(await db.snapshots.count()).toBe(0);
    expect((await db.settings.toCollection().primaryKeys()).sort()).toEqual(['rule-packs:saved-2']);

    await save('new-2');
    await save('new-3');
    // Only unsaved drafts are left, so nothing more can go: the limit yields to the work.
    expect((await db.documents.toCollection().primaryKeys()).sort()).toEqual([
      'new-1',
      'new-2',
      'new-3',
      'unsaved-oldest',
    ]);
  });
});

describe('deleteDocument', () => {
  it("deletes the document and its snapshots, and no other document's", async () => {
    const db = createDatabase();
    for (const id of ['keep', 'drop']) {
      await saveDraft(db, { id, model: baseModel(), fileName: null, handle: null });
      await db.snapshots.bulkAdd([
        { documentId: id, takenAt: 10, counts: { open: 1 } },
        { documentId: id, takenAt: 20, counts: { open: 2 } },
      ]);
    }
    // A document ID that sorts right after `drop` must not be caught by the key range.
    await db.snapshots.add({ documentId: 'drop2', takenAt: 5, counts: {} });

    await deleteDocument(db, 'drop');

    expect(await db.documents.get('drop')).toBeUndefined();
    expect(await db.documents.get('keep')).toBeDefined();
    expect((await db.snapshots.toArray()).map((row) => row.documentId).sort()).toEqual([
      'drop2',
      'keep',
      'keep',
    ]);
    await expect(deleteDocument(db, 'never-existed')).resolves.toBeUndefined();
  });

  it('deletes the settings kept for that document (viewports, plan gate), not the others', async () => {
    const db = createDatabase();
    await saveDraft(db, { id: 'drop', model: baseModel(), fileName: null, handle: null });
    await setSetting(db, 'canvas.viewport.drop', { main: { x: 0, y: 0, zoom: 1 } });
    await setSetting(db, 'plan-gate:drop', '{}');
    await setSetting(db, 'canvas.viewport.drop2', {});
    await setSetting(db, 'theme', 'dark');
    await deleteDocument(db, 'drop');
    expect((await db.settings.toArray()).map((row) => row.key).sort()).toEqual([
      'canvas.viewport.drop2',
      'theme',
    ]);
  });
});

describe('settings', () => {
  const ThemeSchema = z.enum(['light', 'dark', 'projector']);

  it('returns the stored value when it matches the schema', async () => {
    const db = createDatabase();
    await setSetting(db, 'theme', 'projector');
    await expect(getSetting(db, 'theme', ThemeSchema, 'light')).resolves.toBe('projector');
  });

  it('returns the default when the setting is missing or invalid', async () => {
    const db = createDatabase();
    await expect(getSetting(db, 'theme', ThemeSchema, 'light')).resolves.toBe('light');
    await setSetting(db, 'theme', { injected: '<script>' });
    await expect(getSetting(db, 'theme', ThemeSchema, 'light')).resolves.toBe('light');
  });

  it('stores structured values', async () => {
    const db = createDatabase();
    const LayoutSchema = z.object({ panelWidth: z.number().int().min(100), open: z.boolean() });
    await setSetting(db, 'layout', { panelWidth: 320, open: true });
    await expect(
      getSetting(db, 'layout', LayoutSchema, { panelWidth: 280, open: false }),
    ).resolves.toEqual({ panelWidth: 320, open: true });
  });
});
