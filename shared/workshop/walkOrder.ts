/**
 * The order a workshop walks the model in: the attack surface first. Items reachable from an
 * external entity not known to be trusted come first, nearest first — the entity itself, the
 * flows leaving it, what they reach, and so on — then everything no untrusted entity reaches.
 * Unknown trust counts as untrusted here: a workshop is where that question gets answered.
 */
import { compareIds } from '../model/canonical';
import type { GraphFacts } from '../graph/graphFacts';
import type { Model } from '../model/schema';
import type { WalkKind } from './questionBank';

/** One stop of the walk: an element or a data flow. */
export interface WalkItem {
  id: string;
  kind: WalkKind;
  name: string;
  diagramId: string;
  /**
   * Walk distance from the nearest untrusted entity: twice its hop count for an element, twice
   * its source's hop count plus one for a flow (a flow sits between what it connects); null when
   * no untrusted entity reaches the item.
   */
  distance: number | null;
}

/** Which part of the model to walk: all of it, or one feature's members. */
export type WalkScope = { featureId: string } | 'model';

/** Within one distance, the order a person would point at things on a whiteboard. */
const KIND_ORDER: Readonly<Record<WalkKind, number>> = {
  externalEntity: 0,
  process: 1,
  dataStore: 2,
  flow: 3,
};

function compareItems(a: WalkItem, b: WalkItem): number {
  if (a.distance !== b.distance) {
    if (a.distance === null) return 1;
    if (b.distance === null) return -1;
    return a.distance - b.distance;
  }
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    a.name.localeCompare(b.name, 'en') ||
    compareIds(a.id, b.id)
  );
}

/**
 * The items of `scope` in walk order. `facts` must be the graph facts of `model`. An unknown
 * feature yields an empty walk (the feature was deleted while the workshop was open).
 */
export function workshopOrder(model: Model, facts: GraphFacts, scope: WalkScope): WalkItem[] {
  const members =
    scope === 'model'
      ? null
      : new Set(model.features.find((f) => f.id === scope.featureId)?.memberIds ?? []);
  const inScope = (id: string) => members === null || members.has(id);
  const hopsOf = (id: string): number | null => facts.reach(id, true)?.hops ?? null;

  const items: WalkItem[] = [];
  for (const element of model.elements) {
    if (!inScope(element.id)) continue;
    const hops = hopsOf(element.id);
    items.push({
      id: element.id,
      kind: element.kind,
      name: element.name,
      diagramId: element.diagramId,
      distance: hops === null ? null : hops * 2,
    });
  }
  for (const flow of model.flows) {
    if (!inScope(flow.id)) continue;
    // A flow sits between its source and what it reaches; of a bidirectional flow's two
    // sources the nearer one counts.
    let distance: number | null = null;
    for (const directed of facts.directionsOf.get(flow.id) ?? []) {
      const hops = hopsOf(directed.sourceId);
      if (hops !== null && (distance === null || hops * 2 + 1 < distance)) distance = hops * 2 + 1;
    }
    items.push({ id: flow.id, kind: 'flow', name: flow.name, diagramId: flow.diagramId, distance });
  }
  return items.sort(compareItems);
}
