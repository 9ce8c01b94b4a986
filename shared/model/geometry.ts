/**
 * Diagram geometry shared by the editor, auto-layout, templates and importers. Positions are
 * absolute diagram coordinates of the top-left corner (docs/model-format.md); an element without
 * a `size` is drawn at its kind's default size.
 */
import type { Element, ElementKind, Zone } from './schema';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_ELEMENT_SIZE: Readonly<
  Record<ElementKind, { width: number; height: number }>
> = {
  process: { width: 160, height: 72 },
  dataStore: { width: 160, height: 64 },
  externalEntity: { width: 160, height: 64 },
};

/** The smallest a zone may be resized to. */
export const MIN_ZONE_SIZE = { width: 120, height: 80 } as const;

export function elementRect(element: Pick<Element, 'kind' | 'position' | 'size'>): Rect {
  const size = element.size ?? DEFAULT_ELEMENT_SIZE[element.kind];
  return { x: element.position.x, y: element.position.y, width: size.width, height: size.height };
}

export function zoneRect(zone: Pick<Zone, 'position' | 'size'>): Rect {
  return { x: zone.position.x, y: zone.position.y, ...zone.size };
}

export function rectCenter(rect: Rect): { x: number; y: number } {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

export function containsPoint(rect: Rect, point: { x: number; y: number }): boolean {
  return (
    point.x >= rect.x &&
    point.x <= rect.x + rect.width &&
    point.y >= rect.y &&
    point.y <= rect.y + rect.height
  );
}

export function containsRect(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

export function area(rect: Rect): number {
  return rect.width * rect.height;
}

/** The smallest rectangle holding every rectangle given (null for none). */
export function boundingRect(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const rect of rects) {
    minX = Math.min(minX, rect.x);
    minY = Math.min(minY, rect.y);
    maxX = Math.max(maxX, rect.x + rect.width);
    maxY = Math.max(maxY, rect.y + rect.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
