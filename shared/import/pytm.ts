/**
 * Import of OWASP pytm JSON models into a Gatehouse model: the JSON pytm reads as input
 * (`tm.py --json`'s counterpart, `pytm.json.load`) and the JSON its `--json` option writes
 * (the same `elements`, `boundaries`, `flows` and `data`, plus `actors` / `assets` repeating the
 * elements, `controls` objects and pytm's findings). Mapping and decisions are documented for
 * users in `docs/import-other-tools.md` ("OWASP pytm"); keep the two in step.
 *
 * pytm refers to boundaries and elements by name and draws nothing itself, so IDs are made from
 * names (`IdsFromNames`) and everything is laid out on a grid. The function is pure; the file is
 * untrusted and read by `parseForeignText` (bounded, prototype-polluting keys dropped).
 */
import { InputError, type PathSegment } from '../model/errors';
import type { DataClassification, ElementKind } from '../model/schema';
import type { ForeignImporter } from './foreignImporter';
import type { ImportResult } from './importReport';
import {
  MAX_BOUNDARIES,
  MAX_ELEMENTS,
  MAX_FLOWS,
  NAME_MAX,
  PROTOCOL_MAX,
  TEXT_MAX,
  IdsFromNames,
  assembleModel,
  refuseTooMany,
  breakZoneLoops,
  layout,
  type ElementDraft,
  type Tree,
  type ZoneDraft,
} from './layout';
import { zoneKindFrom } from './otm';
import { clip, quote, Reporter, say } from './reporter';
import { parseForeignText, type ForeignTextFormat } from './safeYaml';

/** Bounds for pytm input. */
export const PYTM_LIMITS = {
  maxBytes: 32 * 1024 * 1024,
  maxNodes: 2_000_000,
  maxDepth: 64,
  forbiddenKeys: 'drop',
} as const;

const TEXT_FORMAT: ForeignTextFormat = {
  file: 'a pytm JSON file',
  document: 'a pytm JSON model',
  syntaxName: 'JSON',
  expected: 'JSON with "elements", "boundaries" or "flows"',
  aliasReason: 'aliases are not accepted.',
  syntax: 'json',
  limits: PYTM_LIMITS,
  repairQuotedIndentation: false,
};

const DIAGRAM_ID = 'main';

type Record_ = Readonly<Record<string, unknown>>;

/** pytm element classes → Gatehouse kinds (`Asset` is what pytm assumes without `__class__`). */
export const PYTM_CLASSES: ReadonlyMap<
  string,
  { kind: ElementKind; entityKind?: 'human' | 'unknown'; technology?: string }
> = new Map([
  ['Actor', { kind: 'externalEntity', entityKind: 'human' }],
  ['ExternalEntity', { kind: 'externalEntity', entityKind: 'unknown' }],
  ['Process', { kind: 'process' }],
  ['Server', { kind: 'process', technology: 'Server' }],
  ['Lambda', { kind: 'process', technology: 'Lambda (serverless function)' }],
  ['SetOfProcesses', { kind: 'process' }],
  ['LLM', { kind: 'process', technology: 'LLM' }],
  ['Asset', { kind: 'process' }],
  ['Datastore', { kind: 'dataStore' }],
]);

/**
 * pytm attributes (on the element or in its `controls`) → typed properties. pytm's booleans
 * default to false and its own rules read false as "absent", so false maps to `no`.
 */
export const PYTM_ATTRIBUTES: Readonly<Record<ElementKind | 'flow', ReadonlyMap<string, string>>> =
  {
    process: new Map([['authenticatesSource', 'authenticatesCallers']]),
    dataStore: new Map([
      ['isEncryptedAtRest', 'encryptedAtRest'],
      ['isEncrypted', 'encryptedAtRest'],
      ['storesPII', 'holdsPii'],
    ]),
    externalEntity: new Map(),
    flow: new Map([
      ['isEncrypted', 'encryptedInTransit'],
      ['authenticatesSource', 'authenticated'],
    ]),
  };

