/**
 * Import of AWS Threat Composer workspace exports (`.tc.json`, `schema: 1`) into a Gatehouse
 * model. Mapping and decisions are documented for users in `docs/import-other-tools.md`
 * ("AWS Threat Composer"); keep the two in step.
 *
 * Threat Composer draws no diagram of its own: its architecture and data flow are an image and
 * a text. Its threats are therefore model-level manual threats (no targets); their mitigations,
 * linked assumptions and the statement's parts go into the threat's description. Images are
 * never copied into the model (they are base64 blobs, and Gatehouse draws its own diagram).
 *
 * The function is pure: text in, model and report out. The file is untrusted: read by
 * `parseForeignText` (bounded size, number of values and depth; prototype-polluting keys
 * dropped and reported), lookups keyed by its IDs use `Map`, and the report caps each reason.
 */
import { InputError, type InputIssue, type PathSegment } from '../model/errors';
import { MANUAL_PACK_ID, threatIdFor } from '../model/ids';
import type { StrideCategory } from '../model/schema';
import { DEFAULT_MITIGATION_BY_CATEGORY } from '../threats/defaultMitigations';
import type { ForeignImporter } from './foreignImporter';
import type { ImportResult } from './importReport';
import {
  MAX_MANUAL_THREATS,
  NAME_MAX,
  SOURCE_MAX,
  TEXT_MAX,
  TITLE_MAX,
  assembleModel,
  refuseTooMany,
  type Tree,
} from './layout';
import { clip, quote, Reporter, say } from './reporter';
import { parseForeignText, type ForeignTextFormat } from './safeYaml';

/** Bounds for Threat Composer input: the size of its largest real exports, many times over. */
export const THREAT_COMPOSER_LIMITS = {
  maxBytes: 32 * 1024 * 1024,
  maxNodes: 2_000_000,
  maxDepth: 64,
  forbiddenKeys: 'drop',
} as const;

const TEXT_FORMAT: ForeignTextFormat = {
  file: 'a Threat Composer file',
  document: 'a Threat Composer export',
  syntaxName: 'JSON',
  expected: 'JSON with "schema" and "threats"',
  aliasReason: 'aliases are not accepted.',
  syntax: 'json',
  limits: THREAT_COMPOSER_LIMITS,
  repairQuotedIndentation: false,
};

/** The single diagram of the model (empty: Threat Composer has no diagram elements). */
const DIAGRAM_ID = 'main';

const ROOT_KEYS = new Set([
  'schema',
  'workspace',
  'applicationInfo',
  'architecture',
  'dataflow',
  'assumptions',
  'mitigations',
  'assumptionLinks',
  'mitigationLinks',
  'threats',
]);
/**
 * Threat keys read. `displayOrder`, `customTemplate` and `displayedStatement` are how Threat
 * Composer lays out and renders the statement; the statement itself comes across.
 */
const THREAT_KEYS = new Set([
  'id',
  'numericId',
  'displayOrder',
  'metadata',
  'tags',
  'threatSource',
  'prerequisites',
  'threatAction',
  'threatImpact',
  'impactedGoal',
  'impactedAssets',
  'statement',
  'customTemplate',
  'displayedStatement',
  'status',
]);
/** Keys of mitigations and assumptions (both are "content entities" in Threat Composer). */
const CONTENT_KEYS = new Set([
  'id',
  'numericId',
  'displayOrder',
  'metadata',
  'tags',
  'content',
  'status',
]);

/** The STRIDE letters of the `STRIDE` metadata. */
export const STRIDE_BY_LETTER: ReadonlyMap<string, StrideCategory> = new Map([
  ['S', 'Spoofing'],
  ['T', 'Tampering'],
  ['R', 'Repudiation'],
  ['I', 'InformationDisclosure'],
  ['D', 'DenialOfService'],
  ['E', 'ElevationOfPrivilege'],
]);

/** Without STRIDE metadata, the first impacted goal that names a category decides it. */
export const STRIDE_BY_GOAL: ReadonlyMap<string, StrideCategory> = new Map([
  ['confidentiality', 'InformationDisclosure'],
  ['integrity', 'Tampering'],
  ['availability', 'DenialOfService'],
]);
/** Neither STRIDE metadata nor a telling goal: the category a threat statement most often has. */
const FALLBACK_CATEGORY: StrideCategory = 'Tampering';

