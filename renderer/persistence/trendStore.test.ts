// Must come first: Dexie picks up the global `indexedDB` when it loads.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrendPoint } from '../../shared/dashboard/dashboardData';
import { GatehouseDatabase } from './database';
import { deleteDocument } from './documentStore';
import { listTrendPoints, MAX_TREND_POINTS, recordTrendPoint } from './trendStore';

let databaseCount = 0;
const openDatabases: GatehouseDatabase[] = [];

function createDatabase(): GatehouseDatabase {
  databaseCount += 1;
  const db = new GatehouseDatabase(`gatehouse-trend-test-${databaseCount}`);
  openDatabases.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(openDatabases.splice(0).map((db) => db.delete()));
});

function point(takenAt: string, openHigh: number): TrendPoint {
  return {
    takenAt,
    openBySeverity: { low: 1, medium: 2, high: openHigh, critical: 0 },
    byStatus: {
      open: openHigh + 3,
      investigating: 0,
      mitigated: 4,
      accepted: 1,
      'not-applicable': 0,
      transferred: 0,
    },
  };
}

describe('trend points', () => {
  it('reads back what was recorded, per document, oldest first', async () => {
    const db = createDatabase();
    await recordTrendPoint(db, 'doc-a', point('2026-03-02T10:00:00.000Z', 5));
    await recordTrendPoint(db, 'doc-a', point('2026-03-01T10:00:00.000Z', 7));
    await recordTrendPoint(db, 'doc-b', point('2026-03-03T10:00:00.000Z', 1));
    expect(await listTrendPoints(db, 'doc-a')).toEqual([
      point('2026-03-01T10:00:00.000Z', 7),
      point('2026-03-02T10:00:00.000Z', 5),
    ]);
    expect(await listTrendPoints(db, 'doc-b')).toEqual([point('2026-03-03T10:00:00.000Z', 1)]);
  });

  it('leaves damaged rows out instead of failing', async () => {
    const db = createDatabase();
    await recordTrendPoint(db, 'doc', point('2026-03-01T10:00:00.000Z', 2));
    await db.snapshots.add({ documentId: 'doc', takenAt: 5, counts: { 'severity:high': -1 } });
    // A time no Date can hold (toISOString would throw) is one more damaged row, not a failure.
    await db.snapshots.add({ documentId: 'doc', takenAt: 1e300, counts: {} });
    expect(await listTrendPoints(db, 'doc')).toHaveLength(1);
  });

  it(`keeps the newest ${MAX_TREND_POINTS} points of a document`, async () => {
    const db = createDatabase();
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    await db.snapshots.bulkAdd(
      Array.from({ length: MAX_TREND_POINTS }, (_, index) => ({
        documentId: 'doc',
        takenAt: start + index * 1000,
        counts: {},
      })),
    );
    await recordTrendPoint(db, 'doc', point('2026-06-01T00:00:00.000Z', 9));
    expect(await db.snapshots.count()).toBe(MAX_TREND_POINTS);
    const oldest = await db.snapshots.orderBy('[documentId+takenAt]').first();
    expect(oldest?.takenAt).toBe(start + 1000);
  });

  it('is deleted with its document', async () => {
    const db = createDatabase();
    await recordTrendPoint(db, 'doc', point('2026-03-01T10:00:00.000Z', 2));
    await deleteDocument(db, 'doc');
    expect(await listTrendPoints(db, 'doc')).toEqual([]);
  });
});
