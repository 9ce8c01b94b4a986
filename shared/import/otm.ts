/**
 * Import of Open Threat Model files (OTM 0.1.x and 0.2.x, JSON or YAML) into a Gatehouse model.
 *
 * The mapping tables, the trust-zone heuristic, the attributes read and what is reported as
 * unmapped are documented for users in `docs/otm-import.md`; keep the two in step.
 *
 * The function is pure: text in, model and report out. The file is untrusted: it is bounded in
 * size, number of values and depth before and after parsing, YAML aliases are refused,
 * prototype-polluting keys are dropped and reported (a foreign format), its text only ever
 * becomes plain string values, lookups keyed by its IDs use `Map`, never object keys, and the
 * report keeps at most `REPORT_CAP` entries for each reason. Problems with the file throw
 * `InputError`; a model that fails validation after a successful mapping is Gatehouse's bug and
 * throws a plain `Error` instead, so it is never passed off as bad input.
 */
import { DEFAULT_MITIGATION_BY_CATEGORY } from '../threats/defaultMitigations';
import { InputError, formatPath, type InputIssue, type PathSegment } from '../model/errors';
import { MANUAL_PACK_ID, threatIdFor } from '../model/ids';
import {
  STRIDE_CATEGORIES,
  type BoundaryKind,
  type ElementKind,
  type StrideCategory,
  type Target,
} from '../model/schema';
import type { TreeLimits } from '../util/untrustedJson';
import type { ForeignImporter } from './foreignImporter';
import type { ImportResult } from './importReport';
import {
  DEFAULT_ZONE_SIZE,
  MAX_BOUNDARIES,
  MAX_COORDINATE,
  MAX_ELEMENTS,
  MAX_FLOWS,
  MAX_MANUAL_THREATS,
  NAME_MAX,
  PROTOCOL_MAX,
  SOURCE_MAX,
  TAGS_MAX,
  TAG_MAX,
  TECHNOLOGY_MAX,
  TEXT_MAX,
  TITLE_MAX,
  assembleModel,
  compareIds,
  layout,
  parentOrder,
  type Draft,
  type ElementDraft,
  type Point,
  type Size,
  type Tree,
  type ZoneDraft,
} from './layout';
import { clip, quote, Reporter, say } from './reporter';
import { parseForeignText, type ForeignTextFormat } from './safeYaml';

/**
 * Bounds for OTM input: size (checked before parsing), the number of values — objects, lists
 * and scalars, keys not counted — (before the tree is built or walked) and depth.
 */
export const OTM_LIMITS: Readonly<TreeLimits & { maxNodes: number }> = {
  maxBytes: 32 * 1024 * 1024,
  maxNodes: 2_000_000,
  maxDepth: 64,
  forbiddenKeys: 'drop',
};

export { REPORT_CAP } from './reporter';

/** The single diagram every OTM import produces (OTM has one architecture per file). */
const DIAGRAM_ID = 'main';

// A limit of the model schema (`shared/model/schema.ts`) only OTM needs (the others are in
// `layout.ts`), so that a file beyond it is clipped and reported instead of failing validation.
const CWE_MAX = 20;

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
const UNTRUSTED_RATING = 20;

const STRIDE_BY_KEY: ReadonlyMap<string, StrideCategory> = new Map(
  STRIDE_CATEGORIES.map((category) => [category.toLowerCase(), category]),
);