/** pytm's data classifications → Gatehouse's (pytm's RESTRICTED is its second-lowest level). */
export const PYTM_CLASSIFICATIONS: ReadonlyMap<string, DataClassification> = new Map([
  ['UNKNOWN', 'unknown'],
  ['PUBLIC', 'public'],
  ['RESTRICTED', 'internal'],
  ['SENSITIVE', 'confidential'],
  ['SECRET', 'restricted'],
  ['TOP_SECRET', 'restricted'],
]);
const CLASSIFICATION_ORDER: readonly DataClassification[] = [
  'unknown',
  'public',
  'internal',
  'confidential',
  'restricted',
];

/** Keys read for every element, boundary and flow (the rest is reported when set). */
const COMMON_KEYS = new Set([
  '__class__',
  'name',
  'description',
  'inBoundary',
  'controls',
  'findings',
]);
/**
 * What pytm computes when it writes `--json` (from the flows, its rules and its run), not what
 * the model says: not carried, not reported.
 */
const DERIVED_KEYS = new Set([
  'inputs',
  'outputs',
  'levels',
  'severity',
  'order',
  'maxClassification',
  'uniq_name',
  'overrides',
  'assumptions',
]);
/** Run options of the threat model object: how pytm analyses, not what the system is. */
const ROOT_KEYS = new Set([
  'name',
  'description',
  'boundaries',
  'elements',
  'flows',
  'data',
  'actors',
  'assets',
  'assumptions',
  'findings',
]);

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a value says something: pytm writes every attribute with its default (false, "",
 * -1, [], null, `X.NONE` / `X.UNKNOWN`), and those carry nothing to lose.
 */
function isSet(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '' || value === -1)
    return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  if (typeof value === 'string') return !/^[A-Za-z]+\.(NONE|UNKNOWN)$/.test(value);
  return true;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? `a list of ${value.length}` : 'an object';
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** A top-level list, or nothing; another type is refused (the file is not pytm). */
function listAt(root: Record_, key: string, fileName: string): unknown[] {
  const value = root[key];
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value))
    throw new InputError(`${fileName}: "${key}" is not a list, as pytm writes it.`, [
      { path: [key], message: 'expected a list' },
    ]);
  return value;
}

interface Named {
  name: string;
  record: Record_;
  path: PathSegment[];
}

/** Entries with a text `name`, each name once; the rest is reported by position and skipped. */
function namedEntries(list: readonly unknown[], key: string, noun: string, out: Reporter): Named[] {
  const seen = new Set<string>();
  const entries: Named[] = [];
  list.forEach((item, index) => {
    const path = [key, index];
    const name = isRecord(item) ? textOf(item['name']).trim() : '';
    if (!isRecord(item) || name === '') {
      out.unmapped(
        path,
        `${noun} ${index + 1}`,
        say`${noun} without a name (pytm requires one): skipped`,
      );
      return;
    }
    if (seen.has(name)) {
      // pytm refers to boundaries, elements and flows by name: a second one could not be told apart.
      out.unmapped(
        path,
        name,
        say`a second ${noun} with this name: skipped (pytm refers to them by name)`,
      );
      return;
    }
    seen.add(name);
    entries.push({ name, record: item, path });
  });
  return entries;
}

/** The element's attributes, with those of its `controls` object (newer pytm) merged in. */
function attributesOf(
  entry: Named,
  out: Reporter,
): Map<string, { value: unknown; path: PathSegment[] }> {
  const attributes = new Map<string, { value: unknown; path: PathSegment[] }>();
  for (const [key, value] of Object.entries(entry.record))
    attributes.set(key, { value, path: [...entry.path, key] });
  const controls = entry.record['controls'];
  if (isRecord(controls)) {
    for (const [key, value] of Object.entries(controls))
      attributes.set(key, { value, path: [...entry.path, 'controls', key] });
  } else if (isSet(controls)) {
    out.unmapped([...entry.path, 'controls'], 'controls', say`not an object: not read`);
  }
  return attributes;
}

