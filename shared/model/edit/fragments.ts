/**
 * Copy, paste and duplicate: a fragment is a self-contained piece of a diagram (elements, the
 * zones around them, and the flows between them) that can be inserted with fresh IDs.
 */
import type { Element, Flow, Model, Zone } from '../schema';
import { assignContainment } from './containment';

export interface Fragment {
  elements: Element[];
  zones: Zone[];
  flows: Flow[];
}

/**
 * The selected elements and zones, plus the selected flows and every flow whose two ends are
 * both in the fragment (a flow with an end left behind cannot be pasted). Selecting a zone takes
 * its contents.
 */
export function extractFragment(model: Model, ids: ReadonlySet<string>): Fragment {
  const zoneIds = new Set<string>();
  const zones = model.boundaries.filter((b): b is Zone => b.shape === 'zone');
  const addZone = (id: string): void => {
    if (zoneIds.has(id)) return;
    zoneIds.add(id);
    for (const child of zones) if (child.parentId === id) addZone(child.id);
  };
  for (const zone of zones) if (ids.has(zone.id)) addZone(zone.id);
  const elements = model.elements.filter(
    (e) => ids.has(e.id) || (e.zoneId !== null && zoneIds.has(e.zoneId)),
  );
  const elementIds = new Set(elements.map((e) => e.id));
  const flows = model.flows.filter((f) => elementIds.has(f.sourceId) && elementIds.has(f.targetId));
  return { elements, zones: zones.filter((z) => zoneIds.has(z.id)), flows };
}

/**
 * Inserts a fragment into `diagramId`, offset by `offset`, with a fresh ID for every item from
 * `newId`. Returns the model and the IDs of the inserted items (to select them).
 */
export function insertFragment(
  model: Model,
  fragment: Fragment,
  options: { diagramId: string; offset: { x: number; y: number }; newId: () => string },
): { model: Model; insertedIds: string[] } {
  if (fragment.elements.length + fragment.zones.length === 0) return { model, insertedIds: [] };
  const idMap = new Map<string, string>();
  const fresh = (id: string): string => {
    let mapped = idMap.get(id);
    if (!mapped) {
      mapped = options.newId();
      idMap.set(id, mapped);
    }
    return mapped;
  };
  const shift = (p: { x: number; y: number }) => ({
    x: p.x + options.offset.x,
    y: p.y + options.offset.y,
  });
  const zones = fragment.zones.map((zone): Zone => ({
    ...zone,
    id: fresh(zone.id),
    diagramId: options.diagramId,
    parentId: null,
    position: shift(zone.position),
  }));
  const elements = fragment.elements.map((element): Element => ({
    ...element,
    id: fresh(element.id),
    diagramId: options.diagramId,
    zoneId: null,
    position: shift(element.position),
  }));
  const flows = fragment.flows.map((flow): Flow => ({
    ...flow,
    id: fresh(flow.id),
    diagramId: options.diagramId,
    sourceId: fresh(flow.sourceId),
    targetId: fresh(flow.targetId),
    waypoints: flow.waypoints.map(shift),
  }));
  const next = assignContainment(
    {
      ...model,
      elements: [...model.elements, ...elements],
      boundaries: [...model.boundaries, ...zones],
      flows: [...model.flows, ...flows],
    },
    options.diagramId,
  );
  return { model: next, insertedIds: [...idMap.values()] };
}
