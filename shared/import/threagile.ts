/**
 * Import of Threagile YAML models into a Gatehouse model: technical assets, their
 * communication links, trust boundaries (nested), individual risk categories with their
 * identified risks, and the risk tracking of those risks. Mapping and decisions are documented
 * for users in `docs/import-other-tools.md` ("Threagile"); keep the two in step.
 *
 * Threagile draws its diagram with Graphviz at report time, so the file has no positions: the
 * import lays everything out on a grid. The function is pure; the file is untrusted and read by
 * `parseForeignText` (YAML core schema, no aliases or merge keys, duplicate keys refused,
 * bounded, prototype-polluting keys dropped and reported).
 */
import { InputError, type PathSegment } from '../model/errors';
import { MANUAL_PACK_ID, threatIdFor } from '../model/ids';
import type {
  BoundaryKind,
  DataClassification,
  ElementKind,
  StrideCategory,
  Target,
} from '../model/schema';
import { DEFAULT_MITIGATION_BY_CATEGORY } from '../threats/defaultMitigations';
import type { ForeignImporter } from './foreignImporter';
import type { ImportResult } from './importReport';
import {
  MAX_BOUNDARIES,
  MAX_ELEMENTS,
  NAME_MAX,
  PROTOCOL_MAX,
  SOURCE_MAX,
  TAGS_MAX,
  TAG_MAX,
  TECHNOLOGY_MAX,
  TEXT_MAX,
  TITLE_MAX,
  IdsFromNames,
  assembleModel,
  refuseTooMany,
  breakZoneLoops,
  layout,
  type ElementDraft,
  type Tree,
  type ZoneDraft,
} from './layout';
import { clip, quote, Reporter, say } from './reporter';
import { parseForeignText, type ForeignTextFormat } from './safeYaml';

/** Bounds for Threagile input (its largest example models are a few hundred kilobytes). */
export const THREAGILE_LIMITS = {
  maxBytes: 16 * 1024 * 1024,
  maxNodes: 1_000_000,
  maxDepth: 64,
  forbiddenKeys: 'drop',
} as const;

const TEXT_FORMAT: ForeignTextFormat = {
  file: 'a Threagile model',
  document: 'a Threagile model',
  syntaxName: 'YAML',
  expected: 'YAML with "threagile_version"',
  aliasReason:
    'aliases are not accepted in imported files (they let a small file expand into a huge tree).',
  syntax: 'json-or-yaml',
  limits: THREAGILE_LIMITS,
  repairQuotedIndentation: false,
};

const DIAGRAM_ID = 'main';

type Record_ = Readonly<Record<string, unknown>>;

/** Technical asset `type` → element kind. */
export const THREAGILE_ASSET_TYPES: ReadonlyMap<string, ElementKind> = new Map([
  ['external-entity', 'externalEntity'],
  ['process', 'process'],
  ['datastore', 'dataStore'],
]);

/** Trust boundary `type` → boundary kind. */
export const THREAGILE_BOUNDARY_KINDS: ReadonlyMap<string, BoundaryKind> = new Map([
  ['network-on-prem', 'internal-network'],
  ['network-dmz', 'dmz'],
  ['network-virtual-lan', 'internal-network'],
  ['network-dedicated-hoster', 'internal-network'],
  ['network-cloud-provider', 'cloud-account'],
  ['network-cloud-security-group', 'cloud-account'],
  ['network-policy-namespace-isolation', 'container'],
  ['execution-environment', 'container'],
]);

/**
 * Threagile's confidentiality → data classification. Threagile ranks `restricted` below
 * `confidential`; Gatehouse's `restricted` is its highest level, so it takes
 * `strictly-confidential`.
 */
export const THREAGILE_CONFIDENTIALITY: ReadonlyMap<string, DataClassification> = new Map([
  ['public', 'public'],
  ['internal', 'internal'],
  ['restricted', 'confidential'],
  ['confidential', 'confidential'],
  ['strictly-confidential', 'restricted'],
]);
const CLASSIFICATION_ORDER: readonly DataClassification[] = [
  'unknown',
  'public',
  'internal',
  'confidential',
  'restricted',
];

