/**
 * Import of Microsoft Threat Modeling Tool files (`.tm7`, the XML that TMT 2016 and later save)
 * into a Gatehouse model.
 *
 * What becomes what, and why, is documented for users in `docs/import-tm7.md`; the tables live in
 * `tm7Mapping.ts`, the safe XML reading in `tm7Xml.ts`. In short: each drawing surface becomes a
 * diagram; stencils become elements through the file's own knowledge base (the stencil's type →
 * its parent types → a generic type such as `GE.P`), so custom templates with GUID type IDs work
 * like the built-in ones; border boundaries become zones and line boundaries lines, with zone
 * membership and nesting computed from the drawing exactly as the editor computes them, and the
 * flows crossing a line computed from the drawn lines; connectors become flows; threat instances
 * become manual threats on their interaction (source, flow, target) with the state policy of every
 * importer (PRODUCT.md, "Interop and reports").
 *
 * The function is pure: text in, model and report out. Problems with the file throw `InputError`;
 * a model that fails validation after a successful mapping is Gatehouse's bug and throws a plain
 * `Error`, so it is never passed off as bad input.
 */
import { InputError, formatPath, type InputIssue, type PathSegment } from '../model/errors';
import { assignContainment } from '../model/edit/containment';
import type { BoundaryKind, ElementKind } from '../model/schema';
import { polylinesCross, type PolylinePoint as Point } from '../util/polylines';
import { describeBinaryInput } from './binaryInput';
import type { ForeignImporter } from './foreignImporter';
import { countModel, type ImportResult } from './importReport';
import {
  MAX_BOUNDARIES,
  MAX_ELEMENTS,
  MAX_FLOWS,
  NAME_MAX,
  TEXT_MAX,
  validatedModel,
} from './layout';
import { clip, quote, Reporter, say } from './reporter';
import {
  ATTRIBUTE_RULES,
  GENERIC_TYPE_TABLE,
  IGNORED_ATTRIBUTES,
  KIND_LABEL,
  NOTHING_CHOSEN,
  OUT_OF_SCOPE,
  OUT_OF_SCOPE_REASON,
  SHAPE_TABLE,
  boundaryKindOf,
  type ItemKind,
} from './tm7Mapping';
import {
  readDiagrams,
  readKnowledgeBase,
  type Diagram,
  type Item,
  type KnowledgeBase,
} from './tm7Read';
import { importThreats, type ImportedFlow } from './tm7Threats';
import {
  child,
  childText,
  oneLine,
  paragraph,
  plural,
  readXml,
  type XmlElement,
  type XmlLimits,
} from './tm7Xml';

/** Bounds for `.tm7` input (real files with the embedded knowledge base are 0.5–5 MiB). */
export const TM7_LIMITS: Readonly<XmlLimits> = {
  maxLength: 64 * 1024 * 1024,
  maxTags: 4_000_000,
  maxDepth: 64,
};

export { REPORT_CAP } from './reporter';

/**
 * Zone membership and line crossings compare shapes pairwise on each diagram; beyond this many
 * comparisons in one file the import is refused rather than left to run for minutes.
 */
export const MAX_GEOMETRY_PAIRS = 50_000_000;
/** Parent chains in the knowledge base longer than this are taken as broken (or cyclic). */
const MAX_TYPE_CHAIN = 32;

/** Where shapes without a position go: in a row below the diagram's drawing. */
const UNPLACED_GAP = 40;
const DEFAULT_ZONE_SIZE = { width: 400, height: 300 } as const;
const DEFAULT_ELEMENT_SIZE = { width: 100, height: 100 } as const;

/** The namespace of TMT's data contract, on the root element of every `.tm7` file. */
const TMT_NAMESPACE = 'http://schemas.datacontract.org/2004/07/ThreatModeling.Model';

type Tree = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Checks on the whole file.

