/**
 * Automatic layout of one diagram: a left-to-right layered drawing of its flows (dagre, rank
 * direction LR), so that sources such as untrusted users end up on the left and data stores on
 * the right, with every zone enclosing exactly its members.
 *
 * Zones are laid out as compound clusters first: dagre keeps a cluster's members together in
 * every layer and leaves room between a cluster and anything outside it. Only element positions
 * are taken from dagre; each zone's rectangle is rebuilt bottom-up as the bounding box of its
 * members plus `zonePadding`. Room for a zone's name is then made by inserting a horizontal strip
 * of `zoneLabelHeight` just below the top edge of every zone, across the whole drawing: an
 * element (or an empty zone) moves down when its centre lies below the strip, an edge of any
 * other zone when that edge lies below it.
 * That shift is monotone, so nothing that was apart comes together and nothing inside a zone
 * leaves it.
 *
 * dagre's compound layout is not reliable on larger nested diagrams (clusters that interleave,
 * or an exception while routing edges), so the result is checked: the members of each zone (and
 * of the diagram's top level) must lie apart from one another. When they do not, the diagram is
 * laid out nested instead — each zone's content on its own, innermost first, each zone then
 * placed as one block in its parent's layout — which cannot overlap by construction.
 */
import dagre from '@dagrejs/dagre';
import {
  MIN_ZONE_SIZE,
  boundingRect,
  containsPoint,
  elementRect,
  rectCenter,
  zoneRect,
  type Rect,
} from '../../shared/model/geometry';
import type { Boundary, Element, Flow, Model, Zone } from '../../shared/model/schema';

export interface LayoutOptions {
  /** Gap between neighbouring elements of one layer (vertical, as layers run left to right). */
  nodeSeparation?: number;
  /** Gap between layers (horizontal). */
  rankSeparation?: number;
  /** Space between a zone's border and what it contains. */
  zonePadding?: number;
  /** Extra space at the top of a zone for its name. */
  zoneLabelHeight?: number;
  /** Top-left corner of the laid-out drawing. */
  origin?: { x: number; y: number };
  /**
   * `clusters` (the default): one layered layout of the whole diagram with zones as compound
   * clusters, falling back to `nested` when dagre cannot keep the clusters apart or the diagram
   * has more than `CLUSTER_LAYOUT_LIMIT` elements. `nested`: each zone laid out on its own and
   * placed as a block in its parent.
   */
  strategy?: 'clusters' | 'nested';
}

type Settings = Required<LayoutOptions>;

const DEFAULTS: Settings = {
  nodeSeparation: 48,
  rankSeparation: 96,
  zonePadding: 24,
  zoneLabelHeight: 28,
  origin: { x: 40, y: 40 },
  strategy: 'clusters',
};

/**
 * Above this many elements a diagram is laid out nested even when clusters were asked for:
 * dagre's compound layout grows much faster than the nested one (measured on random diagrams:
 * 300 elements take 2 s against 0.2 s, 1,000 take 26 s against 1.6 s).
 */
export const CLUSTER_LAYOUT_LIMIT = 200;

/** Two element rectangles overlap "heavily" when they share this much of the smaller one. */
const HEAVY_OVERLAP = 0.5;
/** Cell size of the grid used to find overlapping elements (about one default element). */
const GRID_CELL = 160;

const isZoneOf =
  (diagramId: string) =>
  (boundary: Boundary): boundary is Zone =>
    boundary.shape === 'zone' && boundary.diagramId === diagramId;

function intersectionArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function overlapsHeavily(a: Rect, b: Rect): boolean {
  if (a.x === b.x && a.y === b.y) return true;
  const shared = intersectionArea(a, b);
  return shared > 0 && shared >= HEAVY_OVERLAP * Math.min(a.width * a.height, b.width * b.height);
}