/** Protocols Threagile counts as encrypted; the other network protocols it knows are not. */
const ENCRYPTED_PROTOCOLS = new Set(
  'https wss ssh ssh-tunnel ftps sftp scp ldaps reverse-proxy-web-protocol-encrypted jdbc-encrypted odbc-encrypted sql-access-protocol-encrypted nosql-access-protocol-encrypted binary-encrypted text-encrypted smtp-encrypted pop3-encrypted imap-encrypted iiop-encrypted jrmp-encrypted smb-encrypted'.split(
    ' ',
  ),
);
const PLAIN_PROTOCOLS = new Set(
  'http ws ftp ldap mqtt jdbc odbc sql-access-protocol nosql-access-protocol binary text smtp pop3 imap jms nfs smb xmpp iiop jrmp nrpe reverse-proxy-web-protocol'.split(
    ' ',
  ),
);

export const THREAGILE_STRIDE: ReadonlyMap<string, StrideCategory> = new Map([
  ['spoofing', 'Spoofing'],
  ['tampering', 'Tampering'],
  ['repudiation', 'Repudiation'],
  ['information-disclosure', 'InformationDisclosure'],
  ['denial-of-service', 'DenialOfService'],
  ['elevation-of-privilege', 'ElevationOfPrivilege'],
]);
const LIKELIHOOD: ReadonlyMap<string, number> = new Map([
  ['unlikely', 2],
  ['likely', 3],
  ['very-likely', 4],
  ['frequent', 5],
]);
const IMPACT: ReadonlyMap<string, number> = new Map([
  ['low', 2],
  ['medium', 3],
  ['high', 4],
  ['very-high', 5],
]);
/** Risk tracking states that stay open; the others need a story or an approval here. */
const OPEN_TRACKING = new Set(['unchecked']);
const KNOWN_TRACKING = new Set([
  'unchecked',
  'in-discussion',
  'accepted',
  'in-progress',
  'mitigated',
  'false-positive',
]);

/** Root keys read into the model (the others are reported by name when set). */
const ROOT_READ = new Set([
  'threagile_version',
  'title',
  'management_summary_comment',
  'business_overview',
  'technical_overview',
  'data_assets',
  'technical_assets',
  'trust_boundaries',
  'shared_runtimes',
  'individual_risk_categories',
  'risk_tracking',
]);
const ASSET_READ = new Set([
  'id',
  'description',
  'type',
  'technology',
  'tags',
  'internet',
  'encryption',
  'used_as_client_by_human',
  'out_of_scope',
  'justification_out_of_scope',
  'data_assets_processed',
  'data_assets_stored',
  'communication_links',
]);
const LINK_READ = new Set([
  'target',
  'description',
  'protocol',
  'authentication',
  'tags',
  'data_assets_sent',
  'data_assets_received',
]);
const BOUNDARY_READ = new Set([
  'id',
  'description',
  'type',
  'tags',
  'technical_assets_inside',
  'trust_boundaries_nested',
]);

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Empty values and `false` carry nothing to lose when a field is not imported. */
function isSet(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return '';
}

function textsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : isSet(value) ? [value] : [];
  return list.map(textOf).filter((text) => text.trim() !== '');
}

function shown(value: unknown): string {
  const text = textOf(value);
  if (text !== '') return quote(text);
  return Array.isArray(value) ? `a list of ${value.length}` : 'a map';
}

/** Strips the HTML Threagile allows in titles (`<b>…</b>`) for plain text. */
function plain(text: string): string {
  return text.replace(/<[^>]*>/g, '').trim();
}

interface Entry {
  title: string;
  record: Record_;
  path: PathSegment[];
}

/** A top-level map of titled entries (`title: { … }`); another shape is refused. */
function entriesAt(root: Record_, key: string, fileName: string, out: Reporter): Entry[] {
  const value = root[key];
  if (value === null || value === undefined) return [];
  if (!isRecord(value))
    throw new InputError(
      `${fileName}: "${key}" is not a map of titled entries, as Threagile has it.`,
      [{ path: [key], message: 'expected a map' }],
    );
  return Object.entries(value).flatMap(([title, record]) => {
    if (isRecord(record)) return [{ title, record, path: [key, title] }];
    if (isSet(record)) out.unmapped([key, title], title, say`not a map of fields: skipped`);
    else out.unmapped([key, title], title, say`an entry without fields: skipped`);
    return [];
  });
}

/** Entries with a text `id`, each ID once (Threagile refuses a model with duplicate IDs). */
function withIds(
  entries: readonly Entry[],
  noun: string,
  out: Reporter,
): (Entry & { id: string })[] {
  const seen = new Set<string>();
  return entries.flatMap((entry) => {
    const id = textOf(entry.record['id']).trim();
    if (id === '') {
      out.unmapped(entry.path, entry.title, say`${noun} without an "id": skipped`);
      return [];
    }
    if (seen.has(id)) {
      out.unmapped(
        [...entry.path, 'id'],
        entry.title,
        say`${noun} ID ${quote(id)} used twice: the first one is imported`,
      );
      return [];
    }
    seen.add(id);
    return [{ ...entry, id }];
  });
}