/** `Priority` metadata → likelihood and impact (both: the priority is the overall risk). */
export const SCALE_BY_PRIORITY: ReadonlyMap<string, number> = new Map([
  ['high', 4],
  ['medium', 3],
  ['low', 2],
]);

/** Threat states: still open here, or needing a story or an approval (→ investigating). */
const OPEN_STATUSES = new Set(['threatIdentified']);
const STATUS_LABELS: ReadonlyMap<string, string> = new Map([
  ['threatIdentified', 'identified'],
  ['threatResolved', 'resolved'],
  ['threatResolvedNotUseful', 'resolved: not useful'],
  ['mitigationIdentified', 'identified'],
  ['mitigationInProgress', 'in progress'],
  ['mitigationResolved', 'resolved'],
  ['mitigationResolvedWillNotAction', 'resolved: will not action'],
]);

// ---------------------------------------------------------------------------------------------
// Reading helpers: every value is checked before use; what is not usable is reported.

type Record_ = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** A text field: text as is, nothing when absent, reported (and nothing) when of another type. */
function textAt(record: Record_, key: string, path: PathSegment[], out: Reporter): string {
  const value = record[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isBlank(value)) out.unmapped([...path, key], key, say`not text: ignored`);
  return '';
}

/** A list of texts: non-text entries are reported and skipped. */
function textsAt(record: Record_, key: string, path: PathSegment[], out: Reporter): string[] {
  const value = record[key];
  if (isBlank(value)) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) {
    out.unmapped([...path, key], key, say`not a list of texts: ignored`);
    return [];
  }
  return list.flatMap((item: unknown, index) => {
    if (typeof item === 'string') return item.trim() === '' ? [] : [item];
    out.unmapped([...path, key, index], key, say`not text: ignored`);
    return [];
  });
}

/** Reports each key of `record` outside `known` by name. */
function reportUnknownKeys(
  record: Record_,
  known: ReadonlySet<string>,
  path: PathSegment[],
  owner: string,
  out: Reporter,
): void {
  for (const key of Object.keys(record)) {
    if (!known.has(key) && !isBlank(record[key]))
      out.unmapped(
        [...path, key],
        key,
        say`${owner}: a key Threat Composer does not define: not read`,
      );
  }
}

interface Entity {
  id: string;
  numericId: string;
  path: PathSegment[];
  record: Record_;
}

/**
 * The entities of one top-level list: each with a text `id`, the first of each ID kept. A list
 * of another type is refused (it is not Threat Composer); bad entries are reported and skipped.
 */
function readEntities(root: Record_, key: string, noun: string, out: Reporter): Entity[] {
  const value = root[key];
  if (isBlank(value)) return [];
  if (!Array.isArray(value)) {
    const issue: InputIssue = { path: [key], message: 'expected a list' };
    throw new InputError(`"${key}" is not a list, as a Threat Composer export has it.`, [issue]);
  }
  const seen = new Set<string>();
  const entities: Entity[] = [];
  value.forEach((item: unknown, index) => {
    const path = [key, index];
    if (!isRecord(item)) {
      out.unmapped(path, `${noun} ${index + 1}`, say`not an object: skipped`);
      return;
    }
    const id = item['id'];
    const numeric = item['numericId'];
    const numericId = typeof numeric === 'number' ? String(numeric) : '';
    if (typeof id !== 'string' || id.trim() === '') {
      out.unmapped(
        path,
        `${noun} ${numericId || index + 1}`,
        say`${noun} without an "id": skipped`,
      );
      return;
    }
    if (seen.has(id)) {
      out.unmapped(path, id, say`${noun} ID used twice: the first one is imported`);
      return;
    }
    seen.add(id);
    entities.push({ id, numericId, path, record: item });
  });
  return entities;
}

/** How an entity is named in the report: `threat 12 (id)`. */
function entityName(noun: string, entity: Entity): string {
  return `${noun} ${entity.numericId === '' ? quote(entity.id) : entity.numericId}`;
}

// ---------------------------------------------------------------------------------------------
// Metadata, links and texts.

interface Metadata {
  stride: string[];
  priority: string;
  /** Comments and custom keys, as `key: value` lines. */
  notes: string[];
}

