/**
 * Export to Open Threat Model 0.2.0 (docs/otm-export.md): the inverse of the OTM importer
 * (`shared/import/otm.ts`, docs/otm-import.md) wherever OTM can carry what a Gatehouse model
 * holds. Zones become trust zones, elements components, flows dataflows, and every threat of the
 * register — generated and manual — an OTM threat with its instances on the components and
 * dataflows it is about. What OTM cannot carry is written as attributes where a reader can still
 * see it, and named in the export's notes.
 *
 * The output is deterministic (records ordered by ID, keys in a fixed order, no timestamps), so
 * two exports of the same model are byte for byte the same.
 */
import { stringify } from 'yaml';
import type {
  OtmComponent,
  OtmDataflow,
  OtmDocument,
  OtmMitigation,
  OtmParent,
  OtmShape,
  OtmThreat,
  OtmThreatInstance,
  OtmTrustZone,
} from './otmDocument';
import { elementRect, zoneRect, type Rect } from '../model/geometry';
import { MANUAL_PACK_ID } from '../model/ids';
import type {
  BoundaryKind,
  Element,
  Flow,
  LineBoundary,
  Model,
  StrideCategory,
  Zone,
} from '../model/schema';
import type { CompiledPacks } from '../rules/engine';
import { assessThreats, type RegisteredThreat } from '../threats/register';

export type { OtmDocument } from './otmDocument';

/** The OTM version written. */
export const OTM_VERSION = '0.2.0';

/**
 * `risk.trustRating` (0–100, higher is more trusted) per boundary kind. The importer decides the
 * kind from the zone's type first (which the export sets to the kind itself), and takes a rating
 * of 20 or lower as the internet when nothing else tells; so the internet is rated 1 (as
 * IriusRisk rates its "Internet" zone) and every other kind above 20.
 */
export const TRUST_RATING_BY_KIND: Readonly<Record<BoundaryKind, number>> = {
  internet: 1,
  dmz: 30,
  device: 40,
  unknown: 50,
  'cloud-account': 60,
  'internal-network': 80,
  container: 90,
};

/**
 * Component `type` per element kind (for external entities, per `entityKind`): each is a row of
 * the importer's type table that maps back to the same kind and entity kind.
 */
export const COMPONENT_TYPE_BY_KIND = {
  process: 'generic-service',
  dataStore: 'database',
  human: 'user',
  system: 'external-system',
  unknown: 'generic-client',
} as const;

/** STRIDE categories as OTM files write them; the importer compares them without spaces. */
export const OTM_CATEGORY: Readonly<Record<StrideCategory, string>> = {
  Spoofing: 'Spoofing',
  Tampering: 'Tampering',
  Repudiation: 'Repudiation',
  InformationDisclosure: 'Information Disclosure',
  DenialOfService: 'Denial of Service',
  ElevationOfPrivilege: 'Elevation of Privilege',
};

/**
 * OTM requires a `riskReduction` on every mitigation; Gatehouse does not rate mitigations (the
 * team records residual risk per threat, exported in the threat's attributes), so every
 * mitigation gets this neutral value.
 */
export const MITIGATION_RISK_REDUCTION = 50;

/** Gatehouse's 1–5 likelihood and impact on OTM's 0–100: the importer's `ceil(v / 20)` undoes it. */
export function toOtmScale(value: number): number {
  return value * 20;
}

/** What the export writes besides the model. */
export interface OtmExportOptions {
  /** The OTM `project.id`; default: the model name in lower case with `-` between words. */
  projectId?: string;
  /**
   * The threat register to export, when the caller already has one (the app does); default:
   * the model analyzed with the given packs and merged with its triage.
   */
  register?: readonly RegisteredThreat[];
}

export interface OtmExportResult {
  document: OtmDocument;
  /** What OTM could not carry as such, by name (also in docs/otm-export.md). */
  notes: string[];
}

/** The text formats of `serializeOtm`. */
export type OtmFormat = 'json' | 'yaml';

/** Most names a note lists before it says how many more there are. */
const NOTE_NAMES = 5;

/** An element without a zone lies in this synthetic zone of its diagram (OTM requires a parent). */
const OUTSIDE_ZONE_NAME = 'Outside every zone';
/** Space between the synthetic zone's edge and what it holds, as the importer pads zones. */
const OUTSIDE_ZONE_PADDING = 40;

function listed(names: readonly string[]): string {
  const shown = names.slice(0, NOTE_NAMES).map((name) => `"${name}"`);
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** A project ID from the model name: lower-case words joined by `-`. */
function projectIdFrom(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 128)
    .replace(/-+$/, '');
  return slug === '' ? 'gatehouse-model' : slug;
}