/** Whether any two rectangles overlap heavily; a grid keeps this near-linear for real diagrams. */
function anyHeavyOverlap(rects: readonly Rect[]): boolean {
  const grid = new Map<string, Rect[]>();
  for (const rect of rects) {
    const firstColumn = Math.floor(rect.x / GRID_CELL);
    const lastColumn = Math.floor((rect.x + rect.width) / GRID_CELL);
    const firstRow = Math.floor(rect.y / GRID_CELL);
    const lastRow = Math.floor((rect.y + rect.height) / GRID_CELL);
    for (let column = firstColumn; column <= lastColumn; column++) {
      for (let row = firstRow; row <= lastRow; row++) {
        const key = `${column}:${row}`;
        const occupants = grid.get(key);
        if (occupants === undefined) grid.set(key, [rect]);
        else if (occupants.some((other) => overlapsHeavily(rect, other))) return true;
        else occupants.push(rect);
      }
    }
  }
  return false;
}

/**
 * Whether the diagram's elements carry no usable positions, so that it should be laid out
 * automatically (typically a file imported from a tool that stores no diagram, where every
 * element sits at the default point). The heuristic is conservative, so that a hand-made drawing
 * is never judged unusable for mere untidiness. It is true when the diagram has elements and
 * - two of them sit at the same point, or
 * - two element rectangles overlap heavily (they share half the area of the smaller one or
 *   more), so that one hides the other, or
 * - an element's centre lies outside the zone it belongs to, so that the drawing contradicts the
 *   model's trust boundaries.
 * A diagram without elements never needs layout.
 */
