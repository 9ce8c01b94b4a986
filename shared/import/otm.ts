/**
 * Import of Open Threat Model files (OTM 0.1.x and 0.2.x, JSON or YAML) into a Gatehouse model.
 *
 * The mapping tables, the trust-zone heuristic, the attributes read and what is reported as
 * unmapped are documented for users in `docs/otm-import.md`; keep the two in step.
 *
 * The function is pure: text in, model and report out. The file is untrusted: it is bounded in
 * size and depth before and after parsing, prototype-polluting keys are dropped and reported
 * (a foreign format), its text only ever becomes plain string values, and lookups keyed by its
 * IDs use `Map`, never object keys. Problems with the file throw `InputError`; a model that fails
 * validation after a successful mapping is Gatehouse's bug and throws a plain `Error` instead,
 * so it is never passed off as bad input.
 */
import { DEFAULT_MITIGATION_BY_CATEGORY } from '../threats/defaultMitigations';
import {
  YAMLParseError,
  parse as parseYaml,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type ToJSOptions,
} from 'yaml';
import { InputError, formatPath, type InputIssue, type PathSegment } from '../model/errors';
import { MANUAL_PACK_ID, mapForeignId, threatIdFor } from '../model/ids';
import { modelFromTree } from '../model/parseModel';
import {
  CURRENT_SCHEMA_VERSION,
  MODEL_FORMAT,
  STRIDE_CATEGORIES,
  type BoundaryKind,
  type ElementKind,
  type StrideCategory,
  type Target,
} from '../model/schema';
import { checkTree, parseUntrustedJson, type TreeLimits } from '../util/untrustedJson';
import { countModel, emptyReport, type ImportReport, type ImportResult } from './importReport';

/** Bounds for OTM input: checked before parsing (size) and on the parsed tree (depth). */
export const OTM_LIMITS: TreeLimits = {
  maxBytes: 32 * 1024 * 1024,
  maxDepth: 64,
  forbiddenKeys: 'drop',
};

/** The single diagram every OTM import produces (OTM has one architecture per file). */
export const OTM_DIAGRAM_ID = 'main';

// Limits of the model schema (`shared/model/schema.ts`), repeated here so that a file beyond
// them is refused as input, or clipped and reported, instead of failing validation at the end.
const NAME_MAX = 200;
const TEXT_MAX = 20_000;
const TAG_MAX = 64;
const TAGS_MAX = 64;
const PROTOCOL_MAX = 100;
const TECHNOLOGY_MAX = 200;
const TITLE_MAX = 500;
const SOURCE_MAX = 500;
const CWE_MAX = 20;
const MAX_ELEMENTS = 200_000;
const MAX_FLOWS = 400_000;
const MAX_ZONES = 20_000;
const MAX_MANUAL_THREATS = 100_000;

// Grid layout used when the file carries no diagram positions.
const ELEMENT_SIZE = { width: 160, height: 80 } as const;
const DEFAULT_ZONE_SIZE = { width: 400, height: 300 } as const;
const GAP = 40;
const ZONE_PADDING = 40;
/** Room for the zone's title above its content. */
const ZONE_HEADER = 40;
const MIN_ZONE_SIZE = { width: 240, height: 160 } as const;
const LAYOUT_ORIGIN = { x: 40, y: 40 } as const;

/** At most this many under-indented quoted lines are repaired (see `repairableLine`). */
const MAX_YAML_REPAIRS = 20;
/** Repairs re-parse the file, so they are tried only on files of hand-written size. */
const MAX_REPAIRABLE_YAML = 1024 * 1024;

type Tree = Record<string, unknown>;
interface Point {
  x: number;
  y: number;
}
interface Size {
  width: number;
  height: number;
}
type EntityKind = 'human' | 'system' | 'unknown';

// ---------------------------------------------------------------------------------------------
// Mapping tables (documented in docs/otm-import.md).

/** A list of words written as one string, to keep long vocabularies readable. */
function words(text: string): string[] {
  return text.split(' ');
}

interface KindDecision {
  kind: ElementKind;
  /** For external entities: whether a person operates it. */
  entityKind?: EntityKind;
}

const PROCESS: KindDecision = { kind: 'process' };
const STORE: KindDecision = { kind: 'dataStore' };
const HUMAN: KindDecision = { kind: 'externalEntity', entityKind: 'human' };
const SYSTEM: KindDecision = { kind: 'externalEntity', entityKind: 'system' };
const SOMEONE: KindDecision = { kind: 'externalEntity', entityKind: 'unknown' };

/** A lookup from groups of words (each group one space-separated string) to a decision. */
function byWords(groups: readonly [KindDecision, string][]): Map<string, KindDecision> {
  return new Map(groups.flatMap(([decision, list]) => words(list).map((w) => [w, decision])));
}

/**
 * Component `type` (normalized: lower case, `_` and spaces as `-`) → element kind. Queues and
 * caches hold data between writers and readers, so they are stores.
 */
export const COMPONENT_TYPE_TABLE: ReadonlyMap<string, KindDecision> = byWords([
  [
    HUMAN,
    'user human person web-client browser mobile-client android-device-client ios-device-client desktop-client',
  ],
  [SOMEONE, 'actor generic-client'],
  [SYSTEM, 'external-system external-service third-party-service'],
  [
    STORE,
    'database sql-database nosql-database mongodb postgresql mysql dynamodb rds redis memcached cache elasticache s3 storage blob-storage object-storage filesystem file-system queue message-queue message-broker sqs kafka rabbitmq secrets-manager key-vault',
  ],
  [
    PROCESS,
    'web-service web-application web-server api api-gateway rest-api graphql-api microservice generic-service backend frontend lambda aws-lambda-function azure-function cloud-function load-balancer reverse-proxy cdn elastic-container-service kubernetes docker-container ec2 ec2-instance virtual-machine identity-provider',
  ],
]);

/**
 * When the table has no entry, the last word of the type names what the component is
 * (`customer-database`, `user-service`, `redis-cache`), so it decides the kind.
 */
export const HEAD_WORDS: ReadonlyMap<string, KindDecision> = byWords([
  [
    STORE,
    'database db datastore store storage bucket queue cache table blob disk volume filesystem file files topic vault registry',
  ],
  [HUMAN, 'user users person customer human browser'],
  [SOMEONE, 'client actor'],
  [
    PROCESS,
    'service server api gateway app application function lambda microservice worker job proxy balancer container pod instance vm backend frontend',
  ],
]);

/**
 * Trust-zone words, tried in this order on the zone's `type`, then on its name. `words` match
 * anywhere; `tokens` (short, so easily part of other words) only as a whole word. More specific
 * kinds come first: "Public Cloud" is a cloud account, not the internet.
 */
export const ZONE_KEYWORDS: readonly {
  kind: Exclude<BoundaryKind, 'unknown'>;
  words: readonly string[];
  tokens: readonly string[];
}[] = [
  { kind: 'container', words: ['container', 'kubernetes', 'docker'], tokens: ['k8s', 'pod'] },
  { kind: 'device', words: ['device', 'mobile'], tokens: [] },
  { kind: 'dmz', words: ['demilitari'], tokens: ['dmz'] },
  { kind: 'cloud-account', words: ['cloud', 'azure'], tokens: ['aws', 'gcp', 'vpc'] },
  {
    kind: 'internal-network',
    words: ['private', 'internal', 'intranet', 'corporate'],
    tokens: ['lan'],
  },
  { kind: 'internet', words: ['internet', 'public', 'external', 'untrusted'], tokens: ['www'] },
];

/** A zone without a telling word is taken as the internet when it is trusted this little. */
export const UNTRUSTED_RATING = 20;

const STRIDE_BY_KEY: ReadonlyMap<string, StrideCategory> = new Map(
  STRIDE_CATEGORIES.map((category) => [category.toLowerCase(), category]),
);

/** OTM threat states that mean "still open" here; any other state comes in as investigating. */
const OPEN_STATES: ReadonlySet<string> = new Set(
  words('exposed expose open new identified unmitigated'),
);
/** States that need a story (mitigated) or an approval (the others) in Gatehouse. */
const APPROVAL_OR_STORY_STATES: ReadonlySet<string> = new Set(
  words(
    'mitigated mitigate partly-mitigated partially-mitigated partly-mitigate not-applicable notapplicable na n/a accepted accept transferred',
  ),
);

// ---------------------------------------------------------------------------------------------
// Small helpers.