/** Reports each field of `record` that is set and not in `read`, by name. */
function reportFields(entry: Entry, read: ReadonlySet<string>, what: string, out: Reporter): void {
  for (const [key, value] of Object.entries(entry.record)) {
    if (!read.has(key) && isSet(value))
      out.unmapped(
        [...entry.path, key],
        key,
        say`${what}: ${key} ${shown(value)} has no Gatehouse equivalent: not imported`,
      );
  }
}

function tagsOf(value: unknown, what: string, out: Reporter): string[] {
  const tags = [...new Set(textsOf(value).map((tag) => tag.trim()))];
  const kept = tags.filter((tag) => tag.length <= TAG_MAX).slice(0, TAGS_MAX);
  if (kept.length < tags.length)
    out.warn(
      say`${what}: ${tags.length - kept.length} tags longer than ${TAG_MAX} characters or beyond ${TAGS_MAX}: not imported.`,
    );
  return kept;
}

/**
 * The Gatehouse ID for a Threagile ID. Threagile keeps assets and trust boundaries apart, while
 * Gatehouse gives elements, zones and flows one namespace: an ID already taken gets a suffix.
 */
function uniqueId(foreignId: string, what: string, ids: IdsFromNames, out: Reporter): string {
  const id = out.id(foreignId);
  if (ids.reserve(id)) return id;
  const fresh = ids.idFor(id);
  out.mapping(
    `${what}: ID ${quote(foreignId)}`,
    say`ID ${fresh}: the ID is taken by another record`,
  );
  return fresh;
}

// ---------------------------------------------------------------------------------------------
// Data assets, technical assets, links, boundaries.

interface DataAsset {
  title: string;
  classification: DataClassification;
}

function readDataAssets(root: Record_, fileName: string, out: Reporter): Map<string, DataAsset> {
  const assets = new Map<string, DataAsset>();
  for (const entry of withIds(entriesAt(root, 'data_assets', fileName, out), 'data asset', out)) {
    const confidentiality = textOf(entry.record['confidentiality']).trim();
    const classification = THREAGILE_CONFIDENTIALITY.get(confidentiality) ?? 'unknown';
    assets.set(entry.id, { title: entry.title, classification });
    out.unmapped(
      entry.path,
      entry.title,
      say`data asset: Gatehouse has no data records; its confidentiality (${confidentiality || 'none'} → ${classification}) sets the classification of the links that send or receive it, and its name is listed on the assets that process or store it`,
    );
  }
  return assets;
}

function dataNames(
  ids: readonly string[],
  data: ReadonlyMap<string, DataAsset>,
  path: PathSegment[],
  out: Reporter,
): string[] {
  return ids.map((id) => {
    const asset = data.get(id);
    if (asset === undefined)
      out.unmapped(path, id, say`names no data asset in the file: listed by its ID`);
    return asset?.title ?? id;
  });
}

function encryptionOf(protocol: string): 'yes' | 'no' | 'unknown' {
  if (ENCRYPTED_PROTOCOLS.has(protocol)) return 'yes';
  return PLAIN_PROTOCOLS.has(protocol) ? 'no' : 'unknown';
}

interface Asset extends Entry {
  id: string;
  draft: ElementDraft;
}

