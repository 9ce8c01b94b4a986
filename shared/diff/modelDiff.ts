/**
 * A semantic diff of two versions of a model (PRODUCT.md, "Interop and reports"). Records are
 * matched by ID — the same ID is the same thing in both versions — and compared field by field.
 *
 * What counts as a change:
 * - Every field the analysis, the gate or a reader sees (names, descriptions, tags, kinds, zone
 *   membership, properties, flow ends, triage, story state …) is semantic.
 * - Layout (`position`, `size`, `waypoints`, a line boundary's `points`) is not: a record whose
 *   layout alone changed is listed under `moved`, and does not make `hasSemanticChanges` true.
 *   A move that changes zone membership changes `zoneId`, which is semantic.
 * - Set-like lists (feature members, covered threats, crossing flows …) are compared as sets:
 *   both versions are put in canonical order first, as in the file.
 * - With rule packs, both versions are analyzed and the threats compared: added, removed, and
 *   changed severity ("what the change does to the risk"). A threat's status change is reported
 *   once, as the triage record that caused it.
 */
import { canonicalOrder, compareIds, modelDigest } from '../model/canonical';
import {
  SEVERITIES,
  type Boundary,
  type Element,
  type Model,
  type Severity,
} from '../model/schema';
import { displayName } from '../rules/conditions';
import type { CompiledPacks } from '../rules/engine';
import { zeroes } from '../reports/threatCounts';
import { assessThreats, isOpenStatus, type RegisteredThreat } from '../threats/register';
import {
  DIFF_KINDS,
  DIFF_VERSION,
  type ChangedItem,
  type DiffKind,
  type DiffThreat,
  type FieldChange,
  type ItemRef,
  type KindDiff,
  type ModelDiff,
  type ThreatsDiff,
} from './diffSchema';