interface DataItem {
  classification: DataClassification;
  isCredentials: boolean;
  isPII: boolean;
}

/** Root `data`: each item's classification and flags, by name; every item is reported by name. */
function readData(root: Record_, fileName: string, out: Reporter): Map<string, DataItem> {
  const items = new Map<string, DataItem>();
  for (const entry of namedEntries(listAt(root, 'data', fileName), 'data', 'data item', out)) {
    const raw = textOf(entry.record['classification'])
      .replace(/^Classification\./, '')
      .toUpperCase();
    const classification = PYTM_CLASSIFICATIONS.get(raw) ?? 'unknown';
    if (raw !== '' && !PYTM_CLASSIFICATIONS.has(raw))
      out.warn(
        say`Data item ${quote(entry.name)}: classification ${quote(raw)} is not pytm's: taken as unknown.`,
      );
    items.set(entry.name, {
      classification,
      isCredentials: entry.record['isCredentials'] === true,
      isPII: entry.record['isPII'] === true,
    });
    out.unmapped(
      entry.path,
      entry.name,
      say`data item: Gatehouse has no data records; its classification (${classification}) and its credentials and PII flags set the properties of the flows and stores that name it`,
    );
  }
  return items;
}

/** The data items an element or flow names, known ones only (unknown names are reported). */
function dataNamed(entry: Named, data: ReadonlyMap<string, DataItem>, out: Reporter): DataItem[] {
  const value = entry.record['data'];
  const names = Array.isArray(value) ? value : isSet(value) ? [value] : [];
  return names.flatMap((name: unknown) => {
    const item = data.get(textOf(name));
    if (item === undefined)
      out.unmapped(
        [...entry.path, 'data'],
        textOf(name) || shown(name),
        say`not a data item in the file's "data": ignored`,
      );
    return item === undefined ? [] : [item];
  });
}

function triState(value: unknown): 'yes' | 'no' | null {
  return value === true ? 'yes' : value === false ? 'no' : null;
}

/**
 * Typed properties from an entry's attributes; attributes that are set but map to nothing are
 * reported by name.
 */
function propertiesOf(
  target: ElementKind | 'flow',
  entry: Named,
  what: string,
  read: ReadonlySet<string>,
  out: Reporter,
): Map<string, string> {
  const properties = new Map<string, string>();
  const rules = PYTM_ATTRIBUTES[target];
  for (const [key, { value, path }] of attributesOf(entry, out)) {
    if (COMMON_KEYS.has(key) || DERIVED_KEYS.has(key) || read.has(key)) continue;
    const property = rules.get(key);
    if (property !== undefined) {
      const state = triState(value);
      if (state !== null) {
        // `isEncryptedAtRest` (newer pytm) wins over the older `isEncrypted` of data stores.
        if (!(key === 'isEncrypted' && properties.has(property))) properties.set(property, state);
        continue;
      }
    }
    if (isSet(value))
      out.unmapped(
        path,
        key,
        say`${what}: ${key} ${shown(value)} has no Gatehouse property: not imported`,
      );
  }
  return properties;
}

function highest(items: readonly DataItem[]): DataClassification {
  let best: DataClassification = 'unknown';
  for (const item of items)
    if (CLASSIFICATION_ORDER.indexOf(item.classification) > CLASSIFICATION_ORDER.indexOf(best))
      best = item.classification;
  return best;
}