export function needsLayout(model: Model, diagramId: string): boolean {
  const elements = model.elements.filter((element) => element.diagramId === diagramId);
  if (elements.length === 0) return false;
  const zonesById = new Map(
    model.boundaries.filter(isZoneOf(diagramId)).map((zone) => [zone.id, zone]),
  );
  for (const element of elements) {
    const zone = element.zoneId === null ? undefined : zonesById.get(element.zoneId);
    if (zone && !containsPoint(zoneRect(zone), rectCenter(elementRect(element)))) return true;
  }
  return anyHeavyOverlap(elements.map(elementRect));
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Parents of the diagram's zones, with dangling or cyclic parents read as "no parent". */
function effectiveParents(zones: readonly Zone[]): Map<string, string | null> {
  const declared = new Map(zones.map((zone) => [zone.id, zone.parentId]));
  const known = (id: string | null | undefined): string | null =>
    id !== null && id !== undefined && declared.has(id) ? id : null;
  const parents = new Map<string, string | null>();
  for (const zone of zones) {
    const parent = known(zone.parentId);
    const seen = new Set([zone.id]);
    let cyclic = false;
    for (let ancestor = parent; ancestor !== null; ancestor = known(declared.get(ancestor))) {
      if (seen.has(ancestor)) {
        cyclic = true;
        break;
      }
      seen.add(ancestor);
    }
    parents.set(zone.id, cyclic ? null : parent);
  }
  return parents;
}

/** The key of the diagram's top level among the containers (IDs are never empty). */
const TOP = '';

/** dagre node names: elements and zones apart, even in a file that reuses an ID. */
const elementNode = (id: string): string => `element:${id}`;
const zoneNode = (id: string): string => `zone:${id}`;

interface Link {
  sourceId: string;
  targetId: string;
  weight: number;
}

/** What the layout needs to know about one diagram. */
interface Structure {
  elements: Element[];
  zones: Zone[];
  /** Zone → its container (a zone, or `TOP`). */
  containerOfZone: Map<string, string>;
  /** Element → its container (its zone, or `TOP` when it has none or an unknown one). */
  containerOfElement: Map<string, string>;
  /** Container → the elements and zones directly in it. */
  childElements: Map<string, Element[]>;
  childZones: Map<string, Zone[]>;
  /** Each element's room in the layout: its size, at least enough for a minimum-size zone. */
  footprints: Map<string, { width: number; height: number }>;
  /**
   * Distinct connected pairs of elements in drawing order (see `backwardFlows`), weighted by
   * their number of flows; self-loops and dangling ends dropped.
   */
  links: Link[];
}

/** Breadth-first distances along directed edges from `roots` (absent: unreachable). */
function distancesFrom(roots: Iterable<string>, edges: ReadonlyMap<string, string[]>) {
  const distance = new Map<string, number>();
  let frontier = [...new Set(roots)];
  for (const root of frontier) distance.set(root, 0);
  for (let steps = 1; frontier.length > 0; steps++) {
    const next: string[] = [];
    for (const node of frontier)
      for (const target of edges.get(node) ?? [])
        if (!distance.has(target)) {
          distance.set(target, steps);
          next.push(target);
        }
    frontier = next;
  }
  return distance;
}

/**
 * Which flows point back towards the untrusted side, so that the layout draws them right to
 * left: a diagram reads from untrusted entities on the left into the system. Distances are
 * counted from the external entities not known to be trusted that send flows: first between
 * top-level blocks (zones at the top of the nesting, or elements in no zone), so that a trust
 * zone's members share a side (a payment provider in the Internet zone stays on the left even
 * though the API calls it), then between elements. Cycles among what no untrusted entity
 * reaches are left to dagre, which breaks them reversing as few flows as it can.
 */
function backwardFlows(
  elements: readonly Element[],
  flows: readonly Flow[],
  containerOfElement: ReadonlyMap<string, string>,
  containerOfZone: ReadonlyMap<string, string>,
): (flow: Flow) => boolean {
  const topZone = (zoneId: string): string => {
    let zone = zoneId;
    while (containerOfZone.get(zone) !== TOP) zone = containerOfZone.get(zone)!;
    return zone;
  };
  const blockOf = new Map(
    elements.map((element) => {
      const container = containerOfElement.get(element.id)!;
      return [
        element.id,
        container === TOP ? elementNode(element.id) : zoneNode(topZone(container)),
      ];
    }),
  );
  const elementEdges = new Map<string, string[]>();
  const blockEdges = new Map<string, string[]>();
  for (const { sourceId, targetId } of flows) {
    pushTo(elementEdges, sourceId, targetId);
    pushTo(blockEdges, blockOf.get(sourceId)!, blockOf.get(targetId)!);
  }
  // Entities that send something: one that only receives (an analytics service of unknown
  // trust) is no starting point of the drawing.
  const senders = new Set(flows.map((flow) => flow.sourceId));
  const untrusted = elements
    .filter((e) => e.kind === 'externalEntity' && e.properties.trusted !== 'yes')
    .filter((e) => senders.has(e.id))
    .map((e) => e.id);
  const elementDistance = distancesFrom(untrusted, elementEdges);
  const blockDistance = distancesFrom(
    untrusted.map((id) => blockOf.get(id)!),
    blockEdges,
  );
  return ({ sourceId, targetId }) => {
    const fromBlock = blockDistance.get(blockOf.get(sourceId)!);
    const toBlock = blockDistance.get(blockOf.get(targetId)!);
    if (fromBlock !== undefined && toBlock !== undefined && fromBlock !== toBlock)
      return fromBlock > toBlock;
    const from = elementDistance.get(sourceId);
    const to = elementDistance.get(targetId);
    return from !== undefined && to !== undefined && from > to;
  };
}

function describeDiagram(model: Model, diagramId: string, settings: Settings): Structure {
  const elements = model.elements.filter((element) => element.diagramId === diagramId);
  const zones = model.boundaries.filter(isZoneOf(diagramId));
  const parents = effectiveParents(zones);
  const containerOfZone = new Map(zones.map((zone) => [zone.id, parents.get(zone.id) ?? TOP]));
  const containerOfElement = new Map(
    elements.map((element) => [
      element.id,
      element.zoneId !== null && parents.has(element.zoneId) ? element.zoneId : TOP,
    ]),
  );
  const childElements = new Map<string, Element[]>();
  const childZones = new Map<string, Zone[]>();
  for (const element of elements)
    pushTo(childElements, containerOfElement.get(element.id)!, element);
  for (const zone of zones) pushTo(childZones, containerOfZone.get(zone.id)!, zone);

  // A zone holding a single element is then at least MIN_ZONE_SIZE however small the element.
  const least = {
    width: Math.max(0, MIN_ZONE_SIZE.width - 2 * settings.zonePadding),
    height: Math.max(0, MIN_ZONE_SIZE.height - 2 * settings.zonePadding - settings.zoneLabelHeight),
  };
  const footprints = new Map(
    elements.map((element) => {
      const { width, height } = elementRect(element);
      return [
        element.id,
        { width: Math.max(width, least.width), height: Math.max(height, least.height) },
      ];
    }),
  );
  const flows = model.flows.filter(
    (flow) =>
      flow.diagramId === diagramId &&
      flow.sourceId !== flow.targetId &&
      containerOfElement.has(flow.sourceId) &&
      containerOfElement.has(flow.targetId),
  );
  const runsBackwards = backwardFlows(elements, flows, containerOfElement, containerOfZone);
  const links = new Map<string, Link>();
  for (const flow of flows) {
    const [sourceId, targetId] = runsBackwards(flow)
      ? [flow.targetId, flow.sourceId]
      : [flow.sourceId, flow.targetId];
    const key = JSON.stringify([sourceId, targetId]);
    const link = links.get(key);
    if (link) link.weight++;
    else links.set(key, { sourceId, targetId, weight: 1 });
  }
  return {
    elements,
    zones,
    containerOfZone,
    containerOfElement,
    childElements,
    childZones,
    footprints,
    links: [...links.values()],
  };
}

/** Final rectangles of the diagram's elements and zones (before moving to the origin). */
interface Placement {
  elements: Map<string, Rect>;
  zones: Map<string, Rect>;
}

function centredRect(centre: { x: number; y: number }, size: { width: number; height: number }) {
  return {
    x: Math.round(centre.x - size.width / 2),
    y: Math.round(centre.y - size.height / 2),
    width: size.width,
    height: size.height,
  };
}

/** Zones ordered innermost first, so a zone is always handled after every zone inside it. */
function innermostFirst(structure: Structure): Zone[] {
  const depth = new Map<string, number>();
  const depthOf = (zoneId: string): number => {
    let steps = 0;
    for (let id = zoneId; id !== TOP; id = structure.containerOfZone.get(id)!) steps++;
    return steps;
  };
  for (const zone of structure.zones) depth.set(zone.id, depthOf(zone.id));
  return [...structure.zones].sort((a, b) => depth.get(b.id)! - depth.get(a.id)!);
}

/** Whether no two rectangles overlap (a sweep along x). */
function pairwiseApart(rects: readonly Rect[]): boolean {
  const sorted = [...rects].sort((a, b) => a.x - b.x);
  for (let i = 0; i < sorted.length; i++) {
    const rect = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.x < rect.x + rect.width; j++) {
      const other = sorted[j]!;
      if (other.y < rect.y + rect.height && rect.y < other.y + other.height) return false;
    }
  }
  return true;
}