function importAsset(
  entry: Entry & { id: string },
  data: ReadonlyMap<string, DataAsset>,
  ids: IdsFromNames,
  out: Reporter,
): Asset {
  const { record } = entry;
  const what = `technical asset ${quote(entry.title)}`;
  const type = textOf(record['type']).trim();
  let kind = THREAGILE_ASSET_TYPES.get(type);
  if (kind === undefined) {
    out.warn(
      say`${what}: type ${quote(type || 'none')} is not external-entity, process or datastore: imported as a process.`,
    );
    kind = 'process';
  }
  const properties = new Map<string, string>();
  const unmappedField = (key: string, reason: ReturnType<typeof say>) => {
    if (isSet(record[key])) out.unmapped([...entry.path, key], key, reason);
  };
  const technology = textOf(record['technology']).trim();
  if (kind === 'process' && technology !== '')
    properties.set('technology', clip(technology, TECHNOLOGY_MAX));
  else
    unmappedField(
      'technology',
      say`${what}: technology ${shown(record['technology'])}: only processes have a technology property`,
    );
  const internet = record['internet'];
  if (kind === 'process' && typeof internet === 'boolean')
    properties.set('internetFacing', internet ? 'yes' : 'no');
  else
    unmappedField(
      'internet',
      say`${what}: internet ${shown(internet)}: only processes have an internet-facing property`,
    );
  const encryption = textOf(record['encryption']).trim();
  if (kind === 'dataStore' && encryption !== '')
    properties.set('encryptedAtRest', encryption === 'none' ? 'no' : 'yes');
  else if (encryption !== '' && encryption !== 'none')
    out.unmapped(
      [...entry.path, 'encryption'],
      'encryption',
      say`${what}: encryption ${quote(encryption)}: only data stores have an encrypted-at-rest property`,
    );
  const human = record['used_as_client_by_human'];
  if (kind === 'externalEntity' && typeof human === 'boolean')
    properties.set('entityKind', human ? 'human' : 'system');
  else
    unmappedField(
      'used_as_client_by_human',
      say`${what}: used_as_client_by_human on an asset that is not an external entity: not imported`,
    );
  reportFields(entry, ASSET_READ, what, out);

  const processed = dataNames(
    textsOf(record['data_assets_processed']),
    data,
    [...entry.path, 'data_assets_processed'],
    out,
  );
  const stored = dataNames(
    textsOf(record['data_assets_stored']),
    data,
    [...entry.path, 'data_assets_stored'],
    out,
  );
  const outOfScope = record['out_of_scope'] === true;
  const description = [
    textOf(record['description']),
    outOfScope
      ? `Out of scope in Threagile: ${textOf(record['justification_out_of_scope']) || 'no justification given'}.`
      : '',
    processed.length > 0 ? `Data assets processed (Threagile): ${processed.join(', ')}.` : '',
    stored.length > 0 ? `Data assets stored (Threagile): ${stored.join(', ')}.` : '',
  ]
    .filter((part) => part.trim() !== '')
    .join('\n\n');
  const tags = tagsOf(record['tags'], what, out);
  if (outOfScope) {
    if (!tags.includes('out-of-scope') && tags.length < TAGS_MAX) tags.push('out-of-scope');
    out.mapping(
      `${what}: out_of_scope true`,
      say`imported, tagged "out-of-scope" (Gatehouse analyzes it all the same)`,
    );
  }
  return {
    ...entry,
    draft: {
      id: uniqueId(entry.id, what, ids, out),
      kind,
      name: out.clipped(entry.title, NAME_MAX, `The title of ${what}`),
      description: out.clipped(description, TEXT_MAX, `The description of ${what}`),
      tags,
      within: null,
      position: null,
      size: null,
      properties,
    },
  };
}

