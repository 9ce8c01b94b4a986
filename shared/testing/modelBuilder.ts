/**
 * Small helpers to write test models tersely. Test-only (compiled with the test tsconfig).
 */
import { modelFromTree } from '../model/parseModel';
import type { Model } from '../model/schema';

export type Tree = Record<string, unknown>;

/** A model from a partial document: format, version, name and one diagram are filled in. */
export function buildModel(parts: Tree): Model {
  return modelFromTree({
    format: 'gatehouse-model',
    schemaVersion: 1,
    name: 'Test model',
    diagrams: [{ id: 'd1', name: 'Main' }],
    ...parts,
  }).model;
}

export const process = (id: string, extra: Tree = {}): Tree => ({
  id,
  diagramId: 'd1',
  kind: 'process',
  name: id,
  ...extra,
});
export const store = (id: string, extra: Tree = {}): Tree => ({
  id,
  diagramId: 'd1',
  kind: 'dataStore',
  name: id,
  ...extra,
});
export const entity = (id: string, extra: Tree = {}): Tree => ({
  id,
  diagramId: 'd1',
  kind: 'externalEntity',
  name: id,
  ...extra,
});
export const flow = (id: string, sourceId: string, targetId: string, extra: Tree = {}): Tree => ({
  id,
  diagramId: 'd1',
  sourceId,
  targetId,
  name: id,
  ...extra,
});
export const zone = (id: string, boundaryKind: string, extra: Tree = {}): Tree => ({
  id,
  diagramId: 'd1',
  shape: 'zone',
  name: id,
  boundaryKind,
  ...extra,
});
