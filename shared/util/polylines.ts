/**
 * Whether two polylines cross, for importers whose files draw line boundaries but do not say
 * which flows cross them (Threat Dragon's trust-boundary curves): the model stores the crossing
 * flows of a line boundary (`crossingFlowIds`), so they are computed once from the drawing.
 */

/** A point in diagram coordinates. */
export interface PolylinePoint {
  x: number;
  y: number;
}

/** The sign of the turn a → b → c: 1 left, -1 right, 0 when the three are in line. */
function turn(a: PolylinePoint, b: PolylinePoint, c: PolylinePoint): number {
  const cross = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  return cross > 0 ? 1 : cross < 0 ? -1 : 0;
}

/** Whether `point`, known to be in line with segment a–b, lies within it. */
function onSegment(a: PolylinePoint, b: PolylinePoint, point: PolylinePoint): boolean {
  return (
    Math.min(a.x, b.x) <= point.x &&
    point.x <= Math.max(a.x, b.x) &&
    Math.min(a.y, b.y) <= point.y &&
    point.y <= Math.max(a.y, b.y)
  );
}

/** Whether segments a–b and c–d share a point (touching counts). */
export function segmentsIntersect(
  a: PolylinePoint,
  b: PolylinePoint,
  c: PolylinePoint,
  d: PolylinePoint,
): boolean {
  const abc = turn(a, b, c);
  const abd = turn(a, b, d);
  const cda = turn(c, d, a);
  const cdb = turn(c, d, b);
  if (abc !== abd && cda !== cdb) return true;
  return (
    (abc === 0 && onSegment(a, b, c)) ||
    (abd === 0 && onSegment(a, b, d)) ||
    (cda === 0 && onSegment(c, d, a)) ||
    (cdb === 0 && onSegment(c, d, b))
  );
}

interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function boundsOf(points: readonly PolylinePoint[]): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { x, y } of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { minX, minY, maxX, maxY };
}

/**
 * Whether two polylines (each at least two points) share a point. Their bounding boxes are
 * compared first, so that far-apart lines cost nothing; otherwise every pair of segments is
 * tried, so callers bound the number of points.
 */
export function polylinesCross(
  first: readonly PolylinePoint[],
  second: readonly PolylinePoint[],
): boolean {
  const a = boundsOf(first);
  const b = boundsOf(second);
  if (a.maxX < b.minX || b.maxX < a.minX || a.maxY < b.minY || b.maxY < a.minY) return false;
  for (let i = 1; i < first.length; i++) {
    for (let j = 1; j < second.length; j++) {
      if (segmentsIntersect(first[i - 1]!, first[i]!, second[j - 1]!, second[j]!)) return true;
    }
  }
  return false;
}
