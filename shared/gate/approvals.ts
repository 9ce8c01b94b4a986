/**
 * Whether an approval (of an accepted, not-applicable or transferred threat, or of a
 * suppression) holds on a given day under the policy. Used by the gate's check 5 and by the
 * triage operations, so what the CLI refuses to write is exactly what the gate would report.
 */
import type { Policy } from './policy';

/** Days between two `YYYY-MM-DD` dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** What is wrong with an approval at `today` under `policy`, in words; empty when it holds. */
export function approvalProblems(
  approval: { approver?: string | null; rationale?: string | null; expires?: string | null } | null,
  today: string,
  policy: Policy,
): string[] {
  if (!approval) return ['it has no approval (approver, rationale and expiry date)'];
  const problems: string[] = [];
  // Blank text is no approver and no rationale, whatever a hand edit put there.
  if (!approval.approver?.trim()) problems.push('no approver');
  if (!approval.rationale?.trim()) problems.push('no rationale');
  if (!approval.expires) problems.push('no expiry date');
  else if (approval.expires < today) problems.push(`it expired on ${approval.expires}`);
  else if (daysBetween(today, approval.expires) > policy.maxAcceptanceDays) {
    problems.push(
      `it runs until ${approval.expires}, more than the ${policy.maxAcceptanceDays} days the policy allows`,
    );
  }
  return problems;
}