/** Fields that only say where a record is drawn: a change to them alone is a move. */
export const LAYOUT_FIELDS: ReadonlySet<string> = new Set([
  'position',
  'size',
  'waypoints',
  'points',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON with object keys sorted and undefined members left out: a record written by an edit and
 * the same record read from a file may order keys differently, and that is no change.
 */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isPlainObject(value)) {
    const members = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort(compareIds)
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** Keys of `after` in its order, then the keys only `before` has. */
function unionKeys(before: object, after: object): string[] {
  const keys = Object.keys(after);
  const seen = new Set(keys);
  for (const key of Object.keys(before)) if (!seen.has(key)) keys.push(key);
  return keys;
}

/**
 * The semantic field changes between two versions of a record (nested objects such as
 * `properties` one level deep), and whether its layout changed.
 */
export function compareRecords(
  before: object,
  after: object,
  skip: ReadonlySet<string> = new Set(),
): { fields: FieldChange[]; moved: boolean } {
  const was = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const fields: FieldChange[] = [];
  let moved = false;
  for (const key of unionKeys(was, now)) {
    if (skip.has(key) || stableJson(was[key]) === stableJson(now[key])) continue;
    if (LAYOUT_FIELDS.has(key)) {
      moved = true;
      continue;
    }
    const previous = was[key];
    const next = now[key];
    if (isPlainObject(previous) && isPlainObject(next)) {
      for (const sub of unionKeys(previous, next)) {
        if (stableJson(previous[sub]) === stableJson(next[sub])) continue;
        fields.push({
          field: `${key}.${sub}`,
          before: previous[sub] ?? null,
          after: next[sub] ?? null,
        });
      }
    } else {
      fields.push({ field: key, before: previous ?? null, after: next ?? null });
    }
  }
  return { fields, moved };
}

/** How to find, name and describe the records of one kind in a model. */
interface KindSpec<T extends object> {
  records(model: Model): readonly T[];
  id(record: T): string;
  /** The key holding the ID, left out of the comparison. */
  idKey: string;
  name(record: T, context: SideContext): string;
  detail(record: T, context: SideContext): string;
}

/** What naming needs to know about one version. */
interface SideContext {
  model: Model;
  names: ReadonlyMap<string, string>;
  threatTitles: ReadonlyMap<string, string>;
  mitigationTitles: ReadonlyMap<string, string>;
}

const ELEMENT_KIND_NAMES: Readonly<Record<Element['kind'], string>> = {
  process: 'process',
  dataStore: 'data store',
  externalEntity: 'external entity',
};

function nameOf(context: SideContext, id: string | null): string {
  return id === null ? '' : (context.names.get(id) ?? id);
}

function boundaryDetail(boundary: Boundary): string {
  const kind = boundary.boundaryKind === 'unknown' ? '' : ` (${boundary.boundaryKind})`;
  return `${boundary.shape === 'zone' ? 'zone' : 'line'}${kind}`;
}

const SPECS: { [K in DiffKind]: KindSpec<Model[KindKey<K>][number]> } = {
  diagrams: {
    records: (model) => model.diagrams,
    id: (diagram) => diagram.id,
    idKey: 'id',
    name: (diagram) => displayName(diagram),
    detail: () => 'diagram',
  },
  elements: {
    records: (model) => model.elements,
    id: (element) => element.id,
    idKey: 'id',
    name: (element) => displayName(element),
    detail: (element) => ELEMENT_KIND_NAMES[element.kind],
  },
  flows: {
    records: (model) => model.flows,
    id: (flow) => flow.id,
    idKey: 'id',
    name: (flow) => displayName(flow),
    detail: (flow, context) =>
      `${nameOf(context, flow.sourceId)} ${flow.bidirectional ? '↔' : '→'} ${nameOf(context, flow.targetId)}`,
  },
  boundaries: {
    records: (model) => model.boundaries,
    id: (boundary) => boundary.id,
    idKey: 'id',
    name: (boundary) => displayName(boundary),
    detail: boundaryDetail,
  },
  features: {
    records: (model) => model.features,
    id: (feature) => feature.id,
    idKey: 'id',
    name: (feature) => displayName(feature),
    detail: (feature) =>
      `feature of ${feature.memberIds.length} ${feature.memberIds.length === 1 ? 'item' : 'items'}`,
  },
  manualThreats: {
    records: (model) => model.manualThreats,
    id: (threat) => threat.id,
    idKey: 'id',
    name: (threat) => threat.title,
    detail: (threat) => threat.category,
  },
  triage: {
    records: (model) => model.threats,
    id: (triage) => triage.threatId,
    idKey: 'threatId',
    name: (triage, context) =>
      context.threatTitles.get(triage.threatId) ?? triage.lastKnown?.title ?? triage.threatId,
    detail: (triage) => triage.status,
  },
  stories: {
    records: (model) => model.stories,
    id: (story) => story.id,
    idKey: 'id',
    name: (story, context) =>
      story.title ??
      `${context.mitigationTitles.get(story.mitigationId) ?? story.mitigationId} (${nameOf(context, story.featureId)})`,
    detail: (story) => story.state,
  },
  suppressions: {
    records: (model) => model.suppressions,
    id: (suppression) => suppression.id,
    idKey: 'id',
    name: (suppression) => `${suppression.packId}/${suppression.ruleId}`,
    detail: (suppression, context) =>
      suppression.elementId === null
        ? 'model-wide'
        : `on ${nameOf(context, suppression.elementId)}`,
  },
};

/** The model field holding each kind's records (triage lives in `threats`). */
type KindKey<K extends DiffKind> = K extends 'triage' ? 'threats' : K;

function diffKind<T extends object>(
  spec: KindSpec<T>,
  before: SideContext,
  after: SideContext,
): KindDiff {
  const was = new Map(spec.records(before.model).map((record) => [spec.id(record), record]));
  const now = new Map(spec.records(after.model).map((record) => [spec.id(record), record]));
  const ids = [...new Set([...was.keys(), ...now.keys()])].sort(compareIds);
  const result: KindDiff = { added: [], removed: [], changed: [], moved: [] };
  const skip = new Set([spec.idKey]);
  for (const id of ids) {
    const previous = was.get(id);
    const next = now.get(id);
    const ref = (record: T, context: SideContext): ItemRef => ({
      id,
      name: spec.name(record, context),
      detail: spec.detail(record, context),
    });
    if (!previous) result.added.push(ref(next!, after));
    else if (!next) result.removed.push(ref(previous, before));
    else {
      const { fields, moved } = compareRecords(previous, next, skip);
      if (fields.length > 0) {
        const changed: ChangedItem = { ...ref(next, after), fields, moved };
        result.changed.push(changed);
      } else if (moved) result.moved.push(ref(next, after));
    }
  }
  return result;
}

function sideContext(
  model: Model,
  register: readonly RegisteredThreat[],
  packs?: CompiledPacks,
): SideContext {
  const names = new Map<string, string>();
  for (const records of [
    model.elements,
    model.flows,
    model.boundaries,
    model.features,
    model.diagrams,
  ])
    for (const record of records) names.set(record.id, displayName(record));
  const mitigationTitles = new Map<string, string>();
  for (const [id, mitigation] of packs?.mitigationsById ?? [])
    mitigationTitles.set(id, mitigation.title);
  return {
    model,
    names,
    threatTitles: new Map(register.map((threat) => [threat.id, threat.title])),
    mitigationTitles,
  };
}

function diffThreat(threat: RegisteredThreat): DiffThreat {
  return {
    id: threat.id,
    title: threat.title,
    category: threat.category,
    severity: threat.severity,
    status: threat.status,
    targetIds: [...new Set(threat.targets.map((target) => target.id))],
  };
}

function openBySeverity(register: readonly RegisteredThreat[]): Record<Severity, number> {
  const counts = zeroes(SEVERITIES);
  for (const threat of register)
    if (!threat.noLongerDetected && threat.suppression === null && isOpenStatus(threat.status))
      counts[threat.severity] += 1;
  return counts;
}

/** The threats the rules (and the team, by hand) find in each version, compared by ID. */
export function diffThreats(
  before: readonly RegisteredThreat[],
  after: readonly RegisteredThreat[],
): ThreatsDiff {
  // Triage kept for a threat the rules no longer find is history, not a threat of the version.
  const detected = (register: readonly RegisteredThreat[]) =>
    new Map(
      register.filter((threat) => !threat.noLongerDetected).map((threat) => [threat.id, threat]),
    );
  const was = detected(before);
  const now = detected(after);
  const result: ThreatsDiff = {
    added: [],
    removed: [],
    severityChanged: [],
    openBefore: openBySeverity(before),
    openAfter: openBySeverity(after),
  };
  for (const [id, threat] of now) {
    const previous = was.get(id);
    if (!previous) result.added.push(diffThreat(threat));
    else if (previous.severity !== threat.severity) {
      const { id: threatId, title, category, status, targetIds } = diffThreat(threat);
      result.severityChanged.push({
        id: threatId,
        title,
        category,
        status,
        targetIds,
        before: previous.severity,
        after: threat.severity,
      });
    }
  }
  for (const [id, threat] of was) if (!now.has(id)) result.removed.push(diffThreat(threat));
  const byId = (a: { id: string }, b: { id: string }) => compareIds(a.id, b.id);
  result.added.sort(byId);
  result.removed.sort(byId);
  result.severityChanged.sort(byId);
  return result;
}

/** Where each version came from (for the headers of the outputs), and work already done. */
export interface DiffOptions {
  before?: string | null;
  after?: string | null;
  /**
   * The threat registers of the versions, when the caller has them (the app's live analysis):
   * they must come from `assessThreats` with the same `packs`.
   */
  registers?: { before?: readonly RegisteredThreat[]; after?: readonly RegisteredThreat[] };
}

/**
 * Compares two versions of a model. With `packs`, both are analyzed with the same packs and the
 * threats compared too (`threats` is null without them). Deterministic: kinds in a fixed order,
 * records by ID, fields in the schema's order.
 */
export function diffModels(
  before: Model,
  after: Model,
  packs?: CompiledPacks,
  options: DiffOptions = {},
): ModelDiff {
  const was = canonicalOrder(before);
  const now = canonicalOrder(after);
  const registers = packs
    ? {
        before: options.registers?.before ?? assessThreats(before, packs),
        after: options.registers?.after ?? assessThreats(after, packs),
      }
    : { before: [], after: [] };
  const beforeContext = sideContext(was, registers.before, packs);
  const afterContext = sideContext(now, registers.after, packs);
  const kinds = Object.fromEntries(
    DIFF_KINDS.map((kind) => [
      kind,
      diffKind(SPECS[kind] as KindSpec<object>, beforeContext, afterContext),
    ]),
  ) as Record<DiffKind, KindDiff>;
  const metadata = (model: Model) => ({
    name: model.name,
    description: model.description,
    rulePacks: model.rulePacks,
    workshop: model.workshop,
  });
  const { fields: model } = compareRecords(metadata(was), metadata(now));
  const threats = packs ? diffThreats(registers.before, registers.after) : null;

  let semanticChanges = model.length > 0 ? 1 : 0;
  let layoutChanges = 0;
  for (const kind of DIFF_KINDS) {
    const { added, removed, changed, moved } = kinds[kind];
    semanticChanges += added.length + removed.length + changed.length;
    layoutChanges += moved.length;
  }
  const threatChanges = threats
    ? threats.added.length + threats.removed.length + threats.severityChanged.length
    : 0;
  return {
    diffVersion: DIFF_VERSION,
    before: { name: before.name, digest: modelDigest(before), source: options.before ?? null },
    after: { name: after.name, digest: modelDigest(after), source: options.after ?? null },
    model,
    kinds,
    threats,
    summary: {
      semanticChanges,
      layoutChanges,
      threatChanges,
      hasSemanticChanges: semanticChanges > 0 || threatChanges > 0,
    },
  };
}

/**
 * The IDs of `diff` by what happened to them, for highlighting one version on a canvas: added
 * and changed records exist in the after version; removed ones only in the before version.
 */
export function changeMarks(
  diff: ModelDiff,
  kinds: readonly DiffKind[] = ['elements', 'flows', 'boundaries'],
): Map<string, ChangeMark> {
  const marks = new Map<string, ChangeMark>();
  for (const kind of kinds) {
    const { added, removed, changed, moved } = diff.kinds[kind];
    for (const item of moved) marks.set(item.id, 'moved');
    for (const item of changed) marks.set(item.id, 'changed');
    for (const item of added) marks.set(item.id, 'added');
    for (const item of removed) marks.set(item.id, 'removed');
  }
  return marks;
}

/** What happened to a record between the versions. */
export type ChangeMark = 'added' | 'removed' | 'changed' | 'moved';