/**
 * One compound layout of the whole diagram (see the file comment), or null when dagre failed to
 * keep the members of some container apart.
 */
function placeAsClusters(structure: Structure, settings: Settings): Placement | null {
  const { zonePadding: padding, zoneLabelHeight: labelHeight } = settings;
  const graph = new dagre.graphlib.Graph({ compound: true });
  graph.setGraph({
    rankdir: 'LR',
    acyclicer: 'greedy',
    nodesep: settings.nodeSeparation,
    ranksep: settings.rankSeparation,
    // dagre keeps nested cluster borders this far apart: the room for each zone's padding.
    edgesep: padding,
    marginx: 0,
    marginy: 0,
  });
  graph.setDefaultEdgeLabel(() => ({}));
  const isEmpty = (zone: Zone): boolean =>
    !structure.childElements.has(zone.id) && !structure.childZones.has(zone.id);
  // A zone with members is a cluster that dagre sizes; an empty one is an ordinary node.
  for (const zone of structure.zones)
    graph.setNode(zoneNode(zone.id), isEmpty(zone) ? { ...MIN_ZONE_SIZE } : {});
  for (const element of structure.elements)
    graph.setNode(elementNode(element.id), { ...structure.footprints.get(element.id)! });
  for (const zone of structure.zones) {
    const container = structure.containerOfZone.get(zone.id)!;
    if (container !== TOP) graph.setParent(zoneNode(zone.id), zoneNode(container));
  }
  for (const element of structure.elements) {
    const container = structure.containerOfElement.get(element.id)!;
    if (container !== TOP) graph.setParent(elementNode(element.id), zoneNode(container));
  }
  for (const { sourceId, targetId, weight } of structure.links)
    graph.setEdge(elementNode(sourceId), elementNode(targetId), { weight });
  try {
    dagre.layout(graph);
  } catch {
    // dagre's compound layout can fail while routing edges between interleaved clusters.
    return null;
  }
  const centreOf = (node: string) => graph.node(node) as { x: number; y: number };

  const elementRects = new Map<string, Rect>();
  const footprintRects = new Map<string, Rect>();
  for (const element of structure.elements) {
    const centre = centreOf(elementNode(element.id));
    elementRects.set(element.id, centredRect(centre, elementRect(element)));
    footprintRects.set(element.id, centredRect(centre, structure.footprints.get(element.id)!));
  }
  const zoneRects = new Map<string, Rect>();
  for (const zone of innermostFirst(structure)) {
    if (isEmpty(zone)) {
      zoneRects.set(zone.id, centredRect(centreOf(zoneNode(zone.id)), MIN_ZONE_SIZE));
      continue;
    }
    const inner = boundingRect([
      ...(structure.childElements.get(zone.id) ?? []).map((e) => footprintRects.get(e.id)!),
      ...(structure.childZones.get(zone.id) ?? []).map((z) => zoneRects.get(z.id)!),
    ])!;
    zoneRects.set(zone.id, {
      x: inner.x - padding,
      y: inner.y - padding,
      width: inner.width + 2 * padding,
      height: inner.height + 2 * padding,
    });
  }
  for (const container of [TOP, ...structure.zones.map((zone) => zone.id)]) {
    const members = [
      ...(structure.childElements.get(container) ?? []).map((e) => footprintRects.get(e.id)!),
      ...(structure.childZones.get(container) ?? []).map((z) => zoneRects.get(z.id)!),
    ];
    if (!pairwiseApart(members)) return null;
  }

  // Room for each zone's name: a strip below the top edge of every zone with members (an empty
  // zone is already as tall as its name needs).
  const cuts = [
    ...new Set(
      structure.zones.filter((zone) => !isEmpty(zone)).map((zone) => zoneRects.get(zone.id)!.y),
    ),
  ].sort((a, b) => a - b);
  const shiftAt = (y: number): number => {
    let low = 0;
    let high = cuts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cuts[middle]! < y) low = middle + 1;
      else high = middle;
    }
    return low * labelHeight;
  };
  // Elements and empty zones hold nothing, so they move as a whole (by their centre); a zone
  // with members stretches over the strips inside it.
  for (const rect of elementRects.values()) rect.y += shiftAt(rect.y + rect.height / 2);
  for (const zone of structure.zones) {
    const rect = zoneRects.get(zone.id)!;
    if (isEmpty(zone)) {
      rect.y += shiftAt(rect.y + rect.height / 2);
      continue;
    }
    const top = rect.y + shiftAt(rect.y);
    const bottom = rect.y + rect.height + shiftAt(rect.y + rect.height);
    rect.y = top;
    rect.height = bottom - top;
  }
  return { elements: elementRects, zones: zoneRects };
}