function isNil(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function isRecord(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Null, empty text, empty lists and empty maps carry nothing worth reporting. */
function isEmpty(value: unknown): boolean {
  if (isNil(value) || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value)) return Object.keys(value).length === 0;
  return false;
}

/** Lower case, `_` and white space as `-`: how types, states and values are compared. */
function normalizeWord(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Attribute names compare without case, `-`, `_` or spaces (`internet-facing` = `internetFacing`). */
function normalizeKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Cuts `text` to `max` UTF-16 units, ending with "…", never inside a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A short, quoted form of user text for report lines. */
function quote(text: string): string {
  return `"${clip(text, 80)}"`;
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function firstLine(text: string): string {
  const index = text.indexOf('\n');
  return index < 0 ? text : text.slice(0, index);
}

/** Re-throws an `InputError` with the file name in front of its summary. */
function withFileName(error: InputError, fileName: string): InputError {
  return new InputError(`${fileName}: ${firstLine(error.message)}`, error.issues);
}

// ---------------------------------------------------------------------------------------------
// Parsing: text → checked tree.

/**
 * YAML 1.2 core schema only: no custom or language tags, no merge keys, duplicate keys refused,
 * and aliases bounded (a "billion laughs" file stops at 100).
 */
const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions & ToJSOptions = {
  version: '1.2',
  schema: 'core',
  customTags: [],
  merge: false,
  uniqueKeys: true,
  maxAliasCount: 100,
  intAsBigInt: false,
  mapAsMap: false,
  logLevel: 'error',
  prettyErrors: true,
};

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The official OTM 0.2.0 example (and hand-written files like it) closes a multi-line quoted
 * text on a line indented less than YAML 1.2 allows; PyYAML, which the OTM tools use, reads it
 * anyway. Continuation lines of quoted text are folded with their indentation removed, so
 * indenting such a line changes nothing in the value. Returns the index of the line to indent,
 * or null when the error is anything else.
 */
function repairableLine(source: string, error: unknown): number | null {
  if (!(error instanceof YAMLParseError) || error.code !== 'MISSING_CHAR') return null;
  if (!/closing .?quote/i.test(error.message)) return null;
  const cut = source.indexOf('\n', error.pos[0]);
  if (cut < 0) return null;
  const lines = source.slice(0, cut).split('\n');
  const previous = lines[lines.length - 1] ?? '';
  const nextEnd = source.indexOf('\n', cut + 1);
  const next = source.slice(cut + 1, nextEnd < 0 ? source.length : nextEnd);
  if (next.trim() === '' || indentOf(next) > indentOf(previous)) return null;
  return lines.length;
}

function parseYamlText(body: string, fileName: string): { value: unknown; repaired: number[] } {
  let source = body;
  const repaired: number[] = [];
  for (;;) {
    try {
      return { value: parseYaml(source, YAML_OPTIONS), repaired };
    } catch (error) {
      const line =
        body.length <= MAX_REPAIRABLE_YAML && repaired.length < MAX_YAML_REPAIRS
          ? repairableLine(source, error)
          : null;
      if (line !== null) {
        const lines = source.split('\n');
        const previous = lines[line - 1] ?? '';
        const current = lines[line] ?? '';
        lines[line] = ' '.repeat(indentOf(previous) + 2) + current.trimStart();
        source = lines.join('\n');
        repaired.push(line + 1);
        continue;
      }
      // Whatever the YAML parser throws was caused by the text. A stack overflow (thrown as is,
      // or caught by the parser and reported as a YAML error) means nesting far deeper than any
      // real file.
      const message = error instanceof Error ? firstLine(error.message) : 'unreadable';
      if (error instanceof RangeError || message.includes('Maximum call stack size exceeded')) {
        throw new InputError(
          `${fileName}: the YAML is nested too deeply to read (the limit is ${OTM_LIMITS.maxDepth} levels).`,
        );
      }
      throw new InputError(`${fileName}: the file is not valid YAML or JSON: ${message}`);
    }
  }
}

function parseOtmText(
  text: string,
  fileName: string,
): { value: unknown; dropped: PathSegment[][]; repaired: number[] } {
  // Checked first so that no parser ever sees an oversized file.
  if (text.length > OTM_LIMITS.maxBytes) {
    throw new InputError(
      `${fileName}: the file is too large (${text.length} characters; the limit for an Open Threat Model file is ${OTM_LIMITS.maxBytes}).`,
    );
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart();
  if (start === '') {
    throw new InputError(
      `${fileName}: the file is empty (expected an Open Threat Model document in JSON or YAML).`,
    );
  }
  if (start.startsWith('<')) {
    throw new InputError(
      `${fileName}: the file looks like XML or HTML, not an Open Threat Model document (expected JSON or YAML with "otmVersion").`,
    );
  }
  if (start.startsWith('{')) {
    try {
      const checked = parseUntrustedJson(body, OTM_LIMITS);
      return { value: checked.value, dropped: checked.droppedKeys, repaired: [] };
    } catch (error) {
      if (error instanceof InputError) throw withFileName(error, fileName);
      throw error;
    }
  }
  const { value, repaired } = parseYamlText(body, fileName);
  try {
    const checked = checkTree(value, OTM_LIMITS);
    return { value: checked.value, dropped: checked.droppedKeys, repaired };
  } catch (error) {
    if (error instanceof InputError) throw withFileName(error, fileName);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading: checked tree → typed OTM records. Structural problems are collected as issues (one
// `InputError` lists them all); what can be skipped is reported instead.

interface Attribute {
  name: string;
  value: unknown;
  path: PathSegment[];
}

interface RepresentationEntry {
  path: PathSegment[];
  representation: string | null;
  label: string;
  position: unknown;
  size: unknown;
  attributes: unknown;
}

interface ParentRef {
  kind: 'zone' | 'component';
  id: string;
}

interface ThreatInstance {
  path: PathSegment[];
  threatId: string;
  state: string | null;
  mitigations: { id: string | null; state: string | null }[];
}

interface OtmItem {
  path: PathSegment[];
  foreignId: string;
  name: string | null;
  description: string | null;
  tags: unknown[];
  tagsPath: PathSegment[];
  attributes: Attribute[];
}

interface OtmZone extends OtmItem {
  type: string | null;
  trustRating: number | null;
  parent: ParentRef | null;
  representations: RepresentationEntry[];
}

interface OtmComponent extends OtmItem {
  type: string | null;
  parent: ParentRef | null;
  representations: RepresentationEntry[];
  threats: ThreatInstance[];
}

interface OtmDataflow extends OtmItem {
  source: string | null;
  destination: string | null;
  bidirectional: unknown;
  threats: ThreatInstance[];
}

interface OtmThreat {
  path: PathSegment[];
  foreignId: string;
  name: string | null;
  description: string | null;
  categories: string[];
  cwes: unknown[];
  likelihood: unknown;
  impact: unknown;
  likelihoodComment: string | null;
  impactComment: string | null;
}

interface OtmDocument {
  version: string;
  projectName: string | null;
  projectDescription: string | null;
  /** The first `diagram` representation: the one whose positions are used. */
  diagram: { id: string; label: string } | null;
  /** Every declared representation's type, by ID (to explain why a shape is not read). */
  representationTypes: Map<string, string>;
  zones: OtmZone[];
  components: OtmComponent[];
  dataflows: OtmDataflow[];
  threats: OtmThreat[];
  mitigationNames: Map<string, string>;
}

const ROOT_KEYS = new Set(
  words(
    'otmVersion project representations assets components dataflows trustZones threats mitigations',
  ),
);
const PROJECT_KEYS = new Set(words('name id description owner ownerContact tags attributes'));
const ZONE_KEYS = new Set(
  words('id name type description risk parent representations attributes tags'),
);
const COMPONENT_KEYS = new Set(
  words('id name type description parent representations assets threats tags attributes'),
);
const DATAFLOW_KEYS = new Set(
  words(
    'id name description bidirectional source destination assets threats tags attributes representations',
  ),
);
const THREAT_KEYS = new Set(words('id name description categories cwes risk tags attributes'));
/** OTM 0.1.x and 0.2.x (YAML may also write `0.2` as a number). */
function isSupportedVersion(version: string): boolean {
  return /^0\.[12]$/.test(version) || /^0\.[12]\.\d{1,9}$/.test(version);
}

/** Collects what the import could not carry or had to decide, for the report. */
class Reporter {
  readonly report: ImportReport;
  private readonly mappedIds = new Set<string>();

  constructor(format: string, fileName: string) {
    this.report = emptyReport(format, fileName);
  }

  unmapped(path: readonly PathSegment[], name: string, reason: string): void {
    this.report.unmapped.push({ path: formatPath(path), name: clip(name, 200), reason });
  }

  warn(message: string): void {
    this.report.warnings.push(message);
  }

  mapping(source: string, result: string): void {
    this.report.mappings.push({ source, result });
  }

  /** A Gatehouse ID for a foreign one; mapped IDs are listed once in the report. */
  id(foreignId: string): string {
    const { id, mapped } = mapForeignId(foreignId);
    if (mapped && !this.mappedIds.has(foreignId)) {
      this.mappedIds.add(foreignId);
      this.report.idMappings.push({ foreignId: clip(foreignId, 300), id });
    }
    return id;
  }

  /** `text` cut to `max` characters, with a warning naming `what` when it was longer. */
  clipped(text: string, max: number, what: string): string {
    if (text.length <= max) return text;
    this.warn(`${what} was ${text.length} characters long: cut to ${max}.`);
    return clip(text, max);
  }
}

class OtmReader {
  readonly issues: InputIssue[] = [];

  constructor(private readonly out: Reporter) {}

  fail(path: readonly PathSegment[], message: string): void {
    this.issues.push({ path: [...path], message });
  }

  record(value: unknown, path: readonly PathSegment[]): Tree | null {
    if (isNil(value)) return null;
    if (isRecord(value)) return value;
    this.fail(path, 'expected an object');
    return null;
  }

  list(value: unknown, path: readonly PathSegment[]): unknown[] {
    if (isNil(value)) return [];
    if (Array.isArray(value)) return value;
    this.fail(path, 'expected a list');
    return [];
  }

  /** Text, accepting numbers and booleans as YAML writes them (`name: 2024`). */
  text(value: unknown, path: readonly PathSegment[]): string | null {
    if (isNil(value)) return null;
    const text = scalarText(value);
    if (text === null) this.fail(path, 'expected text');
    return text;
  }

  id(value: unknown, path: readonly PathSegment[]): string | null {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    this.fail(path, isNil(value) ? 'an ID is required' : 'expected an ID (text)');
    return null;
  }

  /** An optional reference (a dataflow's source, a threat instance's threat). */
  ref(value: unknown): string | null {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return null;
  }

  unknownKeys(record: Tree, known: ReadonlySet<string>, path: readonly PathSegment[]): void {
    for (const key of Object.keys(record)) {
      if (!known.has(key) && !isNil(record[key])) {
        this.out.unmapped([...path, key], key, 'not an OTM 0.2.0 field: not read');
      }
    }
  }

  attributes(value: unknown, path: readonly PathSegment[]): Attribute[] {
    if (isNil(value)) return [];
    const attributes: Attribute[] = [];
    const add = (record: Tree, at: readonly PathSegment[]): void => {
      for (const name of Object.keys(record))
        attributes.push({ name, value: record[name], path: [...at, name] });
    };
    if (isRecord(value)) add(value, path);
    else if (Array.isArray(value)) {
      // Early OTM examples wrote attributes as a list of one-key maps.
      value.forEach((item, index) => {
        if (isRecord(item)) add(item, [...path, index]);
        else if (!isNil(item))
          this.out.unmapped([...path, index], 'attribute', 'not a name: value pair');
      });
    } else this.fail(path, 'expected a map of attributes');
    return attributes;
  }

  parent(value: unknown, path: readonly PathSegment[], owner: string): ParentRef | null {
    const record = this.record(value, path);
    if (record === null) return null;
    const zone = this.ref(record['trustZone']);
    const component = this.ref(record['component']);
    if (zone !== null) {
      if (component !== null)
        this.out.unmapped(
          [...path, 'component'],
          component,
          `${owner} names both a trust zone and a component as parent: the trust zone is used`,
        );
      return { kind: 'zone', id: zone };
    }
    if (component !== null) return { kind: 'component', id: component };
    // Early OTM drafts wrote `parent: { id, type: trustZone | component }`.
    const id = this.ref(record['id']);
    const type = typeof record['type'] === 'string' ? normalizeKey(record['type']) : '';
    if (id !== null && type === 'trustzone') return { kind: 'zone', id };
    if (id !== null && type === 'component') return { kind: 'component', id };
    if (!isEmpty(record))
      this.out.unmapped(path, 'parent', `${owner}: the parent names no trust zone or component`);
    return null;
  }

  representations(value: unknown, path: readonly PathSegment[]): RepresentationEntry[] {
    return this.list(value, path).flatMap((item, index): RepresentationEntry[] => {
      const at = [...path, index];
      const record = this.record(item, at);
      if (record === null) return [];
      const representation = this.ref(record['representation']);
      const label =
        scalarText(record['name']) ?? scalarText(record['id']) ?? `representation ${index + 1}`;
      return [
        {
          path: at,
          representation,
          label,
          position: record['position'],
          size: record['size'],
          attributes: record['attributes'],
        },
      ];
    });
  }

  threatInstances(value: unknown, path: readonly PathSegment[]): ThreatInstance[] {
    return this.list(value, path).flatMap((item, index): ThreatInstance[] => {
      const at = [...path, index];
      const record = this.record(item, at);
      if (record === null) return [];
      const threatId = this.ref(record['threat']);
      if (threatId === null) {
        this.out.unmapped(at, 'threat', 'the threat instance names no threat');
        return [];
      }
      const mitigations = this.list(record['mitigations'], [...at, 'mitigations']).flatMap(
        (entry) =>
          isRecord(entry)
            ? [{ id: this.ref(entry['mitigation']), state: scalarText(entry['state']) }]
            : [],
      );
      return [{ path: at, threatId, state: scalarText(record['state']), mitigations }];
    });
  }

  item(record: Tree, path: readonly PathSegment[]): OtmItem | null {
    const foreignId = this.id(record['id'], [...path, 'id']);
    const name = this.text(record['name'], [...path, 'name']);
    const description = this.text(record['description'], [...path, 'description']);
    const tagsPath = [...path, 'tags'];
    const tags = this.list(record['tags'], tagsPath);
    const attributes = this.attributes(record['attributes'], [...path, 'attributes']);
    if (foreignId === null) return null;
    return { path: [...path], foreignId, name, description, tags, tagsPath, attributes };
  }

  read(root: unknown, fileName: string): OtmDocument {
    if (!isRecord(root) || isNil(root['otmVersion'])) {
      throw new InputError(
        `${fileName}: not an Open Threat Model file: expected a JSON or YAML object with "otmVersion" (0.1.0 or 0.2.0), "project", "trustZones", "components" and "dataflows".`,
        [{ path: ['otmVersion'], message: 'required' }],
      );
    }
    const version = scalarText(root['otmVersion'])?.trim() ?? '';
    if (!isSupportedVersion(version)) {
      throw new InputError(
        `${fileName}: unsupported Open Threat Model version ${quote(version)} (Gatehouse reads OTM 0.1.x and 0.2.x).`,
        [{ path: ['otmVersion'], message: 'expected 0.1.x or 0.2.x' }],
      );
    }
    this.unknownKeys(root, ROOT_KEYS, []);

    const project = this.record(root['project'], ['project']);
    let projectName: string | null = null;
    let projectDescription: string | null = null;
    if (project !== null) {
      projectName = this.text(project['name'], ['project', 'name']);
      projectDescription = this.text(project['description'], ['project', 'description']);
      this.unknownKeys(project, PROJECT_KEYS, ['project']);
      for (const key of ['id', 'owner', 'ownerContact', 'tags', 'attributes']) {
        if (!isEmpty(project[key]))
          this.out.unmapped(['project', key], key, 'a Gatehouse model has no project ' + key);
      }
    }

    let diagram: OtmDocument['diagram'] = null;
    const representationTypes = new Map<string, string>();
    this.list(root['representations'], ['representations']).forEach((item, index) => {
      const path = ['representations', index];
      const record = this.record(item, path);
      if (record === null) return;
      const id = this.ref(record['id']);
      const label = scalarText(record['name']) ?? id ?? `representation ${index + 1}`;
      const type = scalarText(record['type']);
      if (id !== null && !representationTypes.has(id)) representationTypes.set(id, type ?? '');
      if (diagram === null && id !== null && type !== null && normalizeWord(type) === 'diagram') {
        diagram = { id, label };
        this.out.mapping(
          `representation ${quote(label)} (diagram)`,
          `positions and sizes on diagram "${OTM_DIAGRAM_ID}"`,
        );
      } else {
        this.out.unmapped(
          path,
          label,
          type !== null && normalizeWord(type) === 'diagram'
            ? 'only the first diagram representation is used for positions'
            : `representations of type ${quote(type ?? 'none')} have no counterpart in a Gatehouse model`,
        );
      }
    });

    this.list(root['assets'], ['assets']).forEach((item, index) => {
      const label = isRecord(item)
        ? (scalarText(item['name']) ?? scalarText(item['id']) ?? `asset ${index + 1}`)
        : `asset ${index + 1}`;
      this.out.unmapped(
        ['assets', index],
        label,
        'assets have no counterpart in a Gatehouse model (set data classification and PII on flows and stores instead)',
      );
    });

    const mitigationNames = new Map<string, string>();
    this.list(root['mitigations'], ['mitigations']).forEach((item, index) => {
      const path = ['mitigations', index];
      const record = this.record(item, path);
      if (record === null) return;
      const id = this.ref(record['id']);
      const label = scalarText(record['name']) ?? id ?? `mitigation ${index + 1}`;
      if (id !== null && !mitigationNames.has(id)) mitigationNames.set(id, label);
      this.out.unmapped(
        path,
        label,
        'OTM mitigations are not Gatehouse catalogue mitigations: they are named in the descriptions of the threats that list them',
      );
    });

    const zones = this.list(root['trustZones'], ['trustZones']).flatMap((item, index) => {
      const path = ['trustZones', index];
      const record = this.record(item, path);
      if (record === null) return [];
      const base = this.item(record, path);
      const type = this.text(record['type'], [...path, 'type']);
      const risk = this.record(record['risk'], [...path, 'risk']);
      const rating = risk?.['trustRating'];
      const trustRating = typeof rating === 'number' && Number.isFinite(rating) ? rating : null;
      if (risk !== null && trustRating === null && !isNil(rating))
        this.out.unmapped([...path, 'risk', 'trustRating'], 'trustRating', 'not a number');
      const parent = this.parent(record['parent'], [...path, 'parent'], 'trust zone');
      const representations = this.representations(record['representations'], [
        ...path,
        'representations',
      ]);
      this.unknownKeys(record, ZONE_KEYS, path);
      return base === null ? [] : [{ ...base, type, trustRating, parent, representations }];
    });

    const components = this.list(root['components'], ['components']).flatMap((item, index) => {
      const path = ['components', index];
      const record = this.record(item, path);
      if (record === null) return [];
      const base = this.item(record, path);
      const type = this.text(record['type'], [...path, 'type']);
      const parent = this.parent(record['parent'], [...path, 'parent'], 'component');
      const representations = this.representations(record['representations'], [
        ...path,
        'representations',
      ]);
      const threats = this.threatInstances(record['threats'], [...path, 'threats']);
      if (!isEmpty(record['assets']))
        this.out.unmapped(
          [...path, 'assets'],
          scalarText(record['name']) ?? 'assets',
          'asset references (processed, stored) have no counterpart in a Gatehouse model',
        );
      this.unknownKeys(record, COMPONENT_KEYS, path);
      return base === null ? [] : [{ ...base, type, parent, representations, threats }];
    });

    const dataflows = this.list(root['dataflows'], ['dataflows']).flatMap((item, index) => {
      const path = ['dataflows', index];
      const record = this.record(item, path);
      if (record === null) return [];
      const base = this.item(record, path);
      const threats = this.threatInstances(record['threats'], [...path, 'threats']);
      const label = scalarText(record['name']) ?? 'dataflow';
      if (!isEmpty(record['assets']))
        this.out.unmapped(
          [...path, 'assets'],
          label,
          'asset references have no counterpart in a Gatehouse model',
        );
      if (!isEmpty(record['representations']))
        this.out.unmapped(
          [...path, 'representations'],
          label,
          'dataflow shapes are not read: flows are drawn between their elements',
        );
      this.unknownKeys(record, DATAFLOW_KEYS, path);
      if (base === null) return [];
      return [
        {
          ...base,
          source: this.ref(record['source']),
          destination: this.ref(record['destination']),
          bidirectional: record['bidirectional'],
          threats,
        },
      ];
    });

    const threats = this.list(root['threats'], ['threats']).flatMap((item, index) => {
      const path = ['threats', index];
      const record = this.record(item, path);
      if (record === null) return [];
      const foreignId = this.id(record['id'], [...path, 'id']);
      const name = this.text(record['name'], [...path, 'name']);
      const description = this.text(record['description'], [...path, 'description']);
      const categories = this.list(record['categories'], [...path, 'categories']).flatMap(
        (category) => {
          const text = scalarText(category);
          return text === null ? [] : [text];
        },
      );
      const cwes = this.list(record['cwes'], [...path, 'cwes']);
      const risk = this.record(record['risk'], [...path, 'risk']);
      for (const key of ['tags', 'attributes']) {
        if (!isEmpty(record[key]))
          this.out.unmapped(
            [...path, key],
            key,
            `threat ${key} have no counterpart on a Gatehouse threat`,
          );
      }
      this.unknownKeys(record, THREAT_KEYS, path);
      if (foreignId === null) return [];
      return [
        {
          path,
          foreignId,
          name,
          description,
          categories,
          cwes,
          likelihood: risk?.['likelihood'],
          impact: risk?.['impact'],
          likelihoodComment: scalarText(risk?.['likelihoodComment']),
          impactComment: scalarText(risk?.['impactComment']),
        },
      ];
    });

    return {
      version,
      projectName,
      projectDescription,
      diagram,
      representationTypes,
      zones,
      components,
      dataflows,
      threats,
      mitigationNames,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Typed properties from attributes.

type Parser = (value: unknown) => string | undefined;

const YES = new Set(['yes', 'y', 'true', '1', 'on', 'enabled', 'required']);
const NO = new Set(['no', 'n', 'false', '0', 'off', 'disabled', 'none']);

const triState: Parser = (value) => {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = scalarText(value);
  if (text === null) return undefined;
  const word = normalizeWord(text);
  if (YES.has(word)) return 'yes';
  if (NO.has(word)) return 'no';
  if (word === 'unknown') return 'unknown';
  return undefined;
};

/**
 * Yes/no, or the name of a mechanism that implies yes (`TLS 1.3`, `AES-256`). A negation in
 * front (`no TLS`, `not-encrypted`, `without auth`) means no, whatever follows.
 */
function mechanism(yesWords: readonly string[], noWords: readonly string[]): Parser {
  return (value) => {
    const plain = triState(value);
    if (plain !== undefined) return plain;
    const text = scalarText(value);
    if (text === null) return undefined;
    const word = normalizeWord(text);
    if (noWords.includes(word) || /^(no|not|non|without)-/.test(word)) return 'no';
    if (yesWords.some((yes) => word.includes(yes))) return 'yes';
    return undefined;
  };
}

const encryption = mechanism(
  ['tls', 'ssl', 'https', 'aes', 'ipsec', 'wireguard', 'ssh', 'sftp', 'kms'],
  ['plaintext', 'cleartext', 'clear-text', 'unencrypted', 'http', 'ftp', 'telnet'],
);
const authentication = mechanism(
  words(
    'oauth oidc openid jwt saml basic mtls api-key apikey kerberos password token certificate ntlm',
  ),
  ['anonymous', 'unauthenticated'],
);

function oneOf(table: Record<string, string>): Parser {
  const entries = new Map(Object.entries(table));
  return (value) => {
    const text = scalarText(value);
    return text === null ? undefined : entries.get(normalizeWord(text));
  };
}

const classification = oneOf({
  public: 'public',
  internal: 'internal',
  confidential: 'confidential',
  sensitive: 'confidential',
  restricted: 'restricted',
  secret: 'restricted',
  'top-secret': 'restricted',
  'highly-confidential': 'restricted',
  unknown: 'unknown',
});
const privilege = oneOf({
  unprivileged: 'unprivileged',
  standard: 'standard',
  user: 'standard',
  elevated: 'elevated',
  admin: 'elevated',
  administrator: 'elevated',
  root: 'root',
  system: 'root',
  unknown: 'unknown',
});
const entityKind = oneOf({
  human: 'human',
  person: 'human',
  user: 'human',
  system: 'system',
  service: 'system',
  unknown: 'unknown',
});
const freeText: Parser = (value) => scalarText(value) ?? undefined;

interface PropertyRule {
  /** Attribute names, compared by `normalizeKey`. */
  names: readonly string[];
  property: string;
  parse: Parser;
  /** For free text: the schema's length limit. */
  max?: number;
}

/** Which attribute sets which typed property, per kind (docs/otm-import.md, "Attributes"). */
export const ATTRIBUTE_RULES: Readonly<Record<ElementKind | 'flow', readonly PropertyRule[]>> = {
  flow: [
    { names: ['protocol'], property: 'protocol', parse: freeText, max: PROTOCOL_MAX },
    {
      names: ['encryption', 'encrypted', 'encryptedInTransit', 'tls'],
      property: 'encryptedInTransit',
      parse: encryption,
    },
    {
      names: ['authentication', 'authenticated'],
      property: 'authenticated',
      parse: authentication,
    },
    {
      names: ['classification', 'dataClassification'],
      property: 'dataClassification',
      parse: classification,
    },
    {
      names: ['carriesCredentials', 'credentials'],
      property: 'carriesCredentials',
      parse: triState,
    },
  ],
  process: [
    {
      names: ['internetFacing', 'exposedToInternet'],
      property: 'internetFacing',
      parse: triState,
    },
    {
      names: ['authentication', 'authenticated', 'authenticatesCallers'],
      property: 'authenticatesCallers',
      parse: authentication,
    },
    { names: ['privilegeLevel', 'privilege'], property: 'privilegeLevel', parse: privilege },
    {
      names: ['handlesUntrustedInput', 'untrustedInput'],
      property: 'handlesUntrustedInput',
      parse: triState,
    },
    { names: ['technology', 'tech'], property: 'technology', parse: freeText, max: TECHNOLOGY_MAX },
  ],
  dataStore: [
    {
      names: ['encryption', 'encrypted', 'encryptedAtRest'],
      property: 'encryptedAtRest',
      parse: encryption,
    },
    { names: ['pii', 'holdsPii', 'personalData'], property: 'holdsPii', parse: triState },
    { names: ['credentials', 'holdsCredentials'], property: 'holdsCredentials', parse: triState },
    { names: ['secrets', 'holdsSecrets'], property: 'holdsSecrets', parse: triState },
    { names: ['auditLogging', 'auditLog', 'audit'], property: 'auditLogging', parse: triState },
    { names: ['backups', 'backup'], property: 'backups', parse: triState },
  ],
  externalEntity: [
    { names: ['entityKind'], property: 'entityKind', parse: entityKind },
    { names: ['trusted'], property: 'trusted', parse: triState },
  ],
};

function rulesByName(rules: readonly PropertyRule[]): ReadonlyMap<string, PropertyRule> {
  return new Map(
    rules.flatMap((rule) =>
      rule.names.map((name): [string, PropertyRule] => [normalizeKey(name), rule]),
    ),
  );
}

/** `ATTRIBUTE_RULES` by normalized attribute name, so each attribute is one lookup. */
const RULES_BY_NAME: Readonly<Record<ElementKind | 'flow', ReadonlyMap<string, PropertyRule>>> = {
  flow: rulesByName(ATTRIBUTE_RULES.flow),
  process: rulesByName(ATTRIBUTE_RULES.process),
  dataStore: rulesByName(ATTRIBUTE_RULES.dataStore),
  externalEntity: rulesByName(ATTRIBUTE_RULES.externalEntity),
};

const KIND_LABEL: Record<ElementKind | 'flow', string> = {
  flow: 'dataflow',
  process: 'process',
  dataStore: 'data store',
  externalEntity: 'external entity',
};

function applyAttributes(
  kind: ElementKind | 'flow',
  attributes: readonly Attribute[],
  owner: string,
  out: Reporter,
): Map<string, string> {
  const properties = new Map<string, string>();
  const setBy = new Map<string, string>();
  const rules = RULES_BY_NAME[kind];
  for (const attribute of attributes) {
    const rule = rules.get(normalizeKey(attribute.name));
    if (rule === undefined) {
      if (!isNil(attribute.value))
        out.unmapped(
          attribute.path,
          attribute.name,
          `no Gatehouse property of a ${KIND_LABEL[kind]} corresponds`,
        );
      continue;
    }
    if (isNil(attribute.value)) continue;
    const earlier = setBy.get(rule.property);
    if (earlier !== undefined) {
      out.unmapped(
        attribute.path,
        attribute.name,
        `${rule.property} is already set from the attribute ${quote(earlier)}`,
      );
      continue;
    }
    let parsed = rule.parse(attribute.value);
    if (parsed === undefined) {
      const shown = scalarText(attribute.value);
      out.unmapped(
        attribute.path,
        attribute.name,
        shown === null
          ? `not a value for ${rule.property}`
          : `the value ${quote(shown)} is not understood for ${rule.property}`,
      );
      continue;
    }
    if (rule.max !== undefined)
      parsed = out.clipped(parsed, rule.max, `The ${rule.property} of ${owner}`);
    properties.set(rule.property, parsed);
    setBy.set(rule.property, attribute.name);
    out.mapping(`attribute ${quote(attribute.name)} of ${owner}`, `${rule.property}: ${parsed}`);
  }
  return properties;
}

// ---------------------------------------------------------------------------------------------
// Kinds.

function tokensOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token !== '');
}

function zoneKindFrom(text: string): { kind: BoundaryKind; word: string } | null {
  const lower = text.toLowerCase();
  const tokens = tokensOf(text);
  for (const entry of ZONE_KEYWORDS) {
    const word =
      entry.words.find((candidate) => lower.includes(candidate)) ??
      entry.tokens.find((candidate) => tokens.includes(candidate));
    if (word !== undefined) return { kind: entry.kind, word };
  }
  return null;
}

function decideZoneKind(zone: OtmZone): { kind: BoundaryKind; why: string } {
  if (zone.type !== null) {
    const found = zoneKindFrom(zone.type);
    if (found !== null) return { kind: found.kind, why: `the type contains "${found.word}"` };
  }
  if (zone.name !== null) {
    const found = zoneKindFrom(zone.name);
    if (found !== null) return { kind: found.kind, why: `the name contains "${found.word}"` };
  }
  if (zone.trustRating !== null && zone.trustRating <= UNTRUSTED_RATING) {
    return {
      kind: 'internet',
      why: `no telling word, and trustRating ${zone.trustRating} is ${UNTRUSTED_RATING} or lower (untrusted)`,
    };
  }
  return { kind: 'unknown', why: 'no telling word in the type or name' };
}

function decideComponentKind(type: string | null): {
  decision: KindDecision;
  how: 'table' | 'head-word' | 'unknown';
} {
  if (type === null) return { decision: PROCESS, how: 'unknown' };
  const normalized = normalizeWord(type);
  const listed = COMPONENT_TYPE_TABLE.get(normalized);
  if (listed !== undefined) return { decision: listed, how: 'table' };
  const tokens = tokensOf(type);
  const head = HEAD_WORDS.get(tokens[tokens.length - 1] ?? '');
  if (head !== undefined) return { decision: head, how: 'head-word' };
  return { decision: PROCESS, how: 'unknown' };
}

function describeDecision(decision: KindDecision): string {
  return decision.kind === 'externalEntity'
    ? `externalEntity (${decision.entityKind ?? 'unknown'})`
    : decision.kind;
}

// ---------------------------------------------------------------------------------------------
// Threats.

function toScale(value: unknown): { scale: number; note: string } {
  let number: number | null = null;
  if (typeof value === 'number' && Number.isFinite(value)) number = value;
  else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    number = Number(value);
  if (number === null) return { scale: 3, note: 'not given: 3' };
  const clamped = Math.min(100, Math.max(0, number));
  const scale = Math.max(1, Math.ceil(clamped / 20));
  const range = clamped === number ? '' : ` (outside 0–100, taken as ${clamped})`;
  return { scale, note: `${number}/100${range} → ${scale}` };
}

function parseCwe(value: unknown): number | null {
  // CWE IDs are small positive integers; 1e308 is an "integer" too, but no CWE.
  if (typeof value === 'number')
    return Number.isInteger(value) && value > 0 && value <= 9_999_999 ? value : null;
  if (typeof value !== 'string') return null;
  const digits = value.trim().replace(/^cwe[-_ ]?/i, '');
  if (!/^\d{1,7}$/.test(digits)) return null;
  const number = Number(digits);
  return number > 0 ? number : null;
}

interface ThreatTemplate {
  title: string;
  category: StrideCategory;
  likelihood: number;
  impact: number;
  cwe: number[];
  description: string;
}

function threatTemplate(threat: OtmThreat, out: Reporter): ThreatTemplate {
  const shownName = quote(threat.name ?? threat.foreignId);
  const label = `threat ${shownName}`;
  // A title is required: fall back to the ID, and to a fixed text when even that is blank.
  const rawTitle =
    threat.name !== null && threat.name.trim() !== ''
      ? threat.name
      : threat.foreignId.trim() !== ''
        ? threat.foreignId
        : 'Imported threat';
  const title = out.clipped(rawTitle, TITLE_MAX, `The name of ${label}`);

  const strideMatches = threat.categories.flatMap((category) => {
    const match = STRIDE_BY_KEY.get(category.toLowerCase().replace(/[\s_-]+/g, ''));
    return match === undefined ? [] : [match];
  });
  let category: StrideCategory;
  if (strideMatches[0] !== undefined) {
    category = strideMatches[0];
    out.mapping(`categories of ${label}: ${threat.categories.join(', ')}`, category);
  } else {
    category = 'InformationDisclosure';
    out.mapping(
      `categories of ${label}: ${threat.categories.join(', ') || 'none'}`,
      'InformationDisclosure (no STRIDE category given)',
    );
    const given =
      threat.categories.length === 0 ? 'none given' : threat.categories.map(quote).join(', ');
    out.warn(
      `Threat ${shownName} has no STRIDE category (${given}): imported as InformationDisclosure.`,
    );
  }

  const likelihood = toScale(threat.likelihood);
  const impact = toScale(threat.impact);
  out.mapping(
    `risk of ${label}`,
    `likelihood ${likelihood.note}, impact ${impact.note} (0–100 → 1–5)`,
  );

  const cwe: number[] = [];
  threat.cwes.forEach((value, index) => {
    const number = parseCwe(value);
    if (number === null) {
      out.unmapped([...threat.path, 'cwes', index], scalarText(value) ?? 'cwe', 'not a CWE ID');
    } else if (!cwe.includes(number)) {
      if (cwe.length < CWE_MAX) cwe.push(number);
      else
        out.unmapped(
          [...threat.path, 'cwes', index],
          `CWE-${number}`,
          `a threat lists at most ${CWE_MAX} CWE IDs`,
        );
    }
  });

  const parts: string[] = [];
  if (threat.description !== null && threat.description.trim() !== '')
    parts.push(threat.description);
  if (threat.likelihoodComment) parts.push(`Likelihood: ${threat.likelihoodComment}`);
  if (threat.impactComment) parts.push(`Impact: ${threat.impactComment}`);
  const others = threat.categories.filter(
    (name) => STRIDE_BY_KEY.get(name.toLowerCase().replace(/[\s_-]+/g, '')) !== category,
  );
  if (others.length > 0) parts.push(`Other categories in the OTM file: ${others.join(', ')}.`);
  return {
    title,
    category,
    likelihood: likelihood.scale,
    impact: impact.scale,
    cwe,
    description: parts.join('\n\n'),
  };
}

// ---------------------------------------------------------------------------------------------
// Layout.

interface Box {
  width: number;
  height: number;
}

/** Left to right, wrapping into a roughly square grid; offsets from the top-left corner. */
function shelf(boxes: readonly Box[]): { offsets: Point[]; width: number; height: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(boxes.length)));
  const offsets: Point[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  boxes.forEach((box, index) => {
    if (index > 0 && index % columns === 0) {
      x = 0;
      y += rowHeight + GAP;
      rowHeight = 0;
    }
    offsets.push({ x, y });
    width = Math.max(width, x + box.width);
    rowHeight = Math.max(rowHeight, box.height);
    x += box.width + GAP;
  });
  return { offsets, width, height: boxes.length === 0 ? 0 : y + rowHeight };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface ZoneDraft {
  id: string;
  /** Where the zone is in the OTM file, for the report. */
  otmPath: PathSegment[];
  name: string;
  description: string;
  tags: string[];
  boundaryKind: BoundaryKind;
  parentId: string | null;
  position: Point | null;
  size: Size | null;
}

interface ElementDraft {
  id: string;
  kind: ElementKind;
  name: string;
  description: string;
  tags: string[];
  zoneId: string | null;
  position: Point | null;
  size: Size | null;
  properties: Map<string, string>;
}

/** Depth of each zone in the (acyclic) zone tree, computed without recursion. */
function zoneDepths(zones: ReadonlyMap<string, ZoneDraft>): Map<string, number> {
  const depth = new Map<string, number>();
  for (const start of zones.keys()) {
    const path: string[] = [];
    let cursor: string | null = start;
    let base = -1;
    while (cursor !== null) {
      const known = depth.get(cursor);
      if (known !== undefined) {
        base = known;
        break;
      }
      path.push(cursor);
      cursor = zones.get(cursor)?.parentId ?? null;
    }
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!, ++base);
  }
  return depth;
}

/**
 * Places every zone and element on a grid, zones containing their children (nested zones
 * first, then elements, each by ID so that the input order does not matter). Sizes are worked
 * out from the deepest zones up, positions from the top down; no recursion, so deep nesting
 * cannot exhaust the stack.
 */
function layoutAll(zones: Map<string, ZoneDraft>, elements: Map<string, ElementDraft>): void {
  type Child = { type: 'zone' | 'element'; id: string };
  const ROOT = '';
  const children = new Map<string, Child[]>([[ROOT, []]]);
  for (const id of zones.keys()) children.set(id, []);
  const sortedZones = [...zones.values()].sort((a, b) => compareIds(a.id, b.id));
  const sortedElements = [...elements.values()].sort((a, b) => compareIds(a.id, b.id));
  for (const zone of sortedZones)
    children.get(zone.parentId ?? ROOT)?.push({ type: 'zone', id: zone.id });
  for (const element of sortedElements)
    children.get(element.zoneId ?? ROOT)?.push({ type: 'element', id: element.id });

  const depth = zoneDepths(zones);
  const byDepth = [...sortedZones].sort((a, b) => (depth.get(b.id) ?? 0) - (depth.get(a.id) ?? 0));
  const sizes = new Map<string, Size>();
  const offsets = new Map<string, Point[]>();
  const boxOf = (child: Child): Box =>
    child.type === 'zone' ? (sizes.get(child.id) ?? DEFAULT_ZONE_SIZE) : ELEMENT_SIZE;
  for (const zone of byDepth) {
    const content = shelf((children.get(zone.id) ?? []).map(boxOf));
    offsets.set(zone.id, content.offsets);
    sizes.set(zone.id, {
      width: Math.max(MIN_ZONE_SIZE.width, content.width + 2 * ZONE_PADDING),
      height: Math.max(MIN_ZONE_SIZE.height, ZONE_HEADER + content.height + 2 * ZONE_PADDING),
    });
  }
  const rootContent = shelf((children.get(ROOT) ?? []).map(boxOf));
  offsets.set(ROOT, rootContent.offsets);

  const place = (container: string, origin: Point): void => {
    const list = children.get(container) ?? [];
    const at = offsets.get(container) ?? [];
    list.forEach((child, index) => {
      const offset = at[index] ?? { x: 0, y: 0 };
      const position = { x: origin.x + offset.x, y: origin.y + offset.y };
      if (child.type === 'zone') {
        const zone = zones.get(child.id);
        if (zone !== undefined) {
          zone.position = position;
          zone.size = sizes.get(child.id) ?? { ...DEFAULT_ZONE_SIZE };
        }
      } else {
        const element = elements.get(child.id);
        if (element !== undefined) {
          element.position = position;
          element.size = { ...ELEMENT_SIZE };
        }
      }
    });
  };
  place(ROOT, LAYOUT_ORIGIN);
  const topDown = [...sortedZones].sort((a, b) => (depth.get(a.id) ?? 0) - (depth.get(b.id) ?? 0));
  for (const zone of topDown) {
    const position = zone.position ?? LAYOUT_ORIGIN;
    place(zone.id, {
      x: position.x + ZONE_PADDING,
      y: position.y + ZONE_HEADER + ZONE_PADDING,
    });
  }
}

/** Places what has no position on a grid below everything that has one. */
function layoutRest(zones: Map<string, ZoneDraft>, elements: Map<string, ElementDraft>): number {
  let minX = Infinity;
  let maxY = -Infinity;
  const extend = (position: Point | null, size: Size | null, fallback: Size): void => {
    if (position === null) return;
    minX = Math.min(minX, position.x);
    maxY = Math.max(maxY, position.y + (size ?? fallback).height);
  };
  for (const zone of zones.values()) extend(zone.position, zone.size, DEFAULT_ZONE_SIZE);
  for (const element of elements.values()) extend(element.position, element.size, ELEMENT_SIZE);
  const restZones = [...zones.values()]
    .filter((zone) => zone.position === null)
    .sort((a, b) => compareIds(a.id, b.id));
  const restElements = [...elements.values()]
    .filter((element) => element.position === null)
    .sort((a, b) => compareIds(a.id, b.id));
  const boxes: Box[] = [
    ...restZones.map((zone) => zone.size ?? DEFAULT_ZONE_SIZE),
    ...restElements.map((element) => element.size ?? ELEMENT_SIZE),
  ];
  const grid = shelf(boxes);
  const origin = { x: Number.isFinite(minX) ? minX : 0, y: Number.isFinite(maxY) ? maxY + 80 : 0 };
  restZones.forEach((zone, index) => {
    const offset = grid.offsets[index] ?? { x: 0, y: 0 };
    zone.position = { x: origin.x + offset.x, y: origin.y + offset.y };
    zone.size ??= { ...DEFAULT_ZONE_SIZE };
  });
  restElements.forEach((element, index) => {
    const offset = grid.offsets[restZones.length + index] ?? { x: 0, y: 0 };
    element.position = { x: origin.x + offset.x, y: origin.y + offset.y };
    element.size ??= { ...ELEMENT_SIZE };
  });
  return boxes.length;
}

// ---------------------------------------------------------------------------------------------
// The import.

/** Text fields of an OTM item, clipped to the schema's limits with a warning when cut. */
function itemTexts(
  item: OtmItem,
  label: string,
  out: Reporter,
): { name: string; description: string; tags: string[] } {
  const name = out.clipped(item.name ?? item.foreignId, NAME_MAX, `The name of ${label}`);
  const description = out.clipped(item.description ?? '', TEXT_MAX, `The description of ${label}`);
  const tags: string[] = [];
  item.tags.forEach((value, index) => {
    if (isNil(value)) return;
    const text = scalarText(value);
    if (text === null) {
      out.unmapped([...item.tagsPath, index], 'tag', 'not text');
      return;
    }
    if (text.trim() === '') return;
    const tag = out.clipped(text, TAG_MAX, `A tag of ${label}`);
    if (tags.includes(tag)) return;
    if (tags.length >= TAGS_MAX) {
      out.unmapped([...item.tagsPath, index], tag, `at most ${TAGS_MAX} tags are kept`);
      return;
    }
    tags.push(tag);
  });
  return { name, description, tags };
}

function readGeometry(
  entry: RepresentationEntry,
  owner: string,
  out: Reporter,
): { position: Point; size: Size | null } | null {
  const position = entry.position;
  const x = isRecord(position) ? position['x'] : undefined;
  const y = isRecord(position) ? position['y'] : undefined;
  if (
    typeof x !== 'number' ||
    typeof y !== 'number' ||
    !Number.isFinite(x) ||
    !Number.isFinite(y)
  ) {
    if (!isNil(position))
      out.unmapped([...entry.path, 'position'], owner, 'the position is not two finite numbers');
    return null;
  }
  const size = entry.size;
  const width = isRecord(size) ? size['width'] : undefined;
  const height = isRecord(size) ? size['height'] : undefined;
  if (
    typeof width === 'number' &&
    typeof height === 'number' &&
    Number.isFinite(width) &&
    Number.isFinite(height) &&
    width >= 0 &&
    height >= 0
  ) {
    return { position: { x, y }, size: { width, height } };
  }
  if (!isNil(size))
    out.unmapped([...entry.path, 'size'], owner, 'the size is not two finite numbers ≥ 0');
  return { position: { x, y }, size: null };
}

/**
 * The geometry of an item on the primary diagram; entries for other representations are
 * reported as unmapped.
 */
function pickGeometry(
  entries: readonly RepresentationEntry[],
  doc: OtmDocument,
  owner: string,
  out: Reporter,
): { position: Point; size: Size | null } | null {
  const diagramId = doc.diagram?.id ?? null;
  let picked: { position: Point; size: Size | null } | null = null;
  let used = false;
  for (const entry of entries) {
    if (diagramId !== null && entry.representation === diagramId) {
      if (used) {
        out.unmapped(
          entry.path,
          entry.label,
          `${owner} has a second shape on the diagram: only the first is used`,
        );
        continue;
      }
      used = true;
      picked = readGeometry(entry, owner, out);
      if (!isEmpty(entry.attributes))
        out.unmapped([...entry.path, 'attributes'], owner, 'shape attributes are not read');
      continue;
    }
    const type =
      entry.representation === null ? undefined : doc.representationTypes.get(entry.representation);
    out.unmapped(
      entry.path,
      entry.label,
      type === undefined
        ? `${owner}: the shape refers to no representation declared in the file`
        : normalizeWord(type) === 'diagram'
          ? `${owner}: only shapes on the first diagram representation are read`
          : `${owner}: representations of type ${quote(type)} have no counterpart in a Gatehouse model`,
    );
  }
  return picked;
}

/** Absolute positions: OTM positions are relative to the parent (trust zone or component). */
function absolutePositions(
  relative: ReadonlyMap<string, Point>,
  parentOf: ReadonlyMap<string, string>,
): Map<string, Point | null> {
  const memo = new Map<string, Point | null>();
  for (const start of relative.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let base: Point | null = { x: 0, y: 0 };
    let cursor: string | undefined = start;
    while (cursor !== undefined) {
      const known = memo.get(cursor);
      if (known !== undefined) {
        base = known;
        break;
      }
      // A parent without a position (or a loop of parents) leaves its children unplaced.
      if (onPath.has(cursor) || !relative.has(cursor)) {
        base = null;
        break;
      }
      onPath.add(cursor);
      path.push(cursor);
      cursor = parentOf.get(cursor);
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const key = path[i]!;
      const own = relative.get(key);
      if (base === null || own === undefined) {
        memo.set(key, null);
        base = null;
        continue;
      }
      const next: Point = { x: base.x + own.x, y: base.y + own.y };
      base = Number.isFinite(next.x) && Number.isFinite(next.y) ? next : null;
      memo.set(key, base);
    }
  }
  return memo;
}

const zoneKey = (foreignId: string): string => `zone:${foreignId}`;
const componentKey = (foreignId: string): string => `component:${foreignId}`;

function describeItem(kind: string, name: string | null, foreignId: string): string {
  return name !== null && name.trim() !== ''
    ? `${kind} ${quote(name)}`
    : `${kind} ${quote(foreignId)}`;
}

/** Refuses duplicate IDs: within OTM, and across zones, components and dataflows (one namespace here). */
function checkUniqueIds(doc: OtmDocument, out: Reporter, fileName: string): Map<string, string> {
  const issues: InputIssue[] = [];
  const repeated = new Set<string>();
  const firstAt = new Map<string, readonly PathSegment[]>();
  const ids = new Map<string, string>();
  const claim = (item: OtmItem, collection: string): void => {
    const id = out.id(item.foreignId);
    const earlier = firstAt.get(id);
    if (earlier !== undefined) {
      issues.push({
        path: [...item.path, 'id'],
        message: `duplicate ID ${quote(item.foreignId)} (already used at ${formatPath(earlier)})`,
      });
      repeated.add(`duplicate ID ${quote(item.foreignId)}`);
      return;
    }
    firstAt.set(id, item.path);
    ids.set(`${collection}:${item.foreignId}`, id);
  };
  doc.zones.forEach((zone) => claim(zone, 'zone'));
  doc.components.forEach((component) => claim(component, 'component'));
  doc.dataflows.forEach((dataflow) => claim(dataflow, 'dataflow'));
  const threatIds = new Map<string, string>();
  doc.threats.forEach((threat) => {
    const earlier = threatIds.get(threat.foreignId);
    if (earlier !== undefined) {
      issues.push({
        path: [...threat.path, 'id'],
        message: `duplicate threat ID ${quote(threat.foreignId)} (already used at ${earlier})`,
      });
      repeated.add(`duplicate threat ID ${quote(threat.foreignId)}`);
    } else threatIds.set(threat.foreignId, formatPath(threat.path));
  });
  if (issues.length > 0) {
    const names = [...repeated];
    throw new InputError(
      `${fileName}: the file repeats IDs, so its references are ambiguous: ${names.slice(0, 5).join('; ')}${names.length > 5 ? '; …' : ''}.`,
      issues,
    );
  }
  return ids;
}

function checkCounts(doc: OtmDocument, fileName: string): void {
  const threatInstances =
    doc.components.reduce((sum, component) => sum + component.threats.length, 0) +
    doc.dataflows.reduce((sum, dataflow) => sum + dataflow.threats.length, 0);
  const limits: [number, number, string][] = [
    [doc.components.length, MAX_ELEMENTS, 'components'],
    [doc.dataflows.length, MAX_FLOWS, 'dataflows'],
    [doc.zones.length, MAX_ZONES, 'trust zones'],
    [threatInstances, MAX_MANUAL_THREATS, 'threats on components and dataflows'],
  ];
  for (const [count, limit, what] of limits) {
    if (count > limit)
      throw new InputError(
        `${fileName}: the file has ${count} ${what}; a Gatehouse model holds at most ${limit}.`,
      );
  }
}

/**
 * Imports an Open Threat Model file (OTM 0.1.x or 0.2.x, JSON or YAML). Throws `InputError` for
 * a file that is not OTM or cannot be used; everything else comes across or is named in the
 * report.
 */
export function importOtm(text: string, fileName: string): ImportResult {
  const { value, dropped, repaired } = parseOtmText(text, fileName);
  const probe = isRecord(value) ? scalarText(value['otmVersion'])?.trim() : undefined;
  const out = new Reporter(
    `otm-${probe !== undefined && isSupportedVersion(probe) ? probe : 'unknown'}`,
    fileName,
  );
  if (repaired.length > 0)
    out.warn(
      `YAML line${repaired.length === 1 ? '' : 's'} ${repaired.join(', ')}: quoted text continued on a line indented less than YAML 1.2 allows; read as PyYAML reads it (the indentation of such lines does not change the text).`,
    );
  for (const path of dropped) {
    out.unmapped(
      path,
      String(path[path.length - 1] ?? ''),
      'key ignored: it could reach JavaScript object internals',
    );
  }
  const reader = new OtmReader(out);
  const doc = reader.read(value, fileName);
  if (reader.issues.length > 0) {
    throw new InputError(
      `${fileName}: the file is not a valid Open Threat Model document.`,
      reader.issues,
    );
  }
  checkCounts(doc, fileName);
  const ids = checkUniqueIds(doc, out, fileName);
  const idOf = (collection: 'zone' | 'component' | 'dataflow', foreignId: string): string =>
    ids.get(`${collection}:${foreignId}`) ?? out.id(foreignId);

  const zonesByForeign = new Map(doc.zones.map((zone) => [zone.foreignId, zone]));
  const componentsByForeign = new Map(doc.components.map((c) => [c.foreignId, c]));

  // Which trust zone each component lies in: its parent zone, or the zone of the component it
  // is nested in (followed up the chain, without recursion, remembering every answer).
  const componentZone = new Map<string, string | null>();
  for (const start of doc.components) {
    const path: OtmComponent[] = [];
    const onPath = new Set<string>();
    let zone: string | null = null;
    let cursor: OtmComponent | undefined = start;
    while (cursor !== undefined) {
      const known = componentZone.get(cursor.foreignId);
      if (known !== undefined) {
        zone = known;
        break;
      }
      if (onPath.has(cursor.foreignId)) {
        for (const looping of path)
          out.unmapped(
            [...looping.path, 'parent'],
            looping.name ?? looping.foreignId,
            'the chain of parent components loops: placed outside every zone',
          );
        zone = null;
        break;
      }
      onPath.add(cursor.foreignId);
      path.push(cursor);
      const parent: ParentRef | null = cursor.parent;
      if (parent === null) {
        zone = null;
        break;
      }
      if (parent.kind === 'zone') {
        zone = zonesByForeign.has(parent.id) ? parent.id : null;
        break;
      }
      cursor = componentsByForeign.get(parent.id);
      if (cursor === undefined) zone = null;
    }
    for (const component of path) componentZone.set(component.foreignId, zone);
  }

  // Zones.
  const zones = new Map<string, ZoneDraft>();
  const zoneRelative = new Map<string, Point>();
  const parentKeyOf = new Map<string, string>();
  const geometrySizes = new Map<string, Size | null>();
  for (const zone of doc.zones) {
    const id = idOf('zone', zone.foreignId);
    const what = describeItem('trust zone', zone.name, zone.foreignId);
    const texts = itemTexts(zone, what, out);
    const { kind, why } = decideZoneKind(zone);
    const facts = [
      zone.type === null ? null : `type ${quote(zone.type)}`,
      zone.trustRating === null ? null : `trustRating ${zone.trustRating}`,
    ].filter((fact) => fact !== null);
    out.mapping(
      `${what}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`,
      `zone, boundaryKind ${kind}: ${why}`,
    );
    for (const attribute of zone.attributes) {
      if (!isNil(attribute.value))
        out.unmapped(attribute.path, attribute.name, 'trust-zone attributes are not read');
    }
    let parentId: string | null = null;
    const parent = zone.parent;
    if (parent !== null) {
      if (parent.kind === 'zone') {
        if (zonesByForeign.has(parent.id)) {
          parentId = idOf('zone', parent.id);
          parentKeyOf.set(zoneKey(zone.foreignId), zoneKey(parent.id));
        } else
          out.unmapped(
            [...zone.path, 'parent', 'trustZone'],
            parent.id,
            `${what}: no trust zone has this ID: the zone is placed at the top level`,
          );
      } else if (componentsByForeign.has(parent.id)) {
        const outer = componentZone.get(parent.id) ?? null;
        parentId = outer === null ? null : idOf('zone', outer);
        parentKeyOf.set(zoneKey(zone.foreignId), componentKey(parent.id));
        out.mapping(
          `${what} inside ${describeItem('component', componentsByForeign.get(parent.id)?.name ?? null, parent.id)}`,
          outer === null
            ? 'a top-level zone (the component lies in no zone)'
            : `nested in that component's ${describeItem('zone', zonesByForeign.get(outer)?.name ?? null, outer)}`,
        );
      } else
        out.unmapped(
          [...zone.path, 'parent', 'component'],
          parent.id,
          `${what}: no component has this ID: the zone is placed at the top level`,
        );
    }
    const geometry = pickGeometry(zone.representations, doc, what, out);
    if (geometry !== null) {
      zoneRelative.set(zoneKey(zone.foreignId), geometry.position);
      geometrySizes.set(zoneKey(zone.foreignId), geometry.size);
    }
    zones.set(id, {
      id,
      otmPath: zone.path,
      ...texts,
      boundaryKind: kind,
      parentId,
      position: null,
      size: null,
    });
  }

  // A zone inside itself (directly or through others) cannot be drawn or analyzed: cut each
  // loop where it closes, visiting zones by ID so that the cut does not depend on file order.
  const state = new Map<string, 'active' | 'done'>();
  for (const start of [...zones.keys()].sort(compareIds)) {
    const path: string[] = [];
    let cursor: string | null = start;
    while (cursor !== null && state.get(cursor) === undefined) {
      state.set(cursor, 'active');
      path.push(cursor);
      const zone: ZoneDraft | undefined = zones.get(cursor);
      const next: string | null = zone?.parentId ?? null;
      if (zone !== undefined && next !== null && state.get(next) === 'active') {
        out.unmapped(
          [...zone.otmPath, 'parent'],
          zone.name,
          `trust zone ${quote(zone.name)} is nested inside itself (through its parents): it is placed at the top level`,
        );
        zone.parentId = null;
        break;
      }
      cursor = next;
    }
    for (const id of path) state.set(id, 'done');
  }

  // Elements.
  const elements = new Map<string, ElementDraft>();
  const elementRelative = new Map<string, Point>();
  // One decision per distinct type: large files repeat a handful of types thousands of times.
  const typeUse = new Map<string, { decision: KindDecision; how: string; names: string[] }>();
  for (const component of doc.components) {
    const id = idOf('component', component.foreignId);
    const what = describeItem('component', component.name, component.foreignId);
    const texts = itemTexts(component, what, out);
    const typeLabel = component.type ?? '';
    let use = typeUse.get(typeLabel);
    if (use === undefined) {
      use = { ...decideComponentKind(component.type), names: [] };
      typeUse.set(typeLabel, use);
    }
    use.names.push(texts.name);
    const { decision } = use;

    const zoneForeign = componentZone.get(component.foreignId) ?? null;
    const parent = component.parent;
    if (parent === null) {
      out.warn(`${capitalized(what)} has no parent trust zone: it is placed outside every zone.`);
    } else if (parent.kind === 'zone' && !zonesByForeign.has(parent.id)) {
      out.unmapped(
        [...component.path, 'parent', 'trustZone'],
        parent.id,
        `${what}: no trust zone has this ID: the component is placed outside every zone`,
      );
    } else if (parent.kind === 'component') {
      if (!componentsByForeign.has(parent.id))
        out.unmapped(
          [...component.path, 'parent', 'component'],
          parent.id,
          `${what}: no component has this ID: the component is placed outside every zone`,
        );
      else {
        parentKeyOf.set(componentKey(component.foreignId), componentKey(parent.id));
        out.mapping(
          `${what} inside ${describeItem('component', componentsByForeign.get(parent.id)?.name ?? null, parent.id)}`,
          zoneForeign === null
            ? 'outside every zone (the enclosing component lies in no zone)'
            : `placed in the enclosing component's ${describeItem('zone', zonesByForeign.get(zoneForeign)?.name ?? null, zoneForeign)}`,
        );
      }
    }
    if (parent?.kind === 'zone' && zonesByForeign.has(parent.id))
      parentKeyOf.set(componentKey(component.foreignId), zoneKey(parent.id));

    const properties = applyAttributes(decision.kind, component.attributes, what, out);
    if (
      decision.kind === 'externalEntity' &&
      !properties.has('entityKind') &&
      decision.entityKind !== undefined
    )
      properties.set('entityKind', decision.entityKind);
    const geometry = pickGeometry(component.representations, doc, what, out);
    if (geometry !== null) {
      elementRelative.set(componentKey(component.foreignId), geometry.position);
      geometrySizes.set(componentKey(component.foreignId), geometry.size);
    }
    elements.set(id, {
      id,
      kind: decision.kind,
      ...texts,
      zoneId: zoneForeign === null ? null : idOf('zone', zoneForeign),
      position: null,
      size: null,
      properties,
    });
  }
  for (const [type, use] of [...typeUse].sort((a, b) => compareIds(a[0], b[0]))) {
    const count = `${use.names.length} component${use.names.length === 1 ? '' : 's'}`;
    const source =
      type === '' ? `no component type (${count})` : `component type ${quote(type)} (${count})`;
    if (use.how === 'unknown') {
      out.mapping(source, 'process (unknown type)');
      const examples = use.names.slice(0, 3).map(quote).join(', ');
      out.warn(
        `${type === '' ? 'Components without a type' : `Unknown component type ${quote(type)}`} (${examples}${use.names.length > 3 ? ', …' : ''}): imported as process.`,
      );
    } else {
      out.mapping(
        source,
        `${describeDecision(use.decision)}${use.how === 'head-word' ? ' (by its last word)' : ''}`,
      );
    }
  }

  // Positions: from the diagram when every parent up the chain has one, else on a grid.
  const absolute = absolutePositions(new Map([...zoneRelative, ...elementRelative]), parentKeyOf);
  let positioned = 0;
  for (const zone of doc.zones) {
    const draft = zones.get(idOf('zone', zone.foreignId));
    const position = absolute.get(zoneKey(zone.foreignId));
    if (draft !== undefined && position) {
      draft.position = position;
      draft.size = geometrySizes.get(zoneKey(zone.foreignId)) ?? { ...DEFAULT_ZONE_SIZE };
      positioned++;
    }
  }
  for (const component of doc.components) {
    const draft = elements.get(idOf('component', component.foreignId));
    const position = absolute.get(componentKey(component.foreignId));
    if (draft !== undefined && position) {
      draft.position = position;
      draft.size = geometrySizes.get(componentKey(component.foreignId)) ?? null;
      positioned++;
    }
  }
  const total = zones.size + elements.size;
  if (total > 0 && positioned === 0) {
    layoutAll(zones, elements);
    out.warn(
      'The file has no diagram positions: zones and elements were laid out on a grid (zones around their contents).',
    );
  } else if (positioned < total) {
    const placed = layoutRest(zones, elements);
    out.warn(
      `${placed} of ${total} trust zones and components had no usable diagram position (or a parent without one): they were placed on a grid below the diagram.`,
    );
  }

  // Flows.
  const flows: Tree[] = [];
  const flowIds = new Map<string, string>();
  for (const dataflow of doc.dataflows) {
    const id = idOf('dataflow', dataflow.foreignId);
    const what = describeItem('dataflow', dataflow.name, dataflow.foreignId);
    const ends: [string | null, string][] = [
      [dataflow.source, 'source'],
      [dataflow.destination, 'destination'],
    ];
    const missing = ends.find(([end]) => end === null || !componentsByForeign.has(end));
    if (missing !== undefined) {
      const [end, role] = missing;
      const reason =
        end === null
          ? `its ${role} is missing`
          : zonesByForeign.has(end)
            ? `its ${role} ${quote(end)} is a trust zone, not a component`
            : `its ${role} ${quote(end)} is not a component in the file`;
      out.unmapped(
        dataflow.path,
        dataflow.name ?? dataflow.foreignId,
        `${what} skipped: ${reason}`,
      );
      continue;
    }
    if (dataflow.source === dataflow.destination) {
      out.unmapped(
        dataflow.path,
        dataflow.name ?? dataflow.foreignId,
        `${what} skipped: it connects a component to itself`,
      );
      continue;
    }
    const texts = itemTexts(dataflow, what, out);
    let bidirectional = false;
    if (!isNil(dataflow.bidirectional)) {
      const parsed = triState(dataflow.bidirectional);
      if (parsed === 'yes' || parsed === 'no') bidirectional = parsed === 'yes';
      else
        out.unmapped(
          [...dataflow.path, 'bidirectional'],
          'bidirectional',
          `${what}: not true or false: taken as one-way`,
        );
    }
    const properties = applyAttributes('flow', dataflow.attributes, what, out);
    flows.push({
      id,
      diagramId: OTM_DIAGRAM_ID,
      sourceId: idOf('component', dataflow.source ?? ''),
      targetId: idOf('component', dataflow.destination ?? ''),
      bidirectional,
      name: texts.name,
      description: texts.description,
      tags: texts.tags,
      properties: Object.fromEntries(properties),
    });
    flowIds.set(dataflow.foreignId, id);
  }

  // Threats: each instance on a component or dataflow becomes a manual threat on it.
  const catalogue = new Map(doc.threats.map((threat) => [threat.foreignId, threat]));
  const templates = new Map<string, ThreatTemplate>();
  const referenced = new Set<string>();
  const manualThreats: Tree[] = [];
  const triage: Tree[] = [];
  const manualIds = new Set<string>();
  let heldBack = 0;
  const importInstances = (
    instances: readonly ThreatInstance[],
    target: Target | null,
    owner: string,
  ): void => {
    for (const instance of instances) {
      const threat = catalogue.get(instance.threatId);
      if (threat === undefined) {
        out.unmapped(
          [...instance.path, 'threat'],
          instance.threatId,
          `${owner}: no threat with this ID in the top-level "threats"`,
        );
        continue;
      }
      referenced.add(threat.foreignId);
      if (target === null) {
        out.unmapped(
          instance.path,
          threat.name ?? threat.foreignId,
          `${owner} was not imported, so neither is its threat`,
        );
        continue;
      }
      let template = templates.get(threat.foreignId);
      if (template === undefined) {
        template = threatTemplate(threat, out);
        templates.set(threat.foreignId, template);
      }
      const key = out.id(threat.foreignId);
      const targets: Target[] = [target];
      const id = threatIdFor(MANUAL_PACK_ID, key, targets);
      if (manualIds.has(id)) {
        out.unmapped(
          instance.path,
          threat.name ?? threat.foreignId,
          `${owner} lists this threat twice: imported once`,
        );
        continue;
      }
      manualIds.add(id);
      const mitigations = instance.mitigations
        .filter((mitigation) => mitigation.id !== null)
        .map((mitigation) => {
          const name = doc.mitigationNames.get(mitigation.id ?? '') ?? mitigation.id ?? '';
          return `${name}${mitigation.state ? ` (${mitigation.state})` : ''}`;
        });
      const description = [
        template.description,
        mitigations.length > 0 ? `Mitigations in the OTM file: ${mitigations.join('; ')}.` : '',
      ]
        .filter((part) => part !== '')
        .join('\n\n');
      manualThreats.push({
        id,
        key,
        category: template.category,
        targets,
        title: template.title,
        description: out.clipped(description, TEXT_MAX, `The description of ${owner}'s threat`),
        likelihood: template.likelihood,
        impact: template.impact,
        // OTM mitigations are free text (kept in the description): the threat gets its
        // category's catalogue mitigation so that it reaches a story.
        mitigationIds: [DEFAULT_MITIGATION_BY_CATEGORY[template.category]],
        cwe: template.cwe,
        source: clip(`Open Threat Model: threat ${threat.foreignId}`, SOURCE_MAX),
      });

      const rawState = instance.state?.trim() ?? '';
      const state = normalizeWord(rawState);
      const threatLabel = `threat ${quote(threat.name ?? threat.foreignId)} on ${owner}`;
      if (state === '' || OPEN_STATES.has(state)) {
        out.mapping(`${threatLabel}: state ${quote(rawState || 'none')}`, 'open');
        continue;
      }
      const shownState = clip(rawState, 100);
      const known = APPROVAL_OR_STORY_STATES.has(state);
      const notes = known
        ? `Imported from an Open Threat Model file with the state "${shownState}". In Gatehouse a threat is mitigated only when a done story covers it, and accepted or not applicable only with an approval, so it comes in as investigating.`
        : `Imported from an Open Threat Model file with the state "${shownState}", which Gatehouse does not know, so it comes in as investigating.`;
      triage.push({ threatId: id, status: 'investigating', notes });
      heldBack++;
      out.mapping(
        `${threatLabel}: state ${quote(rawState)}`,
        'investigating (the original state is kept in the triage notes)',
      );
      if (!known)
        out.warn(
          `Unknown threat state ${quote(rawState)} on ${threatLabel}: imported as investigating.`,
        );
    }
  };
  for (const component of doc.components) {
    importInstances(
      component.threats,
      { role: 'element', id: idOf('component', component.foreignId) },
      describeItem('component', component.name, component.foreignId),
    );
  }
  for (const dataflow of doc.dataflows) {
    const flowId = flowIds.get(dataflow.foreignId);
    importInstances(
      dataflow.threats,
      flowId === undefined ? null : { role: 'flow', id: flowId },
      describeItem('dataflow', dataflow.name, dataflow.foreignId),
    );
  }
  if (heldBack > 0)
    out.warn(
      `${heldBack} imported threat${heldBack === 1 ? '' : 's'} had a state that needs a story or an approval in Gatehouse: imported as investigating, with the original state in the triage notes.`,
    );
  for (const threat of doc.threats) {
    if (!referenced.has(threat.foreignId))
      out.unmapped(
        threat.path,
        threat.name ?? threat.foreignId,
        'the threat is on no component or dataflow: not imported',
      );
  }

  if (doc.projectName === null)
    out.warn('The file names no project: the model is named after the file.');
  const projectName = doc.projectName ?? fileName.replace(/\.(otm\.)?(json|ya?ml|otm)$/i, '');
  const name = out.clipped(projectName, NAME_MAX, 'The project name');
  const tree: Tree = {
    format: MODEL_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name,
    description: out.clipped(doc.projectDescription ?? '', TEXT_MAX, 'The project description'),
    diagrams: [{ id: OTM_DIAGRAM_ID, name, description: '' }],
    elements: [...elements.values()].map((element) => ({
      id: element.id,
      diagramId: OTM_DIAGRAM_ID,
      kind: element.kind,
      name: element.name,
      description: element.description,
      tags: element.tags,
      zoneId: element.zoneId,
      position: element.position ?? { x: 0, y: 0 },
      ...(element.size === null ? {} : { size: element.size }),
      properties: Object.fromEntries(element.properties),
    })),
    flows,
    boundaries: [...zones.values()].map((zone) => ({
      id: zone.id,
      diagramId: OTM_DIAGRAM_ID,
      shape: 'zone',
      name: zone.name,
      description: zone.description,
      tags: zone.tags,
      boundaryKind: zone.boundaryKind,
      parentId: zone.parentId,
      position: zone.position ?? { x: 0, y: 0 },
      size: zone.size ?? { ...DEFAULT_ZONE_SIZE },
    })),
    manualThreats,
    threats: triage,
  };

  let model;
  try {
    model = modelFromTree(tree).model;
  } catch (error) {
    // Everything above keeps within the schema; a failure here is Gatehouse's bug, and must
    // not be reported as a problem with the user's file.
    throw new Error(
      `The OTM importer built an invalid model from ${fileName}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { model, report: countModel(out.report, model) };
}
