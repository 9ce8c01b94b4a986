/**
 * The React Flow view of one diagram. Node and edge objects are reused while their record and
 * selection state are unchanged: React Flow re-renders what gets a new object, and new objects
 * on every change cost a third of the drag frame rate (TOOLCHAIN.md). Nodes carry only their
 * record's ID; components read the record from the store.
 *
 * Element nodes come with their size and their handles: React Flow then neither waits for a
 * measurement before drawing their flows, nor forgets the handles of a node it is given anew
 * (a moved node would otherwise be observed and measured again on every frame of a drag, each
 * time updating every node and edge).
 */
import { MarkerType, Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import { elementRect, rectCenter, DEFAULT_ELEMENT_SIZE } from '../../shared/model/geometry';
import type { Boundary, Element, Flow, LineBoundary, Model, Zone } from '../../shared/model/schema';
import { documentIndex } from './diagramIndex';

export interface RecordData extends Record<string, unknown> {
  id: string;
}
export type DiagramNode = Node<RecordData>;
export type DiagramEdge = Edge<RecordData>;

/** Zones are drawn beneath elements, inner zones above outer ones. */
const ELEMENT_Z = 1000;
/** Every flow's arrowhead (one object: React Flow derives the marker's ID from its fields). */
const ARROW = { type: MarkerType.ArrowClosed, width: 18, height: 18 } as const;

interface Cached<R, V> {
  record: R;
  selected: boolean;
  view: V;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

type Side = 'top' | 'right' | 'bottom' | 'left';

/** The handles' size as drawn (`.gh-handle` in app.css, border box). */
export const HANDLE_SIZE = 9;

/**
 * The border widths (top, right, bottom, left) of each element shape as app.css draws it
 * (`.gh-element--*`): a handle sits centred on the inside edge of the border, where React Flow's
 * handle CSS puts it. If the CSS changes, change these too (`npm run bench` checks that flows
 * end on the drawn handles).
 */
export const ELEMENT_BORDERS: Readonly<
  Record<Element['kind'], readonly [number, number, number, number]>
> = {
  process: [2, 2, 2, 2],
  dataStore: [3, 0, 3, 0],
  externalEntity: [2, 2, 5, 5],
};

/** Zones have no handles; saying so keeps React Flow from measuring them again after a change. */
const NO_HANDLES: NodeHandle[] = [];

const handleCache = new Map<string, NodeHandle[]>();

/**
 * The four handles (all `source`, as connections are loose) of an element of `kind` drawn at
 * `width` × `height`, where the DOM puts them; shared between nodes of the same kind and size.
 */
export function elementHandles(kind: Element['kind'], width: number, height: number): NodeHandle[] {
  const key = `${kind}:${width}:${height}`;
  let handles = handleCache.get(key);
  if (!handles) {
    const [top, right, bottom, left] = ELEMENT_BORDERS[kind];
    const half = HANDLE_SIZE / 2;
    const middleX = left + (width - left - right) / 2 - half;
    const middleY = top + (height - top - bottom) / 2 - half;
    const handle = (id: Side, position: Position, x: number, y: number): NodeHandle => ({
      id,
      type: 'source',
      position,
      x,
      y,
      width: HANDLE_SIZE,
      height: HANDLE_SIZE,
    });
    handles = [
      handle('top', Position.Top, middleX, top - half),
      handle('right', Position.Right, width - right - half, middleY),
      handle('bottom', Position.Bottom, middleX, height - bottom - half),
      handle('left', Position.Left, left - half, middleY),
    ];
    handleCache.set(key, handles);
  }
  return handles;
}

/** The sides facing each other: a flow leaves and enters where the other element is. */
function facingSides(source: Element | undefined, target: Element | undefined): [Side, Side] {
  if (!source || !target) return ['right', 'left'];
  const from = rectCenter(elementRect(source));
  const to = rectCenter(elementRect(target));
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (Math.abs(dx) >= Math.abs(dy)) return dx >= 0 ? ['right', 'left'] : ['left', 'right'];
  return dy >= 0 ? ['bottom', 'top'] : ['top', 'bottom'];
}

export class DiagramViewCache {
  private nodes = new Map<string, Cached<Element | Boundary, DiagramNode>>();
  private edges = new Map<string, Cached<Flow, DiagramEdge>>();
  private data = new Map<string, RecordData>();
  /** The arrays last returned: the same array again when nothing in it changed. */
  private lastNodes: DiagramNode[] | null = null;
  private lastEdges: DiagramEdge[] | null = null;

  private dataFor(id: string): RecordData {
    let data = this.data.get(id);
    if (!data) {
      data = { id };
      this.data.set(id, data);
    }
    return data;
  }

  nodesOf(document: Model, diagramId: string, selection: ReadonlySet<string>): DiagramNode[] {
    const result: DiagramNode[] = [];
    const seen = new Set<string>();
    const zones = document.boundaries.filter(
      (b): b is Zone => b.shape === 'zone' && b.diagramId === diagramId,
    );
    const depth = zoneDepths(zones);
    for (const zone of zones) {
      seen.add(zone.id);
      result.push(
        this.reuse(zone, selection.has(zone.id), () => ({
          id: zone.id,
          type: 'zone',
          position: zone.position,
          width: zone.size.width,
          height: zone.size.height,
          handles: NO_HANDLES,
          data: this.dataFor(zone.id),
          selected: selection.has(zone.id),
          zIndex: depth.get(zone.id) ?? 0,
          dragHandle: '.gh-zone-label',
          className: 'gh-zone-node',
          ariaLabel: `Trust boundary ${zone.name}`,
        })),
      );
    }
    // Line boundaries (drawn in other tools, imported): shown and selectable, not dragged here —
    // moving one means moving its points, which the editor does not offer yet.
    for (const boundary of document.boundaries) {
      if (boundary.shape !== 'line' || boundary.diagramId !== diagramId) continue;
      seen.add(boundary.id);
      const box = lineBox(boundary);
      result.push(
        this.reuse(boundary, selection.has(boundary.id), () => ({
          id: boundary.id,
          type: 'line',
          position: { x: box.x, y: box.y },
          width: box.width,
          height: box.height,
          handles: NO_HANDLES,
          data: this.dataFor(boundary.id),
          selected: selection.has(boundary.id),
          draggable: false,
          zIndex: ELEMENT_Z - 2,
          className: 'gh-line-node',
          ariaLabel: `Trust boundary line ${boundary.name}`,
        })),
      );
    }
    for (const element of document.elements) {
      if (element.diagramId !== diagramId) continue;
      seen.add(element.id);
      const size = element.size ?? DEFAULT_ELEMENT_SIZE[element.kind];
      result.push(
        this.reuse(element, selection.has(element.id), () => ({
          id: element.id,
          type: element.kind,
          position: element.position,
          width: size.width,
          height: size.height,
          handles: elementHandles(element.kind, size.width, size.height),
          data: this.dataFor(element.id),
          selected: selection.has(element.id),
          zIndex: ELEMENT_Z,
          ariaLabel: `${KIND_NAMES[element.kind]} ${element.name}`,
        })),
      );
    }
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);
    return this.lastNodes !== null && sameItems(this.lastNodes, result)
      ? this.lastNodes
      : (this.lastNodes = result);
  }

  /**
   * The diagram's flows as edges. `keepSides` (while a drag runs): an edge keeps the sides it
   * leaves and enters by until the gesture ends. Each change of sides is a new edges array, and
   * React Flow answers one with a rebuild of its connection lookup and a check of every edge
   * (3–23 ms at 2,000 flows) — a node dragged past its neighbours changed sides on every other
   * frame. The flows still follow the moving node; their sides catch up when it is dropped.
   */
  edgesOf(
    document: Model,
    diagramId: string,
    selection: ReadonlySet<string>,
    keepSides = false,
  ): DiagramEdge[] {
    const result: DiagramEdge[] = [];
    const seen = new Set<string>();
    const { elements } = documentIndex(document);
    for (const flow of document.flows) {
      if (flow.diagramId !== diagramId) continue;
      seen.add(flow.id);
      const selected = selection.has(flow.id);
      const cached = this.edges.get(flow.id);
      const unchanged = cached && cached.record === flow && cached.selected === selected;
      if (unchanged && keepSides) {
        result.push(cached.view);
        continue;
      }
      // An edge follows its moved ends by itself: only a change of the sides it leaves and
      // enters by makes a new edge.
      const [sourceHandle, targetHandle] = facingSides(
        elements.get(flow.sourceId),
        elements.get(flow.targetId),
      );
      if (
        unchanged &&
        cached.view.sourceHandle === sourceHandle &&
        cached.view.targetHandle === targetHandle
      ) {
        result.push(cached.view);
        continue;
      }
      const view: DiagramEdge = {
        id: flow.id,
        source: flow.sourceId,
        target: flow.targetId,
        sourceHandle,
        targetHandle,
        type: 'flow',
        data: this.dataFor(flow.id),
        selected,
        markerEnd: ARROW,
        ...(flow.bidirectional && { markerStart: ARROW }),
        ariaLabel: `Data flow ${flow.name}`,
        zIndex: ELEMENT_Z - 1,
      };
      this.edges.set(flow.id, { record: flow, selected, view });
      result.push(view);
    }
    for (const id of this.edges.keys()) if (!seen.has(id)) this.edges.delete(id);
    return this.lastEdges !== null && sameItems(this.lastEdges, result)
      ? this.lastEdges
      : (this.lastEdges = result);
  }

  private reuse(
    record: Element | Boundary,
    selected: boolean,
    build: () => DiagramNode,
  ): DiagramNode {
    const cached = this.nodes.get(record.id);
    if (cached && cached.record === record && cached.selected === selected) return cached.view;
    const view = build();
    this.nodes.set(record.id, { record, selected, view });
    return view;
  }
}

export const KIND_NAMES: Readonly<Record<Element['kind'], string>> = {
  process: 'Process',
  dataStore: 'Data store',
  externalEntity: 'External entity',
};

/** Room around a line's points, so its stroke and label are inside the node. */
export const LINE_MARGIN = 12;

/** The node box of a line boundary: its points' bounding box plus `LINE_MARGIN` around. */
export function lineBox(line: LineBoundary): {
  x: number;
  y: number;
  width: number;
  height: number;
} {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const point of line.points) {
    minX = Math.min(minX, point.x);
    minY = Math.min(minY, point.y);
    maxX = Math.max(maxX, point.x);
    maxY = Math.max(maxY, point.y);
  }
  return {
    x: minX - LINE_MARGIN,
    y: minY - LINE_MARGIN,
    width: maxX - minX + 2 * LINE_MARGIN,
    height: maxY - minY + 2 * LINE_MARGIN,
  };
}

function zoneDepths(zones: readonly Zone[]): Map<string, number> {
  const parent = new Map(zones.map((z) => [z.id, z.parentId]));
  const depths = new Map<string, number>();
  for (const zone of zones) {
    let depth = 0;
    let current = zone.parentId;
    // References are validated (no cycles, depth ≤ 64); the bound is a second guard.
    while (current !== null && depth < 64) {
      depth++;
      current = parent.get(current) ?? null;
    }
    depths.set(zone.id, depth);
  }
  return depths;
}