interface Edge {
  source: string;
  target: string;
  weight: number;
}

interface Item {
  node: string;
  width: number;
  height: number;
}

/**
 * Top-left corners of `items` in a flat layered layout of `edges`, the drawing's corner at
 * (0, 0). Falls back to a grid should dagre fail.
 */
function layoutFlat(
  items: readonly Item[],
  edges: readonly Edge[],
  settings: Settings,
): Map<string, { x: number; y: number }> {
  const corners = new Map<string, { x: number; y: number }>();
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({
    rankdir: 'LR',
    acyclicer: 'greedy',
    nodesep: settings.nodeSeparation,
    ranksep: settings.rankSeparation,
    marginx: 0,
    marginy: 0,
  });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const item of items) graph.setNode(item.node, { width: item.width, height: item.height });
  // Several flows between the same two blocks: one edge, as heavy as all of them.
  for (const { source, target, weight } of edges) {
    const existing = graph.edge(source, target) as { weight: number } | undefined;
    graph.setEdge(source, target, { weight: (existing?.weight ?? 0) + weight });
  }
  try {
    dagre.layout(graph);
    for (const item of items) {
      const rect = centredRect(graph.node(item.node) as { x: number; y: number }, item);
      corners.set(item.node, { x: rect.x, y: rect.y });
    }
  } catch {
    const columns = Math.ceil(Math.sqrt(items.length));
    const cellWidth = Math.max(...items.map((item) => item.width)) + settings.nodeSeparation;
    const cellHeight = Math.max(...items.map((item) => item.height)) + settings.nodeSeparation;
    items.forEach((item, index) => {
      corners.set(item.node, {
        x: (index % columns) * cellWidth,
        y: Math.floor(index / columns) * cellHeight,
      });
    });
  }
  const extent = boundingRect(items.map((item) => ({ ...item, ...corners.get(item.node)! })));
  if (extent)
    for (const corner of corners.values()) {
      corner.x -= extent.x;
      corner.y -= extent.y;
    }
  return corners;
}