/** Communication links → flows; `linkIds` gets Threagile's link ID → the flow's ID. */
function importLinks(
  assets: readonly Asset[],
  data: ReadonlyMap<string, DataAsset>,
  ids: IdsFromNames,
  linkIds: Map<string, string>,
  out: Reporter,
): Tree[] {
  const assetIds = new Map(assets.map((asset) => [asset.id, asset.draft.id]));
  const flows: Tree[] = [];
  for (const asset of assets) {
    const links = asset.record['communication_links'];
    if (!isSet(links)) continue;
    if (!isRecord(links)) {
      out.unmapped(
        [...asset.path, 'communication_links'],
        'communication_links',
        say`not a map of links: not imported`,
      );
      continue;
    }
    for (const [title, value] of Object.entries(links)) {
      const path = [...asset.path, 'communication_links', title];
      const what = `communication link ${quote(title)} of ${quote(asset.title)}`;
      if (!isRecord(value)) {
        out.unmapped(path, title, say`a link without fields: skipped`);
        continue;
      }
      const entry: Entry = { title, record: value, path };
      const target = textOf(value['target']).trim();
      const targetId = assetIds.get(target);
      if (targetId === undefined || targetId === asset.draft.id) {
        out.unmapped(
          path,
          title,
          target === ''
            ? say`${what} skipped: it has no target`
            : targetId === undefined
              ? say`${what} skipped: its target ${quote(target)} is no technical asset in the file`
              : say`${what} skipped: it links an asset to itself`,
        );
        continue;
      }
      const protocol = textOf(value['protocol']).trim();
      const authentication = textOf(value['authentication']).trim();
      const properties = new Map<string, string>([['encryptedInTransit', encryptionOf(protocol)]]);
      if (protocol !== '') properties.set('protocol', clip(protocol, PROTOCOL_MAX));
      if (authentication !== '')
        properties.set('authenticated', authentication === 'none' ? 'no' : 'yes');
      if (authentication === 'credentials') properties.set('carriesCredentials', 'yes');
      const sent = textsOf(value['data_assets_sent']);
      const received = textsOf(value['data_assets_received']);
      let classification: DataClassification = 'unknown';
      for (const id of [...sent, ...received]) {
        const found = data.get(id)?.classification ?? 'unknown';
        if (CLASSIFICATION_ORDER.indexOf(found) > CLASSIFICATION_ORDER.indexOf(classification))
          classification = found;
      }
      if (classification !== 'unknown') properties.set('dataClassification', classification);
      reportFields(entry, LINK_READ, what, out);
      const sentNames = dataNames(sent, data, [...path, 'data_assets_sent'], out);
      const receivedNames = dataNames(received, data, [...path, 'data_assets_received'], out);
      const description = [
        textOf(value['description']),
        sentNames.length > 0 ? `Data assets sent (Threagile): ${sentNames.join(', ')}.` : '',
        receivedNames.length > 0
          ? `Data assets received (Threagile): ${receivedNames.join(', ')}.`
          : '',
      ]
        .filter((part) => part.trim() !== '')
        .join('\n\n');
      const id = ids.idFor(`${asset.draft.id}:${title.toLowerCase()}`);
      // Threagile's own link ID (createDataFlowId), which risks name as most_relevant_communication_link.
      linkIds.set(
        `${asset.id}>${title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^[- ]+|[- ]+$/g, '')}`,
        id,
      );
      flows.push({
        id,
        diagramId: DIAGRAM_ID,
        sourceId: asset.draft.id,
        targetId,
        name: out.clipped(title, NAME_MAX, `The title of ${what}`),
        description: out.clipped(description, TEXT_MAX, `The description of ${what}`),
        tags: tagsOf(value['tags'], what, out),
        properties: Object.fromEntries(properties),
      });
    }
  }
  return flows;
}

function importBoundaries(
  root: Record_,
  assets: readonly Asset[],
  ids: IdsFromNames,
  fileName: string,
  out: Reporter,
): ZoneDraft[] {
  const entries = withIds(
    entriesAt(root, 'trust_boundaries', fileName, out),
    'trust boundary',
    out,
  );
  refuseTooMany(fileName, [[entries.length, MAX_BOUNDARIES, 'trust boundaries']]);
  const assetById = new Map(assets.map((asset) => [asset.id, asset]));
  const zones = entries.map((entry): ZoneDraft => {
    const what = `trust boundary ${quote(entry.title)}`;
    const type = textOf(entry.record['type']).trim();
    const kind = THREAGILE_BOUNDARY_KINDS.get(type);
    if (kind === undefined)
      out.warn(
        say`${what}: type ${quote(type || 'none')} is not one Threagile defines: boundary kind unknown.`,
      );
    else out.mapping(`${what} (type ${quote(type)})`, say`zone, boundaryKind ${kind}`);
    reportFields(entry, BOUNDARY_READ, what, out);
    return {
      id: uniqueId(entry.id, what, ids, out),
      name: out.clipped(entry.title, NAME_MAX, `The title of ${what}`),
      description: out.clipped(
        textOf(entry.record['description']),
        TEXT_MAX,
        `The description of ${what}`,
      ),
      tags: tagsOf(entry.record['tags'], what, out),
      within: null,
      position: null,
      size: null,
      boundaryKind: kind ?? 'unknown',
    };
  });
  const zoneByForeignId = new Map(entries.map((entry, index) => [entry.id, zones[index]!]));
  entries.forEach((entry, index) => {
    const zone = zones[index]!;
    const path = [...entry.path];
    for (const assetId of textsOf(entry.record['technical_assets_inside'])) {
      const asset = assetById.get(assetId);
      if (asset === undefined)
        out.unmapped(
          [...path, 'technical_assets_inside'],
          assetId,
          say`names no technical asset in the file: ignored`,
        );
      else if (asset.draft.within !== null)
        out.unmapped(
          [...path, 'technical_assets_inside'],
          assetId,
          say`the asset is already inside another trust boundary: kept in the first`,
        );
      else asset.draft.within = zone.id;
    }
    for (const nestedId of textsOf(entry.record['trust_boundaries_nested'])) {
      const nested = zoneByForeignId.get(nestedId);
      if (nested === undefined)
        out.unmapped(
          [...path, 'trust_boundaries_nested'],
          nestedId,
          say`names no trust boundary in the file: ignored`,
        );
      else if (nested === zone)
        out.unmapped(
          [...path, 'trust_boundaries_nested'],
          nestedId,
          say`a trust boundary nested in itself: ignored`,
        );
      else if (nested.within !== null)
        out.unmapped(
          [...path, 'trust_boundaries_nested'],
          nestedId,
          say`the boundary is already nested in another: kept in the first`,
        );
      else nested.within = zone.id;
    }
  });
  for (const loop of breakZoneLoops(zones))
    out.warn(
      say`Trust boundaries nested inside each other in a loop (${loop.map(quote).join(' → ')}): the first was placed at the top level.`,
    );
  return zones;
}