function byId<T extends { readonly id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Description and tags, written only when there are some (OTM readers treat absent as empty). */
function texts(item: { description: string; tags: readonly string[] }): {
  description?: string;
  tags?: string[];
} {
  return {
    ...(item.description === '' ? {} : { description: item.description }),
    ...(item.tags.length === 0 ? {} : { tags: [...item.tags] }),
  };
}

/** Free-text properties: every value but the empty text is written as it is. */
const FREE_TEXT_PROPERTIES: ReadonlySet<string> = new Set(['technology', 'protocol']);

/**
 * Typed properties as the attributes the importer reads back: yes/no facts as booleans, choices
 * (privilege level, data classification) and free text as text. Unknown facts and empty texts
 * are left out: the importer reads an absent attribute as unknown.
 */
function propertyAttributes(
  properties: Readonly<Record<string, string>>,
): Record<string, boolean | string> {
  const attributes: Record<string, boolean | string> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (FREE_TEXT_PROPERTIES.has(name)) {
      if (value !== '') attributes[name] = value;
    } else if (value !== 'unknown') {
      attributes[name] = value === 'yes' ? true : value === 'no' ? false : value;
    }
  }
  return attributes;
}

function elementAttributes(element: Element): Record<string, boolean | string> {
  // An external entity's kind is carried by its type (COMPONENT_TYPE_BY_KIND).
  return element.kind === 'externalEntity'
    ? propertyAttributes({ trusted: element.properties.trusted })
    : propertyAttributes(element.properties);
}

/** `{ attributes }` when there are any: OTM readers treat an absent map as empty. */
function attributesOf(attributes: Record<string, unknown>): {
  attributes?: Record<string, unknown>;
} {
  return Object.keys(attributes).length === 0 ? {} : { attributes };
}

/** A rectangle's place on a diagram, for elements (default size by kind) and zones. */
function rectOf(item: Element | Zone): Rect {
  return 'kind' in item ? elementRect(item) : zoneRect(item);
}