function readMetadata(entity: Entity, out: Reporter): Metadata {
  const metadata: Metadata = { stride: [], priority: '', notes: [] };
  const list = entity.record['metadata'];
  if (isBlank(list)) return metadata;
  const path = [...entity.path, 'metadata'];
  if (!Array.isArray(list)) {
    out.unmapped(path, 'metadata', say`not a list: ignored`);
    return metadata;
  }
  list.forEach((item: unknown, index) => {
    const key = isRecord(item) ? item['key'] : undefined;
    if (!isRecord(item) || typeof key !== 'string') {
      out.unmapped([...path, index], 'metadata', say`not a key and a value: ignored`);
      return;
    }
    const values = textsAt(item, 'value', [...path, index], out);
    if (key === 'STRIDE') metadata.stride.push(...values.map((letter) => letter.trim()));
    else if (key === 'Priority') metadata.priority = values[0] ?? '';
    else if (values.length > 0) metadata.notes.push(`${key}: ${values.join(', ')}`);
  });
  return metadata;
}

/** `from` ID → the IDs it links to, from a list of links; dangling or bad links are reported. */
function readLinks(
  root: Record_,
  key: 'mitigationLinks' | 'assumptionLinks',
  fromKey: 'mitigationId' | 'assumptionId',
  known: { from: ReadonlySet<string>; to: ReadonlySet<string> },
  out: Reporter,
): Map<string, string[]> {
  const links = new Map<string, string[]>();
  const value = root[key];
  if (isBlank(value)) return links;
  if (!Array.isArray(value)) {
    out.unmapped([key], key, say`not a list: no links read`);
    return links;
  }
  value.forEach((item: unknown, index) => {
    const path = [key, index];
    const from = isRecord(item) ? item[fromKey] : undefined;
    const to = isRecord(item) ? item['linkedId'] : undefined;
    if (typeof from !== 'string' || typeof to !== 'string') {
      out.unmapped(path, key, say`a link without "${fromKey}" and "linkedId" texts: ignored`);
      return;
    }
    const missing: [string, string] | null = !known.from.has(from)
      ? [from, fromKey]
      : !known.to.has(to)
        ? [to, 'linkedId']
        : null;
    if (missing !== null) {
      out.unmapped(path, missing[0], say`a link whose ${missing[1]} is not in the file: ignored`);
      return;
    }
    const list = links.get(from);
    if (list === undefined) links.set(from, [to]);
    else if (!list.includes(to)) list.push(to);
  });
  return links;
}

/** `to` ID → the `from` IDs that link to it. */
function invert(links: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const inverse = new Map<string, string[]>();
  for (const [from, targets] of links) {
    for (const to of targets) {
      const list = inverse.get(to);
      if (list === undefined) inverse.set(to, [from]);
      else list.push(from);
    }
  }
  return inverse;
}

function statusLabel(status: string): string {
  return STATUS_LABELS.get(status) ?? status;
}

/** The threat's category: its first STRIDE letter, else its impacted goals, else the fallback. */
function decideCategory(
  metadata: Metadata,
  goals: readonly string[],
  name: string,
  out: Reporter,
): StrideCategory {
  const known = metadata.stride.filter((letter) => STRIDE_BY_LETTER.has(letter.toUpperCase()));
  for (const letter of metadata.stride) {
    if (!STRIDE_BY_LETTER.has(letter.toUpperCase()))
      out.warn(say`${name}: STRIDE value ${quote(letter)} is not a STRIDE letter: ignored.`);
  }
  const first = known[0];
  if (first !== undefined) {
    const category = STRIDE_BY_LETTER.get(first.toUpperCase())!;
    if (known.length > 1)
      out.mapping(
        `${name}: STRIDE ${known.join(', ')}`,
        say`category ${category} (the first letter; all letters are kept in the description)`,
      );
    return category;
  }
  const goal = goals.find((each) => STRIDE_BY_GOAL.has(each.trim().toLowerCase()));
  if (goal !== undefined) {
    const category = STRIDE_BY_GOAL.get(goal.trim().toLowerCase())!;
    out.mapping(`${name}: no STRIDE, impacted goal ${quote(goal)}`, say`category ${category}`);
    return category;
  }
  out.warn(
    say`${name} has no STRIDE category and no impacted goal that names one: imported as ${FALLBACK_CATEGORY}; check it.`,
  );
  return FALLBACK_CATEGORY;
}