// ---------------------------------------------------------------------------------------------
// Individual risks and their tracking.

interface Risk {
  syntheticId: string;
  threatId: string;
  name: string;
}

/** The texts of a risk category that go into each of its risks' description. */
const CATEGORY_TEXTS = [
  'description',
  'impact',
  'asvs',
  'cheat_sheet',
  'action',
  'mitigation',
  'check',
  'detection_logic',
  'risk_assessment',
  'false_positives',
];

/** `field name: text` lines for the fields of `record` that hold text, in the order given. */
function labelledLines(record: Record_, fields: readonly string[]): string[] {
  return fields.flatMap((field) => {
    const text = textOf(record[field]).trim();
    return text === '' ? [] : [`${field.replace(/_/g, ' ')}: ${text}`];
  });
}

/** Whether `text` matches `pattern`, whose `*` stands for any run of characters. */
function globMatches(pattern: string, text: string): boolean {
  const pieces = pattern.split('*');
  const first = pieces[0] ?? '';
  const last = pieces[pieces.length - 1] ?? '';
  if (pieces.length === 1) return pattern === text;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length)
    return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = text.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/**
 * Whether a risk tracking key matches a synthetic risk ID: the same number of `@`-separated
 * parts, each part equal or matching with `*` wildcards (Threagile's rule).
 */
function trackingMatches(key: string, syntheticId: string): boolean {
  const keyParts = key.split('@');
  const idParts = syntheticId.split('@');
  return (
    keyParts.length === idParts.length &&
    keyParts.every((part, index) => globMatches(part, idParts[index] ?? ''))
  );
}