/** The box around `items` (empty at the origin when there are none). */
function boundsOf(items: readonly (Element | Zone)[]): Rect {
  if (items.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  // A loop, not Math.min(...list): a large model would pass more arguments than engines allow.
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rect of items.map(rectOf)) {
    left = Math.min(left, rect.x);
    top = Math.min(top, rect.y);
    right = Math.max(right, rect.x + rect.width);
    bottom = Math.max(bottom, rect.y + rect.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function componentType(element: Element): string {
  return element.kind === 'externalEntity'
    ? COMPONENT_TYPE_BY_KIND[element.properties.entityKind]
    : COMPONENT_TYPE_BY_KIND[element.kind];
}

/** A trust zone's or component's entry on its diagram (the shape ID is not read back). */
function shapeOn(diagramId: string, ownerId: string, rect: Rect, withSize: boolean): OtmShape {
  return {
    representation: diagramId,
    id: `${ownerId}:shape`,
    position: { x: rect.x, y: rect.y },
    ...(withSize ? { size: { width: rect.width, height: rect.height } } : {}),
  };
}

/** A synthetic zone per diagram that has elements outside every zone, with an unused ID. */
function outsideZones(model: Model, usedIds: Set<string>): Map<string, Zone> {
  const zones = new Map<string, Zone>();
  for (const diagram of model.diagrams) {
    const members = model.elements.filter(
      (element) => element.diagramId === diagram.id && element.zoneId === null,
    );
    if (members.length === 0) continue;
    let id = `outside-zones-${diagram.id}`.slice(0, 128);
    for (let suffix = 2; usedIds.has(id); suffix++) id = `outside-zones-${suffix}-${diagram.id}`;
    usedIds.add(id);
    const box = boundsOf(members);
    zones.set(diagram.id, {
      id,
      diagramId: diagram.id,
      name: OUTSIDE_ZONE_NAME,
      description:
        'Added by the Gatehouse export: these elements lie in no zone, and every OTM component needs a parent trust zone.',
      tags: [],
      boundaryKind: 'unknown',
      shape: 'zone',
      parentId: null,
      position: { x: box.x - OUTSIDE_ZONE_PADDING, y: box.y - OUTSIDE_ZONE_PADDING },
      size: {
        width: box.width + 2 * OUTSIDE_ZONE_PADDING,
        height: box.height + 2 * OUTSIDE_ZONE_PADDING,
      },
    });
  }
  return zones;
}

/** The zone ID of an element's parent trust zone; the model's references are checked on load. */
function zoneIdOf(zone: Zone | undefined, element: Element): string {
  if (zone === undefined)
    throw new Error(`The element "${element.id}" names a zone the model does not have.`);
  return zone.id;
}

/** Gatehouse mitigation states as IriusRisk writes countermeasure states. */
const MITIGATION_STATE = {
  proposed: 'recommended',
  planned: 'required',
  implemented: 'implemented',
  rejected: 'rejected',
} as const;

/**
 * The state of each of a threat's mitigations: the team's record when there is one, else what
 * the stories that cover the threat say (done: implemented; planned or in progress: planned).
 */
function mitigationStates(
  threat: RegisteredThreat,
  storyById: ReadonlyMap<string, Model['stories'][number]>,
): { mitigation: string; state: string }[] {
  return threat.mitigations.map((mitigationId) => {
    const recorded = threat.triage?.mitigationStatuses.find(
      (entry) => entry.mitigationId === mitigationId,
    )?.status;
    const stories = threat.coveringStoryIds
      .map((id) => storyById.get(id))
      .filter((story) => story?.mitigationId === mitigationId);
    const fromStories = stories.some((story) => story?.state === 'done')
      ? 'implemented'
      : stories.length > 0
        ? 'planned'
        : 'proposed';
    return { mitigation: mitigationId, state: MITIGATION_STATE[recorded ?? fromStories] };
  });
}

/**
 * OTM threat IDs. A manual threat keeps its `key` (so that importing the export gives it its
 * own ID again, `threatIdFor('manual', key, targets)`) unless two exported threats would share
 * it; every other threat is named by its Gatehouse ID.
 */
function otmThreatIds(register: readonly RegisteredThreat[]): Map<string, string> {
  const ownIds = new Set(register.map((threat) => threat.id));
  const keyUse = new Map<string, number>();
  for (const threat of register)
    if (threat.origin === 'manual') keyUse.set(threat.ruleId, (keyUse.get(threat.ruleId) ?? 0) + 1);
  return new Map(
    register.map((threat) => {
      const key = threat.ruleId;
      const keepKey =
        threat.origin === 'manual' &&
        threat.packId === MANUAL_PACK_ID &&
        keyUse.get(key) === 1 &&
        !ownIds.has(key);
      return [threat.id, keepKey ? key : threat.id];
    }),
  );
}

/**
 * The components and dataflows a threat instance goes on: its element or flow (the flow of an
 * interaction threat: OTM has no interactions); a threat naming only endpoints goes on them.
 */
function instanceTargets(threat: RegisteredThreat): string[] {
  const central = threat.targets.filter(
    (target) => target.role === 'element' || target.role === 'flow',
  );
  return (central.length > 0 ? central : threat.targets).map((target) => target.id);
}

function threatAttributes(threat: RegisteredThreat): Record<string, string | number | boolean> {
  return {
    gatehouseThreatId: threat.id,
    origin: threat.origin,
    // Triage of a threat no longer detected may not know its rule (no `lastKnown`).
    ...(threat.origin === 'rule' && threat.packId !== ''
      ? { rule: `${threat.packId}/${threat.ruleId}` }
      : {}),
    status: threat.status,
    severity: threat.severity,
    residualLikelihood: toOtmScale(threat.residualLikelihood),
    residualImpact: toOtmScale(threat.residualImpact),
    ...(threat.capec.length === 0
      ? {}
      : { capec: threat.capec.map((id) => `CAPEC-${id}`).join(', ') }),
    ...(threat.suppression === null ? {} : { suppressed: true }),
    ...(threat.noLongerDetected ? { noLongerDetected: true } : {}),
  };
}

/**
 * Builds the OTM 0.2.0 document for `model`. `packs` supply the rules (for the generated
 * threats) and the mitigation catalogue; pass `options.register` to export a register already
 * built from them.
 */
export function exportOtm(
  model: Model,
  packs: CompiledPacks,
  options: OtmExportOptions = {},
): OtmExportResult {
  const notes: string[] = [];
  const register = options.register ?? assessThreats(model, packs);
  const zones = model.boundaries.filter((boundary): boundary is Zone => boundary.shape === 'zone');
  const lines = model.boundaries.filter(
    (boundary): boundary is LineBoundary => boundary.shape === 'line',
  );
  const usedIds = new Set([
    ...model.elements.map((element) => element.id),
    ...model.flows.map((flow) => flow.id),
    ...model.boundaries.map((boundary) => boundary.id),
  ]);
  const outside = outsideZones(model, usedIds);
  const zoneById = new Map([...zones, ...outside.values()].map((zone) => [zone.id, zone]));
  const zoneOf = (element: Element): Zone | undefined =>
    element.zoneId === null ? outside.get(element.diagramId) : zoneById.get(element.zoneId);

  /** OTM positions are relative to the parent (as the importer reads them back). */
  const relativeTo = (rect: Rect, parent: Zone | undefined): Rect =>
    parent === undefined
      ? rect
      : { ...rect, x: rect.x - parent.position.x, y: rect.y - parent.position.y };

  const trustZones: OtmTrustZone[] = byId([...zones, ...outside.values()]).map((zone) => {
    const parent = zone.parentId === null ? undefined : zoneById.get(zone.parentId);
    const rect = { ...zone.position, ...zone.size };
    return {
      id: zone.id,
      name: zone.name,
      ...(zone.boundaryKind === 'unknown' ? {} : { type: zone.boundaryKind }),
      ...texts(zone),
      risk: { trustRating: TRUST_RATING_BY_KIND[zone.boundaryKind] },
      ...(parent === undefined ? {} : { parent: { trustZone: parent.id } }),
      representations: [shapeOn(zone.diagramId, zone.id, relativeTo(rect, parent), true)],
    };
  });
  if (outside.size > 0) {
    const names = model.elements.filter((e) => e.zoneId === null).map((e) => e.name || e.id);
    notes.push(
      `OTM components need a parent trust zone: ${names.length} element${names.length === 1 ? '' : 's'} outside every zone (${listed(names)}) ${names.length === 1 ? 'is' : 'are'} placed in the added trust zone "${OUTSIDE_ZONE_NAME}" (one per diagram).`,
    );
  }

  // Threat instances, by the component or dataflow they are on.
  const otmIds = otmThreatIds(register);
  const storyById = new Map(model.stories.map((story) => [story.id, story]));
  const exportedIds = new Set([
    ...model.elements.map((element) => element.id),
    ...model.flows.map((flow) => flow.id),
  ]);
  const instancesOn = new Map<string, OtmThreatInstance[]>();
  const catalogueOnly: string[] = [];
  for (const threat of register) {
    const targets = threat.noLongerDetected
      ? []
      : instanceTargets(threat).filter((id) => exportedIds.has(id));
    if (targets.length === 0) {
      catalogueOnly.push(threat.title);
      continue;
    }
    const instance: OtmThreatInstance = {
      threat: otmIds.get(threat.id) ?? threat.id,
      // Gatehouse's own status words: the importer reads `open` as open and keeps the others.
      state: threat.status,
      mitigations: mitigationStates(threat, storyById),
    };
    for (const id of targets) {
      const list = instancesOn.get(id) ?? [];
      list.push(instance);
      instancesOn.set(id, list);
    }
  }
  const instances = (id: string): { threats?: OtmThreatInstance[] } => {
    const list = instancesOn.get(id);
    if (list === undefined) return {};
    return { threats: [...list].sort((a, b) => (a.threat < b.threat ? -1 : 1)) };
  };
  if (catalogueOnly.length > 0)
    notes.push(
      `OTM threat instances hang on components and dataflows: ${catalogueOnly.length} threat${catalogueOnly.length === 1 ? '' : 's'} tied to no element or flow, or no longer detected (${listed(catalogueOnly)}), ${catalogueOnly.length === 1 ? 'is' : 'are'} listed in the top-level "threats" only.`,
    );

  const components: OtmComponent[] = byId(model.elements).map((element) => {
    const zone = zoneOf(element);
    const rect = elementRect(element);
    return {
      id: element.id,
      name: element.name,
      type: componentType(element),
      ...texts(element),
      parent: { trustZone: zoneIdOf(zone, element) } satisfies OtmParent,
      representations: [
        shapeOn(element.diagramId, element.id, relativeTo(rect, zone), element.size !== undefined),
      ],
      ...attributesOf(elementAttributes(element)),
      ...instances(element.id),
    };
  });

  const crossings = new Map<string, LineBoundary[]>();
  for (const line of byId(lines))
    for (const flowId of line.crossingFlowIds)
      crossings.set(flowId, [...(crossings.get(flowId) ?? []), line]);
  const dataflows: OtmDataflow[] = byId(model.flows).map((flow: Flow) => {
    const crossed = crossings.get(flow.id) ?? [];
    const attributes = {
      ...propertyAttributes(flow.properties),
      ...(crossed.length === 0
        ? {}
        : {
            crossesLineBoundaries: crossed
              .map((line) => `${line.name || line.id} (${line.boundaryKind})`)
              .join('; '),
          }),
    };
    return {
      id: flow.id,
      name: flow.name,
      ...texts(flow),
      bidirectional: flow.bidirectional,
      source: flow.sourceId,
      destination: flow.targetId,
      ...attributesOf(attributes),
      ...instances(flow.id),
    };
  });
  if (lines.length > 0)
    notes.push(
      `OTM has no line boundaries: ${lines.length} line boundar${lines.length === 1 ? 'y' : 'ies'} (${listed(lines.map((line) => line.name || line.id))}) ${lines.length === 1 ? 'is' : 'are'} listed in the project attribute "lineBoundaries", and each dataflow crossing one names it in its attribute "crossesLineBoundaries".`,
    );
  if (model.diagrams.length > 1)
    notes.push(
      `The model has ${model.diagrams.length} diagrams: each is an OTM representation, but OTM readers (Gatehouse's importer included) draw only the first one; the others' positions are laid out again on import.`,
    );

  const threats: OtmThreat[] = register
    .map((threat) => ({
      id: otmIds.get(threat.id) ?? threat.id,
      name: threat.title,
      ...(threat.description === '' ? {} : { description: threat.description }),
      categories: [OTM_CATEGORY[threat.category]],
      cwes: threat.cwe.map((id) => `CWE-${id}`),
      risk: {
        likelihood: toOtmScale(threat.likelihood),
        impact: toOtmScale(threat.impact),
      },
      attributes: threatAttributes(threat),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const mitigationIds = [...new Set(register.flatMap((threat) => threat.mitigations))].sort();
  const mitigations: OtmMitigation[] = mitigationIds.map((id) => {
    const known = packs.mitigationsById.get(id);
    return known === undefined
      ? {
          id,
          name: id,
          description: 'Not in the loaded mitigation catalogue.',
          riskReduction: MITIGATION_RISK_REDUCTION,
        }
      : {
          id,
          name: known.title,
          description: known.description,
          riskReduction: MITIGATION_RISK_REDUCTION,
          attributes: {
            asvs: known.asvs.join(', '),
            ...(known.cwe.length === 0
              ? {}
              : { cwes: known.cwe.map((cwe) => `CWE-${cwe}`).join(', ') }),
          },
        };
  });

  const lineBoundaries = byId(lines).map((line) => ({
    id: line.id,
    name: line.name,
    boundaryKind: line.boundaryKind,
    diagram: line.diagramId,
    ...texts(line),
    crossingDataflows: [...line.crossingFlowIds].sort(),
  }));
  const document: OtmDocument = {
    otmVersion: OTM_VERSION,
    project: {
      name: model.name,
      id: options.projectId ?? projectIdFrom(model.name),
      ...(model.description === '' ? {} : { description: model.description }),
      ...(lineBoundaries.length === 0 ? {} : { attributes: { lineBoundaries } }),
    },
    representations: model.diagrams.map((diagram) => {
      const drawn = [
        ...model.elements.filter((element) => element.diagramId === diagram.id),
        ...[...zoneById.values()].filter((zone) => zone.diagramId === diagram.id),
      ];
      const box = boundsOf(drawn);
      return {
        name: diagram.name,
        id: diagram.id,
        type: 'diagram',
        ...(diagram.description === '' ? {} : { description: diagram.description }),
        // The canvas from the origin, which the positions are measured from.
        size: {
          width: Math.max(0, box.x + box.width),
          height: Math.max(0, box.y + box.height),
        },
      };
    }),
    trustZones,
    components,
    dataflows,
    threats,
    mitigations,
  };
  return { document, notes };
}

/**
 * The document as text: JSON with two-space indentation, or YAML. YAML is written as YAML 1.1,
 * so that texts such as `yes` or `on` are quoted: PyYAML, which the OTM tools use, would read
 * them unquoted as booleans (YAML 1.2 readers, Gatehouse's included, read the quoted form alike).
 */
export function serializeOtm(document: OtmDocument, format: OtmFormat = 'json'): string {
  if (format === 'yaml') return stringify(document, { version: '1.1', lineWidth: 0 });
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The model as OTM 0.2.0 text, for the app's export (see `exportOtm` for the options). */
export function exportOtmText(
  model: Model,
  packs: CompiledPacks,
  options: OtmExportOptions & { format?: OtmFormat } = {},
): string {
  return serializeOtm(exportOtm(model, packs, options).document, options.format);
}
