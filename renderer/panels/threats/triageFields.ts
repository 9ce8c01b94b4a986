/**
 * Helpers of the triage controls. The edit of owner, notes and residual scores lives in
 * `shared/triage/triageOperations.ts` (the CLI can use it too); the register an operation needs
 * comes from `analysis/current.ts`.
 */

/** Today as `YYYY-MM-DD` (UTC), the day approvals and first-seen dates are written with. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