// ---------------------------------------------------------------------------------------------
// The import.

interface Context {
  mitigations: ReadonlyMap<string, Entity>;
  assumptions: ReadonlyMap<string, Entity>;
  /** threat or assumption ID → mitigation IDs linked to it. */
  mitigationsOf: ReadonlyMap<string, string[]>;
  /** threat or mitigation ID → assumption IDs linked to it. */
  assumptionsOf: ReadonlyMap<string, string[]>;
  /** Mitigations and assumptions that reached an imported threat. */
  used: Set<string>;
}

function contentLine(entity: Entity, out: Reporter): string {
  return textAt(entity.record, 'content', entity.path, out).trim() || '(no text)';
}

/** The mitigations and assumptions linked to a threat, as description paragraphs. */
function linkedTexts(threatId: string, context: Context, out: Reporter): string[] {
  const mitigationLines: string[] = [];
  for (const id of context.mitigationsOf.get(threatId) ?? []) {
    const mitigation = context.mitigations.get(id);
    if (mitigation === undefined) continue;
    context.used.add(id);
    const status = textAt(mitigation.record, 'status', mitigation.path, out);
    mitigationLines.push(
      `- ${contentLine(mitigation, out)}${status === '' ? '' : ` (${statusLabel(status)})`}`,
    );
    for (const assumptionId of context.assumptionsOf.get(id) ?? []) {
      const assumption = context.assumptions.get(assumptionId);
      if (assumption === undefined) continue;
      context.used.add(assumptionId);
      mitigationLines.push(`  - Assumption: ${contentLine(assumption, out)}`);
    }
  }
  const assumptionLines: string[] = [];
  for (const id of context.assumptionsOf.get(threatId) ?? []) {
    const assumption = context.assumptions.get(id);
    if (assumption === undefined) continue;
    context.used.add(id);
    assumptionLines.push(`- ${contentLine(assumption, out)}`);
  }
  return [
    mitigationLines.length > 0
      ? `Mitigations in Threat Composer:\n${mitigationLines.join('\n')}`
      : '',
    assumptionLines.length > 0
      ? `Assumptions in Threat Composer:\n${assumptionLines.join('\n')}`
      : '',
  ];
}

function importThreat(
  threat: Entity,
  context: Context,
  out: Reporter,
): { manualThreat: Tree; triage: Tree | null } {
  const { record, path } = threat;
  const name = entityName('threat', threat);
  reportUnknownKeys(record, THREAT_KEYS, path, name, out);
  const metadata = readMetadata(threat, out);
  const goals = textsAt(record, 'impactedGoal', path, out);
  const category = decideCategory(metadata, goals, name, out);
  const statement = textAt(record, 'statement', path, out).trim();
  const parts: [string, string][] = [
    ['Threat source', textAt(record, 'threatSource', path, out)],
    ['Prerequisites', textAt(record, 'prerequisites', path, out)],
    ['Threat action', textAt(record, 'threatAction', path, out)],
    ['Threat impact', textAt(record, 'threatImpact', path, out)],
    ['Impacted goals', goals.join(', ')],
    ['Impacted assets', textsAt(record, 'impactedAssets', path, out).join(', ')],
    ['Tags', textsAt(record, 'tags', path, out).join(', ')],
    ['STRIDE', metadata.stride.join(', ')],
    ['Priority', metadata.priority],
  ];
  const title =
    statement !== ''
      ? out.clipped(statement, TITLE_MAX, `The statement of ${name}`)
      : clip(
          parts.map(([, value]) => value.trim()).find((value) => value !== '') ?? name,
          TITLE_MAX,
        );
  const description = [
    statement.length > TITLE_MAX ? statement : '',
    parts
      .filter(([, value]) => value.trim() !== '')
      .map(([label, value]) => `${label}: ${value.trim()}`)
      .join('\n'),
    metadata.notes.join('\n'),
    ...linkedTexts(threat.id, context, out),
  ]
    .filter((part) => part !== '')
    .join('\n\n');

  const scale = SCALE_BY_PRIORITY.get(metadata.priority.trim().toLowerCase());
  if (metadata.priority !== '' && scale === undefined)
    out.warn(
      say`${name}: priority ${quote(metadata.priority)} is not High, Medium or Low: likelihood and impact left at 3.`,
    );
  const key = out.id(threat.id);
  const id = threatIdFor(MANUAL_PACK_ID, key, []);
  const manualThreat: Tree = {
    id,
    key,
    category,
    targets: [],
    title,
    description: out.clipped(description, TEXT_MAX, `The description of ${name}`),
    likelihood: scale ?? 3,
    impact: scale ?? 3,
    // Threat Composer mitigations are free text (kept in the description): the threat gets its
    // category's catalogue mitigation so that it reaches a story.
    mitigationIds: [DEFAULT_MITIGATION_BY_CATEGORY[category]],
    source: clip(`Threat Composer: ${name} (${threat.id})`, SOURCE_MAX),
  };

  const status = textAt(record, 'status', path, out).trim();
  if (status === '' || OPEN_STATUSES.has(status)) {
    out.mapping(`${name}: status ${quote(status || 'none')}`, say`open`);
    return { manualThreat, triage: null };
  }
  const known = STATUS_LABELS.has(status);
  if (!known)
    out.warn(say`Unknown threat status ${quote(status)} on ${name}: imported as investigating.`);
  out.mapping(
    `${name}: status ${quote(status)}`,
    say`investigating (the original status is kept in the triage notes)`,
  );
  const shown = clip(status, 100);
  const notes = known
    ? `Imported from Threat Composer with the status "${shown}" (${statusLabel(status)}). In Gatehouse a threat is mitigated only when a done story covers it, and not applicable only with an approval, so it comes in as investigating.`
    : `Imported from Threat Composer with the status "${shown}", which Gatehouse does not know, so it comes in as investigating.`;
  return { manualThreat, triage: { threatId: id, status: 'investigating', notes } };
}

