/**
 * From drafts to a laid-out, validated model, shared by the importers of formats with and
 * without diagram positions: the grid layout for what a file does not draw (moved out of the OTM
 * importer, behaviour unchanged), the walk up chains of parents, the assembly of the model tree
 * with its validation, and the schema's limits every importer keeps to.
 */
import { InputError } from '../model/errors';
import { modelFromTree } from '../model/parseModel';
import {
  CURRENT_SCHEMA_VERSION,
  MODEL_FORMAT,
  type BoundaryKind,
  type ElementKind,
  type Model,
} from '../model/schema';
import { countModel, type ImportResult } from './importReport';
import type { Reporter } from './reporter';

/** A tree on its way to `modelFromTree`. */
export type Tree = Record<string, unknown>;

// Limits of the model schema (`shared/model/schema.ts`), repeated here once for every importer,
// so that a file beyond them is refused as input, or clipped or capped and reported, instead of
// failing validation at the end.
export const NAME_MAX = 200;
export const TEXT_MAX = 20_000;
export const TAG_MAX = 64;
export const TAGS_MAX = 64;
export const PROTOCOL_MAX = 100;
export const TECHNOLOGY_MAX = 200;
export const TITLE_MAX = 500;
export const SOURCE_MAX = 500;
export const MAX_DIAGRAMS = 1_000;
export const MAX_ELEMENTS = 200_000;
export const MAX_FLOWS = 400_000;
/** Zones and lines together. */
export const MAX_BOUNDARIES = 20_000;
export const MAX_MANUAL_THREATS = 100_000;
/**
 * Not a schema limit: positions and sizes beyond this are not read, so that no sum of them (in
 * `layout` or the importers' geometry) can overflow.
 */
export const MAX_COORDINATE = 10_000_000;

/**
 * Refuses a file that holds more of something than a model can: each entry is the count, the
 * limit and what is counted, checked in order; the first beyond its limit throws `InputError`.
 */
export function refuseTooMany(
  fileName: string,
  counts: readonly (readonly [count: number, max: number, noun: string])[],
): void {
  for (const [count, max, noun] of counts)
    if (count > max)
      throw new InputError(`${fileName}: the file holds ${count} ${noun}; the limit is ${max}.`);
}

/** A point in diagram coordinates. */
export interface Point {
  x: number;
  y: number;
}

/** A width and a height in diagram units. */
export interface Size {
  width: number;
  height: number;
}

// Grid layout for what the file gives no diagram position.
/** The size an element gets when the file gives none. */
export const ELEMENT_SIZE = { width: 160, height: 80 } as const;
/** The size a zone gets when the file gives a position but no size. */
export const DEFAULT_ZONE_SIZE = { width: 400, height: 300 } as const;
const GAP = 40;
const ZONE_PADDING = 40;
/** Room for the zone's title above its content. */
const ZONE_HEADER = 40;
const MIN_ZONE_SIZE = { width: 240, height: 160 } as const;
const LAYOUT_ORIGIN = { x: 40, y: 40 } as const;

/** Compares IDs by code unit, the same in every locale, so that file order never matters. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Follows each key's chain of parents without recursion, visiting each key once. `order` lists
 * the keys with every parent before its children (keys leading into a loop included, the loop's
 * own keys not); `loops` lists each loop once, in walk order from where it was entered, so that
 * the keys' order decides where a loop is entered.
 */
export function parentOrder(
  keys: Iterable<string>,
  parentOf: (key: string) => string | undefined,
): { order: string[]; loops: string[][] } {
  const state = new Map<string, 'active' | 'done'>();
  const order: string[] = [];
  const loops: string[][] = [];
  for (const start of keys) {
    const path: string[] = [];
    let cursor: string | undefined = start;
    while (cursor !== undefined && !state.has(cursor)) {
      state.set(cursor, 'active');
      path.push(cursor);
      cursor = parentOf(cursor);
    }
    let end = path.length;
    if (cursor !== undefined && state.get(cursor) === 'active') {
      end = path.indexOf(cursor);
      loops.push(path.slice(end));
    }
    for (const key of path) state.set(key, 'done');
    for (let i = end - 1; i >= 0; i--) order.push(path[i]!);
  }
  return { order, loops };
}

/**
 * Cuts each loop of zones nested inside each other (A in B in A) where the walk, in ID order,
 * enters it: that zone goes to the top level. Returns the names of each loop's zones, for the
 * report; zones whose parent is not among `zones` must already have `within: null`.
 */
export function breakZoneLoops(zones: readonly ZoneDraft[]): string[][] {
  const byId = new Map(zones.map((zone) => [zone.id, zone]));
  const ids = [...byId.keys()].sort(compareIds);
  const { loops } = parentOrder(ids, (id) => byId.get(id)?.within ?? undefined);
  return loops.map((loop) => {
    const entered = byId.get(loop[0] ?? '');
    if (entered !== undefined) entered.within = null;
    return loop.map((id) => byId.get(id)?.name ?? id);
  });
}

