/**
 * What the threats panel shows, as pure functions of the register and the document: words for
 * categories, statuses and severities, the filters, the grouping and the counts. A register can
 * hold 20,000 threats, so nothing here reads a threat's lazy text (title, description,
 * explanation) unless the user searches.
 */
import { CATEGORY_LABELS, STATUS_LABELS } from '../../../shared/reports/reportModel';
import {
  STRIDE_CATEGORIES,
  UNASSIGNED_FEATURE_ID,
  type Element,
  type Model,
  type Severity,
  type StrideCategory,
  type ThreatStatus,
} from '../../../shared/model/schema';
import { severityRank } from '../../../shared/rules/scoring';
import { isOpenStatus, type RegisteredThreat } from '../../../shared/threats/register';

/** The names of categories and statuses: the same as the reports use. */
export const CATEGORY_NAMES = CATEGORY_LABELS;
export const STATUS_NAMES = STATUS_LABELS;

export const SEVERITY_NAMES: Readonly<Record<Severity, string>> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

const KIND_WORDS: Readonly<Record<Element['kind'] | 'flow', string>> = {
  process: 'Process',
  dataStore: 'Data store',
  externalEntity: 'External entity',
  flow: 'Data flow',
};

export type GroupBy = 'element' | 'category';

/** `open-work`: open or investigating, detected and not suppressed (what the counts call open). */
export type StatusFilter = 'all' | 'open-work' | ThreatStatus | 'suppressed' | 'no-longer-detected';

export interface ThreatFilters {
  severity: Severity | 'all';
  status: StatusFilter;
  /** A feature ID, `_unassigned`, or `all`. */
  feature: string;
  search: string;
}

export const NO_FILTERS: ThreatFilters = {
  severity: 'all',
  status: 'all',
  feature: 'all',
  search: '',
};

export function hasFilters(filters: ThreatFilters): boolean {
  return (
    filters.severity !== 'all' ||
    filters.status !== 'all' ||
    filters.feature !== 'all' ||
    filters.search.trim() !== ''
  );
}

/** An element or flow as the panel names it. */
export interface ItemInfo {
  name: string;
  kind: Element['kind'] | 'flow';
  /** For a flow: the names of its ends. */
  from?: string;
  to?: string;
}

function displayName(name: string, kind: ItemInfo['kind']): string {
  return name.trim() === '' ? `Unnamed ${KIND_WORDS[kind].toLowerCase()}` : name;
}

/** Names and kinds of every element and flow, by ID. */
export function indexItems(
  elements: Model['elements'],
  flows: Model['flows'],
): Map<string, ItemInfo> {
  const index = new Map<string, ItemInfo>();
  for (const element of elements)
    index.set(element.id, { name: displayName(element.name, element.kind), kind: element.kind });
  for (const flow of flows) {
    index.set(flow.id, {
      name: displayName(flow.name, 'flow'),
      kind: 'flow',
      from: index.get(flow.sourceId)?.name ?? flow.sourceId,
      to: index.get(flow.targetId)?.name ?? flow.targetId,
    });
  }
  return index;
}

/** An item's name and what it is: `Admin console` and `Process`. */
export function itemParts(
  id: string,
  items: ReadonlyMap<string, ItemInfo>,
): { name: string; detail: string } {
  const item = items.get(id);
  if (!item) return { name: id, detail: 'removed from the model' };
  if (item.kind === 'flow')
    return { name: item.name, detail: `data flow ${item.from} → ${item.to}` };
  return { name: item.name, detail: KIND_WORDS[item.kind] };
}

/** How an item is labelled in headings and the "Applies to" list: `Admin console (Process)`. */
export function itemLabel(id: string, items: ReadonlyMap<string, ItemInfo>): string {
  const { name, detail } = itemParts(id, items);
  return `${name} (${detail})`;
}

/**
 * The item a threat is about: its flow for flow and interaction threats (source → flow →
 * target), its element for element threats, null for a model-level threat.
 */
export function subjectOf(threat: Pick<RegisteredThreat, 'targets'>): string | null {
  const flow = threat.targets.find((t) => t.role === 'flow');
  if (flow) return flow.id;
  return threat.targets[0]?.id ?? null;
}

/** Counted as open work: open or investigating, still detected, not suppressed. */
export function isCountedOpen(threat: RegisteredThreat): boolean {
  return !threat.noLongerDetected && threat.suppression === null && isOpenStatus(threat.status);
}

export function countThreats(threats: readonly RegisteredThreat[]): {
  total: number;
  open: number;
} {
  let open = 0;
  for (const threat of threats) if (isCountedOpen(threat)) open += 1;
  return { total: threats.length, open };
}

const numbers = new Intl.NumberFormat('en');

/** A count as the panel writes it: `21,721`. */
export function formatCount(count: number): string {
  return numbers.format(count);
}

