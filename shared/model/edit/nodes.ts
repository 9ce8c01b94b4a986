/**
 * Adding, editing, moving and resizing the nodes of a diagram: elements (process, data store,
 * external entity) and zones. Pure: every function returns a new model (or the same one when
 * nothing changed) and never mutates its input.
 */
import { MIN_ZONE_SIZE } from '../geometry';
import {
  DataStorePropertiesSchema,
  ExternalEntityPropertiesSchema,
  ProcessPropertiesSchema,
  type BoundaryKind,
  type Element,
  type ElementKind,
  type Model,
  type Zone,
} from '../schema';
import { assignContainment } from './containment';

export interface Point {
  x: number;
  y: number;
}

const DEFAULT_NAMES: Readonly<Record<ElementKind, string>> = {
  process: 'New process',
  dataStore: 'New data store',
  externalEntity: 'New external entity',
};

/** A new element with the kind's default properties (every fact `unknown` until someone knows). */
export function newElement(
  kind: ElementKind,
  init: { id: string; diagramId: string; position: Point; name?: string },
): Element {
  const common = {
    id: init.id,
    diagramId: init.diagramId,
    name: init.name ?? DEFAULT_NAMES[kind],
    description: '',
    tags: [],
    zoneId: null,
    position: { ...init.position },
  };
  switch (kind) {
    case 'process':
      return { ...common, kind, properties: ProcessPropertiesSchema.parse({}) };
    case 'dataStore':
      return { ...common, kind, properties: DataStorePropertiesSchema.parse({}) };
    case 'externalEntity':
      return { ...common, kind, properties: ExternalEntityPropertiesSchema.parse({}) };
  }
}

export function addElement(model: Model, element: Element): Model {
  return assignContainment({ ...model, elements: [...model.elements, element] }, element.diagramId);
}

export function newZone(init: {
  id: string;
  diagramId: string;
  position: Point;
  size?: { width: number; height: number };
  name?: string;
  boundaryKind?: BoundaryKind;
}): Zone {
  return {
    id: init.id,
    diagramId: init.diagramId,
    name: init.name ?? 'Trust boundary',
    description: '',
    tags: [],
    boundaryKind: init.boundaryKind ?? 'unknown',
    shape: 'zone',
    parentId: null,
    position: { ...init.position },
    size: init.size ?? { width: 400, height: 300 },
  };
}

export function addZone(model: Model, zone: Zone): Model {
  return assignContainment({ ...model, boundaries: [...model.boundaries, zone] }, zone.diagramId);
}

/** The fields of an element the inspector edits (properties are merged key by key). */
export interface ElementPatch {
  name?: string;
  description?: string;
  tags?: string[];
  properties?: Record<string, string>;
}

export function updateElement(model: Model, id: string, patch: ElementPatch): Model {
  let changed = false;
  const elements = model.elements.map((element): Element => {
    if (element.id !== id) return element;
    const next = {
      ...element,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.tags !== undefined && { tags: [...patch.tags] }),
      properties: { ...element.properties, ...patch.properties },
    } as Element;
    if (JSON.stringify(next) === JSON.stringify(element)) return element;
    changed = true;
    return next;
  });
  return changed ? { ...model, elements } : model;
}

export interface BoundaryPatch {
  name?: string;
  description?: string;
  tags?: string[];
  boundaryKind?: BoundaryKind;
}

export function updateBoundary(model: Model, id: string, patch: BoundaryPatch): Model {
  let changed = false;
  const boundaries = model.boundaries.map((boundary) => {
    if (boundary.id !== id) return boundary;
    const next = {
      ...boundary,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.tags !== undefined && { tags: [...patch.tags] }),
      ...(patch.boundaryKind !== undefined && { boundaryKind: patch.boundaryKind }),
    };
    if (JSON.stringify(next) === JSON.stringify(boundary)) return boundary;
    changed = true;
    return next;
  });
  return changed ? { ...model, boundaries } : model;
}

const samePoint = (a: Point, b: Point): boolean => a.x === b.x && a.y === b.y;

/**
 * Moves elements and zones to new absolute positions. Moving a zone moves what it contains
 * (its elements and nested zones, unless they are moved explicitly too), as on a whiteboard.
 * Containment is recomputed afterwards: dragging an element into or out of a zone changes its
 * `zoneId`, which the analysis sees.
 */
export function moveNodes(model: Model, moves: ReadonlyMap<string, Point>): Model {
  if (moves.size === 0) return model;
  const delta = new Map<string, Point>();
  const diagrams = new Set<string>();
  // Zone moves carry their contents along (innermost explicit move wins).
  const childrenOf = new Map<string, string[]>();
  for (const boundary of model.boundaries) {
    if (boundary.shape !== 'zone' || boundary.parentId === null) continue;
    childrenOf.set(boundary.parentId, [...(childrenOf.get(boundary.parentId) ?? []), boundary.id]);
  }
  for (const element of model.elements) {
    if (element.zoneId === null) continue;
    childrenOf.set(element.zoneId, [...(childrenOf.get(element.zoneId) ?? []), element.id]);
  }
  const positionOf = new Map<string, Point>();
  for (const element of model.elements) positionOf.set(element.id, element.position);
  for (const boundary of model.boundaries)
    if (boundary.shape === 'zone') positionOf.set(boundary.id, boundary.position);

  const carry = (id: string, by: Point): void => {
    for (const child of childrenOf.get(id) ?? []) {
      if (moves.has(child) || delta.has(child)) continue;
      delta.set(child, by);
      carry(child, by);
    }
  };
  for (const [id, to] of moves) {
    const from = positionOf.get(id);
    if (!from || samePoint(from, to)) continue;
    const by = { x: to.x - from.x, y: to.y - from.y };
    delta.set(id, by);
  }
  for (const [id, by] of [...delta]) carry(id, by);
  if (delta.size === 0) return model;

  const shift = (position: Point, by: Point | undefined): Point =>
    by ? { x: position.x + by.x, y: position.y + by.y } : position;
  const elements = model.elements.map((element) => {
    const by = delta.get(element.id);
    if (!by) return element;
    diagrams.add(element.diagramId);
    return { ...element, position: shift(element.position, by) };
  });
  const boundaries = model.boundaries.map((boundary) => {
    const by = delta.get(boundary.id);
    if (!by || boundary.shape !== 'zone') return boundary;
    diagrams.add(boundary.diagramId);
    return { ...boundary, position: shift(boundary.position, by) };
  });
  let next: Model = { ...model, elements, boundaries };
  for (const diagramId of diagrams) next = assignContainment(next, diagramId);
  return next;
}

/** Resizes a zone (never below MIN_ZONE_SIZE); what it now encloses joins it. */
export function resizeZone(
  model: Model,
  id: string,
  rect: { x: number; y: number; width: number; height: number },
): Model {
  const zone = model.boundaries.find((b): b is Zone => b.id === id && b.shape === 'zone');
  if (!zone) return model;
  const width = Math.max(MIN_ZONE_SIZE.width, rect.width);
  const height = Math.max(MIN_ZONE_SIZE.height, rect.height);
  if (
    zone.position.x === rect.x &&
    zone.position.y === rect.y &&
    zone.size.width === width &&
    zone.size.height === height
  ) {
    return model;
  }
  const boundaries = model.boundaries.map((boundary) =>
    boundary.id === id
      ? { ...zone, position: { x: rect.x, y: rect.y }, size: { width, height } }
      : boundary,
  );
  return assignContainment({ ...model, boundaries }, zone.diagramId);
}
