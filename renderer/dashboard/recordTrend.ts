/**
 * Records a dashboard trend point of the open document: at each save (`App.tsx`) and from the
 * dashboard's "Record now". The register is the live analysis when it is fresh, else computed.
 */
import { trendPointOf } from '../../shared/dashboard/dashboardData';
import type { Model } from '../../shared/model/schema';
import { registerFor } from '../analysis/current';
import type { AnalysisSnapshot } from '../analysis/liveAnalysis';
import { notify } from '../app/notify';
import type { GatehouseDatabase } from '../persistence/database';
import { recordTrendPoint } from '../persistence/trendStore';

/** Records the counts of `document` now; rejects when IndexedDB refuses the row. */
export async function recordTrend(
  db: GatehouseDatabase,
  documentId: string,
  document: Model,
  snapshot: AnalysisSnapshot | null,
): Promise<void> {
  const point = trendPointOf(registerFor(document, snapshot), new Date().toISOString());
  await recordTrendPoint(db, documentId, point);
}

/**
 * `recordTrend` after a save. Never rejects: the model is in its file by then, and a trend point
 * that could not be stored must not turn a successful save into an error — it is reported aside.
 */
export async function recordTrendAfterSave(
  db: GatehouseDatabase,
  documentId: string,
  document: Model,
  snapshot: AnalysisSnapshot | null,
): Promise<void> {
  try {
    await recordTrend(db, documentId, document, snapshot);
  } catch (error) {
    notify({
      color: 'yellow',
      title: 'Trend not recorded',
      message: `The dashboard trend of this save is not stored: ${(error as Error).message}`,
    });
  }
}
