import { describe, expect, it } from 'vitest';
import { moveNodes } from '../../shared/model/edit/nodes';
import { buildModel, entity, flow, process, store, zone } from '../../shared/testing/modelBuilder';
import { DiagramViewCache, elementHandles, HANDLE_SIZE } from './diagramView';

const model = buildModel({
  elements: [
    process('p', { position: { x: 0, y: 0 } }),
    store('s', { position: { x: 400, y: 0 } }),
    entity('e', { position: { x: 0, y: 300 } }),
  ],
  flows: [flow('f1', 'p', 's'), flow('f2', 'e', 'p')],
  boundaries: [
    zone('z', 'dmz', { position: { x: -50, y: -50 }, size: { width: 700, height: 300 } }),
  ],
});
const none = new Set<string>();

describe('elementHandles', () => {
  it('puts the handles where app.css draws them (measured in Chromium)', () => {
    const at = (kind: 'process' | 'dataStore' | 'externalEntity', width: number, height: number) =>
      elementHandles(kind, width, height).map((h) => [h.id, h.x, h.y, h.width, h.height]);
    // Centred on the inside edge of each shape's border (2 px; a store's 3 px top and bottom and
    // no sides; an entity's 5 px bottom and left), 9 px square.
    expect(at('process', 160, 72)).toEqual([
      ['top', 75.5, -2.5, 9, 9],
      ['right', 153.5, 31.5, 9, 9],
      ['bottom', 75.5, 65.5, 9, 9],
      ['left', -2.5, 31.5, 9, 9],
    ]);
    expect(at('dataStore', 160, 64)).toEqual([
      ['top', 75.5, -1.5, 9, 9],
      ['right', 155.5, 27.5, 9, 9],
      ['bottom', 75.5, 56.5, 9, 9],
      ['left', -4.5, 27.5, 9, 9],
    ]);
    expect(at('externalEntity', 160, 64)).toEqual([
      ['top', 77, -2.5, 9, 9],
      ['right', 153.5, 26, 9, 9],
      ['bottom', 77, 54.5, 9, 9],
      ['left', 0.5, 26, 9, 9],
    ]);
    expect(HANDLE_SIZE).toBe(9);
  });

  it('shares one list per shape and size', () => {
    expect(elementHandles('process', 160, 72)).toBe(elementHandles('process', 160, 72));
    expect(elementHandles('process', 200, 72)).not.toBe(elementHandles('process', 160, 72));
  });
});

describe('DiagramViewCache', () => {
  it('gives elements their size and handles up front, and zones none', () => {
    const nodes = new DiagramViewCache().nodesOf(model, 'd1', none);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get('p')).toMatchObject({ width: 160, height: 72 });
    expect(byId.get('p')!.handles).toBe(elementHandles('process', 160, 72));
    expect(byId.get('z')).toMatchObject({ width: 700, height: 300, handles: [] });
  });

  it('draws a line boundary as a fixed node around its points, beneath the flows', () => {
    const withLine = {
      ...model,
      boundaries: [
        ...model.boundaries,
        {
          id: 'l',
          diagramId: 'd1',
          name: 'Internet edge',
          description: '',
          tags: [],
          shape: 'line' as const,
          boundaryKind: 'internet' as const,
          points: [
            { x: 100, y: -20 },
            { x: 160, y: 200 },
            { x: 120, y: 400 },
          ],
          crossingFlowIds: [],
        },
      ],
    };
    const line = new DiagramViewCache()
      .nodesOf(withLine, 'd1', none)
      .find((node) => node.id === 'l')!;
    expect(line).toMatchObject({
      type: 'line',
      position: { x: 88, y: -32 },
      width: 84,
      height: 444,
      draggable: false,
      handles: [],
    });
    expect(line.zIndex).toBeLessThan(
      new DiagramViewCache().edgesOf(withLine, 'd1', none)[0]!.zIndex!,
    );
  });

  it('hands back the same arrays while nothing in them changed', () => {
    const cache = new DiagramViewCache();
    const nodes = cache.nodesOf(model, 'd1', none);
    const edges = cache.edgesOf(model, 'd1', none);
    // A new document whose records are the same (an edit elsewhere), a new selection set.
    const renamed = { ...model, name: 'Renamed' };
    expect(cache.nodesOf(renamed, 'd1', new Set())).toBe(nodes);
    expect(cache.edgesOf(renamed, 'd1', new Set())).toBe(edges);
    const selected = cache.nodesOf(renamed, 'd1', new Set(['p']));
    expect(selected).not.toBe(nodes);
    expect(selected.filter((n, i) => n !== nodes[i]).map((n) => n.id)).toEqual(['p']);
  });

  it('keeps a flow’s edge while its ends move, until the sides it uses change', () => {
    const cache = new DiagramViewCache();
    const edges = cache.edgesOf(model, 'd1', none);
    const f1 = edges.find((e) => e.id === 'f1')!;
    expect([f1.sourceHandle, f1.targetHandle]).toEqual(['right', 'left']);

    // The store moves down a little: still to the right of the process.
    const nudged = moveNodes(model, new Map([['s', { x: 400, y: 40 }]]));
    expect(cache.edgesOf(nudged, 'd1', none)).toBe(edges);
    const nodes = cache.nodesOf(nudged, 'd1', none);
    expect(nodes.find((n) => n.id === 's')!.position).toEqual({ x: 400, y: 40 });

    // Now it is below the process: f1 leaves by the bottom; f2 keeps its edge object.
    const below = moveNodes(nudged, new Map([['s', { x: 0, y: 600 }]]));
    const moved = cache.edgesOf(below, 'd1', none);
    expect(moved).not.toBe(edges);
    const movedF1 = moved.find((e) => e.id === 'f1')!;
    expect([movedF1.sourceHandle, movedF1.targetHandle]).toEqual(['bottom', 'top']);
    expect(moved.find((e) => e.id === 'f2')).toBe(edges.find((e) => e.id === 'f2'));
  });

  it('keeps the sides while a drag runs and takes the new ones when it ends', () => {
    const cache = new DiagramViewCache();
    const edges = cache.edgesOf(model, 'd1', none);
    const below = moveNodes(model, new Map([['s', { x: 0, y: 600 }]]));
    // Mid-drag: the store is below the process, but f1 keeps leaving by the right.
    expect(cache.edgesOf(below, 'd1', none, true)).toBe(edges);
    // A flow whose record changed, or a new selection, still gets its new edge mid-drag.
    const selectedMidDrag = cache.edgesOf(below, 'd1', new Set(['f2']), true);
    expect(selectedMidDrag.find((e) => e.id === 'f2')!.selected).toBe(true);
    expect(selectedMidDrag.find((e) => e.id === 'f1')).toBe(edges.find((e) => e.id === 'f1'));
    // Dropped: the sides catch up.
    const dropped = cache.edgesOf(below, 'd1', new Set(['f2']));
    const f1 = dropped.find((e) => e.id === 'f1')!;
    expect([f1.sourceHandle, f1.targetHandle]).toEqual(['bottom', 'top']);
  });
});
