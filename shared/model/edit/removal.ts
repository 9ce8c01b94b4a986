/** Deleting diagram items, keeping every reference in the model valid. */
import type { Boundary, Model } from '../schema';
import { assignContainment } from './containment';

/**
 * Deletes the given elements, flows and boundaries. Flows attached to a deleted element go with
 * it. A deleted zone's contents stay on the diagram (they move up to the enclosing zone, as on a
 * whiteboard). Everything that pointed at a deleted item follows: feature members, line-boundary
 * crossings, suppressions on a deleted element, and manual threats tied to a deleted element
 * or flow (with their triage). Triage of generated threats is kept: the register shows those
 * threats as resolved by the model change. Workshop reviews of a deleted item go (a review must
 * name an existing item, or the file would not open again); parking-lot questions about it stay,
 * detached from it. The edit is undoable like any other.
 */
export function deleteItems(model: Model, ids: ReadonlySet<string>): Model {
  if (ids.size === 0) return model;
  const removedElements = new Set(model.elements.filter((e) => ids.has(e.id)).map((e) => e.id));
  const removedFlows = new Set(
    model.flows
      .filter(
        (f) => ids.has(f.id) || removedElements.has(f.sourceId) || removedElements.has(f.targetId),
      )
      .map((f) => f.id),
  );
  const removedBoundaries = new Set(model.boundaries.filter((b) => ids.has(b.id)).map((b) => b.id));
  if (removedElements.size + removedFlows.size + removedBoundaries.size === 0) return model;

  // A deleted zone hands its contents to its own parent (skipping deleted ancestors).
  const zoneParent = new Map<string, string | null>();
  for (const boundary of model.boundaries)
    if (boundary.shape === 'zone') zoneParent.set(boundary.id, boundary.parentId);
  const survivingZone = (zoneId: string | null): string | null => {
    let current = zoneId;
    while (current !== null && removedBoundaries.has(current))
      current = zoneParent.get(current) ?? null;
    return current;
  };

  const gone = (id: string): boolean =>
    removedElements.has(id) || removedFlows.has(id) || removedBoundaries.has(id);
  const removedManual = new Set(
    model.manualThreats.filter((t) => t.targets.some((target) => gone(target.id))).map((t) => t.id),
  );
  const affectedDiagrams = new Set(
    [...model.boundaries, ...model.elements]
      .filter((item) => gone(item.id))
      .map((item) => item.diagramId),
  );

  let next: Model = {
    ...model,
    elements: model.elements
      .filter((e) => !removedElements.has(e.id))
      .map((e) =>
        e.zoneId !== null && removedBoundaries.has(e.zoneId)
          ? { ...e, zoneId: survivingZone(e.zoneId) }
          : e,
      ),
    flows: model.flows.filter((f) => !removedFlows.has(f.id)),
    boundaries: model.boundaries
      .filter((b) => !removedBoundaries.has(b.id))
      .map((b): Boundary => {
        if (b.shape === 'zone') {
          return b.parentId !== null && removedBoundaries.has(b.parentId)
            ? { ...b, parentId: survivingZone(b.parentId) }
            : b;
        }
        return b.crossingFlowIds.some((id) => removedFlows.has(id))
          ? { ...b, crossingFlowIds: b.crossingFlowIds.filter((id) => !removedFlows.has(id)) }
          : b;
      }),
    features: model.features.map((feature) =>
      feature.memberIds.some(gone)
        ? { ...feature, memberIds: feature.memberIds.filter((id) => !gone(id)) }
        : feature,
    ),
    suppressions: model.suppressions.filter((s) => s.elementId === null || !gone(s.elementId)),
    manualThreats: model.manualThreats.filter((t) => !removedManual.has(t.id)),
    threats: model.threats.filter((t) => !removedManual.has(t.threatId)),
    workshop: {
      reviews: model.workshop.reviews.filter((review) => !gone(review.elementId)),
      questions: model.workshop.questions.map((question) =>
        question.elementId !== null && gone(question.elementId)
          ? { ...question, elementId: null }
          : question,
      ),
    },
  };
  for (const diagramId of affectedDiagrams) next = assignContainment(next, diagramId);
  return next;
}