/**
 * Readable Gatehouse IDs for things a foreign format names but does not identify (pytm refers
 * to elements by name): the name with every run of other characters as `-`, and `-2`, `-3` …
 * when that is taken. Deterministic in the order names are asked for.
 */
export class IdsFromNames {
  private readonly taken = new Set<string>();
  /** The next suffix to try per base: many names with one base stay linear, not quadratic. */
  private readonly nextSuffix = new Map<string, number>();

  /**
   * Marks `id` as used (an ID the file gives), so that no name is given it; false when it was
   * already taken.
   */
  reserve(id: string): boolean {
    if (this.taken.has(id)) return false;
    this.taken.add(id);
    return true;
  }

  /** A fresh ID for `name`. */
  idFor(name: string): string {
    const base =
      name
        .replace(/[^A-Za-z0-9._:-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 100) || 'item';
    let id = base;
    let suffix = this.nextSuffix.get(base) ?? 2;
    while (this.taken.has(id)) {
      id = `${base}-${suffix}`;
      suffix += 1;
    }
    this.nextSuffix.set(base, suffix);
    this.taken.add(id);
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// Layout.

/** A zone or element on its way into the model; `within` is its zone (for a zone, its parent). */
export interface Draft {
  id: string;
  name: string;
  description: string;
  tags: string[];
  within: string | null;
  position: Point | null;
  size: Size | null;
}

export interface ZoneDraft extends Draft {
  boundaryKind: BoundaryKind;
}

export interface ElementDraft extends Draft {
  kind: ElementKind;
  properties: Map<string, string>;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function boxOf(draft: Draft): Box | null {
  if (draft.position === null) return null;
  const { width, height } = draft.size ?? ELEMENT_SIZE;
  const { x, y } = draft.position;
  return { left: x, top: y, right: x + width, bottom: y + height };
}

/** Left to right, wrapping into a roughly square grid; offsets from the top-left corner. */
function shelf(sizes: readonly Size[]): { offsets: Point[]; width: number; height: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(sizes.length)));
  const offsets: Point[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  sizes.forEach((size, index) => {
    if (index > 0 && index % columns === 0) {
      x = 0;
      y += rowHeight + GAP;
      rowHeight = 0;
    }
    offsets.push({ x, y });
    width = Math.max(width, x + size.width);
    rowHeight = Math.max(rowHeight, size.height);
    x += size.width + GAP;
  });
  return { offsets, width, height: sizes.length === 0 ? 0 : y + rowHeight };
}

/** Places `drafts` on a grid from `origin`; elements get the default size. */
function placeOnShelf(drafts: readonly Draft[], origin: Point): void {
  const grid = shelf(drafts.map((draft) => draft.size ?? ELEMENT_SIZE));
  drafts.forEach((draft, index) => {
    const offset = grid.offsets[index] ?? { x: 0, y: 0 };
    draft.position = { x: origin.x + offset.x, y: origin.y + offset.y };
    draft.size ??= { ...ELEMENT_SIZE };
  });
}

/**
 * Enlarges a drawn `zone` to contain its drawn `members`, with padding on each side where one
 * sticks out; whether it grew. Coordinates are bounded (`MAX_COORDINATE`), so sums stay finite.
 */
function grow(zone: Draft, members: readonly Draft[]): boolean {
  const box = boxOf(zone);
  if (box === null) return false;
  const outer = { ...box };
  for (const inner of members.flatMap((member) => boxOf(member) ?? [])) {
    if (inner.left < box.left) outer.left = Math.min(outer.left, inner.left - ZONE_PADDING);
    if (inner.top < box.top) outer.top = Math.min(outer.top, inner.top - ZONE_HEADER);
    if (inner.right > box.right) outer.right = Math.max(outer.right, inner.right + ZONE_PADDING);
    if (inner.bottom > box.bottom)
      outer.bottom = Math.max(outer.bottom, inner.bottom + ZONE_PADDING);
  }
  const { left, top, right, bottom } = outer;
  if (left === box.left && top === box.top && right === box.right && bottom === box.bottom)
    return false;
  zone.position = { x: left, y: top };
  zone.size = { width: right - left, height: bottom - top };
  return true;
}

/**
 * Completes the drawing so that every element lies inside its zone and every zone inside its
 * parent. Drawn zones grow to contain what the file draws inside them; what has no position is
 * placed on a grid: inside its zone, below what the zone holds, when the zone is drawn, and
 * below the drawing (or from the origin, when nothing is drawn) otherwise; zones without a
 * position are sized around their contents. Zones go deepest first or parents first and
 * members by ID, so that the file's order does not matter; nothing recurses. Returns the names
 * of the zones that had to grow around what the file draws inside them.
 */
export function layout(zones: readonly Draft[], elements: readonly Draft[]): string[] {
  const ROOT = '';
  const byId = (a: Draft, b: Draft): number => compareIds(a.id, b.id);
  const sortedZones = [...zones].sort(byId);
  const members = new Map<string, Draft[]>([[ROOT, []]]);
  for (const zone of sortedZones) members.set(zone.id, []);
  for (const draft of [...sortedZones, ...[...elements].sort(byId)])
    members.get(draft.within ?? ROOT)?.push(draft);
  const membersOf = (id: string): Draft[] => members.get(id) ?? [];
  const unplaced = (id: string): Draft[] => membersOf(id).filter((m) => m.position === null);
  const zoneById = new Map(zones.map((zone) => [zone.id, zone]));
  const parentsFirst = parentOrder(
    sortedZones.map((zone) => zone.id),
    (id) => zoneById.get(id)?.within ?? undefined,
  ).order.flatMap((id) => zoneById.get(id) ?? []);
  const deepestFirst = [...parentsFirst].reverse();
  const anyDrawn = [...zones, ...elements].some((draft) => draft.position !== null);

  const grown = deepestFirst.filter((zone) => grow(zone, membersOf(zone.id)));
  const undrawn = new Set(deepestFirst.filter((zone) => zone.position === null));
  for (const zone of undrawn) {
    const content = shelf(unplaced(zone.id).map((member) => member.size ?? ELEMENT_SIZE));
    zone.size = {
      width: Math.max(MIN_ZONE_SIZE.width, content.width + 2 * ZONE_PADDING),
      height: Math.max(MIN_ZONE_SIZE.height, ZONE_HEADER + content.height + 2 * ZONE_PADDING),
    };
  }
  for (const zone of deepestFirst) {
    grow(zone, membersOf(zone.id));
    const box = boxOf(zone);
    const rest = unplaced(zone.id);
    if (box === null || rest.length === 0) continue;
    placeOnShelf(rest, { x: box.left + ZONE_PADDING, y: box.bottom });
    grow(zone, rest);
  }
  let origin: Point = LAYOUT_ORIGIN;
  if (anyDrawn) {
    origin = { x: Infinity, y: -Infinity };
    for (const draft of [...zones, ...elements]) {
      const box = boxOf(draft);
      if (box !== null)
        origin = { x: Math.min(origin.x, box.left), y: Math.max(origin.y, box.bottom) };
    }
    origin.y += 2 * GAP;
  }
  placeOnShelf(unplaced(ROOT), origin);
  for (const zone of parentsFirst) {
    if (!undrawn.has(zone) || zone.position === null) continue;
    placeOnShelf(unplaced(zone.id), {
      x: zone.position.x + ZONE_PADDING,
      y: zone.position.y + ZONE_HEADER + ZONE_PADDING,
    });
  }
  // Already so, unless a zone without a position held a drawn member: kept as a guarantee.
  for (const zone of deepestFirst) grow(zone, membersOf(zone.id));
  return grown.map((zone) => zone.name);
}

// ---------------------------------------------------------------------------------------------
// Assembly.

/** What an importer hands over to become the model. */
export interface ModelParts {
  name: string;
  description: string;
  /** The one diagram everything is drawn on. */
  diagramId: string;
  zones: readonly ZoneDraft[];
  elements: readonly ElementDraft[];
  flows: readonly Tree[];
  manualThreats: readonly Tree[];
  triage: readonly Tree[];
}

/**
 * The model from laid-out drafts and the other parts, validated, with the report's counts.
 * Importers keep everything within the schema, so a validation failure here is Gatehouse's bug:
 * it throws a plain `Error` (naming `importerName`), never an `InputError` blaming the user's file.
 */
export function assembleModel(
  parts: ModelParts,
  out: Reporter,
  importerName: string,
  fileName: string,
): ImportResult {
  const common = (draft: Draft) => ({
    id: draft.id,
    diagramId: parts.diagramId,
    name: draft.name,
    description: draft.description,
    tags: draft.tags,
    position: draft.position ?? { x: 0, y: 0 },
  });
  const content: Tree = {
    name: parts.name,
    description: parts.description,
    diagrams: [{ id: parts.diagramId, name: parts.name, description: '' }],
    elements: parts.elements.map((element) => ({
      ...common(element),
      kind: element.kind,
      zoneId: element.within,
      ...(element.size === null ? {} : { size: element.size }),
      properties: Object.fromEntries(element.properties),
    })),
    flows: parts.flows,
    boundaries: parts.zones.map((zone) => ({
      ...common(zone),
      shape: 'zone',
      boundaryKind: zone.boundaryKind,
      parentId: zone.within,
      size: zone.size ?? { ...DEFAULT_ZONE_SIZE },
    })),
    manualThreats: parts.manualThreats,
    threats: parts.triage,
  };

  const model = validatedModel(content, importerName, fileName);
  return { model, report: countModel(out.report, model) };
}

/**
 * The model from the tree an importer built (everything but `format` and `schemaVersion`),
 * validated. Importers keep everything within the schema, so a validation failure is
 * Gatehouse's bug: it throws a plain `Error` naming `importerName`, never an `InputError`
 * blaming the user's file.
 */
export function validatedModel(content: Tree, importerName: string, fileName: string): Model {
  const tree: Tree = { format: MODEL_FORMAT, schemaVersion: CURRENT_SCHEMA_VERSION, ...content };
  try {
    return modelFromTree(tree).model;
  } catch (error) {
    throw new Error(
      `The ${importerName} importer built an invalid model from ${fileName}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
