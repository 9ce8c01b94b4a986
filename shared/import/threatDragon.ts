/**
 * Import of OWASP Threat Dragon models (v2 JSON, and v1 JSON as Threat Dragon 1.x saved it)
 * into a Gatehouse model.
 *
 * The mapping tables, the decisions (booleans, severities, threat types, states, out of scope)
 * and what is not imported are documented for users in `docs/import-threat-dragon.md`; keep
 * the two in step.
 *
 * The function is pure: text in, model and report out. The file is untrusted: it is read with
 * `parseForeignText` (bounded size, number of values and depth; prototype-polluting keys dropped
 * and reported), every value is checked for its type before use, lookups keyed by its IDs use
 * `Map`, what the model schema bounds is capped or clipped and reported, and the crossing test
 * of boundary lines against flows has a work budget. Problems with the file as a whole throw
 * `InputError`; a model that fails validation after a successful mapping is Gatehouse's bug and
 * throws a plain `Error` instead.
 */
import { DEFAULT_ELEMENT_SIZE } from '../model/geometry';
import { InputError, type PathSegment } from '../model/errors';
import { MANUAL_PACK_ID, threatIdFor } from '../model/ids';
import { assignContainment } from '../model/edit/containment';
import type { ElementKind, PrivilegeLevel, StrideCategory, Target } from '../model/schema';
import { DEFAULT_MITIGATION_BY_CATEGORY } from '../threats/defaultMitigations';
import { polylinesCross, type PolylinePoint } from '../util/polylines';
import type { ForeignImporter } from './foreignImporter';
import { countModel, type ImportResult } from './importReport';
import {
  DEFAULT_ZONE_SIZE,
  MAX_BOUNDARIES,
  MAX_COORDINATE,
  MAX_DIAGRAMS,
  MAX_ELEMENTS,
  MAX_FLOWS,
  MAX_MANUAL_THREATS,
  NAME_MAX,
  PROTOCOL_MAX,
  SOURCE_MAX,
  TEXT_MAX,
  TITLE_MAX,
  layout,
  validatedModel,
  type Draft,
  type Point,
  type Size,
  type Tree,
} from './layout';
import { zoneKindFrom } from './otm';
import { clip, quote, Reporter, say } from './reporter';
import { parseForeignText, type ForeignTextFormat, type ForeignTextLimits } from './safeYaml';

/** Bounds for Threat Dragon input: size, number of values and depth (see `ForeignTextLimits`). */
export const THREAT_DRAGON_LIMITS: ForeignTextLimits = {
  maxBytes: 32 * 1024 * 1024,
  maxNodes: 2_000_000,
  maxDepth: 64,
  forbiddenKeys: 'drop',
};

const FORMAT: ForeignTextFormat = {
  file: 'a Threat Dragon file',
  document: 'a Threat Dragon model',
  syntaxName: 'JSON',
  expected: 'JSON with "summary" and "detail"',
  aliasReason: 'Threat Dragon files are JSON.',
  syntax: 'json',
  limits: THREAT_DRAGON_LIMITS,
  repairQuotedIndentation: false,
};

// Limits of the model schema (`shared/model/schema.ts`) only Threat Dragon needs (the others are
// in `layout.ts`), so that a file beyond them is capped and reported instead of failing
// validation at the end.
const MAX_WAYPOINTS = 100;
const MAX_LINE_POINTS = 1_000;
/**
 * The most segment pairs compared to find which flows cross the boundary lines of one diagram
 * (real diagrams need thousands); beyond it the crossings of that diagram are not computed.
 */
export const MAX_CROSSING_WORK = 20_000_000;
/** How near (in diagram units) a loose flow end must be to an element to be attached to it. */
export const SNAP_DISTANCE = 20;

// ---------------------------------------------------------------------------------------------
// Mapping tables (documented in docs/import-threat-dragon.md).

/** What a Threat Dragon cell is, whichever version wrote it. */
export type CellKind = 'actor' | 'process' | 'store' | 'flow' | 'curve' | 'box' | 'text';

/** v2 `shape` → kind. `trust-broundary-curve` is a typo Threat Dragon itself still reads. */
export const SHAPE_KINDS: ReadonlyMap<string, CellKind> = new Map([
  ['actor', 'actor'],
  ['process', 'process'],
  ['store', 'store'],
  ['flow', 'flow'],
  ['trust-boundary-curve', 'curve'],
  ['trust-broundary-curve', 'curve'],
  ['trust-boundary-box', 'box'],
  ['td-text-block', 'text'],
]);

/** `type` (v1 cells, v2 `data.type`) → kind; v2 falls back to it when the shape is unknown. */
export const TYPE_KINDS: ReadonlyMap<string, CellKind> = new Map([
  ['tm.Actor', 'actor'],
  ['tm.Process', 'process'],
  ['tm.Store', 'store'],
  ['tm.Flow', 'flow'],
  ['tm.Boundary', 'curve'],
  ['tm.BoundaryBox', 'box'],
  ['tm.Text', 'text'],
]);

const ELEMENT_KINDS: Readonly<Record<'actor' | 'process' | 'store', ElementKind>> = {
  actor: 'externalEntity',
  process: 'process',
  store: 'dataStore',
};

const KIND_WORDS: Readonly<Record<CellKind, string>> = {
  actor: 'actor',
  process: 'process',
  store: 'store',
  flow: 'data flow',
  curve: 'trust boundary',
  box: 'trust boundary box',
  text: 'text',
};

/** A threat type's STRIDE category; `exact` when the type is a STRIDE category itself. */
export interface TypeDecision {
  category: StrideCategory;
  method: string;
  exact: boolean;
}

/** Lower case letters and digits only: `Information disclosure` = `informationDisclosure`. */
function normalizeKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function typeRows(
  method: string,
  exact: boolean,
  rows: readonly [string, StrideCategory][],
): [string, TypeDecision][] {
  return rows.map(([type, category]) => [normalizeKey(type), { category, method, exact }]);
}

/**
 * Threat `type` (as Threat Dragon writes it: the English label of its methodology's category)
 * → STRIDE category. Types of other methodologies map to the closest STRIDE category; the
 * ones without a counterpart (LINDDUN Unawareness and Non-compliance, DIE Ephemeral, most
 * PLOT4ai categories) are absent and come in as InformationDisclosure with a warning.
 * LINDDUN Non-repudiation is a privacy threat (someone cannot deny an action), the opposite of
 * STRIDE Repudiation, so it is InformationDisclosure too.
 */
