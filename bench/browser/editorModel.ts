/**
 * The editor benchmark's workload (PRODUCT.md, "Editor, 1,000 nodes / 2,000 flows"): one diagram
 * of 1,000 elements on a 32-column grid and 2,000 named flows, mostly between neighbours (as
 * drawn diagrams are), a tenth of them reaching a few cells further. Deterministic: a seeded PRNG,
 * never `Math.random`. No zones, as in the bare React Flow page the targets were set against.
 */
import { modelFromTree } from '../../shared/model/parseModel';
import type { ElementKind, Model } from '../../shared/model/schema';

export const EDITOR_NODES = 1000;
export const EDITOR_FLOWS = 2000;
const COLUMNS = 32;
const CELL_WIDTH = 240;
const CELL_HEIGHT = 150;
const FAR_SHARE = 0.1;
const FAR_REACH = 5;

/** Mulberry32, as in bench/generateModel.ts. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const KIND_NAMES: Record<ElementKind, string> = {
  process: 'Service',
  dataStore: 'Database',
  externalEntity: 'Client',
};
const FLOW_NAMES = ['HTTPS request', 'Query', 'Event', 'gRPC call', 'Reply', 'File upload'];

/** The workload as a validated model (defaults filled in by the model schema). */
export function generateEditorModel(seed = 1): Model {
  const random = createRandom(seed);
  const id = (prefix: string, index: number) => `${prefix}${String(index + 1).padStart(4, '0')}`;
  const elements = Array.from({ length: EDITOR_NODES }, (_, index) => {
    const draw = random();
    const kind: ElementKind = draw < 0.6 ? 'process' : draw < 0.85 ? 'dataStore' : 'externalEntity';
    return {
      id: id('e', index),
      diagramId: 'd1',
      kind,
      name: `${KIND_NAMES[kind]} ${index + 1}`,
      position: {
        x: (index % COLUMNS) * CELL_WIDTH,
        y: Math.floor(index / COLUMNS) * CELL_HEIGHT,
      },
    };
  });
  const rows = Math.ceil(EDITOR_NODES / COLUMNS);
  const cell = (column: number, row: number): number | undefined => {
    const index = row * COLUMNS + column;
    return column >= 0 && column < COLUMNS && row >= 0 && index < EDITOR_NODES ? index : undefined;
  };
  const pairs: [number, number][] = [];
  const seen = new Set<string>();
  const add = (from: number, to: number | undefined): void => {
    if (to === undefined || to === from || pairs.length >= EDITOR_FLOWS) return;
    const key = from < to ? `${from}:${to}` : `${to}:${from}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push(random() < 0.5 ? [from, to] : [to, from]);
  };
  // Each element to its right and lower neighbour (≈ 1,970 flows), then a few longer ones.
  for (let index = 0; index < EDITOR_NODES; index++) {
    const column = index % COLUMNS;
    const row = Math.floor(index / COLUMNS);
    if (random() < FAR_SHARE) {
      const reach = () => Math.floor(random() * (2 * FAR_REACH + 1)) - FAR_REACH;
      add(index, cell(column + reach(), Math.min(rows - 1, Math.max(0, row + reach()))));
    }
    add(index, cell(column + 1, row));
    add(index, cell(column, row + 1));
  }
  while (pairs.length < EDITOR_FLOWS) {
    add(Math.floor(random() * EDITOR_NODES), Math.floor(random() * EDITOR_NODES));
  }
  const flows = pairs.map(([from, to], index) => ({
    id: id('f', index),
    diagramId: 'd1',
    sourceId: elements[from]!.id,
    targetId: elements[to]!.id,
    bidirectional: random() < 0.1,
    name: FLOW_NAMES[index % FLOW_NAMES.length]!,
  }));
  return modelFromTree({
    format: 'gatehouse-model',
    schemaVersion: 1,
    name: 'Editor benchmark (1,000 nodes, 2,000 flows)',
    diagrams: [{ id: 'd1', name: 'Main' }],
    elements,
    flows,
  }).model;
}