/** Application info, architecture and data flow texts → the model's name and description. */
function modelTexts(
  root: Record_,
  fileName: string,
  out: Reporter,
): { name: string; description: string } {
  const sections: string[] = [];
  let name = '';
  for (const [key, heading] of [
    ['applicationInfo', ''],
    ['architecture', 'Architecture'],
    ['dataflow', 'Data flow'],
  ] as const) {
    const value = root[key];
    if (isBlank(value)) continue;
    if (!isRecord(value)) {
      out.unmapped([key], key, say`not an object: not read`);
      continue;
    }
    if (key === 'applicationInfo') name = textAt(value, 'name', [key], out).trim();
    const text = textAt(value, 'description', [key], out).trim();
    if (text !== '') sections.push(heading === '' ? text : `${heading}:\n${text}`);
    if (!isBlank(value['image']))
      out.unmapped(
        [key, 'image'],
        `${key} image`,
        say`images are not imported: Gatehouse draws its own diagram, and never copies embedded images into the model`,
      );
    reportUnknownKeys(value, new Set(['name', 'description', 'image']), [key], key, out);
  }
  if (name === '') {
    out.warn(say`The file names no application: the model is named after the file.`);
    name = fileName.replace(/(\.tc)?\.json$/i, '') || 'Threat Composer import';
  }
  return {
    name: out.clipped(name, NAME_MAX, 'The application name'),
    description: out.clipped(sections.join('\n\n'), TEXT_MAX, 'The application description'),
  };
}

/**
 * Imports a Threat Composer workspace export. Throws `InputError` for a file that is not one or
 * cannot be used; everything else comes across or is named in the report.
 */