export function threatCountText(counts: { total: number; open: number }): string {
  return `${formatCount(counts.total)} threat${counts.total === 1 ? '' : 's'}, ${formatCount(counts.open)} open`;
}

function matchesStatus(threat: RegisteredThreat, status: StatusFilter): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'open-work':
      return isCountedOpen(threat);
    case 'suppressed':
      return threat.suppression !== null;
    case 'no-longer-detected':
      return threat.noLongerDetected;
    default:
      return threat.status === status && !threat.noLongerDetected && threat.suppression === null;
  }
}

/** The threats that pass the filters, in register order. Reads titles only when searching. */
export function filterThreats(
  register: readonly RegisteredThreat[],
  filters: ThreatFilters,
  items: ReadonlyMap<string, ItemInfo>,
): RegisteredThreat[] {
  const needle = filters.search.trim().toLowerCase();
  return register.filter((threat) => {
    if (filters.severity !== 'all' && threat.severity !== filters.severity) return false;
    if (!matchesStatus(threat, filters.status)) return false;
    if (filters.feature !== 'all' && !threat.featureIds.includes(filters.feature)) return false;
    if (needle === '') return true;
    if (threat.id.toLowerCase().includes(needle)) return true;
    if (threat.ruleId.toLowerCase().includes(needle)) return true;
    if (CATEGORY_NAMES[threat.category].toLowerCase().includes(needle)) return true;
    if (threat.targets.some((t) => items.get(t.id)?.name.toLowerCase().includes(needle)))
      return true;
    return threat.title.toLowerCase().includes(needle);
  });
}

export interface ThreatGroup {
  key: string;
  /** The whole label (`Admin console (Process)`), and its two parts for display. */
  label: string;
  name: string;
  detail: string | null;
  threats: RegisteredThreat[];
  open: number;
}

/** The element-grouping key of model-level threats (no item has this ID: IDs are printable). */
export const MODEL_LEVEL_KEY = '\u0000model';

/** The group a threat falls in: its subject's ID (or MODEL_LEVEL_KEY), or its category. */
export function groupKeyOf(
  threat: Pick<RegisteredThreat, 'targets' | 'category'>,
  groupBy: GroupBy,
): string {
  return groupBy === 'category' ? threat.category : (subjectOf(threat) ?? MODEL_LEVEL_KEY);
}

/** Worst first; equal severities keep register (ID) order. */
function bySeverity(a: RegisteredThreat, b: RegisteredThreat): number {
  return severityRank(b.severity) - severityRank(a.severity);
}

/**
 * Groups threats by the item they are about (model-level threats last) or by STRIDE category
 * (in STRIDE order). Within a group, the worst come first.
 */
export function groupThreats(
  threats: readonly RegisteredThreat[],
  groupBy: GroupBy,
  items: ReadonlyMap<string, ItemInfo>,
): ThreatGroup[] {
  const groups = new Map<string, ThreatGroup>();
  for (const threat of threats) {
    const key = groupKeyOf(threat, groupBy);
    let group = groups.get(key);
    if (!group) {
      const parts =
        groupBy === 'category'
          ? { name: CATEGORY_NAMES[threat.category], detail: null }
          : key === MODEL_LEVEL_KEY
            ? { name: 'Model-level', detail: 'no element' }
            : itemParts(key, items);
      const label = parts.detail === null ? parts.name : `${parts.name} (${parts.detail})`;
      group = { key, label, ...parts, threats: [], open: 0 };
      groups.set(key, group);
    }
    group.threats.push(threat);
    if (isCountedOpen(threat)) group.open += 1;
  }
  for (const group of groups.values()) group.threats.sort(bySeverity);
  const result = [...groups.values()];
  if (groupBy === 'category') {
    const order = (key: string) => STRIDE_CATEGORIES.indexOf(key as StrideCategory);
    return result.sort((a, b) => order(a.key) - order(b.key));
  }
  return result.sort((a, b) => {
    if (a.key === MODEL_LEVEL_KEY || b.key === MODEL_LEVEL_KEY)
      return a.key === MODEL_LEVEL_KEY ? (b.key === MODEL_LEVEL_KEY ? 0 : 1) : -1;
    return a.label.localeCompare(b.label) || a.key.localeCompare(b.key);
  });
}

/** Feature filter options: every feature, then "Unassigned". */
export function featureOptions(features: Model['features']): { value: string; label: string }[] {
  return [
    { value: 'all', label: 'All features' },
    ...features.map((f) => ({ value: f.id, label: f.name.trim() === '' ? f.id : f.name })),
    { value: UNASSIGNED_FEATURE_ID, label: 'Unassigned' },
  ];
}

/** A CWE ID as text with its MITRE address (shown as text, not fetched). */
export function cweText(cwe: number): string {
  return `CWE-${cwe} (https://cwe.mitre.org/data/definitions/${cwe}.html)`;
}