/** Refuses repeated GUIDs: connectors and threats refer to shapes by GUID, so they would be ambiguous. */
function checkUniqueGuids(diagrams: readonly Diagram[], fileName: string): void {
  const issues: InputIssue[] = [];
  const repeated = new Set<string>();
  const firstAt = new Map<string, string>();
  const claim = (guid: string, path: readonly PathSegment[]): void => {
    const earlier = firstAt.get(guid);
    if (earlier === undefined) firstAt.set(guid, formatPath(path));
    else {
      issues.push({ path: [...path], message: `GUID ${quote(guid)} already used at ${earlier}` });
      repeated.add(quote(guid));
    }
  };
  for (const diagram of diagrams) {
    if (diagram.guid !== null) claim(diagram.guid, diagram.path);
    for (const item of diagram.items) claim(item.guid, item.path);
  }
  if (issues.length > 0) {
    const names = [...repeated];
    throw new InputError(
      `${fileName}: the file repeats GUIDs, so its connectors and threats are ambiguous: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}.`,
      issues,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Stencils → kinds.

/** The generic type a stencil type descends from, walking the knowledge base's parents. */
function genericTypeOf(kb: KnowledgeBase, typeId: string): string | null {
  let current: string | null = typeId;
  for (let step = 0; step < MAX_TYPE_CHAIN && current !== null; step++) {
    if (GENERIC_TYPE_TABLE.has(current)) return current;
    current = kb.types.get(current)?.parentId ?? null;
  }
  return null;
}

function describeItem(item: Item, kind: ItemKind | undefined): string {
  const what = kind === undefined ? 'shape' : KIND_LABEL[kind];
  return `${what} ${quote(item.name || item.stencilName || item.guid)}`;
}

/** Decides what each item becomes; reports each stencil type's mapping once. */
function classify(items: readonly Item[], kb: KnowledgeBase, out: Reporter): Map<Item, ItemKind> {
  const kinds = new Map<Item, ItemKind>();
  const reported = new Set<string>();
  for (const item of items) {
    const viaKnowledgeBase = item.typeId === null ? null : genericTypeOf(kb, item.typeId);
    const own =
      item.genericTypeId !== null && GENERIC_TYPE_TABLE.has(item.genericTypeId)
        ? item.genericTypeId
        : null;
    const generic = viaKnowledgeBase ?? own;
    const kind = generic === null ? SHAPE_TABLE.get(item.shape) : GENERIC_TYPE_TABLE.get(generic);
    const typeKey = `${item.typeId ?? ''}\u0000${item.genericTypeId ?? ''}\u0000${item.shape}`;
    if (kind === undefined) {
      out.unmapped(
        item.path,
        item.name || item.stencilName || item.guid,
        say`a shape of type ${quote(item.typeId ?? item.shape)} that the knowledge base does not lead to a generic type: skipped`,
      );
      continue;
    }
    kinds.set(item, kind);
    if (viaKnowledgeBase !== null && own !== null && viaKnowledgeBase !== own)
      out.warn(
        say`The ${describeItem(item, kind)} says its generic type is ${own}, but its stencil type descends from ${viaKnowledgeBase} in the knowledge base: the knowledge base decided.`,
      );
    if (reported.has(typeKey)) continue;
    reported.add(typeKey);
    const source = `stencil ${quote(item.stencilName || kb.types.get(item.typeId ?? '')?.name || item.shape)} (${item.typeId ?? 'no type ID'})`;
    out.mapping(
      source,
      viaKnowledgeBase !== null
        ? say`${KIND_LABEL[kind]} (through the knowledge base: ${viaKnowledgeBase})`
        : own !== null
          ? say`${KIND_LABEL[kind]} (from its generic type ${own}; the type is not in the knowledge base)`
          : say`${KIND_LABEL[kind]} (from its drawn shape ${item.shape}; no known generic type)`,
    );
  }
  return kinds;
}

// ---------------------------------------------------------------------------------------------
// Shapes → model records.

/** The typed properties an item's attributes set, and the description lines for the rest. */
function mapAttributes(
  item: Item,
  kind: ElementKind | 'flow',
  label: string,
  out: Reporter,
): { properties: Tree; lines: string[]; outOfScope: boolean } {
  const rules = ATTRIBUTE_RULES[kind];
  const properties: Tree = {};
  const lines: string[] = [];
  let outOfScope = false;
  let reason = '';
  for (const attribute of item.attributes) {
    const shownName = attribute.displayName || attribute.name;
    if (IGNORED_ATTRIBUTES.has(attribute.displayName) && attribute.name === '') continue;
    if (attribute.displayName === OUT_OF_SCOPE) {
      outOfScope = attribute.value.toLowerCase() === 'true';
      continue;
    }
    if (attribute.displayName === OUT_OF_SCOPE_REASON) {
      reason = attribute.value;
      continue;
    }
    if (attribute.isDefault || NOTHING_CHOSEN.has(attribute.value.toLowerCase())) continue;
    if (IGNORED_ATTRIBUTES.has(attribute.displayName)) continue;
    const rule = rules.find((candidate) => candidate.attribute === attribute.name);
    const parsed = rule?.parse(attribute.value);
    if (rule !== undefined && parsed !== undefined) {
      properties[rule.property] = parsed;
      out.mapping(
        `${shownName} ${quote(attribute.value)} of ${label}`,
        say`${rule.property}: ${parsed}`,
      );
      continue;
    }
    lines.push(`- ${shownName}: ${attribute.value}`);
    out.unmapped(
      attribute.path,
      `${shownName}: ${clip(attribute.value, 80)}`,
      say`a TMT property of ${label} with no Gatehouse equivalent: kept in its description`,
    );
  }
  if (outOfScope) {
    lines.push(`- Out of scope${reason === '' ? '' : `: ${reason}`}`);
    out.unmapped(
      item.path,
      `${OUT_OF_SCOPE}: true`,
      say`${label} is out of scope in TMT; Gatehouse analyzes every element: noted in its description and tagged out-of-scope`,
    );
  }
  return { properties, lines, outOfScope };
}

function describedItem(item: Item, lines: readonly string[], out: Reporter, label: string): string {
  const parts: string[] = [];
  if (item.typeId !== null)
    parts.push(
      `Threat Modeling Tool stencil: ${item.stencilName || item.typeId} (${item.typeId}).`,
    );
  if (lines.length > 0) parts.push(['Threat Modeling Tool properties:', ...lines].join('\n'));
  return out.clipped(parts.join('\n\n'), TEXT_MAX, `The description of ${label}`);
}

interface Built {
  elements: Tree[];
  zones: Tree[];
  lines: (Tree & { diagramId: string; name: string; points: Point[]; crossingFlowIds: string[] })[];
  flows: Tree[];
  /** Imported flows by TMT GUID, with their drawn line and their ends. */
  flowByGuid: Map<string, ImportedFlow>;
  /** Names of the imported elements by ID, for threat titles. */
  elementNames: Map<string, string>;
}

/** Places shapes without a usable position in a row below the rest of their diagram. */
function placeUnplaced(
  diagram: Diagram,
  unplaced: { record: Tree; size: { width: number; height: number } }[],
  out: Reporter,
): void {
  if (unplaced.length === 0) return;
  let bottom = 0;
  for (const item of diagram.items) {
    if (item.box !== null) bottom = Math.max(bottom, item.box.y + item.box.height);
    for (const point of item.ends?.points ?? []) bottom = Math.max(bottom, point.y);
  }
  let x = UNPLACED_GAP;
  for (const { record, size } of unplaced) {
    record['position'] = { x, y: bottom + UNPLACED_GAP };
    x += size.width + UNPLACED_GAP;
  }
  out.warn(
    say`${unplaced.length} ${plural(unplaced.length, 'shape', 'shapes')} on diagram ${quote(diagram.name)} had no usable position or size: placed in a row below the drawing.`,
  );
}

function buildShapes(
  diagrams: readonly Diagram[],
  kinds: ReadonlyMap<Item, ItemKind>,
  kb: KnowledgeBase,
  out: Reporter,
): Built {
  const built: Built = {
    elements: [],
    zones: [],
    lines: [],
    flows: [],
    flowByGuid: new Map(),
    elementNames: new Map(),
  };
  const elementDiagram = new Map<string, { id: string; diagramId: string }>();
  for (const diagram of diagrams) {
    const unplaced: { record: Tree; size: { width: number; height: number } }[] = [];
    for (const item of diagram.items) {
      const kind = kinds.get(item);
      if (kind !== 'process' && kind !== 'dataStore' && kind !== 'externalEntity') continue;
      const label = describeItem(item, kind);
      const { properties, lines, outOfScope } = mapAttributes(item, kind, label, out);
      const id = out.id(item.guid);
      const record: Tree = {
        id,
        diagramId: diagram.id,
        kind,
        name: out.clipped(item.name || item.stencilName || KIND_LABEL[kind], NAME_MAX, label),
        description: describedItem(item, lines, out, label),
        tags: outOfScope ? ['out-of-scope'] : [],
        properties,
      };
      if (item.box === null) unplaced.push({ record, size: DEFAULT_ELEMENT_SIZE });
      else {
        record['position'] = { x: item.box.x, y: item.box.y };
        record['size'] = { width: item.box.width, height: item.box.height };
      }
      built.elements.push(record);
      built.elementNames.set(id, String(record['name']));
      elementDiagram.set(item.guid, { id, diagramId: diagram.id });
    }
    for (const item of diagram.items) {
      const kind = kinds.get(item);
      if (kind === 'zone') {
        const label = describeItem(item, kind);
        const name = out.clipped(
          item.name || item.stencilName || 'Trust boundary',
          NAME_MAX,
          label,
        );
        const record: Tree = {
          id: out.id(item.guid),
          diagramId: diagram.id,
          shape: 'zone',
          name,
          description: describedItem(item, [], out, label),
          boundaryKind: boundaryKindFor(item, kb, name, label, out),
          size:
            item.box === null
              ? { ...DEFAULT_ZONE_SIZE }
              : { width: item.box.width, height: item.box.height },
        };
        if (item.box === null) unplaced.push({ record, size: DEFAULT_ZONE_SIZE });
        else record['position'] = { x: item.box.x, y: item.box.y };
        built.zones.push(record);
      } else if (kind === 'line') {
        const label = describeItem(item, kind);
        if (item.ends === null || item.ends.points.length < 2) {
          out.unmapped(item.path, item.name || item.guid, say`${label} has no drawn ends: skipped`);
          continue;
        }
        const name = out.clipped(
          item.name || item.stencilName || 'Trust boundary',
          NAME_MAX,
          label,
        );
        built.lines.push({
          id: out.id(item.guid),
          diagramId: diagram.id,
          shape: 'line',
          name,
          description: describedItem(item, [], out, label),
          boundaryKind: boundaryKindFor(item, kb, name, label, out),
          points: item.ends.points,
          crossingFlowIds: [],
        });
      } else if (kind === 'annotation') {
        out.unmapped(
          item.path,
          item.name || item.stencilName || 'annotation',
          say`free-text annotations have no counterpart in a Gatehouse model`,
        );
      }
    }
    for (const item of diagram.items) {
      if (kinds.get(item) === 'flow') buildFlow(item, diagram, elementDiagram, built, out);
    }
    placeUnplaced(diagram, unplaced, out);
  }
  return built;
}

function boundaryKindFor(
  item: Item,
  kb: KnowledgeBase,
  name: string,
  label: string,
  out: Reporter,
): BoundaryKind {
  const stencil = item.stencilName || kb.types.get(item.typeId ?? '')?.name || '';
  const { kind, because } = boundaryKindOf(stencil, name);
  out.mapping(label, say`boundary kind ${kind} (${because})`);
  return kind;
}

function buildFlow(
  item: Item,
  diagram: Diagram,
  elements: ReadonlyMap<string, { id: string; diagramId: string }>,
  built: Built,
  out: Reporter,
): void {
  const label = describeItem(item, 'flow');
  const shown = item.name || item.stencilName || item.guid;
  const ends = item.ends;
  const endOf = (guid: string | null | undefined, role: string): string | null => {
    if (guid === null || guid === undefined) {
      out.unmapped(item.path, shown, say`${label} skipped: its ${role} is connected to nothing`);
      return null;
    }
    const found = elements.get(guid);
    if (found === undefined) {
      out.unmapped(
        item.path,
        shown,
        say`${label} skipped: its ${role} ${quote(guid)} is not a process, data store or external interactor in the file`,
      );
      return null;
    }
    if (found.diagramId !== diagram.id) {
      out.unmapped(
        item.path,
        shown,
        say`${label} skipped: its ${role} ${quote(guid)} is on another diagram`,
      );
      return null;
    }
    return found.id;
  };
  const sourceId = endOf(ends?.sourceGuid, 'source');
  if (sourceId === null) return;
  const targetId = endOf(ends?.targetGuid, 'target');
  if (targetId === null) return;
  if (sourceId === targetId) {
    out.unmapped(item.path, shown, say`${label} skipped: it connects an element to itself`);
    return;
  }
  const { properties, lines } = mapAttributes(item, 'flow', label, out);
  // The stencil of a flow names its protocol (HTTPS, Named Pipe, …); the generic one does not.
  if (item.typeId !== null && item.typeId !== 'GE.DF' && item.stencilName !== '') {
    properties['protocol'] = clip(item.stencilName, 100);
    out.mapping(`stencil ${quote(item.stencilName)} of ${label}`, say`protocol`);
  }
  const id = out.id(item.guid);
  built.flows.push({
    id,
    diagramId: diagram.id,
    sourceId,
    targetId,
    bidirectional: false,
    name: out.clipped(item.name || item.stencilName || 'Data flow', NAME_MAX, label),
    description: describedItem(item, lines, out, label),
    properties,
    waypoints: ends?.bend ? [ends.bend] : [],
  });
  built.flowByGuid.set(item.guid, {
    id,
    diagramId: diagram.id,
    name: shown,
    points: ends?.points ?? [],
    sourceId,
    targetId,
  });
}

/** Fills each line boundary's crossing flows from the drawing, and reports the result. */
function computeCrossings(built: Built, out: Reporter): void {
  const flowsByDiagram = new Map<string, ImportedFlow[]>();
  for (const flow of built.flowByGuid.values()) {
    if (flow.points.length < 2) continue;
    const list = flowsByDiagram.get(flow.diagramId) ?? [];
    list.push(flow);
    flowsByDiagram.set(flow.diagramId, list);
  }
  for (const line of built.lines) {
    for (const flow of flowsByDiagram.get(line.diagramId) ?? []) {
      if (polylinesCross(line.points, flow.points)) line.crossingFlowIds.push(flow.id);
    }
    out.mapping(
      `line boundary ${quote(line.name)}`,
      say`crossed by ${line.crossingFlowIds.length} ${plural(line.crossingFlowIds.length, 'flow', 'flows')} (from the drawing)`,
    );
  }
}

/**
 * Refuses files whose shapes exceed the model's limits, or whose geometry would take too long to
 * compare (zones against zones and elements, line boundaries against flows, per diagram).
 */
function checkCounts(
  diagrams: readonly Diagram[],
  kinds: ReadonlyMap<Item, ItemKind>,
  fileName: string,
): void {
  const total = { elements: 0, flows: 0, boundaries: 0 };
  let pairs = 0;
  for (const diagram of diagrams) {
    const count = { elements: 0, flows: 0, zones: 0, lines: 0 };
    for (const item of diagram.items) {
      const kind = kinds.get(item);
      if (kind === 'process' || kind === 'dataStore' || kind === 'externalEntity')
        count.elements += 1;
      else if (kind === 'flow') count.flows += 1;
      else if (kind === 'zone') count.zones += 1;
      else if (kind === 'line') count.lines += 1;
    }
    total.elements += count.elements;
    total.flows += count.flows;
    total.boundaries += count.zones + count.lines;
    pairs += count.lines * count.flows + count.zones * (count.zones + count.elements);
  }
  const limits: [number, number, string][] = [
    [total.elements, MAX_ELEMENTS, 'elements'],
    [total.flows, MAX_FLOWS, 'data flows'],
    [total.boundaries, MAX_BOUNDARIES, 'trust boundaries'],
  ];
  for (const [count, max, what] of limits)
    if (count > max)
      throw new InputError(`${fileName}: ${count} ${what}, more than a model holds (${max}).`);
  if (pairs > MAX_GEOMETRY_PAIRS)
    throw new InputError(
      `${fileName}: too many trust boundaries for the shapes on the same diagrams (${pairs} comparisons to place them, at most ${MAX_GEOMETRY_PAIRS}); split the model into more diagrams.`,
    );
}

// ---------------------------------------------------------------------------------------------
// The model.

/** The model's description from TMT's model properties and notes. */
function modelDescription(root: XmlElement, out: Reporter): string {
  const meta = child(root, 'MetaInformation');
  const parts: string[] = [];
  const summary = paragraph(childText(meta, 'HighLevelSystemDescription') ?? '');
  if (summary !== '') parts.push(summary);
  const labelled: [string, string][] = [
    ['Owner', 'Owner'],
    ['Reviewer', 'Reviewer'],
    ['Contributors', 'Contributors'],
    ['Assumptions', 'Assumptions'],
    ['ExternalDependencies', 'External dependencies'],
  ];
  for (const [name, heading] of labelled) {
    const text = paragraph(childText(meta, name) ?? '');
    if (text !== '') {
      parts.push(`${heading}: ${text}`);
      out.mapping(`model property ${name}`, say`the model description`);
    }
  }
  const notes = child(root, 'Notes')
    ?.children.map((note) => paragraph(childText(note, 'Message') ?? note.text))
    .filter((text) => text !== '');
  if (notes !== undefined && notes.length > 0) {
    parts.push(['Notes:', ...notes.map((note) => `- ${note}`)].join('\n'));
    out.mapping(
      `${notes.length} ${plural(notes.length, 'note', 'notes')}`,
      say`the model description`,
    );
  }
  return out.clipped(parts.join('\n\n'), TEXT_MAX, 'The model description');
}

/**
 * Imports a Microsoft Threat Modeling Tool file. Throws `InputError` for a file that is not one
 * or cannot be used; everything else comes across or is named in the report.
 */
export function importTm7(text: string, fileName: string): ImportResult {
  // The CLI and the app ask `describeBinaryInput` before decoding; this catches what still
  // arrives as text (a ZIP archive's signature and NULs survive decoding as UTF-8).
  const binary = describeBinaryInput(new TextEncoder().encode(text.slice(0, 8 * 1024)));
  if (binary !== null) throw new InputError(`${fileName}: ${binary}`);
  const { root, dropped } = readXml(text, fileName, TM7_LIMITS);
  if (root.name !== 'ThreatModel')
    throw new InputError(
      `${fileName}: not a Microsoft Threat Modeling Tool file: its root element is <${clip(root.name, 60)}>, not <ThreatModel>.`,
    );
  const version = childText(root, 'Version') ?? '';
  const out = new Reporter(`tm7-${/^[0-9.]{1,20}$/.test(version) ? version : 'unknown'}`, fileName);
  out.droppedKeys(dropped, say`XML name ignored: it could reach JavaScript object internals`);
  const kb = readKnowledgeBase(root, out);
  const diagrams = readDiagrams(root, fileName, out);
  checkUniqueGuids(diagrams, fileName);
  const items = diagrams.flatMap((diagram) => diagram.items);
  const kinds = classify(items, kb, out);
  checkCounts(diagrams, kinds, fileName);
  const built = buildShapes(diagrams, kinds, kb, out);
  computeCrossings(built, out);
  const { manualThreats, triage } = importThreats(root, {
    kb,
    flows: built.flowByGuid,
    elementNames: built.elementNames,
    out,
  });

  const metaName = oneLine(childText(child(root, 'MetaInformation'), 'ThreatModelName') ?? '');
  if (metaName === '')
    out.warn(say`The file names no threat model: the model is named after the file.`);
  const name = out.clipped(
    metaName || fileName.replace(/^.*[\\/]/, '').replace(/\.tm7$/i, '') || 'Imported model',
    NAME_MAX,
    'The model name',
  );
  let model = validatedModel(
    {
      name,
      description: modelDescription(root, out),
      diagrams: diagrams.map((diagram) => ({
        id: diagram.id,
        name: diagram.name,
        description: '',
      })),
      elements: built.elements,
      flows: built.flows,
      boundaries: [...built.zones, ...built.lines],
      manualThreats,
      threats: triage,
    },
    'TM7',
    fileName,
  );
  // Membership and nesting as the editor computes them after every move: an element belongs to
  // the innermost zone holding its centre, a zone to the innermost larger zone holding it whole.
  for (const diagram of diagrams) model = assignContainment(model, diagram.id);
  if (built.zones.length > 0)
    out.mapping(
      'border boundaries',
      say`zones; membership and nesting computed from the drawing (an element belongs to the innermost boundary holding its centre)`,
    );
  return { model, report: countModel(out.report, model) };
}

/** Microsoft Threat Modeling Tool `.tm7`: recognised by its root element and namespace. */
export const TM7_IMPORTER: ForeignImporter = {
  format: 'tm7',
  label: 'Microsoft Threat Modeling Tool (.tm7)',
  extensions: ['.tm7'],
  detect: (head: string) => {
    const start = /<ThreatModel\s[^>]*>/.exec(head)?.[0] ?? '';
    return start.includes(`"${TMT_NAMESPACE}"`) || start.includes(`'${TMT_NAMESPACE}'`);
  },
  import: importTm7,
};