export function importThreatComposer(text: string, fileName: string): ImportResult {
  const { value, dropped } = parseForeignText(text, fileName, TEXT_FORMAT);
  if (!isRecord(value)) {
    throw new InputError(`${fileName}: not a Threat Composer export (expected a JSON object).`, [
      { path: [], message: 'expected an object' },
    ]);
  }
  const schema = value['schema'];
  if (typeof schema !== 'number') {
    throw new InputError(
      `${fileName}: not a Threat Composer export ("schema" is missing or not a number).`,
      [{ path: ['schema'], message: 'expected the schema version, a number' }],
    );
  }
  const out = new Reporter(`threat-composer-${schema}`, fileName);
  if (schema !== 1)
    out.warn(
      say`Threat Composer schema ${schema}: this importer knows schema 1 and read the file as that.`,
    );
  out.droppedKeys(dropped);
  reportUnknownKeys(value, ROOT_KEYS, [], 'the file', out);
  if (!isBlank(value['workspace']))
    out.unmapped(['workspace'], 'workspace', say`workspace settings are not imported`);

  const read = (key: string, noun: string): Entity[] => {
    try {
      return readEntities(value, key, noun, out);
    } catch (error) {
      if (error instanceof InputError)
        throw new InputError(`${fileName}: ${error.summary}`, error.issues);
      throw error;
    }
  };
  const threats = read('threats', 'threat');
  refuseTooMany(fileName, [[threats.length, MAX_MANUAL_THREATS, 'threats']]);
  const mitigations = read('mitigations', 'mitigation');
  const assumptions = read('assumptions', 'assumption');
  for (const entity of [...mitigations, ...assumptions]) {
    const noun = mitigations.includes(entity) ? 'mitigation' : 'assumption';
    reportUnknownKeys(entity.record, CONTENT_KEYS, entity.path, entityName(noun, entity), out);
  }
  const ids = (entities: readonly Entity[]) => new Set(entities.map((entity) => entity.id));
  const threatIds = ids(threats);
  const mitigationIds = ids(mitigations);
  const assumptionIds = ids(assumptions);
  const mitigationLinks = readLinks(
    value,
    'mitigationLinks',
    'mitigationId',
    { from: mitigationIds, to: new Set([...threatIds, ...assumptionIds]) },
    out,
  );
  const assumptionLinks = readLinks(
    value,
    'assumptionLinks',
    'assumptionId',
    { from: assumptionIds, to: new Set([...threatIds, ...mitigationIds]) },
    out,
  );
  const context: Context = {
    mitigations: new Map(mitigations.map((entity) => [entity.id, entity])),
    assumptions: new Map(assumptions.map((entity) => [entity.id, entity])),
    mitigationsOf: invert(mitigationLinks),
    assumptionsOf: invert(assumptionLinks),
    used: new Set(),
  };

  const manualThreats: Tree[] = [];
  const triage: Tree[] = [];
  for (const threat of threats) {
    const imported = importThreat(threat, context, out);
    manualThreats.push(imported.manualThreat);
    if (imported.triage !== null) triage.push(imported.triage);
  }
  if (triage.length > 0)
    out.warn(
      say`${triage.length} imported threat${triage.length === 1 ? '' : 's'} had a resolved status, which needs a story or an approval in Gatehouse: imported as investigating, with the original status in the triage notes.`,
    );
  for (const [entities, noun] of [
    [mitigations, 'mitigation'],
    [assumptions, 'assumption'],
  ] as const) {
    for (const entity of entities) {
      if (!context.used.has(entity.id))
        out.unmapped(
          entity.path,
          clip(contentLine(entity, out), 200),
          say`${noun} linked to no threat: not imported (Gatehouse keeps mitigations and assumptions with their threats)`,
        );
    }
  }
  if (threats.length > 0)
    out.mapping(
      `${threats.length} threat statement${threats.length === 1 ? '' : 's'}`,
      say`model-level manual threats: Threat Composer ties threats to no diagram element`,
    );

  return assembleModel(
    {
      ...modelTexts(value, fileName, out),
      diagramId: DIAGRAM_ID,
      zones: [],
      elements: [],
      flows: [],
      manualThreats,
      triage,
    },
    out,
    'Threat Composer',
    fileName,
  );
}

/**
 * AWS Threat Composer export: a JSON object whose `schema` is a number, with at least one key
 * only Threat Composer writes. Checked on the head only, where the export writes `schema` first.
 */
export const THREAT_COMPOSER_IMPORTER: ForeignImporter = {
  format: 'threat-composer',
  label: 'AWS Threat Composer (.tc.json)',
  extensions: ['.tc.json', '.json'],
  detect: (head: string) =>
    /^\s*\{/.test(head.replace(/^\uFEFF/, '')) &&
    /"schema"\s*:\s*\d/.test(head) &&
    /"(applicationInfo|architecture|assumptionLinks|mitigationLinks|assumptions)"\s*:/.test(head),
  import: importThreatComposer,
};
