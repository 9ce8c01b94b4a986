/**
 * Zone membership from geometry. In the editor a zone *contains* what is drawn inside it: an
 * element belongs to the innermost zone that holds its centre, a zone to the innermost larger
 * zone that holds its whole rectangle. The analysis reads only `zoneId` and `parentId`, so these
 * are recomputed after every geometric edit (move, resize, add, paste, layout).
 */
import {
  area,
  containsPoint,
  containsRect,
  elementRect,
  rectCenter,
  zoneRect,
  type Rect,
} from '../geometry';
import type { Boundary, Element, Model, Zone } from '../schema';

interface ZoneBox {
  zone: Zone;
  rect: Rect;
  area: number;
}

/** Zones of a diagram, smallest first, so the first that contains a point is the innermost. */
function zoneBoxes(model: Model, diagramId: string): ZoneBox[] {
  const boxes: ZoneBox[] = [];
  for (const boundary of model.boundaries) {
    if (boundary.shape !== 'zone' || boundary.diagramId !== diagramId) continue;
    const rect = zoneRect(boundary);
    boxes.push({ zone: boundary, rect, area: area(rect) });
  }
  // Ties (equal areas) broken by ID so the result never depends on array order.
  return boxes.sort((a, b) => a.area - b.area || (a.zone.id < b.zone.id ? -1 : 1));
}

/**
 * Recomputes `zoneId` of the diagram's elements and `parentId` of its zones from their
 * rectangles. Returns the same model object when nothing changes (so an edit that changes no
 * membership adds nothing to the undo history beyond the move itself).
 */
export function assignContainment(model: Model, diagramId: string): Model {
  const boxes = zoneBoxes(model, diagramId);
  const parentOf = new Map<string, string | null>();
  boxes.forEach((box, index) => {
    let parent: string | null = null;
    // Only strictly larger zones (later in the list, or equal area with a greater ID) can be
    // parents: two zones can never contain each other, so no cycle can form.
    for (let j = index + 1; j < boxes.length; j++) {
      const candidate = boxes[j]!;
      if (candidate.area > box.area || candidate.zone.id > box.zone.id) {
        if (containsRect(candidate.rect, box.rect)) {
          parent = candidate.zone.id;
          break;
        }
      }
    }
    parentOf.set(box.zone.id, parent);
  });

  let boundariesChanged = false;
  const boundaries = model.boundaries.map((boundary): Boundary => {
    if (boundary.shape !== 'zone' || !parentOf.has(boundary.id)) return boundary;
    const parentId = parentOf.get(boundary.id)!;
    if (boundary.parentId === parentId) return boundary;
    boundariesChanged = true;
    return { ...boundary, parentId };
  });

  let elementsChanged = false;
  const elements = model.elements.map((element): Element => {
    if (element.diagramId !== diagramId) return element;
    const center = rectCenter(elementRect(element));
    const zoneId = boxes.find((box) => containsPoint(box.rect, center))?.zone.id ?? null;
    if (element.zoneId === zoneId) return element;
    elementsChanged = true;
    return { ...element, zoneId };
  });

  if (!boundariesChanged && !elementsChanged) return model;
  return {
    ...model,
    boundaries: boundariesChanged ? boundaries : model.boundaries,
    elements: elementsChanged ? elements : model.elements,
  };
}
