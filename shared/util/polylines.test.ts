import { describe, expect, it } from 'vitest';
import { polylinesCross, segmentsIntersect } from './polylines';

const p = (x: number, y: number) => ({ x, y });

describe('segmentsIntersect', () => {
  it('finds a proper crossing', () => {
    expect(segmentsIntersect(p(0, 0), p(10, 10), p(0, 10), p(10, 0))).toBe(true);
  });
  it('counts touching an end point', () => {
    expect(segmentsIntersect(p(0, 0), p(10, 0), p(10, 0), p(10, 10))).toBe(true);
  });
  it('finds overlapping collinear segments and rejects disjoint ones', () => {
    expect(segmentsIntersect(p(0, 0), p(10, 0), p(5, 0), p(15, 0))).toBe(true);
    expect(segmentsIntersect(p(0, 0), p(10, 0), p(11, 0), p(15, 0))).toBe(false);
  });
  it('rejects parallel and merely near segments', () => {
    expect(segmentsIntersect(p(0, 0), p(10, 0), p(0, 1), p(10, 1))).toBe(false);
    expect(segmentsIntersect(p(0, 0), p(10, 10), p(6, 0), p(20, 5))).toBe(false);
  });
});

describe('polylinesCross', () => {
  it('finds a crossing on a later segment', () => {
    const flow = [p(0, 0), p(10, 0), p(10, 20)];
    const line = [p(5, 10), p(20, 10)];
    expect(polylinesCross(flow, line)).toBe(true);
  });
  it('says no when the lines pass each other', () => {
    const flow = [p(0, 0), p(10, 0), p(10, 5)];
    const line = [p(5, 10), p(20, 10)];
    expect(polylinesCross(flow, line)).toBe(false);
  });
});
