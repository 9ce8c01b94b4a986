/**
 * Reading a Microsoft Threat Modeling Tool file's XML tree into plain records: drawing surfaces
 * and their shapes (with attributes, positions and drawn lines) and the embedded knowledge base.
 * Nothing is mapped here; `tm7.ts` decides what each record becomes.
 */
import { InputError, type PathSegment } from '../model/errors';
import type { PolylinePoint as Point } from '../util/polylines';
import { NAME_MAX, MAX_DIAGRAMS, MAX_COORDINATE } from './layout';
import { type Reporter, say } from './reporter';
import {
  child,
  childText,
  childrenNamed,
  isNil,
  oneLine,
  paragraph,
  type XmlElement,
} from './tm7Xml';

/** A flow's handle closer than this to the straight line between its ends adds no bend point. */
const STRAIGHT_TOLERANCE = 2;
/** An empty GUID: TMT's "connected to nothing". */
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** `b:ListDisplayAttribute` → `ListDisplayAttribute`. */
function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

/** One entry of an item's `Properties`: TMT's attributes (section headers skipped). */
export interface Attribute {
  displayName: string;
  /** The programmatic name (`runningAs`, or a GUID in custom templates); empty for the name. */
  name: string;
  value: string;
  /** A list left at its first entry: TMT's default, which says nothing. */
  isDefault: boolean;
  path: readonly PathSegment[];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LineEnds {
  sourceGuid: string | null;
  targetGuid: string | null;
  /** Source, handle (when given), target. */
  points: Point[];
  /** The handle, when it bends the line. */
  bend: Point | null;
}

/** A stencil, boundary, connector or annotation on a drawing surface. */
export interface Item {
  guid: string;
  path: readonly PathSegment[];
  diagramId: string;
  shape: string;
  genericTypeId: string | null;
  typeId: string | null;
  name: string;
  /** The stencil's type as TMT shows it above its attributes ("Web Server"). */
  stencilName: string;
  attributes: Attribute[];
  box: Box | null;
  ends: LineEnds | null;
}

export interface Diagram {
  id: string;
  guid: string | null;
  name: string;
  path: readonly PathSegment[];
  items: Item[];
}

export interface KnowledgeBase {
  /** Element types (generic and standard) by ID: parent and name. */
  types: Map<string, { parentId: string | null; name: string }>;
  categories: Map<string, string>;
  threatTypes: Map<string, { category: string | null; title: string | null }>;
  /** Labels of threat fields (custom templates key them by GUID). */
  threatFieldLabels: Map<string, string>;
}

function readAttributes(properties: XmlElement | undefined): Attribute[] {
  const list: Attribute[] = [];
  for (const entry of childrenNamed(properties, 'anyType')) {
    const type = localName(entry.attributes.get('type') ?? '');
    if (type === 'HeaderDisplayAttribute') continue;
    const valueElement = child(entry, 'Value');
    const options = childrenNamed(valueElement, 'string').map((option) => oneLine(option.text));
    let value = '';
    let isDefault = false;
    if (options.length > 0) {
      const index = Number(childText(entry, 'SelectedIndex') ?? '0');
      const selected = Number.isInteger(index) && index >= 0 && index < options.length ? index : 0;
      value = options[selected]!;
      // Static lists (fixed by the stencil) state a fact even at their only entry.
      isDefault = type === 'ListDisplayAttribute' && selected === 0 && options.length > 1;
    } else if (valueElement !== undefined && !isNil(valueElement)) {
      value = paragraph(valueElement.text);
    }
    list.push({
      displayName: oneLine(childText(entry, 'DisplayName') ?? ''),
      name: oneLine(childText(entry, 'Name') ?? ''),
      value,
      isDefault,
      path: entry.path,
    });
  }
  return list;
}

/** The text of the first section header: the stencil's type as TMT shows it. */
function stencilNameOf(properties: XmlElement | undefined): string {
  const header = childrenNamed(properties, 'anyType').find(
    (entry) => localName(entry.attributes.get('type') ?? '') === 'HeaderDisplayAttribute',
  );
  return oneLine(childText(header, 'DisplayName') ?? '');
}

function coordinate(element: XmlElement, name: string): number | null {
  const text = childText(element, name);
  if (text === null) return null;
  const value = Number(text);
  return Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE ? value : null;
}

function readBox(value: XmlElement): Box | null {
  const [x, y, width, height] = ['Left', 'Top', 'Width', 'Height'].map((name) =>
    coordinate(value, name),
  );
  if (x === undefined || y === undefined || width === undefined || height === undefined)
    return null;
  if (x === null || y === null || width === null || height === null) return null;
  if (width < 0 || height < 0) return null;
  return { x, y, width, height };
}

function readEnds(value: XmlElement): LineEnds | null {
  const point = (prefix: string): Point | null => {
    const x = coordinate(value, `${prefix}X`);
    const y = coordinate(value, `${prefix}Y`);
    return x === null || y === null ? null : { x, y };
  };
  const guid = (name: string): string | null => {
    const text = childText(value, name);
    return text === null || text === EMPTY_GUID ? null : text;
  };
  const source = point('Source');
  const target = point('Target');
  const sourceGuid = guid('SourceGuid');
  const targetGuid = guid('TargetGuid');
  if (source === null || target === null) {
    if (sourceGuid === null && targetGuid === null) return null;
    return { sourceGuid, targetGuid, points: [], bend: null };
  }
  const handle = point('Handle');
  let bend: Point | null = null;
  if (handle !== null) {
    const length = Math.hypot(target.x - source.x, target.y - source.y);
    const offset =
      length === 0
        ? Math.hypot(handle.x - source.x, handle.y - source.y)
        : Math.abs(
            (target.x - source.x) * (source.y - handle.y) -
              (source.x - handle.x) * (target.y - source.y),
          ) / length;
    if (offset > STRAIGHT_TOLERANCE) bend = handle;
  }
  return {
    sourceGuid,
    targetGuid,
    points: bend === null ? [source, target] : [source, bend, target],
    bend,
  };
}

function readItem(entry: XmlElement, diagramId: string, out: Reporter): Item | null {
  const value = child(entry, 'Value');
  const guid = childText(value, 'Guid') ?? childText(entry, 'Key');
  if (value === undefined || guid === null) {
    out.unmapped(entry.path, 'shape', say`a shape without a GUID: skipped`);
    return null;
  }
  const properties = child(value, 'Properties');
  const attributes = readAttributes(properties);
  const nameAttribute = attributes.find(
    (attribute) => attribute.displayName === 'Name' && attribute.name === '',
  );
  return {
    guid: oneLine(guid),
    path: value.path,
    diagramId,
    shape: localName(value.attributes.get('type') ?? ''),
    genericTypeId: childText(value, 'GenericTypeId'),
    typeId: childText(value, 'TypeId'),
    name: oneLine(nameAttribute?.value ?? ''),
    stencilName: stencilNameOf(properties),
    attributes,
    box: readBox(value),
    ends: readEnds(value),
  };
}

/** The drawing surfaces and their shapes. Throws `InputError` when there are none or too many. */
export function readDiagrams(root: XmlElement, fileName: string, out: Reporter): Diagram[] {
  const surfaces = childrenNamed(child(root, 'DrawingSurfaceList'), 'DrawingSurfaceModel');
  if (surfaces.length === 0)
    throw new InputError(
      `${fileName}: the file has no drawing surface (DrawingSurfaceList/DrawingSurfaceModel), so there is no diagram to import.`,
    );
  if (surfaces.length > MAX_DIAGRAMS)
    throw new InputError(`${fileName}: more than ${MAX_DIAGRAMS} diagrams; the file is not read.`);
  return surfaces.map((surface, index) => {
    const guid = childText(surface, 'Guid');
    const id = guid === null ? `diagram-${index + 1}` : out.id(oneLine(guid));
    const nameAttribute = readAttributes(child(surface, 'Properties')).find(
      (attribute) => attribute.displayName === 'Name',
    );
    const name = oneLine(childText(surface, 'Header') ?? nameAttribute?.value ?? '');
    const diagram: Diagram = {
      id,
      guid,
      name: out.clipped(name === '' ? `Diagram ${index + 1}` : name, NAME_MAX, 'A diagram name'),
      path: surface.path,
      items: [],
    };
    for (const list of ['Borders', 'Lines']) {
      for (const entry of childrenNamed(child(surface, list), 'KeyValueOfguidanyType')) {
        const item = readItem(entry, id, out);
        if (item !== null) diagram.items.push(item);
      }
    }
    return diagram;
  });
}

/** The file's knowledge base: element types, threat categories, threat types, field labels. */
export function readKnowledgeBase(root: XmlElement, out: Reporter): KnowledgeBase {
  const base = child(root, 'KnowledgeBase');
  const kb: KnowledgeBase = {
    types: new Map(),
    categories: new Map(),
    threatTypes: new Map(),
    threatFieldLabels: new Map(),
  };
  if (base === undefined) {
    out.warn(
      say`The file has no knowledge base: stencils were mapped by their generic type and shape alone, and threat categories taken from the threats themselves.`,
    );
    return kb;
  }
  for (const list of ['GenericElements', 'StandardElements']) {
    for (const type of childrenNamed(child(base, list), 'ElementType')) {
      const id = childText(type, 'Id');
      if (id !== null && !kb.types.has(id))
        kb.types.set(id, {
          parentId: childText(type, 'ParentId'),
          name: oneLine(childText(type, 'Name') ?? ''),
        });
    }
  }
  for (const category of childrenNamed(child(base, 'ThreatCategories'), 'ThreatCategory')) {
    const id = childText(category, 'Id');
    const name = childText(category, 'Name');
    if (id !== null && name !== null) kb.categories.set(id, oneLine(name));
  }
  for (const type of childrenNamed(child(base, 'ThreatTypes'), 'ThreatType')) {
    const id = childText(type, 'Id');
    if (id !== null && !kb.threatTypes.has(id))
      kb.threatTypes.set(id, {
        category: childText(type, 'Category'),
        title: childText(type, 'ShortTitle'),
      });
  }
  const metadata = child(child(base, 'ThreatMetaData'), 'PropertiesMetaData');
  for (const datum of childrenNamed(metadata, 'ThreatMetaDatum')) {
    const name = childText(datum, 'Name');
    const label = childText(datum, 'Label');
    if (name !== null && label !== null) kb.threatFieldLabels.set(name, oneLine(label));
  }
  return kb;
}
