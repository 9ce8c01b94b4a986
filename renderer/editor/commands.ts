/**
 * Editor commands: what palette buttons, menus and shortcuts do. Each one reads the store, runs
 * pure edits from `shared/model/edit` through `apply`, and updates the selection.
 */
import { DEFAULT_ELEMENT_SIZE, elementRect } from '../../shared/model/geometry';
import { extractFragment, insertFragment, type Fragment } from '../../shared/model/edit/fragments';
import { connectElements } from '../../shared/model/edit/flows';
import {
  addElement,
  addZone,
  newElement,
  newZone,
  type Point,
} from '../../shared/model/edit/nodes';
import { deleteItems } from '../../shared/model/edit/removal';
import type { ElementKind, Model } from '../../shared/model/schema';
import type { EditorStore } from './editorStore';
import { newId } from './newId';

export type PaletteItem = ElementKind | 'zone';

const ID_PREFIX: Readonly<Record<PaletteItem, string>> = {
  process: 'process',
  dataStore: 'store',
  externalEntity: 'entity',
  zone: 'zone',
};

/**
 * The nearest spot to `center` where a new element of `size` overlaps no element of the
 * diagram: tried in rings around the centre, so repeated clicks lay elements out side by side.
 */
export function freeSpot(
  document: Model,
  diagramId: string,
  center: Point,
  size: { width: number; height: number },
): Point {
  const taken = document.elements.filter((e) => e.diagramId === diagramId).map(elementRect);
  const gap = 24;
  const fits = (x: number, y: number) =>
    taken.every(
      (r) =>
        x + size.width + gap <= r.x ||
        r.x + r.width + gap <= x ||
        y + size.height + gap <= r.y ||
        r.y + r.height + gap <= y,
    );
  const stepX = size.width + gap * 2;
  const stepY = size.height + gap * 2;
  const origin = { x: center.x - size.width / 2, y: center.y - size.height / 2 };
  for (let ring = 0; ring <= 12; ring++) {
    for (let dy = -ring; dy <= ring; dy++) {
      for (let dx = -ring; dx <= ring; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const x = origin.x + dx * stepX;
        const y = origin.y + dy * stepY;
        if (fits(x, y)) return { x: Math.round(x), y: Math.round(y) };
      }
    }
  }
  return { x: Math.round(origin.x), y: Math.round(origin.y) };
}

/** Adds a palette item with its centre at `center`, selects it and returns its ID. */
export function addPaletteItem(store: EditorStore, item: PaletteItem, center: Point): string {
  const { activeDiagramId: diagramId } = store.getState();
  const id = newId(ID_PREFIX[item]);
  if (item === 'zone') {
    const size = { width: 400, height: 300 };
    const position = { x: center.x - size.width / 2, y: center.y - size.height / 2 };
    store
      .getState()
      .apply('Add trust boundary', (m) => addZone(m, newZone({ id, diagramId, position, size })));
  } else {
    const size = DEFAULT_ELEMENT_SIZE[item];
    const position = freeSpot(store.getState().document, diagramId, center, size);
    store
      .getState()
      .apply(
        `Add ${item === 'dataStore' ? 'data store' : item === 'externalEntity' ? 'external entity' : 'process'}`,
        (m) => addElement(m, newElement(item, { id, diagramId, position })),
      );
  }
  store.getState().select([id]);
  return id;
}

export function connect(store: EditorStore, sourceId: string, targetId: string): string | null {
  const id = newId('flow');
  const changed = store
    .getState()
    .apply('Connect', (m) => connectElements(m, { id, sourceId, targetId }));
  if (!changed) return null;
  store.getState().select([id]);
  return id;
}

export function deleteSelection(store: EditorStore): void {
  const ids = new Set(store.getState().selection);
  if (ids.size === 0) return;
  store.getState().apply('Delete', (m) => deleteItems(m, ids));
}

export function selectAll(store: EditorStore): void {
  const { document, activeDiagramId } = store.getState();
  store
    .getState()
    .select(
      [
        ...document.boundaries.filter((b) => b.diagramId === activeDiagramId && b.shape === 'zone'),
        ...document.elements.filter((e) => e.diagramId === activeDiagramId),
        ...document.flows.filter((f) => f.diagramId === activeDiagramId),
      ].map((item) => item.id),
    );
}

export function copySelection(store: EditorStore): Fragment | null {
  const { document, selection } = store.getState();
  const fragment = extractFragment(document, new Set(selection));
  return fragment.elements.length + fragment.zones.length > 0 ? fragment : null;
}

/** Pastes a fragment into the active diagram, offset so the copy does not hide the original. */
export function pasteFragment(
  store: EditorStore,
  fragment: Fragment,
  offset: Point = { x: 40, y: 40 },
): void {
  const { activeDiagramId } = store.getState();
  let inserted: string[] = [];
  store.getState().apply('Paste', (m) => {
    const result = insertFragment(m, fragment, {
      diagramId: activeDiagramId,
      offset,
      newId: () => newId('copy'),
    });
    inserted = result.insertedIds;
    return result.model;
  });
  store.getState().select(inserted);
}

export function duplicateSelection(store: EditorStore): void {
  const fragment = copySelection(store);
  if (fragment) pasteFragment(store, fragment);
}