export const THREAT_TYPE_TABLE: ReadonlyMap<string, TypeDecision> = new Map([
  ...typeRows('STRIDE', true, [
    ['Spoofing', 'Spoofing'],
    ['Tampering', 'Tampering'],
    ['Repudiation', 'Repudiation'],
    ['Information disclosure', 'InformationDisclosure'],
    ['Denial of service', 'DenialOfService'],
    ['Elevation of privilege', 'ElevationOfPrivilege'],
  ]),
  ...typeRows('CIA', false, [
    ['Confidentiality', 'InformationDisclosure'],
    ['Integrity', 'Tampering'],
    ['Availability', 'DenialOfService'],
  ]),
  ...typeRows('DIE', false, [
    ['Distributed', 'DenialOfService'],
    ['Immutable', 'Tampering'],
  ]),
  ...typeRows('LINDDUN', false, [
    ['Linkability', 'InformationDisclosure'],
    ['Identifiability', 'InformationDisclosure'],
    ['Non-repudiation', 'InformationDisclosure'],
    ['Detectability', 'InformationDisclosure'],
    ['Disclosure of information', 'InformationDisclosure'],
  ]),
  ...typeRows('PLOT4ai', false, [['Identifiability & Linkability', 'InformationDisclosure']]),
  ...typeRows('Cornucopia', false, [
    ['Data validation and encoding', 'Tampering'],
    ['Authentication', 'Spoofing'],
    ['Session management', 'Spoofing'],
    ['Authorization', 'ElevationOfPrivilege'],
    ['Cryptography', 'InformationDisclosure'],
  ]),
]);

/** The category of a threat whose type has no STRIDE counterpart (as the OTM importer does). */
const FALLBACK_CATEGORY: StrideCategory = 'InformationDisclosure';

/**
 * Severity → likelihood × impact on Gatehouse's 5 × 5 matrix, chosen so that the product falls
 * in the same severity band (`severityOf`: low 1–4, medium 5–9, high 10–16, critical 20–25).
 */
export const SEVERITY_SCALE: ReadonlyMap<string, { likelihood: number; impact: number }> = new Map([
  ['low', { likelihood: 2, impact: 2 }],
  ['medium', { likelihood: 3, impact: 3 }],
  ['high', { likelihood: 4, impact: 4 }],
  ['critical', { likelihood: 5, impact: 5 }],
]);
/** Unrated (`TBD`, empty, unknown) threats get the schema's default, 3 × 3 (medium). */
const UNRATED = { likelihood: 3, impact: 3 } as const;

/**
 * Statuses (normalized) that need a story (mitigated, avoided, eliminated) or an approval (the
 * others) in Gatehouse: they come in as investigating with the original status in the notes.
 */
export const APPROVAL_OR_STORY_STATUSES: ReadonlySet<string> = new Set([
  'mitigated',
  'na',
  'notapplicable',
  'accepted',
  'transferred',
  'avoided',
  'eliminated',
]);

/** A `true` flag that maps to a Gatehouse property (`yes`). */
export const FLAG_PROPERTIES: Readonly<Partial<Record<CellKind, readonly [string, string][]>>> = {
  store: [
    ['isEncrypted', 'encryptedAtRest'],
    ['storesCredentials', 'holdsCredentials'],
  ],
  flow: [['isEncrypted', 'encryptedInTransit']],
};

/** A `true` flag with no Gatehouse property: kept as this tag and reported. */
export const FLAG_TAGS: Readonly<Partial<Record<CellKind, readonly [string, string][]>>> = {
  actor: [['providesAuthentication', 'provides-authentication']],
  process: [
    ['handlesCardPayment', 'handles-card-payment'],
    ['handlesGoodsOrServices', 'handles-goods-or-services'],
    ['isWebApplication', 'web-application'],
  ],
  store: [
    ['isALog', 'log'],
    ['isSigned', 'signed'],
    ['storesInventory', 'stores-inventory'],
  ],
  flow: [['isPublicNetwork', 'public-network']],
};

/** The tag every out-of-scope element or flow gets (the reason goes into its description). */
export const OUT_OF_SCOPE_TAG = 'out-of-scope';

/** Words of a free-text `privilegeLevel`, tried in this order (the first level that matches). */
export const PRIVILEGE_WORDS: readonly [Exclude<PrivilegeLevel, 'unknown'>, readonly string[]][] = [
  [
    'unprivileged',
    ['limited', 'low', 'unprivileged', 'nonprivileged', 'restricted', 'minimal', 'guest', 'least'],
  ],
  ['root', ['root', 'system', 'administrator', 'admin', 'superuser', 'kernel']],
  ['elevated', ['elevated', 'high', 'privileged', 'sudo']],
  ['standard', ['standard', 'normal', 'user', 'medium', 'default']],
];

/**
 * Keys Threat Dragon writes on cells (v1) or in `data` (v2) that are read, derived (recomputed
 * by Threat Dragon on load: `hasOpenThreats`, `isTrustBoundary`, `threatFrequency`) or only
 * about drawing. Any other key is reported once by name.
 */
const KNOWN_KEYS: ReadonlySet<string> = new Set([
  ...'name description type outOfScope reasonOutOfScope threats hasOpenThreats isTrustBoundary threatFrequency protocol isBidirectional privilegeLevel'.split(
    ' ',
  ),
  ...Object.values(FLAG_PROPERTIES).flatMap((rows) => rows.map(([key]) => key)),
  ...Object.values(FLAG_TAGS).flatMap((rows) => rows.map(([key]) => key)),
]);
/** Drawing keys of v1 cells (JointJS), ignored. */
const V1_DRAWING_KEYS: ReadonlySet<string> = new Set(
  'id position size angle z attrs labels source target vertices smooth embeds parent ports markup router connector'.split(
    ' ',
  ),
);
const THREAT_KEYS: ReadonlySet<string> = new Set(
  'id threatId title status severity type description mitigation modelType number score new'.split(
    ' ',
  ),
);

// ---------------------------------------------------------------------------------------------
// Small helpers.