function importRisks(
  root: Record_,
  assets: ReadonlyMap<string, string>,
  linkIds: ReadonlyMap<string, string>,
  fileName: string,
  out: Reporter,
): { manualThreats: Tree[]; risks: Risk[] } {
  const manualThreats: Tree[] = [];
  const risks: Risk[] = [];
  const seen = new Set<string>();
  for (const category of withIds(
    entriesAt(root, 'individual_risk_categories', fileName, out),
    'risk category',
    out,
  )) {
    const what = `risk category ${quote(category.title)}`;
    const strideText = textOf(category.record['stride']).trim();
    const stride = THREAGILE_STRIDE.get(strideText);
    if (stride === undefined)
      out.warn(
        say`${what}: stride ${quote(strideText || 'none')} is not a STRIDE category: its risks come in as Tampering.`,
      );
    const categoryText = labelledLines(category.record, CATEGORY_TEXTS).join('\n');
    const rawCwe = category.record['cwe'];
    const cwe =
      typeof rawCwe === 'number' && Number.isSafeInteger(rawCwe) && rawCwe > 0 ? [rawCwe] : [];
    if (cwe.length === 0 && isSet(rawCwe))
      out.unmapped(
        [...category.path, 'cwe'],
        'cwe',
        say`${what}: cwe ${shown(rawCwe)} is not a CWE number: not imported`,
      );
    const identified = category.record['risks_identified'];
    const riskEntries = isRecord(identified) ? Object.entries(identified) : [];
    if (riskEntries.length === 0)
      out.unmapped(
        category.path,
        category.title,
        say`risk category with no identified risks: nothing to import`,
      );
    for (const [title, value] of riskEntries) {
      const path = [...category.path, 'risks_identified', title];
      const risk = isRecord(value) ? value : {};
      const relevant = (key: string) => textOf(risk[`most_relevant_${key}`]).trim();
      const syntheticId = [
        category.id,
        relevant('technical_asset'),
        relevant('communication_link'),
        relevant('trust_boundary'),
        relevant('shared_runtime'),
        relevant('data_asset'),
      ]
        .filter((part) => part !== '')
        .join('@');
      const riskName = plain(title) || syntheticId;
      if (seen.has(syntheticId)) {
        out.unmapped(
          path,
          riskName,
          say`a second risk with the same ID ${quote(syntheticId)}: skipped`,
        );
        continue;
      }
      seen.add(syntheticId);
      const flowId = linkIds.get(relevant('communication_link'));
      const elementId = assets.get(relevant('technical_asset'));
      const targets: Target[] =
        flowId !== undefined
          ? [{ role: 'flow', id: flowId }]
          : elementId !== undefined
            ? [{ role: 'element', id: elementId }]
            : [];
      for (const key of ['technical_asset', 'communication_link'] as const) {
        if (
          relevant(key) !== '' &&
          (key === 'technical_asset' ? elementId === undefined : flowId === undefined)
        )
          out.unmapped(
            [...path, `most_relevant_${key}`],
            relevant(key),
            say`the risk's ${key.replace('_', ' ')} is not in the file: not a target`,
          );
      }
      const category_ = stride ?? 'Tampering';
      const key = out.id(syntheticId);
      const id = threatIdFor(MANUAL_PACK_ID, key, targets);
      const likelihood = LIKELIHOOD.get(textOf(risk['exploitation_likelihood']).trim());
      const impact = IMPACT.get(textOf(risk['exploitation_impact']).trim());
      const facts = labelledLines(risk, [
        'severity',
        'exploitation_likelihood',
        'exploitation_impact',
        'data_breach_probability',
        'most_relevant_trust_boundary',
        'most_relevant_shared_runtime',
        'most_relevant_data_asset',
      ]);
      const breached = textsOf(risk['data_breach_technical_assets']);
      if (breached.length > 0) facts.push(`data breach technical assets: ${breached.join(', ')}`);
      manualThreats.push({
        id,
        key,
        category: category_,
        targets,
        title: out.clipped(riskName, TITLE_MAX, `The title of risk ${quote(riskName)}`),
        description: out.clipped(
          [
            `Threagile risk ${syntheticId} (${plain(category.title)}).`,
            facts.join('\n'),
            categoryText,
          ]
            .filter((part) => part !== '')
            .join('\n\n'),
          TEXT_MAX,
          `The description of risk ${quote(riskName)}`,
        ),
        likelihood: likelihood ?? 3,
        impact: impact ?? 3,
        mitigationIds: [DEFAULT_MITIGATION_BY_CATEGORY[category_]],
        cwe,
        source: clip(`Threagile: ${syntheticId}`, SOURCE_MAX),
      });
      risks.push({ syntheticId, threatId: id, name: riskName });
    }
    reportFields(
      category,
      new Set(['id', 'stride', 'cwe', 'risks_identified', ...CATEGORY_TEXTS]),
      what,
      out,
    );
  }
  return { manualThreats, risks };
}

/** `risk_tracking` → triage of the imported risks it matches; the rest is reported by key. */
function importTracking(
  root: Record_,
  risks: readonly Risk[],
  fileName: string,
  out: Reporter,
): Tree[] {
  const triage = new Map<string, Tree>();
  for (const entry of entriesAt(root, 'risk_tracking', fileName, out)) {
    const status = textOf(entry.record['status']).trim() || 'unchecked';
    const matched = risks.filter((risk) => trackingMatches(entry.title, risk.syntheticId));
    if (matched.length === 0) {
      out.unmapped(
        entry.path,
        entry.title,
        say`tracks a risk Threagile's own rules find, not one of the file's individual risks: not imported`,
      );
      continue;
    }
    if (!KNOWN_TRACKING.has(status))
      out.warn(
        say`Unknown risk tracking status ${quote(status)} for ${quote(entry.title)}: imported as investigating.`,
      );
    const ticket = textOf(entry.record['ticket']).trim();
    const details = labelledLines(entry.record, ['justification', 'date', 'checked_by']);
    for (const risk of matched) {
      if (triage.has(risk.threatId)) continue;
      const open = OPEN_TRACKING.has(status);
      out.mapping(
        `risk ${quote(risk.name)}: tracking status ${quote(status)}`,
        open ? say`open` : say`investigating (the original status is kept in the triage notes)`,
      );
      const notes = [
        open
          ? ''
          : `Imported from Threagile with the risk tracking status "${clip(status, 100)}". In Gatehouse a threat is mitigated only when a done story covers it, and accepted or not applicable only with an approval, so it comes in as investigating.`,
        details.join('\n'),
      ].filter((part) => part !== '');
      triage.set(risk.threatId, {
        threatId: risk.threatId,
        status: open ? 'open' : 'investigating',
        notes: clip(notes.join('\n\n'), TEXT_MAX),
        trackerLinks: ticket === '' ? [] : [{ key: clip(ticket, 100) }],
      });
    }
  }
  return [...triage.values()];
}