/**
 * Nested layout (see the file comment): the content of each zone laid out on its own, innermost
 * first; a flow takes part in the layout of the innermost container holding both its ends, as an
 * edge between the members of that container it comes from and goes to.
 */
function placeNested(structure: Structure, settings: Settings): Placement {
  const { zonePadding: padding, zoneLabelHeight: labelHeight } = settings;
  const pathOf = (elementId: string): string[] => {
    const path: string[] = [];
    let container = structure.containerOfElement.get(elementId)!;
    for (; container !== TOP; container = structure.containerOfZone.get(container)!)
      path.push(container);
    return path.reverse();
  };
  const edgesIn = new Map<string, Edge[]>();
  for (const { sourceId, targetId, weight } of structure.links) {
    const sourcePath = pathOf(sourceId);
    const targetPath = pathOf(targetId);
    let shared = 0;
    while (shared < sourcePath.length && sourcePath[shared] === targetPath[shared]) shared++;
    const container = shared === 0 ? TOP : sourcePath[shared - 1]!;
    const from = sourcePath[shared] ?? null;
    const to = targetPath[shared] ?? null;
    pushTo(edgesIn, container, {
      source: from === null ? elementNode(sourceId) : zoneNode(from),
      target: to === null ? elementNode(targetId) : zoneNode(to),
      weight,
    });
  }

  const sizes = new Map<string, { width: number; height: number }>();
  const corners = new Map<string, Map<string, { x: number; y: number }>>();
  const layoutContainer = (container: string): { width: number; height: number } => {
    const items: Item[] = [
      ...(structure.childElements.get(container) ?? []).map((element) => ({
        node: elementNode(element.id),
        ...structure.footprints.get(element.id)!,
      })),
      ...(structure.childZones.get(container) ?? []).map((zone) => ({
        node: zoneNode(zone.id),
        ...sizes.get(zone.id)!,
      })),
    ];
    const placed = layoutFlat(items, edgesIn.get(container) ?? [], settings);
    corners.set(container, placed);
    const extent = boundingRect(items.map((item) => ({ ...item, ...placed.get(item.node)! })));
    return extent ?? { width: 0, height: 0 };
  };
  for (const zone of innermostFirst(structure)) {
    const content = layoutContainer(zone.id);
    const empty = content.width === 0 && content.height === 0;
    sizes.set(zone.id, {
      width: Math.max(MIN_ZONE_SIZE.width, empty ? 0 : content.width + 2 * padding),
      height: Math.max(
        MIN_ZONE_SIZE.height,
        empty ? 0 : content.height + 2 * padding + labelHeight,
      ),
    });
  }
  layoutContainer(TOP);

  const placement: Placement = { elements: new Map(), zones: new Map() };
  const place = (container: string, origin: { x: number; y: number }): void => {
    const placed = corners.get(container)!;
    for (const element of structure.childElements.get(container) ?? []) {
      const corner = placed.get(elementNode(element.id))!;
      const footprint = structure.footprints.get(element.id)!;
      const centre = {
        x: origin.x + corner.x + footprint.width / 2,
        y: origin.y + corner.y + footprint.height / 2,
      };
      placement.elements.set(element.id, centredRect(centre, elementRect(element)));
    }
    for (const zone of structure.childZones.get(container) ?? []) {
      const corner = placed.get(zoneNode(zone.id))!;
      const rect = { x: origin.x + corner.x, y: origin.y + corner.y, ...sizes.get(zone.id)! };
      placement.zones.set(zone.id, rect);
      place(zone.id, { x: rect.x + padding, y: rect.y + padding + labelHeight });
    }
  };
  place(TOP, { x: 0, y: 0 });
  return placement;
}