function isRecord(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function record(value: unknown): Tree {
  return isRecord(value) ? value : {};
}

/** Threat Dragon wraps names over lines in its shapes; a Gatehouse name is one line. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** `1 threat`, `2 threats`; `many` for words whose plural is not just an added "s". */
function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** A point with both coordinates finite and within ±`MAX_COORDINATE`, or null. */
function readPoint(value: unknown): Point | null {
  if (!isRecord(value)) return null;
  const { x, y } = value;
  const ok = (n: unknown): n is number =>
    typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= MAX_COORDINATE;
  return ok(x) && ok(y) ? { x, y } : null;
}

function readSize(value: unknown): Size | null {
  if (!isRecord(value)) return null;
  const { width, height } = value;
  const ok = (n: unknown): n is number =>
    typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_COORDINATE;
  return ok(width) && ok(height) ? { width, height } : null;
}

function center(position: Point, size: Size): PolylinePoint {
  return { x: position.x + size.width / 2, y: position.y + size.height / 2 };
}

// ---------------------------------------------------------------------------------------------
// Reading cells of either version into one shape.

/** An end of a flow or boundary line: a cell it is attached to, or a free point. */
type End = { cell: string } | { point: Point } | null;

interface Cell {
  path: PathSegment[];
  /** The ID in the file (generated when the file has none). */
  foreignId: string;
  hasGeneratedId: boolean;
  kind: CellKind | null;
  /** The shape or type as written, for messages about unknown kinds. */
  written: string;
  /** Where the properties live: `data` in v2, the cell itself in v1. */
  properties: Tree;
  propertiesPath: PathSegment[];
  name: string;
  position: Point | null;
  size: Size | null;
  source: End;
  target: End;
  vertices: Point[];
  threats: unknown[];
  threatsPath: PathSegment[];
}

/** The label drawn on a v1 shape or a link, where v1 keeps names it has no `name` for. */
function drawnName(cell: Tree): string | null {
  const attrs = record(cell['attrs']);
  const fromAttrs = text(record(attrs['text'])['text']) ?? text(record(attrs['label'])['text']);
  if (fromAttrs !== null && fromAttrs !== '') return fromAttrs;
  const labels = cell['labels'];
  if (Array.isArray(labels) && labels.length > 0) {
    const labelAttrs = record(record(labels[0])['attrs']);
    return text(record(labelAttrs['text'])['text']) ?? text(record(labelAttrs['label'])['text']);
  }
  return null;
}

function readEnd(value: unknown, idKey: 'cell' | 'id'): End {
  if (!isRecord(value)) return null;
  const id = text(value[idKey]) ?? text(value['cell']) ?? text(value['id']);
  if (id !== null && id !== '') return { cell: id };
  const point = readPoint(value);
  return point === null ? null : { point };
}

function readCell(raw: Tree, path: PathSegment[], version: 1 | 2, fallbackId: string): Cell {
  const data = version === 2 ? record(raw['data']) : raw;
  const shape = text(raw['shape']);
  const type = text(data['type']) ?? text(raw['type']);
  const kind =
    (version === 2 && shape !== null ? SHAPE_KINDS.get(shape) : undefined) ??
    (type !== null ? TYPE_KINDS.get(type) : undefined) ??
    null;
  const threatsValue = Array.isArray(data['threats']) ? data['threats'] : raw['threats'];
  const threatsPath =
    version === 2 && Array.isArray(data['threats'])
      ? [...path, 'data', 'threats']
      : [...path, 'threats'];
  const id = text(raw['id']);
  const vertices = Array.isArray(raw['vertices'])
    ? raw['vertices'].flatMap((vertex) => readPoint(vertex) ?? [])
    : [];
  return {
    path,
    foreignId: id !== null && id !== '' ? id : fallbackId,
    hasGeneratedId: id === null || id === '',
    kind,
    written: shape ?? type ?? '',
    properties: data,
    propertiesPath: version === 2 ? [...path, 'data'] : path,
    name: oneLine(text(data['name']) ?? drawnName(raw) ?? ''),
    position: readPoint(raw['position']),
    size: readSize(raw['size']),
    source: readEnd(raw['source'], version === 2 ? 'cell' : 'id'),
    target: readEnd(raw['target'], version === 2 ? 'cell' : 'id'),
    vertices,
    threats: Array.isArray(threatsValue) ? threatsValue : [],
    threatsPath,
  };
}

function describeCell(cell: Cell): string {
  const kind = cell.kind === null ? 'cell' : KIND_WORDS[cell.kind];
  return cell.name !== '' ? `${kind} ${quote(cell.name)}` : `${kind} ${quote(cell.foreignId)}`;
}

// ---------------------------------------------------------------------------------------------
// The document.

interface DiagramRead {
  id: string;
  name: string;
  description: string;
  cells: Cell[];
}

interface DocumentRead {
  version: 1 | 2;
  name: string;
  description: string;
  diagrams: DiagramRead[];
}

function notThreatDragon(fileName: string, detail: string): InputError {
  return new InputError(
    `${fileName}: not a Threat Dragon model: ${detail} (expected a JSON object with "summary" and "detail.diagrams").`,
  );
}

/** v1 files have no `version`; v2 writes it and keeps cells in `cells`, not `diagramJson`. */
function versionOf(value: unknown): string {
  const tree = record(value);
  const written = text(tree['version'])?.trim() ?? '';
  if (written !== '') return /^[0-9A-Za-z.+-]{1,20}$/.test(written) ? written : '2';
  const diagrams = record(tree['detail'])['diagrams'];
  const hasCells =
    Array.isArray(diagrams) &&
    diagrams.some((diagram) => isRecord(diagram) && Array.isArray(diagram['cells']));
  return hasCells ? '2' : '1';
}

function readDocument(value: unknown, fileName: string, out: Reporter): DocumentRead {
  if (!isRecord(value)) throw notThreatDragon(fileName, 'the file is not a JSON object');
  const detail = value['detail'];
  if (!isRecord(detail)) throw notThreatDragon(fileName, '"detail" is missing or not an object');
  const diagrams = detail['diagrams'];
  if (!Array.isArray(diagrams))
    throw notThreatDragon(fileName, '"detail.diagrams" is missing or not a list');

  const versionText = text(value['version'])?.trim() ?? '';
  const version: 1 | 2 = versionOf(value) === '1' ? 1 : 2;
  if (versionText !== '' && !versionText.startsWith('2'))
    out.warn(
      say`The file says it is Threat Dragon version ${quote(versionText)}: read as version 2, the newest format this importer knows.`,
    );

  const summary = record(value['summary']);
  const title = oneLine(text(summary['title']) ?? '');
  if (title === '') out.warn(say`The file has no model title: the model is named after the file.`);
  const name = out.clipped(
    title !== '' ? title : fileName.replace(/\.json$/i, ''),
    NAME_MAX,
    'The model title',
  );
  const people: string[] = [];
  const owner = text(summary['owner'])?.trim() ?? '';
  if (owner !== '') people.push(`Owner: ${owner}`);
  const reviewer = text(detail['reviewer'])?.trim() ?? '';
  if (reviewer !== '') people.push(`Reviewer: ${reviewer}`);
  const contributors = Array.isArray(detail['contributors'])
    ? detail['contributors'].flatMap((entry) => {
        const contributor = (isRecord(entry) ? text(entry['name']) : text(entry))?.trim() ?? '';
        return contributor === '' ? [] : [contributor];
      })
    : [];
  if (contributors.length > 0) people.push(`Contributors: ${contributors.join(', ')}`);
  if (people.length > 0)
    out.mapping(
      'owner, reviewer and contributors',
      say`kept in the model description (Gatehouse has no people fields for a model)`,
    );
  const description = out.clipped(
    [text(summary['description'])?.trim() ?? '', people.join('\n')]
      .filter((part) => part !== '')
      .join('\n\n'),
    TEXT_MAX,
    'The model description',
  );

  const read: DiagramRead[] = [];
  diagrams.forEach((diagram, index) => {
    const path: PathSegment[] = ['detail', 'diagrams', index];
    if (!isRecord(diagram)) {
      out.unmapped(path, `diagram ${index + 1}`, say`not an object: skipped`);
      return;
    }
    const diagramTitle = oneLine(text(diagram['title']) ?? '');
    const label = diagramTitle !== '' ? diagramTitle : `Diagram ${index + 1}`;
    if (read.length >= MAX_DIAGRAMS) {
      out.unmapped(path, label, say`a model holds at most ${MAX_DIAGRAMS} diagrams: skipped`);
      return;
    }
    const diagramJson = record(diagram['diagramJson']);
    const cellsValue = Array.isArray(diagram['cells']) ? diagram['cells'] : diagramJson['cells'];
    const cellsPath: PathSegment[] = Array.isArray(diagram['cells'])
      ? [...path, 'cells']
      : [...path, 'diagramJson', 'cells'];
    if (cellsValue !== undefined && cellsValue !== null && !Array.isArray(cellsValue))
      out.unmapped(cellsPath, label, say`the diagram's cells are not a list: imported empty`);
    const cells = (Array.isArray(cellsValue) ? cellsValue : []).flatMap((cell, cellIndex) => {
      const cellPath = [...cellsPath, cellIndex];
      if (!isRecord(cell)) {
        out.unmapped(cellPath, `cell ${cellIndex + 1}`, say`not an object: skipped`);
        return [];
      }
      // Version by shape: a v2 file may still hold a diagram saved the v1 way.
      const cellVersion = Array.isArray(diagram['cells']) ? version : 1;
      return [readCell(cell, cellPath, cellVersion, `td-${index + 1}-${cellIndex + 1}`)];
    });
    const methodology = text(diagram['diagramType'])?.trim() ?? '';
    if (methodology !== '')
      out.mapping(
        `diagram ${quote(label)}: type ${quote(methodology)}`,
        say`one Gatehouse diagram`,
      );
    read.push({
      id: `diagram-${read.length + 1}`,
      name: clip(label, NAME_MAX),
      description: out.clipped(
        text(diagram['description'])?.trim() ?? '',
        TEXT_MAX,
        `The description of diagram ${quote(label)}`,
      ),
      cells,
    });
  });
  if (read.length === 0) out.warn(say`The file has no diagrams: the model has one empty diagram.`);
  return {
    version,
    name,
    description,
    diagrams: read,
  };
}

// ---------------------------------------------------------------------------------------------
// Building the model parts.

/** Everything imported, in model tree form, plus what threats and lines need to find. */
interface Parts {
  diagrams: Tree[];
  elements: Tree[];
  flows: Tree[];
  boundaries: Tree[];
  manualThreats: Tree[];
  triage: Tree[];
}

/** An imported element or zone on its way into the tree. */
interface Placed {
  cell: Cell;
  draft: Draft;
  kind: ElementKind | 'zone';
  properties: Map<string, string>;
}

/** How far an import got with one cell: what it became, for threats and flow endpoints. */
interface Imported {
  target: Target;
  what: string;
}

/** A cell of the diagram being imported, with what it became. */
interface Entry {
  cell: Cell;
  imported: Imported | null;
  node: Placed | null;
}

class ThreatDragonImport {
  private readonly usedIds = new Map<string, string>();
  private readonly unknownKeys = new Map<string, { first: PathSegment[]; count: number }>();
  private readonly outOfScope: string[] = [];
  private readonly unnamed: string[] = [];
  private readonly generatedIds: string[] = [];
  private readonly parts: Parts = {
    diagrams: [],
    elements: [],
    flows: [],
    boundaries: [],
    manualThreats: [],
    triage: [],
  };
  private readonly manualIds = new Set<string>();
  private readonly typeUse = new Map<string, { decision: TypeDecision | null; names: string[] }>();
  private threatsWithoutId = 0;
  /** Loose flow ends attached to an element on the diagram being imported, for its warning. */
  private readonly snapped: string[] = [];
  /** Element rectangles left to compare loose flow ends with (see `MAX_CROSSING_WORK`). */
  private snapBudget = MAX_CROSSING_WORK;

  constructor(
    private readonly doc: DocumentRead,
    private readonly out: Reporter,
  ) {}

  run(): Parts {
    const diagrams = this.doc.diagrams.length > 0 ? this.doc.diagrams : [this.emptyDiagram()];
    for (const diagram of diagrams) this.importDiagram(diagram);
    this.summarize();
    return this.parts;
  }

  private emptyDiagram(): DiagramRead {
    return { id: 'diagram-1', name: this.doc.name, description: '', cells: [] };
  }

  /** Reserves a Gatehouse ID for a cell; false (and reported) when another cell has it. */
  private claim(cell: Cell, what: string): string | null {
    if (cell.hasGeneratedId) this.generatedIds.push(what);
    const id = this.out.id(cell.foreignId);
    const previous = this.usedIds.get(id);
    if (previous !== undefined) {
      this.out.unmapped(
        cell.path,
        cell.name !== '' ? cell.name : cell.foreignId,
        say`${what} skipped: its ID ${quote(cell.foreignId)} is already used by ${previous}`,
      );
      return null;
    }
    this.usedIds.set(id, what);
    return id;
  }

  private noteUnknownKeys(cell: Cell, version: 'data' | 'cell'): void {
    for (const key of Object.keys(cell.properties)) {
      if (KNOWN_KEYS.has(key) || (version === 'cell' && V1_DRAWING_KEYS.has(key))) continue;
      this.noteKey(key, cell.propertiesPath);
    }
  }

  private importDiagram(diagram: DiagramRead): void {
    const { out } = this;
    const notes: string[] = [];
    const placed: Placed[] = [];
    const byForeignId = new Map<string, Entry>();
    const flows: Cell[] = [];
    const curves: Cell[] = [];

    for (const cell of diagram.cells) {
      this.noteUnknownKeys(cell, cell.propertiesPath === cell.path ? 'cell' : 'data');
      const what = describeCell(cell);
      if (byForeignId.has(cell.foreignId) || this.usedIds.has(out.id(cell.foreignId))) {
        this.claim(cell, what);
        this.threatsNotImported(cell, `${what} was not imported`);
        continue;
      }
      const entry: Entry = { cell, imported: null, node: null };
      byForeignId.set(cell.foreignId, entry);
      switch (cell.kind) {
        case null:
          out.unmapped(
            cell.path,
            cell.name !== '' ? cell.name : cell.foreignId,
            say`unknown cell shape or type ${quote(cell.written)}: not imported`,
          );
          this.threatsNotImported(cell, `${what} was not imported`);
          break;
        case 'text':
          if (cell.name !== '') notes.push(cell.name);
          out.unmapped(
            cell.path,
            cell.name !== '' ? cell.name : cell.foreignId,
            say`text on the diagram: Gatehouse diagrams hold no free text, so it is kept in the diagram's description`,
          );
          break;
        case 'flow':
          flows.push(cell);
          break;
        case 'curve':
          curves.push(cell);
          this.threatsNotImported(cell, `${what} is a trust boundary`);
          break;
        case 'box': {
          const item = this.placeNode(cell, what, diagram, 'zone');
          if (item !== null) {
            placed.push(item);
            entry.node = item;
          }
          this.threatsNotImported(cell, `${what} is a trust boundary`);
          break;
        }
        default: {
          const item = this.placeNode(cell, what, diagram, ELEMENT_KINDS[cell.kind]);
          if (item === null) {
            this.threatsNotImported(cell, `${what} was not imported`);
            break;
          }
          placed.push(item);
          entry.node = item;
          entry.imported = { target: { role: 'element', id: item.draft.id }, what };
        }
      }
    }

    // What the file does not draw goes on a grid below the drawing; membership of zones is
    // computed from the geometry afterwards, so nothing is "within" anything here.
    const zones = placed.filter((item) => item.kind === 'zone');
    const elements = placed.filter((item) => item.kind !== 'zone');
    const undrawn = placed.filter((item) => item.draft.position === null).length;
    layout(
      zones.map((item) => item.draft),
      elements.map((item) => item.draft),
    );
    if (undrawn > 0)
      out.warn(
        say`Diagram ${quote(diagram.name)}: ${plural(undrawn, 'element or boundary box', 'elements or boundary boxes')} had no usable position: placed on a grid below the drawing.`,
      );
    for (const item of placed) this.emitNode(item, diagram);

    const centerOf = (id: string): PolylinePoint | null => {
      const item = byForeignId.get(id)?.node ?? null;
      if (item === null || item.draft.position === null) return null;
      const size =
        item.draft.size ??
        (item.kind === 'zone' ? DEFAULT_ZONE_SIZE : DEFAULT_ELEMENT_SIZE[item.kind]);
      return center(item.draft.position, size);
    };

    const drawnFlows: { id: string; points: PolylinePoint[] }[] = [];
    for (const cell of flows) {
      const flow = this.importFlow(cell, diagram, byForeignId);
      if (flow === null) continue;
      byForeignId.get(cell.foreignId)!.imported = flow.imported;
      const start = centerOf(flow.sourceForeignId);
      const end = centerOf(flow.targetForeignId);
      if (start !== null && end !== null)
        drawnFlows.push({ id: flow.imported.target.id, points: [start, ...cell.vertices, end] });
    }
    const lines = curves.flatMap((cell) => this.importCurve(cell, diagram, centerOf) ?? []);
    this.computeCrossings(lines, drawnFlows, diagram);

    for (const { cell, imported } of byForeignId.values())
      if (imported !== null) this.importThreats(cell, imported);

    const description = [
      diagram.description,
      notes.length > 0 ? `Text on the Threat Dragon diagram:\n${notes.join('\n')}` : '',
    ]
      .filter((part) => part !== '')
      .join('\n\n');
    if (this.snapped.length > 0)
      out.warn(
        say`${plural(this.snapped.length, 'flow end')} drawn loose within ${SNAP_DISTANCE} units of an element attached to it (${examples(this.snapped)}).`,
      );
    this.snapped.length = 0;
    this.parts.diagrams.push({
      id: diagram.id,
      name: diagram.name,
      description: out.clipped(description, TEXT_MAX, `The description of ${quote(diagram.name)}`),
    });
  }

  /** An element or zone draft, or null when the model is full or the ID is taken. */
  private placeNode(
    cell: Cell,
    what: string,
    diagram: DiagramRead,
    kind: ElementKind | 'zone',
  ): Placed | null {
    const isZone = kind === 'zone';
    const count = isZone ? this.parts.boundaries.length : this.parts.elements.length;
    const max = isZone ? MAX_BOUNDARIES : MAX_ELEMENTS;
    if (count >= max) {
      this.out.unmapped(
        cell.path,
        cell.name,
        say`a model holds at most ${max} ${isZone ? 'boundaries' : 'elements'}: skipped`,
      );
      return null;
    }
    const id = this.claim(cell, what);
    if (id === null) return null;
    if (cell.position === null && cell.path.length > 0)
      this.out.unmapped(
        [...cell.path, 'position'],
        cell.name !== '' ? cell.name : cell.foreignId,
        say`${what} has no usable position (two numbers within ±${MAX_COORDINATE}): placed on a grid`,
      );
    const { name, description, tags, properties } = this.commonTexts(cell, what, diagram);
    if (kind !== 'zone') this.readElementProperties(cell, what, kind, properties, tags);
    const size = cell.size ?? (isZone && cell.position !== null ? { ...DEFAULT_ZONE_SIZE } : null);
    return {
      cell,
      kind,
      properties,
      draft: { id, name, description, tags, within: null, position: cell.position, size },
    };
  }

  /** Name (the kind's word when empty), description, out-of-scope tag and reason. */
  private commonTexts(
    cell: Cell,
    what: string,
    diagram: DiagramRead,
  ): { name: string; description: string; tags: string[]; properties: Map<string, string> } {
    const { out } = this;
    let name = cell.name;
    if (name === '' && cell.kind !== 'curve' && cell.kind !== 'box') {
      name = cell.kind === null ? 'Unnamed' : capitalize(KIND_WORDS[cell.kind]);
      this.unnamed.push(`${quote(cell.foreignId)} on ${quote(diagram.name)}`);
    }
    const tags: string[] = [];
    const parts = [text(cell.properties['description'])?.trim() ?? ''];
    if (cell.properties['outOfScope'] === true) {
      tags.push(OUT_OF_SCOPE_TAG);
      const reason = text(cell.properties['reasonOutOfScope'])?.trim() ?? '';
      parts.push(
        reason === ''
          ? 'Out of scope in Threat Dragon (no reason given).'
          : `Out of scope in Threat Dragon: ${reason}`,
      );
      this.outOfScope.push(cell.name !== '' ? cell.name : cell.foreignId);
    }
    return {
      name: out.clipped(name, NAME_MAX, `The name of ${what}`),
      description: out.clipped(
        parts.filter((part) => part !== '').join('\n\n'),
        TEXT_MAX,
        `The description of ${what}`,
      ),
      tags,
      properties: new Map(),
    };
  }

  /** Flags that map to properties, flags kept as tags, and the privilege level. */
  private readElementProperties(
    cell: Cell,
    what: string,
    kind: ElementKind | 'flow',
    properties: Map<string, string>,
    tags: string[],
  ): void {
    const cellKind = cell.kind;
    if (cellKind === null) return;
    for (const [key, property] of FLAG_PROPERTIES[cellKind] ?? [])
      if (cell.properties[key] === true) properties.set(property, 'yes');
    for (const [key, tag] of FLAG_TAGS[cellKind] ?? []) {
      if (cell.properties[key] !== true) continue;
      tags.push(tag);
      this.out.unmapped(
        [...cell.propertiesPath, key],
        key,
        say`${what}: Gatehouse has no such property; kept as the tag ${quote(tag)}`,
      );
    }
    if (kind === 'process') this.readPrivilegeLevel(cell, what, properties);
  }

  private readPrivilegeLevel(cell: Cell, what: string, properties: Map<string, string>): void {
    const raw = text(cell.properties['privilegeLevel'])?.trim() ?? '';
    if (raw === '') return;
    const words = raw.toLowerCase().split(/[^a-z0-9]+/);
    const squashed = normalizeKey(raw);
    const level = PRIVILEGE_WORDS.find(([, list]) =>
      list.some((word) => words.includes(word) || (word.length > 8 && squashed.includes(word))),
    )?.[0];
    if (level === undefined) {
      this.out.unmapped(
        [...cell.propertiesPath, 'privilegeLevel'],
        raw,
        say`${what}: privilege level not understood: left unknown`,
      );
      return;
    }
    properties.set('privilegeLevel', level);
    this.out.mapping(`privilegeLevel ${quote(raw)} of ${what}`, say`privilegeLevel: ${level}`);
  }

  private emitNode(item: Placed, diagram: DiagramRead): void {
    const { draft } = item;
    const common = {
      id: draft.id,
      diagramId: diagram.id,
      name: draft.name,
      description: draft.description,
      tags: draft.tags,
      position: draft.position ?? { x: 0, y: 0 },
    };
    if (item.kind === 'zone') {
      const found = zoneKindFrom(draft.name);
      if (found !== null)
        this.out.mapping(
          `trust boundary box ${quote(draft.name)}`,
          say`zone of kind ${found.kind} (the name contains ${quote(found.word)})`,
        );
      this.parts.boundaries.push({
        ...common,
        shape: 'zone',
        boundaryKind: found?.kind ?? 'unknown',
        parentId: null,
        size: draft.size ?? { ...DEFAULT_ZONE_SIZE },
      });
      return;
    }
    this.parts.elements.push({
      ...common,
      kind: item.kind,
      zoneId: null,
      ...(draft.size === null ? {} : { size: draft.size }),
      properties: Object.fromEntries(item.properties),
    });
  }

  private importFlow(
    cell: Cell,
    diagram: DiagramRead,
    byForeignId: ReadonlyMap<string, Entry>,
  ): { imported: Imported; sourceForeignId: string; targetForeignId: string } | null {
    const { out } = this;
    const what = describeCell(cell);
    const label = cell.name !== '' ? cell.name : cell.foreignId;
    const skip = (reason: ReturnType<typeof say>): null => {
      out.unmapped(cell.path, label, reason);
      this.threatsNotImported(cell, `${what} was not imported`);
      return null;
    };
    const ends: [End, string][] = [
      [cell.source, 'source'],
      [cell.target, 'target'],
    ];
    const ids: string[] = [];
    const foreignEnds: string[] = [];
    const snapped: string[] = [];
    for (const [end, role] of ends) {
      if (end === null) return skip(say`${what} skipped: its ${role} is missing`);
      const attached = 'point' in end ? this.nearestElement(end.point, byForeignId) : end.cell;
      if (attached === null)
        return skip(say`${what} skipped: its ${role} is a loose end, attached to no element`);
      if ('point' in end) snapped.push(`${label} (${role})`);
      const entry = byForeignId.get(attached);
      if (entry === undefined)
        return skip(
          this.usedIds.has(out.id(attached))
            ? say`${what} skipped: its ${role} ${quote(attached)} is on another diagram`
            : say`${what} skipped: its ${role} ${quote(attached)} is not a cell of the diagram`,
        );
      if (entry.imported?.target.role !== 'element')
        return skip(
          entry.cell.kind === 'box' || entry.cell.kind === 'curve'
            ? say`${what} skipped: its ${role} is a trust boundary, not an element`
            : say`${what} skipped: its ${role} ${describeCell(entry.cell)} was not imported as an element`,
        );
      ids.push(entry.imported.target.id);
      foreignEnds.push(attached);
    }
    if (ids[0] === ids[1]) return skip(say`${what} skipped: it connects an element to itself`);
    if (this.parts.flows.length >= MAX_FLOWS)
      return skip(say`a model holds at most ${MAX_FLOWS} flows: skipped`);
    const id = this.claim(cell, what);
    if (id === null) {
      this.threatsNotImported(cell, `${what} was not imported`);
      return null;
    }
    const { name, description, tags, properties } = this.commonTexts(cell, what, diagram);
    this.readElementProperties(cell, what, 'flow', properties, tags);
    const protocol = text(cell.properties['protocol'])?.trim() ?? '';
    if (protocol !== '')
      properties.set('protocol', out.clipped(protocol, PROTOCOL_MAX, `The protocol of ${what}`));
    if (cell.vertices.length > MAX_WAYPOINTS)
      out.unmapped(
        [...cell.path, 'vertices'],
        label,
        say`${what}: a flow keeps at most ${MAX_WAYPOINTS} bend points; the rest are dropped`,
      );
    this.snapped.push(...snapped);
    this.parts.flows.push({
      id,
      diagramId: diagram.id,
      sourceId: ids[0],
      targetId: ids[1],
      bidirectional: cell.properties['isBidirectional'] === true,
      name,
      description,
      tags,
      properties: Object.fromEntries(properties),
      waypoints: cell.vertices.slice(0, MAX_WAYPOINTS),
    });
    return {
      imported: { target: { role: 'flow', id }, what },
      sourceForeignId: foreignEnds[0]!,
      targetForeignId: foreignEnds[1]!,
    };
  }

  /**
   * The element a loose flow end was meant for: Threat Dragon lets a flow end near a shape
   * without attaching it (its own demo model does). The one element whose rectangle lies within
   * `SNAP_DISTANCE` of the point, the nearest when several do; none when two are equally near.
   */
  private nearestElement(point: Point, byForeignId: ReadonlyMap<string, Entry>): string | null {
    this.snapBudget -= byForeignId.size;
    if (this.snapBudget < 0) return null;
    let best: string | null = null;
    let bestDistance = Infinity;
    for (const [foreignId, entry] of byForeignId) {
      const node = entry.node;
      if (node === null || node.kind === 'zone' || node.draft.position === null) continue;
      const { x, y } = node.draft.position;
      const { width, height } = node.draft.size ?? DEFAULT_ELEMENT_SIZE[node.kind];
      const dx = Math.max(x - point.x, 0, point.x - (x + width));
      const dy = Math.max(y - point.y, 0, point.y - (y + height));
      const distance = Math.hypot(dx, dy);
      if (distance > SNAP_DISTANCE) continue;
      if (distance < bestDistance) {
        best = foreignId;
        bestDistance = distance;
      } else if (distance === bestDistance) best = null;
    }
    return best;
  }

  /** A trust-boundary curve as a line boundary: source, bend points, target. */
  private importCurve(
    cell: Cell,
    diagram: DiagramRead,
    centerOf: (foreignId: string) => PolylinePoint | null,
  ): { id: string; points: PolylinePoint[]; tree: Tree } | null {
    const { out } = this;
    const what = describeCell(cell);
    const label = cell.name !== '' ? cell.name : cell.foreignId;
    const endPoint = (end: End): PolylinePoint | null =>
      end === null ? null : 'point' in end ? end.point : centerOf(end.cell);
    const start = endPoint(cell.source);
    const end = endPoint(cell.target);
    if (start === null || end === null) {
      out.unmapped(
        cell.path,
        label,
        say`${what} skipped: its source or target is neither a point nor a drawn cell`,
      );
      return null;
    }
    if (this.parts.boundaries.length >= MAX_BOUNDARIES) {
      out.unmapped(
        cell.path,
        label,
        say`a model holds at most ${MAX_BOUNDARIES} boundaries: skipped`,
      );
      return null;
    }
    const id = this.claim(cell, what);
    if (id === null) return null;
    let points = [start, ...cell.vertices, end];
    if (points.length > MAX_LINE_POINTS) {
      out.unmapped(
        [...cell.path, 'vertices'],
        label,
        say`${what}: a line keeps at most ${MAX_LINE_POINTS} points; the bend points beyond are dropped`,
      );
      points = [...points.slice(0, MAX_LINE_POINTS - 1), end];
    }
    const { name, description, tags } = this.commonTexts(cell, what, diagram);
    const tree: Tree = {
      id,
      diagramId: diagram.id,
      name,
      description,
      tags,
      shape: 'line',
      points,
      crossingFlowIds: [],
    };
    this.parts.boundaries.push(tree);
    return { id, points, tree };
  }

  /** Which drawn flows cross each line: Threat Dragon does not store it, the model does. */
  private computeCrossings(
    lines: readonly { points: PolylinePoint[]; tree: Tree }[],
    flows: readonly { id: string; points: PolylinePoint[] }[],
    diagram: DiagramRead,
  ): void {
    if (lines.length === 0 || flows.length === 0) return;
    const segments = (list: readonly { points: PolylinePoint[] }[]) =>
      list.reduce((sum, item) => sum + item.points.length - 1, 0);
    if (segments(lines) * segments(flows) > MAX_CROSSING_WORK) {
      this.out.warn(
        say`Diagram ${quote(diagram.name)} is too large to compute which flows cross its trust boundary lines: the lines were imported without crossing flows.`,
      );
      return;
    }
    for (const line of lines)
      line.tree['crossingFlowIds'] = flows
        .filter((flow) => polylinesCross(flow.points, line.points))
        .map((flow) => flow.id);
  }

  private threatsNotImported(cell: Cell, why: string): void {
    cell.threats.forEach((threat, index) => {
      const title = isRecord(threat) ? (text(threat['title']) ?? '') : '';
      this.out.unmapped(
        [...cell.threatsPath, index],
        title !== '' ? title : `threat ${index + 1}`,
        say`${why}, so neither is its threat`,
      );
    });
  }

  private importThreats(cell: Cell, imported: Imported): void {
    const { out } = this;
    cell.threats.forEach((raw, index) => {
      const path = [...cell.threatsPath, index];
      if (!isRecord(raw)) {
        out.unmapped(path, `threat ${index + 1}`, say`not an object: skipped`);
        return;
      }
      const rawTitle = oneLine(text(raw['title']) ?? '');
      const type = oneLine(text(raw['type']) ?? '');
      const title = out.clipped(
        rawTitle !== '' ? rawTitle : type !== '' ? type : 'Imported threat',
        TITLE_MAX,
        `The title of a threat on ${imported.what}`,
      );
      const threatLabel = `threat ${quote(title)} on ${imported.what}`;
      if (this.parts.manualThreats.length >= MAX_MANUAL_THREATS) {
        out.unmapped(
          path,
          title,
          say`a model holds at most ${MAX_MANUAL_THREATS} manual threats: skipped`,
        );
        return;
      }
      const foreignId = text(raw['id']) ?? text(raw['threatId']) ?? '';
      if (foreignId === '') this.threatsWithoutId++;
      const key = foreignId !== '' ? out.id(foreignId) : `td-threat-${this.threatsWithoutId}`;
      const targets: Target[] = [imported.target];
      const id = threatIdFor(MANUAL_PACK_ID, key, targets);
      if (this.manualIds.has(id)) {
        out.unmapped(path, title, say`${imported.what} lists this threat twice: imported once`);
        return;
      }
      this.manualIds.add(id);
      for (const extra of Object.keys(raw)) if (!THREAT_KEYS.has(extra)) this.noteKey(extra, path);

      const decision = THREAT_TYPE_TABLE.get(normalizeKey(type)) ?? null;
      const use = this.typeUse.get(type);
      if (use === undefined) this.typeUse.set(type, { decision, names: [title] });
      else use.names.push(title);
      const category = decision?.category ?? FALLBACK_CATEGORY;

      const severityText = text(raw['severity'])?.trim() ?? '';
      const scale = SEVERITY_SCALE.get(severityText.toLowerCase());
      if (scale === undefined && severityText !== '' && severityText.toLowerCase() !== 'tbd')
        out.warn(
          say`Unknown severity ${quote(severityText)} on ${threatLabel}: imported as unrated (likelihood 3, impact 3).`,
        );
      const { likelihood, impact } = scale ?? UNRATED;

      const modelType = text(raw['modelType'])?.trim() ?? '';
      const score = text(raw['score'])?.trim() ?? '';
      const mitigation = text(raw['mitigation'])?.trim() ?? '';
      const description = [
        text(raw['description'])?.trim() ?? '',
        mitigation !== '' ? `Mitigation in Threat Dragon: ${mitigation}` : '',
        decision?.exact === true || type === ''
          ? ''
          : `Threat Dragon type: ${type}${modelType !== '' ? ` (${modelType})` : ''}.`,
        severityText !== '' && scale === undefined
          ? `Severity in Threat Dragon: ${severityText}.`
          : '',
        score !== '' ? `Score in Threat Dragon: ${score}.` : '',
      ]
        .filter((part) => part !== '')
        .join('\n\n');
      const number = typeof raw['number'] === 'number' ? ` #${raw['number']}` : '';
      this.parts.manualThreats.push({
        id,
        key,
        category,
        targets,
        title,
        description: out.clipped(description, TEXT_MAX, `The description of ${threatLabel}`),
        likelihood,
        impact,
        // Threat Dragon mitigations are free text (kept in the description): the threat gets
        // its category's catalogue mitigation so that it reaches a story.
        mitigationIds: [DEFAULT_MITIGATION_BY_CATEGORY[category]],
        source: clip(`Threat Dragon: threat${number} ${foreignId || key}`, SOURCE_MAX),
      });
      this.importStatus(raw, id, threatLabel);
    });
  }

  private importStatus(raw: Tree, id: string, threatLabel: string): void {
    const { out } = this;
    const rawStatus = text(raw['status'])?.trim() ?? '';
    const status = normalizeKey(rawStatus);
    if (status === '' || status === 'open') {
      out.mapping(`${threatLabel}: status ${quote(rawStatus || 'none')}`, say`open`);
      return;
    }
    const shown = clip(rawStatus, 100);
    const known = APPROVAL_OR_STORY_STATUSES.has(status);
    const notes = known
      ? `Imported from Threat Dragon with the status "${shown}". In Gatehouse a threat is mitigated only when a done story covers it, and accepted or not applicable only with an approval, so it comes in as investigating.`
      : `Imported from Threat Dragon with the status "${shown}", which Gatehouse does not know, so it comes in as investigating.`;
    this.parts.triage.push({ threatId: id, status: 'investigating', notes });
    out.mapping(
      `${threatLabel}: status ${quote(rawStatus)}`,
      say`investigating (the original status is kept in the triage notes)`,
    );
    if (!known)
      out.warn(
        say`Unknown threat status ${quote(rawStatus)} on ${threatLabel}: imported as investigating.`,
      );
  }

  private noteKey(key: string, path: readonly PathSegment[]): void {
    const use = this.unknownKeys.get(key);
    if (use === undefined) this.unknownKeys.set(key, { first: [...path, key], count: 1 });
    else use.count++;
  }

  /** Report lines that sum up the whole file rather than one cell. */
  private summarize(): void {
    const { out } = this;
    for (const [key, use] of [...this.unknownKeys].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      out.unmapped(
        use.first,
        key,
        say`unknown key, ignored (${plural(use.count, 'place')} in the file; the first is given)`,
      );
    for (const [type, use] of [...this.typeUse].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const source = `threat type ${quote(type || 'none')} (${plural(use.names.length, 'threat')})`;
      if (use.decision === null) {
        out.mapping(source, say`${FALLBACK_CATEGORY} (no STRIDE counterpart)`);
        out.warn(
          type === ''
            ? say`${plural(use.names.length, 'threat')} without a type (${examples(use.names)}): imported as ${FALLBACK_CATEGORY}.`
            : say`Threat type ${quote(type)} has no STRIDE counterpart (${examples(use.names)}): imported as ${FALLBACK_CATEGORY}, the type kept in the description.`,
        );
      } else
        out.mapping(
          source,
          use.decision.exact
            ? { text: use.decision.category, reason: 'a STRIDE category' }
            : say`${use.decision.category} (closest STRIDE category to ${use.decision.method} ${quote(type)})`,
        );
    }
    const investigating = this.parts.triage.length;
    if (investigating > 0)
      out.warn(
        say`${plural(investigating, 'imported threat')} had a status that needs a story or an approval in Gatehouse: imported as investigating, with the original status in the triage notes.`,
      );
    if (this.outOfScope.length > 0)
      out.warn(
        say`${plural(this.outOfScope.length, 'element or flow', 'elements or flows')} marked out of scope (${examples(this.outOfScope)}): imported with the tag "${OUT_OF_SCOPE_TAG}" and the reason in the description; the rules still analyse them.`,
      );
    if (this.unnamed.length > 0)
      out.warn(
        say`${plural(this.unnamed.length, 'element or flow', 'elements or flows')} had no name (${examples(this.unnamed)}): named after their kind.`,
      );
    if (this.generatedIds.length > 0)
      out.warn(
        say`${plural(this.generatedIds.length, 'cell')} had no ID (${examples(this.generatedIds)}): given one from its place in the file.`,
      );
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Up to three names, quoted, for a report line. */
function examples(names: readonly string[]): string {
  const distinct = [...new Set(names)];
  return `${distinct.slice(0, 3).map(quote).join(', ')}${distinct.length > 3 ? ', …' : ''}`;
}

// ---------------------------------------------------------------------------------------------
// The import.

/**
 * Imports a Threat Dragon model (v2, or v1 as Threat Dragon 1.x saved it). Throws `InputError`
 * for a file that is not a Threat Dragon model or cannot be read; everything else comes across
 * or is named in the report.
 */
export function importThreatDragon(text: string, fileName: string): ImportResult {
  if (text.slice(0, 1024).includes('\u0000'))
    throw new InputError(
      `${fileName}: the file holds NUL characters, so it is not UTF-8 text (saved as UTF-16?); Threat Dragon files are UTF-8 JSON.`,
    );
  const { value, dropped } = parseForeignText(text, fileName, FORMAT);
  const out = new Reporter(`threat-dragon-${versionOf(value)}`, fileName);
  const doc = readDocument(value, fileName, out);
  if (text.includes('\ufffd'))
    out.warn(
      say`The file holds replacement characters (U+FFFD): text that could not be decoded, so it was probably saved in another encoding than UTF-8; names may be garbled.`,
    );
  out.droppedKeys(dropped);

  const parts = new ThreatDragonImport(doc, out).run();
  let model = validatedModel(
    {
      name: doc.name,
      description: doc.description,
      diagrams: parts.diagrams,
      elements: parts.elements,
      flows: parts.flows,
      boundaries: parts.boundaries,
      manualThreats: parts.manualThreats,
      threats: parts.triage,
    },
    'Threat Dragon',
    fileName,
  );
  // Threat Dragon stores no membership: an element belongs to the boundary box drawn around
  // it, as in Gatehouse's editor.
  for (const diagram of model.diagrams) model = assignContainment(model, diagram.id);
  return { model, report: countModel(out.report, model) };
}

/** Marks only Threat Dragon writes: its cell types, v1's `diagramJson`, v2's shapes. */
const STRONG_MARK =
  /"(?:tm\.(?:Actor|Process|Store|Flow|Boundary|BoundaryBox|Text)|trust-boundary-(?:box|curve)|td-text-block)"|"diagramJson"\s*:/;

/**
 * Threat Dragon v2 and v1 JSON: a `detail` with `diagrams`, plus a cell type or shape only
 * Threat Dragon writes, or (for models without cells) a `summary` and Threat Dragon's
 * `diagramType` or `contributors`. Never an OTM or Gatehouse file.
 */
export function detectThreatDragon(head: string): boolean {
  if (/"otmVersion"\s*:/.test(head) || /"format"\s*:\s*"gatehouse-model"/.test(head)) return false;
  if (!/"detail"\s*:\s*\{/.test(head) || !/"diagrams"\s*:\s*\[/.test(head)) return false;
  return (
    STRONG_MARK.test(head) ||
    (/"summary"\s*:\s*\{/.test(head) && /"(?:diagramType|contributors)"\s*:/.test(head))
  );
}

/** OWASP Threat Dragon v2 and v1 JSON. */
export const THREAT_DRAGON_IMPORTER: ForeignImporter = {
  format: 'threat-dragon',
  label: 'OWASP Threat Dragon (v2 or v1 JSON)',
  extensions: ['.json'],
  detect: detectThreatDragon,
  import: importThreatDragon,
};