/**
 * Imports a Threagile YAML model. Throws `InputError` for a file that is not one or cannot be
 * used; everything else comes across or is named in the report.
 */
export function importThreagile(text: string, fileName: string): ImportResult {
  const { value, dropped } = parseForeignText(text, fileName, TEXT_FORMAT);
  if (!isRecord(value) || !isSet(value['threagile_version'])) {
    throw new InputError(`${fileName}: not a Threagile model ("threagile_version" is missing).`, [
      { path: ['threagile_version'], message: 'missing' },
    ]);
  }
  const version = textOf(value['threagile_version']).trim();
  const out = new Reporter(`threagile-${clip(version, 20)}`, fileName);
  out.droppedKeys(dropped);
  for (const [key, field] of Object.entries(value)) {
    if (ROOT_READ.has(key) || !isSet(field)) continue;
    // Questions, abuse cases and security requirements are maps: each is reported by its title.
    if (isRecord(field) && ['questions', 'abuse_cases', 'security_requirements'].includes(key)) {
      for (const title of Object.keys(field))
        out.unmapped(
          [key, title],
          title,
          say`${key.replace(/_/g, ' ')}: Gatehouse has no place for it: not imported`,
        );
    } else
      out.unmapped([key], key, say`${shown(field)}: Gatehouse has no place for it: not imported`);
  }
  for (const key of ['business_overview', 'technical_overview']) {
    const overview = value[key];
    if (isRecord(overview) && isSet(overview['images']))
      out.unmapped([key, 'images'], `${key} images`, say`images are not imported`);
  }

  const data = readDataAssets(value, fileName, out);
  const assetEntries = withIds(
    entriesAt(value, 'technical_assets', fileName, out),
    'technical asset',
    out,
  );
  refuseTooMany(fileName, [[assetEntries.length, MAX_ELEMENTS, 'technical assets']]);
  const ids = new IdsFromNames();
  const assets = assetEntries.map((entry) => importAsset(entry, data, ids, out));
  const zones = importBoundaries(value, assets, ids, fileName, out);
  const elements = assets.map((asset) => asset.draft);
  layout(zones, elements);
  if (zones.length + elements.length > 0)
    out.warn(
      say`Threagile models have no diagram positions: trust boundaries and assets were laid out on a grid (boundaries around their contents).`,
    );
  const linkIds = new Map<string, string>();
  const flows = importLinks(assets, data, ids, linkIds, out);
  for (const runtime of entriesAt(value, 'shared_runtimes', fileName, out)) {
    const running = textsOf(runtime.record['technical_assets_running']);
    out.unmapped(
      runtime.path,
      runtime.title,
      say`shared runtime: no Gatehouse equivalent (zones cannot overlap trust boundaries); it runs ${running.length} assets: not imported`,
    );
  }
  const { manualThreats, risks } = importRisks(
    value,
    new Map(assets.map((asset) => [asset.id, asset.draft.id])),
    linkIds,
    fileName,
    out,
  );
  const triage = importTracking(value, risks, fileName, out);

  const description = [
    textOf(value['management_summary_comment']),
    ...['business_overview', 'technical_overview'].map((key) => {
      const overview = value[key];
      return isRecord(overview) ? textOf(overview['description']) : '';
    }),
  ]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n\n');
  const title = textOf(value['title']).trim();
  if (title === '') out.warn(say`The file has no title: the model is named after the file.`);
  return assembleModel(
    {
      name: out.clipped(
        title || fileName.replace(/\.ya?ml$/i, '') || 'Threagile import',
        NAME_MAX,
        'The title',
      ),
      description: out.clipped(description, TEXT_MAX, 'The model description'),
      diagramId: DIAGRAM_ID,
      zones,
      elements,
      flows,
      manualThreats,
      triage,
    },
    out,
    'Threagile',
    fileName,
  );
}

/** Threagile YAML: a top-level `threagile_version` key, which every Threagile model has. */
export const THREAGILE_IMPORTER: ForeignImporter = {
  format: 'threagile',
  label: 'Threagile (YAML)',
  extensions: ['.yaml', '.yml'],
  detect: (head: string) =>
    /^["']?threagile_version["']?[ \t]*:/m.test(head.replace(/^\uFEFF/, '')),
  import: importThreagile,
};