function reportFindings(entry: Named, what: string, out: Reporter): void {
  const findings = entry.record['findings'];
  if (!Array.isArray(findings)) return;
  findings.forEach((finding: unknown, index) => {
    const name = isRecord(finding)
      ? textOf(finding['threat_id']) || textOf(finding['id']) || textOf(finding['description'])
      : '';
    out.unmapped(
      [...entry.path, 'findings', index],
      name || `finding ${index + 1}`,
      say`${what}: pytm finding not imported: Gatehouse's own rules analyze the imported model`,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// The import.

interface Built {
  zones: ZoneDraft[];
  elements: ElementDraft[];
  zoneIds: Map<string, string>;
  elementIds: Map<string, string>;
}

function importBoundaries(
  entries: readonly Named[],
  ids: IdsFromNames,
  out: Reporter,
): Pick<Built, 'zones' | 'zoneIds'> {
  const zoneIds = new Map(entries.map((entry) => [entry.name, ids.idFor(entry.name)]));
  const zones = entries.map((entry): ZoneDraft => {
    const what = `boundary ${quote(entry.name)}`;
    const found = zoneKindFrom(entry.name);
    out.mapping(
      what,
      found === null
        ? say`zone, boundaryKind unknown: no telling word in the name`
        : say`zone, boundaryKind ${found.kind}: the name contains "${found.word}"`,
    );
    const parentName = textOf(entry.record['inBoundary']);
    let within = zoneIds.get(parentName) ?? null;
    if (parentName !== '' && within === null)
      out.unmapped(
        [...entry.path, 'inBoundary'],
        parentName,
        say`${what}: its inBoundary names no boundary in the file: placed at the top level`,
      );
    if (parentName === entry.name) {
      out.unmapped(
        [...entry.path, 'inBoundary'],
        parentName,
        say`${what} is inside itself: placed at the top level`,
      );
      within = null;
    }
    propertiesOf('externalEntity', entry, what, new Set(['data']), out);
    reportFindings(entry, what, out);
    return {
      id: zoneIds.get(entry.name)!,
      name: clip(entry.name, NAME_MAX),
      description: out.clipped(
        textOf(entry.record['description']),
        TEXT_MAX,
        `The description of ${what}`,
      ),
      tags: [],
      within,
      position: null,
      size: null,
      boundaryKind: found?.kind ?? 'unknown',
    };
  });
  for (const loop of breakZoneLoops(zones))
    out.warn(
      say`Boundaries nested inside each other in a loop (${loop.map(quote).join(' → ')}): the first was placed at the top level.`,
    );
  return { zones, zoneIds };
}

function importElements(
  entries: readonly Named[],
  zoneIds: ReadonlyMap<string, string>,
  data: ReadonlyMap<string, DataItem>,
  ids: IdsFromNames,
  out: Reporter,
): Pick<Built, 'elements' | 'elementIds'> {
  const elementIds = new Map<string, string>();
  const elements = entries.map((entry): ElementDraft => {
    const rawClass = entry.record['__class__'];
    const className = rawClass === undefined ? 'Asset' : textOf(rawClass);
    let decision = PYTM_CLASSES.get(className);
    const what = `${className || 'element'} ${quote(entry.name)}`;
    if (decision === undefined) {
      out.warn(say`${what}: pytm has no element class ${quote(className)}: imported as a process.`);
      decision = { kind: 'process' };
    }
    const properties = propertiesOf(decision.kind, entry, what, new Set(['data']), out);
    if (decision.entityKind !== undefined) properties.set('entityKind', decision.entityKind);
    if (decision.technology !== undefined) properties.set('technology', decision.technology);
    const items = dataNamed(entry, data, out);
    if (decision.kind === 'dataStore') {
      if (items.some((item) => item.isPII)) properties.set('holdsPii', 'yes');
      if (items.some((item) => item.isCredentials)) properties.set('holdsCredentials', 'yes');
    }
    reportFindings(entry, what, out);
    const zoneName = textOf(entry.record['inBoundary']);
    const within = zoneIds.get(zoneName) ?? null;
    if (zoneName !== '' && within === null)
      out.unmapped(
        [...entry.path, 'inBoundary'],
        zoneName,
        say`${what}: its inBoundary names no boundary in the file: placed outside every zone`,
      );
    const tags = entry.record['inScope'] === false ? ['out-of-scope'] : [];
    if (tags.length > 0) out.mapping(`${what}: inScope false`, say`tag "out-of-scope"`);
    const id = ids.idFor(entry.name);
    elementIds.set(entry.name, id);
    return {
      id,
      kind: decision.kind,
      name: clip(entry.name, NAME_MAX),
      description: out.clipped(
        textOf(entry.record['description']),
        TEXT_MAX,
        `The description of ${what}`,
      ),
      tags,
      within,
      position: null,
      size: null,
      properties,
    };
  });
  return { elements, elementIds };
}

function importFlows(
  entries: readonly Named[],
  elementIds: ReadonlyMap<string, string>,
  data: ReadonlyMap<string, DataItem>,
  ids: IdsFromNames,
  out: Reporter,
): Tree[] {
  const byId = new Set(elementIds.values());
  // pytm names the ends; a hand-written file may give the element's ID (its name made an ID).
  const endOf = (value: unknown): string | null => {
    const text = textOf(value);
    return elementIds.get(text) ?? (byId.has(text) ? text : null);
  };
  const flows: Tree[] = [];
  for (const entry of entries) {
    const what = `dataflow ${quote(entry.name)}`;
    const source = endOf(entry.record['source']);
    const sink = endOf(entry.record['sink']);
    const missing = source === null ? 'source' : sink === null ? 'sink' : null;
    if (missing !== null) {
      const named = textOf(entry.record[missing]);
      out.unmapped(
        entry.path,
        entry.name,
        named === ''
          ? say`${what} skipped: its ${missing} is missing`
          : say`${what} skipped: its ${missing} ${quote(named)} is not an element in the file`,
      );
      continue;
    }
    if (source === sink) {
      out.unmapped(entry.path, entry.name, say`${what} skipped: it connects an element to itself`);
      continue;
    }
    const read = new Set(['source', 'sink', 'data', 'protocol', 'note']);
    const properties = propertiesOf('flow', entry, what, read, out);
    const protocol = textOf(entry.record['protocol']).trim();
    if (protocol !== '') properties.set('protocol', clip(protocol, PROTOCOL_MAX));
    const items = dataNamed(entry, data, out);
    if (items.length > 0) {
      properties.set('dataClassification', highest(items));
      properties.set('carriesCredentials', items.some((item) => item.isCredentials) ? 'yes' : 'no');
    }
    reportFindings(entry, what, out);
    const description = [textOf(entry.record['description']), textOf(entry.record['note'])]
      .filter((part) => part.trim() !== '')
      .join('\n\n');
    flows.push({
      id: ids.idFor(entry.name),
      diagramId: DIAGRAM_ID,
      sourceId: source,
      targetId: sink,
      name: clip(entry.name, NAME_MAX),
      description: out.clipped(description, TEXT_MAX, `The description of ${what}`),
      properties: Object.fromEntries(properties),
    });
  }
  return flows;
}

/**
 * Imports a pytm JSON model. Throws `InputError` for a file that is not one or cannot be used;
 * everything else comes across or is named in the report.
 */
export function importPytm(text: string, fileName: string): ImportResult {
  const { value, dropped } = parseForeignText(text, fileName, TEXT_FORMAT);
  if (!isRecord(value) || !['elements', 'boundaries', 'flows'].some((key) => key in value)) {
    throw new InputError(
      `${fileName}: not a pytm model (expected a JSON object with "elements", "boundaries" or "flows").`,
      [{ path: [], message: 'expected an object with "elements", "boundaries" or "flows"' }],
    );
  }
  const out = new Reporter('pytm-json', fileName);
  out.droppedKeys(dropped);
  for (const key of Object.keys(value)) {
    if (!ROOT_KEYS.has(key) && isSet(value[key]))
      out.unmapped(
        [key],
        key,
        say`a pytm run option or setting, not part of the model: not imported`,
      );
  }
  let elementList = listAt(value, 'elements', fileName);
  if (elementList.length === 0) {
    // `--json` output repeats the elements as `actors` and `assets`; older writers had only those.
    elementList = [...listAt(value, 'actors', fileName), ...listAt(value, 'assets', fileName)];
  } else if (isSet(value['actors']) || isSet(value['assets'])) {
    out.mapping('"actors" and "assets"', say`not read again: they repeat "elements"`);
  }
  const boundaryEntries = namedEntries(
    listAt(value, 'boundaries', fileName),
    'boundaries',
    'boundary',
    out,
  );
  const elementEntries = namedEntries(elementList, 'elements', 'element', out);
  const flowEntries = namedEntries(listAt(value, 'flows', fileName), 'flows', 'dataflow', out);
  refuseTooMany(fileName, [
    [boundaryEntries.length, MAX_BOUNDARIES, 'boundaries'],
    [elementEntries.length, MAX_ELEMENTS, 'elements'],
    [flowEntries.length, MAX_FLOWS, 'dataflows'],
  ]);
  const assumptions = listAt(value, 'assumptions', fileName).map((item) =>
    isRecord(item)
      ? [textOf(item['name']), textOf(item['description'])].filter((part) => part !== '').join(': ')
      : textOf(item),
  );
  if (Array.isArray(value['findings']))
    reportFindings({ name: 'the model', record: value, path: [] }, 'the model', out);

  const data = readData(value, fileName, out);
  const ids = new IdsFromNames();
  // Boundaries of class Boundary listed among the elements are boundaries too.
  const isBoundary = (entry: Named) => entry.record['__class__'] === 'Boundary';
  const { zones, zoneIds } = importBoundaries(
    [...boundaryEntries, ...elementEntries.filter(isBoundary)],
    ids,
    out,
  );
  const { elements, elementIds } = importElements(
    elementEntries.filter((entry) => !isBoundary(entry)),
    zoneIds,
    data,
    ids,
    out,
  );
  layout(zones, elements);
  if (zones.length + elements.length > 0)
    out.warn(
      say`pytm models have no diagram positions: boundaries and elements were laid out on a grid (boundaries around their contents).`,
    );
  const flows = importFlows(flowEntries, elementIds, data, ids, out);

  const rawName = textOf(value['name']).trim();
  if (rawName === '')
    out.warn(say`The file names no threat model: the model is named after the file.`);
  const description = [
    textOf(value['description']),
    assumptions.some((line) => line !== '')
      ? `Assumptions (pytm):\n${assumptions
          .filter((line) => line !== '')
          .map((line) => `- ${line}`)
          .join('\n')}`
      : '',
  ]
    .filter((part) => part.trim() !== '')
    .join('\n\n');
  return assembleModel(
    {
      name: out.clipped(
        rawName || fileName.replace(/\.json$/i, '') || 'pytm import',
        NAME_MAX,
        'The model name',
      ),
      description: out.clipped(description, TEXT_MAX, 'The model description'),
      diagramId: DIAGRAM_ID,
      zones,
      elements,
      flows,
      manualThreats: [],
      triage: [],
    },
    out,
    'pytm',
    fileName,
  );
}

/**
 * pytm JSON: an object with `elements`, `boundaries` or `flows` as lists, and a key only pytm
 * writes — `__class__` on its elements or `sink` on its flows.
 */
export const PYTM_IMPORTER: ForeignImporter = {
  format: 'pytm',
  label: 'OWASP pytm (JSON)',
  extensions: ['.json'],
  detect: (head: string) =>
    /^\s*\{/.test(head.replace(/^\uFEFF/, '')) &&
    /"(elements|boundaries|flows)"\s*:\s*\[/.test(head) &&
    /"(__class__|sink)"\s*:/.test(head) &&
    !/"otmVersion"\s*:/.test(head),
  import: importPytm,
};
