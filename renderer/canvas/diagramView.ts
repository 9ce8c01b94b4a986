/**
 * The React Flow view of one diagram. Node and edge objects are reused while their record and
 * selection state are unchanged: React Flow re-renders what gets a new object, and new objects
 * on every change cost a third of the drag frame rate (TOOLCHAIN.md). Nodes carry only their
 * record's ID; components read the record from the store.
 */
import { MarkerType, type Edge, type Node } from '@xyflow/react';
import { elementRect, rectCenter, DEFAULT_ELEMENT_SIZE } from '../../shared/model/geometry';
import type { Element, Flow, Model, Zone } from '../../shared/model/schema';

export interface RecordData extends Record<string, unknown> {
  id: string;
}
export type DiagramNode = Node<RecordData>;
export type DiagramEdge = Edge<RecordData>;

/** Zones are drawn beneath elements, inner zones above outer ones. */
const ELEMENT_Z = 1000;

interface Cached<R, V> {
  record: R;
  selected: boolean;
  view: V;
  /** For edges: the two end elements the handle sides were chosen from. */
  ends?: readonly [Element | undefined, Element | undefined];
}

type Side = 'top' | 'right' | 'bottom' | 'left';

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
  private nodes = new Map<string, Cached<Element | Zone, DiagramNode>>();
  private edges = new Map<string, Cached<Flow, DiagramEdge>>();
  private elementsOf = new WeakMap<Model, Map<string, Element>>();
  private data = new Map<string, RecordData>();

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
          data: this.dataFor(zone.id),
          selected: selection.has(zone.id),
          zIndex: depth.get(zone.id) ?? 0,
          dragHandle: '.gh-zone-label',
          className: 'gh-zone-node',
          ariaLabel: `Trust boundary ${zone.name}`,
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
          data: this.dataFor(element.id),
          selected: selection.has(element.id),
          zIndex: ELEMENT_Z,
          ariaLabel: `${KIND_NAMES[element.kind]} ${element.name}`,
        })),
      );
    }
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);
    return result;
  }

  edgesOf(document: Model, diagramId: string, selection: ReadonlySet<string>): DiagramEdge[] {
    const result: DiagramEdge[] = [];
    const seen = new Set<string>();
    let elements = this.elementsOf.get(document);
    if (!elements) {
      elements = new Map(document.elements.map((e) => [e.id, e]));
      this.elementsOf.set(document, elements);
    }
    for (const flow of document.flows) {
      if (flow.diagramId !== diagramId) continue;
      seen.add(flow.id);
      const selected = selection.has(flow.id);
      const ends = [elements.get(flow.sourceId), elements.get(flow.targetId)] as const;
      const cached = this.edges.get(flow.id);
      if (
        cached &&
        cached.record === flow &&
        cached.selected === selected &&
        cached.ends?.[0] === ends[0] &&
        cached.ends?.[1] === ends[1]
      ) {
        result.push(cached.view);
        continue;
      }
      const [sourceHandle, targetHandle] = facingSides(ends[0], ends[1]);
      const view: DiagramEdge = {
        id: flow.id,
        source: flow.sourceId,
        target: flow.targetId,
        sourceHandle,
        targetHandle,
        type: 'flow',
        data: this.dataFor(flow.id),
        selected,
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
        ...(flow.bidirectional && {
          markerStart: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
        }),
        ariaLabel: `Data flow ${flow.name}`,
        zIndex: ELEMENT_Z - 1,
      };
      this.edges.set(flow.id, { record: flow, selected, view, ends });
      result.push(view);
    }
    for (const id of this.edges.keys()) if (!seen.has(id)) this.edges.delete(id);
    return result;
  }

  private reuse(record: Element | Zone, selected: boolean, build: () => DiagramNode): DiagramNode {
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