/**
 * Lays out every element and zone of one diagram (see the file comment) and returns a new model;
 * `model` is not changed. Elements keep their zones; zones are resized to enclose their members
 * and child zones with padding and room for their name, or get `MIN_ZONE_SIZE` when empty. Flows
 * of the diagram lose their waypoints (the bends no longer fit); line boundaries and every other
 * diagram are left as they are.
 */
export function layoutDiagram(model: Model, diagramId: string, options: LayoutOptions = {}): Model {
  const settings: Settings = { ...DEFAULTS, ...options };
  const structure = describeDiagram(model, diagramId, settings);
  const clustered =
    settings.strategy === 'clusters' && structure.elements.length <= CLUSTER_LAYOUT_LIMIT;
  const placement =
    (clustered ? placeAsClusters(structure, settings) : null) ?? placeNested(structure, settings);

  const extent = boundingRect([...placement.elements.values(), ...placement.zones.values()]);
  const dx = extent ? settings.origin.x - extent.x : 0;
  const dy = extent ? settings.origin.y - extent.y : 0;
  return {
    ...model,
    elements: model.elements.map((element): Element => {
      const rect = element.diagramId === diagramId ? placement.elements.get(element.id) : undefined;
      return rect ? { ...element, position: { x: rect.x + dx, y: rect.y + dy } } : element;
    }),
    boundaries: model.boundaries.map((boundary): Boundary => {
      const rect = isZoneOf(diagramId)(boundary) ? placement.zones.get(boundary.id) : undefined;
      if (!rect || boundary.shape !== 'zone') return boundary;
      return {
        ...boundary,
        position: { x: rect.x + dx, y: rect.y + dy },
        size: { width: rect.width, height: rect.height },
      };
    }),
    flows: model.flows.map((flow): Flow =>
      flow.diagramId === diagramId && flow.waypoints.length > 0 ? { ...flow, waypoints: [] } : flow,
    ),
  };
}
