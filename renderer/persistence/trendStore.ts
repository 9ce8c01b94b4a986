/**
 * The dashboard's trend (issue 7): threat counts of a document recorded at each save and on
 * demand, kept in IndexedDB's `snapshots` table — never in the model or the manifest, whose bytes
 * the gate checks. The table has existed since schema version 1 (with its
 * `[documentId+takenAt]` index, and `deleteDocument` already removes a document's rows), so the
 * trend needs no schema upgrade.
 *
 * A row's `counts` are flat keys: `severity:<severity>` for open threats by severity and
 * `status:<status>` for active threats by status. Rows are untrusted when read back and are
 * validated; a damaged row is left out of the trend.
 */
import * as z from 'zod';
import type { TrendPoint } from '../../shared/dashboard/dashboardData';
import { SEVERITIES, THREAT_STATUSES } from '../../shared/model/schema';
import type { GatehouseDatabase, SnapshotRow } from './database';

/** Points kept per document; older ones are deleted when a new one is recorded. */
export const MAX_TREND_POINTS = 500;

const COUNT = z.number().int().min(0).max(1_000_000);

const SnapshotRowSchema = z.object({
  documentId: z.string(),
  // The range a Date can hold (±8.64e15 ms): beyond it `toISOString` throws, and one such row
  // would break the whole trend instead of being left out.
  takenAt: z.number().int().min(0).max(8.64e15),
  counts: z.object({
    ...Object.fromEntries(SEVERITIES.map((severity) => [`severity:${severity}`, COUNT])),
    ...Object.fromEntries(THREAT_STATUSES.map((status) => [`status:${status}`, COUNT])),
  }),
});

/** A trend point as a stored row. */
function rowOf(documentId: string, point: TrendPoint): SnapshotRow {
  const counts: Record<string, number> = {};
  for (const severity of SEVERITIES)
    counts[`severity:${severity}`] = point.openBySeverity[severity];
  for (const status of THREAT_STATUSES) counts[`status:${status}`] = point.byStatus[status];
  return { documentId, takenAt: Date.parse(point.takenAt), counts };
}

/** A stored row as a trend point, or null when the row is damaged. */
function pointOf(row: unknown): TrendPoint | null {
  const result = SnapshotRowSchema.safeParse(row);
  if (!result.success) return null;
  const { takenAt, counts } = result.data as { takenAt: number; counts: Record<string, number> };
  return {
    takenAt: new Date(takenAt).toISOString(),
    openBySeverity: Object.fromEntries(
      SEVERITIES.map((severity) => [severity, counts[`severity:${severity}`]!]),
    ) as TrendPoint['openBySeverity'],
    byStatus: Object.fromEntries(
      THREAT_STATUSES.map((status) => [status, counts[`status:${status}`]!]),
    ) as TrendPoint['byStatus'],
  };
}

/** Records `point` for the document and drops its oldest points beyond `MAX_TREND_POINTS`. */
export async function recordTrendPoint(
  db: GatehouseDatabase,
  documentId: string,
  point: TrendPoint,
): Promise<void> {
  await db.transaction('rw', db.snapshots, async () => {
    await db.snapshots.add(rowOf(documentId, point));
    const keys = await db.snapshots
      .where('[documentId+takenAt]')
      .between([documentId, -Infinity], [documentId, Infinity], true, true)
      .primaryKeys();
    if (keys.length > MAX_TREND_POINTS)
      await db.snapshots.bulkDelete(keys.slice(0, keys.length - MAX_TREND_POINTS));
  });
}

/** The document's trend points, oldest first; damaged rows are left out. */
export async function listTrendPoints(
  db: GatehouseDatabase,
  documentId: string,
): Promise<TrendPoint[]> {
  const rows = await db.snapshots
    .where('[documentId+takenAt]')
    .between([documentId, -Infinity], [documentId, Infinity], true, true)
    .toArray();
  return rows.map(pointOf).filter((point): point is TrendPoint => point !== null);
}