/** OTM threat states that mean "still open" here; any other state comes in as investigating. */
const OPEN_STATES: ReadonlySet<string> = new Set(
  words('exposed expose open new identified unmitigated'),
);
/** States that mean "someone is looking into it": Gatehouse's own status, as its OTM export writes it. */
const INVESTIGATING_STATES: ReadonlySet<string> = new Set(
  words('investigating in-progress under-investigation needs-investigation'),
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

/**
 * Attribute names and STRIDE categories compare without case, `-`, `_` or spaces
 * (`internet-facing` = `internetFacing`, `Denial of service` = `DenialOfService`).
 */
function normalizeKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Up to three names, quoted and sorted (so that file order does not matter), for a report line. */
function examples(names: Iterable<string>): string {
  const distinct = [...new Set(names)].sort(compareIds);
  return `${distinct.slice(0, 3).map(quote).join(', ')}${distinct.length > 3 ? ', …' : ''}`;
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Parsing: text → checked tree.

/** How OTM files are named in parse messages, and what they may be written in. */
const OTM_TEXT_FORMAT: ForeignTextFormat = {
  file: 'an Open Threat Model file',
  document: 'an Open Threat Model document',
  syntaxName: 'JSON or YAML',
  expected: 'JSON or YAML with "otmVersion"',
  aliasReason: 'Open Threat Model files do not use aliases, so they are not accepted.',
  syntax: 'json-or-yaml',
  limits: OTM_LIMITS,
  repairQuotedIndentation: true,
};

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
  mitigations: { id: string; state: string | null }[];
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

/** What trust zones and components share: they have a type, a parent and shapes. */
interface OtmNested extends OtmItem {
  type: string | null;
  parent: ParentRef | null;
  representations: RepresentationEntry[];
}

interface OtmZone extends OtmNested {
  trustRating: number | null;
}

interface OtmComponent extends OtmNested {
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

  /** A reference (a dataflow's source, a threat instance's threat): text or a finite number. */
  ref(value: unknown): string | null {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return null;
  }

  id(value: unknown, path: readonly PathSegment[]): string | null {
    const id = this.ref(value);
    if (id === null) this.fail(path, isNil(value) ? 'an ID is required' : 'expected an ID (text)');
    return id;
  }

  /** Each object of the list at `path`, read by `read` (anything else in the list is an issue). */
  records<T>(
    value: unknown,
    path: readonly PathSegment[],
    read: (record: Tree, at: PathSegment[], index: number) => T[],
  ): T[] {
    return this.list(value, path).flatMap((item, index) => {
      const at = [...path, index];
      const record = this.record(item, at);
      return record === null ? [] : read(record, at, index);
    });
  }

  unknownKeys(record: Tree, known: ReadonlySet<string>, path: readonly PathSegment[]): void {
    for (const key of Object.keys(record)) {
      if (!known.has(key) && !isNil(record[key])) {
        this.out.unmapped([...path, key], key, say`not an OTM 0.2.0 field: not read`);
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
          this.out.unmapped([...path, index], 'attribute', say`not a name: value pair`);
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
          say`${owner} names both a trust zone and a component as parent: the trust zone is used`,
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
      this.out.unmapped(path, 'parent', say`${owner}: the parent names no trust zone or component`);
    return null;
  }

  representations(value: unknown, path: readonly PathSegment[]): RepresentationEntry[] {
    return this.records(value, path, (record, at, index) => [
      {
        path: at,
        representation: this.ref(record['representation']),
        label:
          scalarText(record['name']) ?? scalarText(record['id']) ?? `representation ${index + 1}`,
        position: record['position'],
        size: record['size'],
        attributes: record['attributes'],
      },
    ]);
  }

  threatInstances(value: unknown, path: readonly PathSegment[]): ThreatInstance[] {
    return this.records(value, path, (record, at): ThreatInstance[] => {
      const threatId = this.ref(record['threat']);
      if (threatId === null) {
        this.out.unmapped(at, 'threat', say`the threat instance names no threat`);
        return [];
      }
      const mitigationsPath = [...at, 'mitigations'];
      const mitigations = this.list(record['mitigations'], mitigationsPath).flatMap((entry, m) => {
        const id = isRecord(entry) ? this.ref(entry['mitigation']) : null;
        if (isRecord(entry) && id !== null) return [{ id, state: scalarText(entry['state']) }];
        if (!isNil(entry))
          this.out.unmapped(
            [...mitigationsPath, m],
            'mitigation',
            say`the entry names no mitigation (expected an object with "mitigation"): not read`,
          );
        return [];
      });
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

  nested(record: Tree, path: readonly PathSegment[], owner: string): OtmNested | null {
    const item = this.item(record, path);
    const type = this.text(record['type'], [...path, 'type']);
    const parent = this.parent(record['parent'], [...path, 'parent'], owner);
    const shapes = this.representations(record['representations'], [...path, 'representations']);
    return item === null ? null : { ...item, type, parent, representations: shapes };
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
          this.out.unmapped(['project', key], key, say`a Gatehouse model has no project ${key}`);
      }
    }

    let diagram: OtmDocument['diagram'] = null;
    const representationTypes = new Map<string, string>();
    this.records(root['representations'], ['representations'], (record, path, index) => {
      const id = this.ref(record['id']);
      const label = scalarText(record['name']) ?? id ?? `representation ${index + 1}`;
      const type = scalarText(record['type']);
      if (id !== null && !representationTypes.has(id)) representationTypes.set(id, type ?? '');
      if (diagram === null && id !== null && type !== null && normalizeWord(type) === 'diagram') {
        diagram = { id, label };
        this.out.mapping(
          `representation ${quote(label)} (diagram)`,
          say`positions and sizes on diagram "${DIAGRAM_ID}"`,
        );
      } else {
        this.out.unmapped(
          path,
          label,
          type !== null && normalizeWord(type) === 'diagram'
            ? say`only the first diagram representation is used for positions`
            : say`representations of type ${quote(type ?? 'none')} have no counterpart in a Gatehouse model`,
        );
      }
      return [];
    });

    this.list(root['assets'], ['assets']).forEach((item, index) => {
      const label = isRecord(item)
        ? (scalarText(item['name']) ?? scalarText(item['id']) ?? `asset ${index + 1}`)
        : `asset ${index + 1}`;
      this.out.unmapped(
        ['assets', index],
        label,
        say`assets have no counterpart in a Gatehouse model (set data classification and PII on flows and stores instead)`,
      );
    });

    const mitigationNames = new Map<string, string>();
    this.records(root['mitigations'], ['mitigations'], (record, path, index) => {
      const id = this.ref(record['id']);
      const label = scalarText(record['name']) ?? id ?? `mitigation ${index + 1}`;
      if (id !== null && !mitigationNames.has(id)) mitigationNames.set(id, label);
      this.out.unmapped(
        path,
        label,
        say`OTM mitigations are not Gatehouse catalogue mitigations: they are named in the descriptions of the threats that list them`,
      );
      return [];
    });

    const zones = this.records(root['trustZones'], ['trustZones'], (record, path) => {
      const zone = this.nested(record, path, 'trust zone');
      const risk = this.record(record['risk'], [...path, 'risk']);
      const rating = risk?.['trustRating'];
      const trustRating = typeof rating === 'number' && Number.isFinite(rating) ? rating : null;
      if (risk !== null && trustRating === null && !isNil(rating))
        this.out.unmapped([...path, 'risk', 'trustRating'], 'trustRating', say`not a number`);
      this.unknownKeys(record, ZONE_KEYS, path);
      return zone === null ? [] : [{ ...zone, trustRating }];
    });

    const components = this.records(root['components'], ['components'], (record, path) => {
      const component = this.nested(record, path, 'component');
      const threats = this.threatInstances(record['threats'], [...path, 'threats']);
      if (!isEmpty(record['assets']))
        this.out.unmapped(
          [...path, 'assets'],
          scalarText(record['name']) ?? 'assets',
          say`asset references (processed, stored) have no counterpart in a Gatehouse model`,
        );
      this.unknownKeys(record, COMPONENT_KEYS, path);
      return component === null ? [] : [{ ...component, threats }];
    });

    const dataflows = this.records(root['dataflows'], ['dataflows'], (record, path) => {
      const base = this.item(record, path);
      const threats = this.threatInstances(record['threats'], [...path, 'threats']);
      const label = scalarText(record['name']) ?? 'dataflow';
      if (!isEmpty(record['assets']))
        this.out.unmapped(
          [...path, 'assets'],
          label,
          say`asset references have no counterpart in a Gatehouse model`,
        );
      if (!isEmpty(record['representations']))
        this.out.unmapped(
          [...path, 'representations'],
          label,
          say`dataflow shapes are not read: flows are drawn between their elements`,
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

    const threats = this.records(root['threats'], ['threats'], (record, path) => {
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
            say`threat ${key} have no counterpart on a Gatehouse threat`,
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

const YES = new Set(words('yes y true 1 on enabled required'));
const NO = new Set(words('no n false 0 off disabled none'));

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

/** Words in a vocabulary below; `at-rest` stands for the two words "at rest". */
function phrases(list: string): string[] {
  return words(list).map((phrase) => ` ${phrase.replace(/-/g, ' ')} `);
}

/** Encryption and authentication words (docs/otm-import.md, "Attributes read"). */
export const MECHANISM_WORDS = {
  inTransit: 'tls tlsv ssl sslv https mtls dtls ipsec wireguard vpn ssh sftp ftps wss',
  atRest: 'aes kms sse tde cmk cmek luks bitlocker dm-crypt full-disk at-rest',
  encrypted: 'encrypted encryption',
  notEncrypted:
    'no not non none without disabled off false plaintext plain-text cleartext clear-text unencrypted',
  plainProtocols: 'http ftp telnet',
  authentication:
    'oauth oidc openid jwt saml basic mtls api-key apikey kerberos password passwords token tokens bearer certificate certificates ntlm',
  notAuthenticated: 'no not non none without disabled off false anonymous unauthenticated',
} as const;

type Vocabulary = Partial<Record<'yes' | 'no' | 'general' | 'plain' | 'other', string>>;

/**
 * Yes/no for encryption or authentication from a plain yes/no word, or from the words of the
 * value, compared whole (`tokenless` is no token): a value naming only mechanisms of the other
 * kind (`TLS` for encryption at rest) is not understood, a negation anywhere (`TLS disabled`,
 * `no auth`) means no, a mechanism (`TLS 1.3`, `AES-256`) or a general word (`encrypted`) yes,
 * and a plain-text protocol alone (`HTTP`) no.
 */
function mechanism(vocabulary: Vocabulary): Parser {
  const lists = new Map(Object.entries(vocabulary).map(([key, list]) => [key, phrases(list)]));
  return (value) => {
    const plainWord = triState(value);
    if (plainWord !== undefined) return plainWord;
    const text = scalarText(value);
    if (text === null) return undefined;
    // Letters and digits apart, so that `TLSv1.2` has the words "tlsv 1 2".
    const padded = ` ${(text.toLowerCase().match(/[a-z]+|\d+/g) ?? []).join(' ')} `;
    const has = (key: keyof Vocabulary): boolean =>
      lists.get(key)?.some((phrase) => padded.includes(phrase)) ?? false;
    if (has('other') && !has('yes')) return undefined;
    if (has('no')) return 'no';
    if (has('yes') || has('general')) return 'yes';
    return has('plain') ? 'no' : undefined;
  };
}

const encryptedInTransit = mechanism({
  yes: MECHANISM_WORDS.inTransit,
  no: MECHANISM_WORDS.notEncrypted,
  general: MECHANISM_WORDS.encrypted,
  plain: MECHANISM_WORDS.plainProtocols,
  other: MECHANISM_WORDS.atRest,
});
const encryptedAtRest = mechanism({
  yes: MECHANISM_WORDS.atRest,
  no: MECHANISM_WORDS.notEncrypted,
  general: MECHANISM_WORDS.encrypted,
  other: MECHANISM_WORDS.inTransit,
});
const authentication = mechanism({
  yes: MECHANISM_WORDS.authentication,
  no: MECHANISM_WORDS.notAuthenticated,
});

/** A lookup from words to values, written `word=value` (or `value` alone) in one string. */
function oneOf(list: string): Parser {
  const entries = new Map(
    words(list).map((entry) => {
      const [word = '', value = word] = entry.split('=');
      return [word, value];
    }),
  );
  return (value) => {
    const text = scalarText(value);
    return text === null ? undefined : entries.get(normalizeWord(text));
  };
}

const classification = oneOf(
  'public internal confidential sensitive=confidential restricted secret=restricted top-secret=restricted highly-confidential=restricted unknown',
);
const privilege = oneOf(
  'unprivileged standard user=standard elevated admin=elevated administrator=elevated root system=root unknown',
);
const entityKind = oneOf('human person=human user=human system service=system unknown');
const freeText: Parser = (value) => scalarText(value) ?? undefined;

interface PropertyRule {
  /** Attribute names, compared by `normalizeKey`. */
  names: readonly string[];
  property: string;
  parse: Parser;
  /** For free text: the schema's length limit. */
  max?: number;
}

function rule(names: string, property: string, parse: Parser, max?: number): PropertyRule {
  return { names: words(names), property, parse, max };
}

/** Which attribute sets which typed property, per kind (docs/otm-import.md, "Attributes"). */
export const ATTRIBUTE_RULES: Readonly<Record<ElementKind | 'flow', readonly PropertyRule[]>> = {
  flow: [
    rule('protocol', 'protocol', freeText, PROTOCOL_MAX),
    rule('encryption encrypted encryptedInTransit tls', 'encryptedInTransit', encryptedInTransit),
    rule('authentication authenticated', 'authenticated', authentication),
    rule('classification dataClassification', 'dataClassification', classification),
    rule('carriesCredentials credentials', 'carriesCredentials', triState),
  ],
  process: [
    rule('internetFacing exposedToInternet', 'internetFacing', triState),
    rule(
      'authentication authenticated authenticatesCallers',
      'authenticatesCallers',
      authentication,
    ),
    rule('privilegeLevel privilege', 'privilegeLevel', privilege),
    rule('handlesUntrustedInput untrustedInput', 'handlesUntrustedInput', triState),
    rule('technology tech', 'technology', freeText, TECHNOLOGY_MAX),
  ],
  dataStore: [
    rule('encryption encrypted encryptedAtRest', 'encryptedAtRest', encryptedAtRest),
    rule('pii holdsPii personalData', 'holdsPii', triState),
    rule('credentials holdsCredentials', 'holdsCredentials', triState),
    rule('secrets holdsSecrets', 'holdsSecrets', triState),
    rule('auditLogging auditLog audit', 'auditLogging', triState),
    rule('backups backup', 'backups', triState),
  ],
  externalEntity: [
    rule('entityKind', 'entityKind', entityKind),
    rule('trusted', 'trusted', triState),
  ],
};

/** `ATTRIBUTE_RULES` by kind and normalized attribute name, so each attribute is one lookup. */
const RULES_BY_NAME = new Map(
  Object.entries(ATTRIBUTE_RULES).map(([kind, rules]) => [
    kind,
    new Map(rules.flatMap((rule) => rule.names.map((name) => [normalizeKey(name), rule] as const))),
  ]),
);

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
  const rules = RULES_BY_NAME.get(kind);
  for (const attribute of attributes) {
    const rule = rules?.get(normalizeKey(attribute.name));
    if (rule === undefined) {
      if (!isNil(attribute.value))
        out.unmapped(
          attribute.path,
          attribute.name,
          say`no Gatehouse property of a ${KIND_LABEL[kind]} corresponds`,
        );
      continue;
    }
    if (isNil(attribute.value)) continue;
    const earlier = setBy.get(rule.property);
    if (earlier !== undefined) {
      out.unmapped(
        attribute.path,
        attribute.name,
        say`${rule.property} is already set from the attribute ${quote(earlier)}`,
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
          ? say`not a value for ${rule.property}`
          : say`the value ${quote(shown)} is not understood for ${rule.property}`,
      );
      continue;
    }
    if (rule.max !== undefined)
      parsed = out.clipped(parsed, rule.max, `The ${rule.property} of ${owner}`);
    properties.set(rule.property, parsed);
    setBy.set(rule.property, attribute.name);
    out.mapping(`attribute ${quote(attribute.name)} of ${owner}`, say`${rule.property}: ${parsed}`);
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

/** The boundary kind a telling word in `text` names (`ZONE_KEYWORDS`), with that word. */
export function zoneKindFrom(text: string): { kind: BoundaryKind; word: string } | null {
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

  const strideOf = (name: string) => STRIDE_BY_KEY.get(normalizeKey(name));
  const stride = threat.categories.map(strideOf).find((match) => match !== undefined);
  const category: StrideCategory = stride ?? 'InformationDisclosure';
  out.mapping(
    `categories of ${label}: ${threat.categories.join(', ') || 'none'}`,
    stride === undefined
      ? say`InformationDisclosure (no STRIDE category given)`
      : { text: category, reason: 'a STRIDE category' },
  );
  if (stride === undefined) {
    const given =
      threat.categories.length === 0 ? 'none given' : threat.categories.map(quote).join(', ');
    out.warn(
      say`Threat ${shownName} has no STRIDE category (${given}): imported as InformationDisclosure.`,
    );
  }

  const likelihood = toScale(threat.likelihood);
  const impact = toScale(threat.impact);
  out.mapping(
    `risk of ${label}`,
    say`likelihood ${likelihood.note}, impact ${impact.note} (0–100 → 1–5)`,
  );

  const cwe: number[] = [];
  threat.cwes.forEach((value, index) => {
    const number = parseCwe(value);
    if (number === null) {
      out.unmapped([...threat.path, 'cwes', index], scalarText(value) ?? 'cwe', say`not a CWE ID`);
    } else if (!cwe.includes(number)) {
      if (cwe.length < CWE_MAX) cwe.push(number);
      else
        out.unmapped(
          [...threat.path, 'cwes', index],
          `CWE-${number}`,
          say`a threat lists at most ${CWE_MAX} CWE IDs`,
        );
    }
  });

  const parts: string[] = [];
  if (threat.description !== null && threat.description.trim() !== '')
    parts.push(threat.description);
  if (threat.likelihoodComment) parts.push(`Likelihood: ${threat.likelihoodComment}`);
  if (threat.impactComment) parts.push(`Impact: ${threat.impactComment}`);
  const others = threat.categories.filter((name) => strideOf(name) !== category);
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
// The import, step by step.

interface Geometry {
  position: Point;
  size: Size | null;
}

/** A zone or component with its shape on the diagram, before positions are added up. */
interface Placed {
  draft: Draft;
  geometry: Geometry | null;
}

const zoneKey = (foreignId: string): string => `zone:${foreignId}`;
const componentKey = (foreignId: string): string => `component:${foreignId}`;
const keyOf = (ref: ParentRef): string => `${ref.kind}:${ref.id}`;

function describeItem(kind: string, name: string | null, foreignId: string): string {
  return name !== null && name.trim() !== ''
    ? `${kind} ${quote(name)}`
    : `${kind} ${quote(foreignId)}`;
}

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
      out.unmapped([...item.tagsPath, index], 'tag', say`not text`);
      return;
    }
    if (text.trim() === '') return;
    const tag = out.clipped(text, TAG_MAX, `A tag of ${label}`);
    if (tags.includes(tag)) return;
    if (tags.length >= TAGS_MAX) {
      out.unmapped([...item.tagsPath, index], tag, say`at most ${TAGS_MAX} tags are kept`);
      return;
    }
    tags.push(tag);
  });
  return { name, description, tags };
}

/** Two finite numbers within ±`MAX_COORDINATE` (at least `min`) from a record, or null. */
function pair(value: unknown, keys: [string, string], min: number): [number, number] | null {
  const numbers = keys.map((key) => (isRecord(value) ? value[key] : undefined));
  return numbers.every(
    (n) => typeof n === 'number' && Number.isFinite(n) && n >= min && n <= MAX_COORDINATE,
  )
    ? (numbers as [number, number])
    : null;
}

function readGeometry(entry: RepresentationEntry, owner: string, out: Reporter): Geometry | null {
  const position = pair(entry.position, ['x', 'y'], -MAX_COORDINATE);
  if (position === null) {
    if (!isNil(entry.position))
      out.unmapped(
        [...entry.path, 'position'],
        owner,
        say`the position is not two numbers from -${MAX_COORDINATE} to ${MAX_COORDINATE}`,
      );
    return null;
  }
  const size = pair(entry.size, ['width', 'height'], 0);
  if (size === null && !isNil(entry.size))
    out.unmapped(
      [...entry.path, 'size'],
      owner,
      say`the size is not two numbers from 0 to ${MAX_COORDINATE}`,
    );
  return {
    position: { x: position[0], y: position[1] },
    size: size === null ? null : { width: size[0], height: size[1] },
  };
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
): Geometry | null {
  const diagramId = doc.diagram?.id ?? null;
  let picked: Geometry | null = null;
  let used = false;
  for (const entry of entries) {
    if (diagramId !== null && entry.representation === diagramId) {
      if (used) {
        out.unmapped(
          entry.path,
          entry.label,
          say`${owner} has a second shape on the diagram: only the first is used`,
        );
        continue;
      }
      used = true;
      picked = readGeometry(entry, owner, out);
      if (!isEmpty(entry.attributes))
        out.unmapped([...entry.path, 'attributes'], owner, say`shape attributes are not read`);
      continue;
    }
    const type =
      entry.representation === null ? undefined : doc.representationTypes.get(entry.representation);
    out.unmapped(
      entry.path,
      entry.label,
      type === undefined
        ? say`${owner}: the shape refers to no representation declared in the file`
        : normalizeWord(type) === 'diagram'
          ? say`${owner}: only shapes on the first diagram representation are read`
          : say`${owner}: representations of type ${quote(type)} have no counterpart in a Gatehouse model`,
    );
  }
  return picked;
}

/** Refuses duplicate IDs: within OTM, and across zones, components and dataflows (one namespace here). */
function checkUniqueIds(doc: OtmDocument, out: Reporter, fileName: string): void {
  const issues: InputIssue[] = [];
  const repeated = new Set<string>();
  const firstAt = new Map<string, string>();
  const claim = (id: string, path: readonly PathSegment[], label: string): void => {
    const earlier = firstAt.get(id);
    if (earlier === undefined) firstAt.set(id, formatPath(path));
    else {
      issues.push({ path: [...path, 'id'], message: `${label} (already used at ${earlier})` });
      repeated.add(label);
    }
  };
  for (const item of [...doc.zones, ...doc.components, ...doc.dataflows])
    claim(out.id(item.foreignId), item.path, `duplicate ID ${quote(item.foreignId)}`);
  // Threats have their own namespace: keyed apart from the IDs above.
  for (const threat of doc.threats)
    claim(
      `\u0000${threat.foreignId}`,
      threat.path,
      `duplicate threat ID ${quote(threat.foreignId)}`,
    );
  if (issues.length > 0) {
    const names = [...repeated];
    throw new InputError(
      `${fileName}: the file repeats IDs, so its references are ambiguous: ${names.slice(0, 5).join('; ')}${names.length > 5 ? '; …' : ''}.`,
      issues,
    );
  }
}

function checkCounts(doc: OtmDocument, fileName: string): void {
  const threatInstances =
    doc.components.reduce((sum, component) => sum + component.threats.length, 0) +
    doc.dataflows.reduce((sum, dataflow) => sum + dataflow.threats.length, 0);
  const limits: [number, number, string][] = [
    [doc.components.length, MAX_ELEMENTS, 'components'],
    [doc.dataflows.length, MAX_FLOWS, 'dataflows'],
    [doc.zones.length, MAX_BOUNDARIES, 'trust zones'],
    [threatInstances, MAX_MANUAL_THREATS, 'threats on components and dataflows'],
  ];
  for (const [count, limit, what] of limits) {
    if (count > limit)
      throw new InputError(
        `${fileName}: the file has ${count} ${what}; a Gatehouse model holds at most ${limit}.`,
      );
  }
}

/** Reads the parsed tree as OTM, refusing structural errors, too many items and repeated IDs. */
function readDocument(value: unknown, fileName: string, out: Reporter): OtmDocument {
  const reader = new OtmReader(out);
  const doc = reader.read(value, fileName);
  if (reader.issues.length > 0) {
    throw new InputError(
      `${fileName}: the file is not a valid Open Threat Model document.`,
      reader.issues,
    );
  }
  checkCounts(doc, fileName);
  checkUniqueIds(doc, out, fileName);
  return doc;
}

/** Report texts for trust zones and components nested in something else. */
const NESTING = {
  zone: {
    label: 'trust zone',
    missing: 'the zone is placed at the top level',
    noZone: say`a top-level zone (the component lies in no zone)`,
    inZone: "nested in that component's",
  },
  component: {
    label: 'component',
    missing: 'the component is placed outside every zone',
    noZone: say`outside every zone (the enclosing component lies in no zone)`,
    inZone: "placed in the enclosing component's",
  },
} as const;

interface Nesting {
  /** The zone (foreign ID) each zone and component lies in, by key; for a zone, its parent. */
  zoneOf: Map<string, string | null>;
  /** What each zone's and component's diagram position is relative to, by key. */
  positionParent: Map<string, string>;
}

/**
 * Where each zone and component sits. Parents that do not exist are reported; a component lies
 * in the zone of the nearest enclosing component that has one (a loop of parent components
 * leaves its members in none); a zone inside a component is nested in that component's zone;
 * a loop of zones is cut where it closes, visiting zones by ID so that the cut does not depend
 * on file order.
 */
function resolveNesting(doc: OtmDocument, out: Reporter): Nesting {
  const zones = new Map(doc.zones.map((zone) => [zoneKey(zone.foreignId), zone]));
  const components = new Map(doc.components.map((c) => [componentKey(c.foreignId), c]));
  const items = [
    ...doc.zones.map((item) => ({ item, key: zoneKey(item.foreignId), kind: 'zone' as const })),
    ...doc.components.map((item) => ({
      item,
      key: componentKey(item.foreignId),
      kind: 'component' as const,
    })),
  ];
  const parents = new Map<string, ParentRef>();
  for (const { item, key, kind } of items) {
    const parent = item.parent;
    const what = describeItem(NESTING[kind].label, item.name, item.foreignId);
    if (parent === null) {
      if (kind === 'component')
        out.warn(
          say`${capitalized(what)} has no parent trust zone: it is placed outside every zone.`,
        );
    } else if ((parent.kind === 'zone' ? zones : components).has(keyOf(parent))) {
      parents.set(key, parent);
    } else {
      out.unmapped(
        [...item.path, 'parent', parent.kind === 'zone' ? 'trustZone' : 'component'],
        parent.id,
        say`${what}: no ${NESTING[parent.kind].label} has this ID: ${NESTING[kind].missing}`,
      );
    }
  }

  const zoneOf = new Map<string, string | null>();
  const zoneThrough = (key: string): string | null => {
    const parent = parents.get(key);
    if (parent === undefined) return null;
    return parent.kind === 'zone' ? parent.id : (zoneOf.get(keyOf(parent)) ?? null);
  };
  const chains = parentOrder(components.keys(), (key) => {
    const parent = parents.get(key);
    return parent?.kind === 'component' ? keyOf(parent) : undefined;
  });
  const looping = new Set(chains.loops.flat());
  for (const key of looping) zoneOf.set(key, null);
  for (const key of chains.order) zoneOf.set(key, zoneThrough(key));
  for (const [key, component] of components) {
    if (looping.has(key))
      out.unmapped(
        [...component.path, 'parent'],
        component.name ?? component.foreignId,
        say`the chain of parent components loops: placed outside every zone`,
      );
  }
  for (const key of zones.keys()) zoneOf.set(key, zoneThrough(key));

  const cut = new Set<string>();
  const zoneLoops = parentOrder([...zones.keys()].sort(compareIds), (key) => {
    const parent = zoneOf.get(key);
    return parent === null || parent === undefined ? undefined : zoneKey(parent);
  }).loops;
  for (const loop of zoneLoops) {
    const key = loop[loop.length - 1] ?? '';
    const zone = zones.get(key);
    if (zone === undefined) continue;
    zoneOf.set(key, null);
    cut.add(key);
    out.unmapped(
      [...zone.path, 'parent'],
      zone.name ?? zone.foreignId,
      say`trust zone ${quote(zone.name ?? zone.foreignId)} is nested inside itself (through its parents): it is placed at the top level`,
    );
  }

  const positionParent = new Map<string, string>();
  for (const { item, key, kind } of items) {
    const parent = parents.get(key);
    if (parent === undefined || cut.has(key)) continue;
    positionParent.set(key, keyOf(parent));
    if (parent.kind !== 'component') continue;
    const zone = zoneOf.get(key) ?? null;
    const text = NESTING[kind];
    out.mapping(
      `${describeItem(text.label, item.name, item.foreignId)} inside ${describeItem('component', components.get(keyOf(parent))?.name ?? null, parent.id)}`,
      zone === null
        ? text.noZone
        : say`${text.inZone} ${describeItem('zone', zones.get(zoneKey(zone))?.name ?? null, zone)}`,
    );
  }
  return { zoneOf, positionParent };
}

function importZones(
  doc: OtmDocument,
  nesting: Nesting,
  placed: Map<string, Placed>,
  out: Reporter,
): ZoneDraft[] {
  return doc.zones.map((zone) => {
    const key = zoneKey(zone.foreignId);
    const what = describeItem('trust zone', zone.name, zone.foreignId);
    const texts = itemTexts(zone, what, out);
    const { kind, why } = decideZoneKind(zone);
    const facts = [
      zone.type === null ? null : `type ${quote(zone.type)}`,
      zone.trustRating === null ? null : `trustRating ${zone.trustRating}`,
    ].filter((fact) => fact !== null);
    out.mapping(
      `${what}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`,
      say`zone, boundaryKind ${kind}: ${why}`,
    );
    for (const attribute of zone.attributes) {
      if (!isNil(attribute.value))
        out.unmapped(attribute.path, attribute.name, say`trust-zone attributes are not read`);
    }
    const parent = nesting.zoneOf.get(key) ?? null;
    const draft: ZoneDraft = {
      id: out.id(zone.foreignId),
      ...texts,
      boundaryKind: kind,
      within: parent === null ? null : out.id(parent),
      position: null,
      size: null,
    };
    const geometry = pickGeometry(zone.representations, doc, what, out);
    if (geometry !== null) geometry.size ??= { ...DEFAULT_ZONE_SIZE };
    placed.set(key, { draft, geometry });
    return draft;
  });
}

function importElements(
  doc: OtmDocument,
  nesting: Nesting,
  placed: Map<string, Placed>,
  out: Reporter,
): ElementDraft[] {
  // One decision per distinct type: large files repeat a handful of types thousands of times.
  const typeUse = new Map<string, { decision: KindDecision; how: string; names: string[] }>();
  const elements = doc.components.map((component) => {
    const key = componentKey(component.foreignId);
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
    const properties = applyAttributes(decision.kind, component.attributes, what, out);
    if (decision.entityKind !== undefined && !properties.has('entityKind'))
      properties.set('entityKind', decision.entityKind);
    const zone = nesting.zoneOf.get(key) ?? null;
    const draft: ElementDraft = {
      id: out.id(component.foreignId),
      kind: decision.kind,
      ...texts,
      within: zone === null ? null : out.id(zone),
      position: null,
      size: null,
      properties,
    };
    const geometry = pickGeometry(component.representations, doc, what, out);
    placed.set(key, { draft, geometry });
    return draft;
  });
  for (const [type, use] of [...typeUse].sort((a, b) => compareIds(a[0], b[0]))) {
    const count = `${use.names.length} component${use.names.length === 1 ? '' : 's'}`;
    const source =
      type === '' ? `no component type (${count})` : `component type ${quote(type)} (${count})`;
    if (use.how === 'unknown') {
      out.mapping(source, say`process (unknown type)`);
      out.warn(
        type === ''
          ? say`Components without a type (${examples(use.names)}): imported as process.`
          : say`Unknown component type ${quote(type)} (${examples(use.names)}): imported as process.`,
      );
    } else {
      out.mapping(
        source,
        say`${describeDecision(use.decision)}${use.how === 'head-word' ? ' (by its last word)' : ''}`,
      );
    }
  }
  return elements;
}

/**
 * Diagram positions. OTM positions are relative to the parent (trust zone or component), so
 * each is added to its parent's, parents first; an item whose parent has no position, or whose
 * parents loop, has none either. Returns how many items were placed.
 */
function placeDrawn(
  placed: ReadonlyMap<string, Placed>,
  positionParent: ReadonlyMap<string, string>,
): number {
  const { order, loops } = parentOrder(placed.keys(), (key) => positionParent.get(key));
  const absolute = new Map<string, Point | null>(loops.flat().map((key) => [key, null]));
  let count = 0;
  for (const key of order) {
    const item = placed.get(key);
    const own = item?.geometry?.position;
    const parentKey = positionParent.get(key);
    const base = parentKey === undefined ? { x: 0, y: 0 } : (absolute.get(parentKey) ?? null);
    const position = own === undefined || base === null ? null : add(base, own);
    absolute.set(key, position);
    if (item === undefined || position === null) continue;
    item.draft.position = position;
    item.draft.size = item.geometry?.size ?? null;
    count++;
  }
  return count;
}

function add(a: Point, b: Point): Point {
  return { x: a.x + b.x, y: a.y + b.y };
}

function importFlows(doc: OtmDocument, out: Reporter): { flows: Tree[]; imported: Set<string> } {
  const componentIds = new Set(doc.components.map((component) => component.foreignId));
  const zoneIds = new Set(doc.zones.map((zone) => zone.foreignId));
  const flows: Tree[] = [];
  const imported = new Set<string>();
  for (const dataflow of doc.dataflows) {
    const what = describeItem('dataflow', dataflow.name, dataflow.foreignId);
    const label = dataflow.name ?? dataflow.foreignId;
    const ends: [string | null, string][] = [
      [dataflow.source, 'source'],
      [dataflow.destination, 'destination'],
    ];
    const missing = ends.find(([end]) => end === null || !componentIds.has(end));
    if (missing !== undefined) {
      const [end, role] = missing;
      out.unmapped(
        dataflow.path,
        label,
        end === null
          ? say`${what} skipped: its ${role} is missing`
          : zoneIds.has(end)
            ? say`${what} skipped: its ${role} ${quote(end)} is a trust zone, not a component`
            : say`${what} skipped: its ${role} ${quote(end)} is not a component in the file`,
      );
      continue;
    }
    if (dataflow.source === dataflow.destination) {
      out.unmapped(dataflow.path, label, say`${what} skipped: it connects a component to itself`);
      continue;
    }
    const texts = itemTexts(dataflow, what, out);
    // Booleans as written; the yes/no words of attributes as PyYAML, which reads `yes` as true.
    const raw = dataflow.bidirectional;
    const direction = isNil(raw) ? 'no' : triState(raw);
    if (direction !== 'yes' && direction !== 'no')
      out.unmapped(
        [...dataflow.path, 'bidirectional'],
        'bidirectional',
        say`${what}: not true or false: taken as one-way`,
      );
    else if (typeof raw !== 'boolean' && !isNil(raw))
      out.mapping(
        `bidirectional ${quote(scalarText(raw) ?? '')} of ${what}`,
        say`bidirectional: ${direction === 'yes'}`,
      );
    const properties = applyAttributes('flow', dataflow.attributes, what, out);
    flows.push({
      id: out.id(dataflow.foreignId),
      diagramId: DIAGRAM_ID,
      sourceId: out.id(dataflow.source ?? ''),
      targetId: out.id(dataflow.destination ?? ''),
      bidirectional: direction === 'yes',
      ...texts,
      properties: Object.fromEntries(properties),
    });
    imported.add(dataflow.foreignId);
  }
  return { flows, imported };
}

/** Each threat instance on a component or dataflow becomes a manual threat on it. */
function importThreats(
  doc: OtmDocument,
  importedFlows: ReadonlySet<string>,
  out: Reporter,
): { manualThreats: Tree[]; triage: Tree[] } {
  const catalogue = new Map(doc.threats.map((threat) => [threat.foreignId, threat]));
  const templates = new Map<string, ThreatTemplate>();
  const referenced = new Set<string>();
  const manualThreats: Tree[] = [];
  const triage: Tree[] = [];
  const manualIds = new Set<string>();
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
          say`${owner}: no threat with this ID in the top-level "threats"`,
        );
        continue;
      }
      referenced.add(threat.foreignId);
      const label = threat.name ?? threat.foreignId;
      if (target === null) {
        out.unmapped(
          instance.path,
          label,
          say`${owner} was not imported, so neither is its threat`,
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
        out.unmapped(instance.path, label, say`${owner} lists this threat twice: imported once`);
        continue;
      }
      manualIds.add(id);
      const mitigations = instance.mitigations.map((mitigation) => {
        const name = doc.mitigationNames.get(mitigation.id) ?? mitigation.id;
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
      const threatLabel = `threat ${quote(label)} on ${owner}`;
      if (state === '' || OPEN_STATES.has(state)) {
        out.mapping(`${threatLabel}: state ${quote(rawState || 'none')}`, say`open`);
        continue;
      }
      const shownState = clip(rawState, 100);
      if (INVESTIGATING_STATES.has(state)) {
        triage.push({ threatId: id, status: 'investigating', notes: '' });
        out.mapping(`${threatLabel}: state ${quote(rawState)}`, say`investigating`);
        continue;
      }
      const known = APPROVAL_OR_STORY_STATES.has(state);
      const notes = known
        ? `Imported from an Open Threat Model file with the state "${shownState}". In Gatehouse a threat is mitigated only when a done story covers it, and accepted or not applicable only with an approval, so it comes in as investigating.`
        : `Imported from an Open Threat Model file with the state "${shownState}", which Gatehouse does not know, so it comes in as investigating.`;
      triage.push({ threatId: id, status: 'investigating', notes });
      out.mapping(
        `${threatLabel}: state ${quote(rawState)}`,
        say`investigating (the original state is kept in the triage notes)`,
      );
      if (!known)
        out.warn(
          say`Unknown threat state ${quote(rawState)} on ${threatLabel}: imported as investigating.`,
        );
    }
  };
  for (const component of doc.components) {
    importInstances(
      component.threats,
      { role: 'element', id: out.id(component.foreignId) },
      describeItem('component', component.name, component.foreignId),
    );
  }
  for (const dataflow of doc.dataflows) {
    importInstances(
      dataflow.threats,
      importedFlows.has(dataflow.foreignId)
        ? { role: 'flow', id: out.id(dataflow.foreignId) }
        : null,
      describeItem('dataflow', dataflow.name, dataflow.foreignId),
    );
  }
  if (triage.length > 0)
    out.warn(
      say`${triage.length} imported threat${triage.length === 1 ? '' : 's'} had a state that needs a story or an approval in Gatehouse: imported as investigating, with the original state in the triage notes.`,
    );
  for (const threat of doc.threats) {
    if (!referenced.has(threat.foreignId))
      out.unmapped(
        threat.path,
        threat.name ?? threat.foreignId,
        say`the threat is on no component or dataflow: not imported`,
      );
  }
  return { manualThreats, triage };
}

/**
 * Imports an Open Threat Model file (OTM 0.1.x or 0.2.x, JSON or YAML). Throws `InputError` for
 * a file that is not OTM or cannot be used; everything else comes across or is named in the
 * report.
 */
export function importOtm(text: string, fileName: string): ImportResult {
  const { value, dropped, repaired } = parseForeignText(text, fileName, OTM_TEXT_FORMAT);
  const probe = isRecord(value) ? scalarText(value['otmVersion'])?.trim() : undefined;
  const out = new Reporter(
    `otm-${probe !== undefined && isSupportedVersion(probe) ? probe : 'unknown'}`,
    fileName,
  );
  if (repaired.length > 0)
    out.warn(
      say`YAML line${repaired.length === 1 ? '' : 's'} ${repaired.join(', ')}: quoted text continued on a line indented less than YAML 1.2 allows; read as PyYAML reads it (the indentation of such lines does not change the text).`,
    );
  out.droppedKeys(dropped);
  const doc = readDocument(value, fileName, out);

  const nesting = resolveNesting(doc, out);
  const placed = new Map<string, Placed>();
  const zones = importZones(doc, nesting, placed, out);
  const elements = importElements(doc, nesting, placed, out);
  const drawn = placeDrawn(placed, nesting.positionParent);
  const grown = layout(zones, elements);
  const total = placed.size;
  if (grown.length > 0)
    out.warn(
      say`${grown.length} trust zone${grown.length === 1 ? ' was' : 's were'} drawn smaller than what the file draws inside (${examples(grown)}): enlarged to contain it.`,
    );
  if (total > 0 && drawn === 0)
    out.warn(
      say`The file has no diagram positions: zones and elements were laid out on a grid (zones around their contents).`,
    );
  else if (drawn < total)
    out.warn(
      say`${total - drawn} of ${total} trust zones and components had no usable diagram position (or a parent without one): they were placed on a grid, inside their zone when it is drawn (the zone grows to hold them), otherwise below the diagram.`,
    );

  const { flows, imported } = importFlows(doc, out);
  const { manualThreats, triage } = importThreats(doc, imported, out);
  return assemble(doc, fileName, { zones, elements, flows, manualThreats, triage }, out);
}

/** The model tree from the imported parts, validated. */
function assemble(
  doc: OtmDocument,
  fileName: string,
  parts: {
    zones: readonly ZoneDraft[];
    elements: readonly ElementDraft[];
    flows: Tree[];
    manualThreats: Tree[];
    triage: Tree[];
  },
  out: Reporter,
): ImportResult {
  if (doc.projectName === null)
    out.warn(say`The file names no project: the model is named after the file.`);
  const projectName = doc.projectName ?? fileName.replace(/\.(otm\.)?(json|ya?ml|otm)$/i, '');
  const name = out.clipped(projectName, NAME_MAX, 'The project name');
  return assembleModel(
    {
      name,
      description: out.clipped(doc.projectDescription ?? '', TEXT_MAX, 'The project description'),
      diagramId: DIAGRAM_ID,
      ...parts,
    },
    out,
    'OTM',
    fileName,
  );
}

/** Open Threat Model 0.1.x / 0.2.x, JSON or YAML: recognised by its `otmVersion` key. */
export const OTM_IMPORTER: ForeignImporter = {
  format: 'otm',
  label: 'Open Threat Model (JSON or YAML)',
  extensions: ['.otm', '.json', '.yaml', '.yml'],
  detect: (head: string) => /["']?otmVersion["']?\s*:/.test(head),
  import: importOtm,
};
