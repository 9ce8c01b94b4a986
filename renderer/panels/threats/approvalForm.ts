/**
 * Inline validation of the triage forms, field by field, before the triage operation runs (which
 * enforces the same rules and would refuse with one sentence for the whole form).
 */
import { daysBetween } from '../../../shared/gate/approvals';
import type { Policy } from '../../../shared/gate/policy';
import {
  DateSchema,
  type Severity,
  type ThreatStatus,
  type ThreatTriage,
} from '../../../shared/model/schema';
import { severityRank } from '../../../shared/rules/scoring';

/** Statuses that need an approver, a rationale and an expiry date (PRODUCT.md, "Statuses"). */
export const APPROVAL_STATUSES: readonly ThreatStatus[] = [
  'accepted',
  'not-applicable',
  'transferred',
];

export function needsApproval(status: ThreatStatus): boolean {
  return APPROVAL_STATUSES.includes(status);
}

export interface StatusFormValues {
  status: ThreatStatus;
  approver: string;
  rationale: string;
  expires: string;
  transferredTo: string;
}

export type StatusFormErrors = Partial<Record<keyof StatusFormValues, string>>;

/** The last day an approval given `today` may run to under `policy`. */
export function latestExpiry(today: string, policy: Policy): string {
  const end = Date.parse(`${today}T00:00:00Z`) + policy.maxAcceptanceDays * 86_400_000;
  return new Date(end).toISOString().slice(0, 10);
}

/** The parts of an approval (a status decision or a suppression). */
export interface ApprovalFormValues {
  approver: string;
  rationale: string;
  expires: string;
}

/**
 * What is missing or wrong in an approval, per field: approver, rationale and an expiry from
 * today to at most the policy's maximum (the rules `completeApproval` enforces in the core).
 */
export function approvalFormErrors(
  values: ApprovalFormValues,
  today: string,
  policy: Policy,
): Partial<Record<keyof ApprovalFormValues, string>> {
  const errors: Partial<Record<keyof ApprovalFormValues, string>> = {};
  if (!values.approver.trim()) errors.approver = 'Name the person who approves this decision.';
  if (!values.rationale.trim())
    errors.rationale = 'Give the rationale: reviewers and the gate report read it.';
  const expires = values.expires.trim();
  if (expires === '') {
    errors.expires = `Choose the day it expires, at most ${policy.maxAcceptanceDays} days from today.`;
  } else if (!DateSchema.safeParse(expires).success) {
    errors.expires = 'Enter a date as YYYY-MM-DD.';
  } else if (expires < today) {
    errors.expires = 'That day has passed: choose a day from today on.';
  } else if (daysBetween(today, expires) > policy.maxAcceptanceDays) {
    errors.expires = `At most ${policy.maxAcceptanceDays} days from today (until ${latestExpiry(today, policy)}).`;
  }
  return errors;
}

/** What is missing or wrong in the status form, per field; empty when it can be recorded. */
export function statusFormErrors(
  values: StatusFormValues,
  today: string,
  policy: Policy,
): StatusFormErrors {
  const errors: StatusFormErrors = {};
  if (values.status === 'mitigated') {
    errors.status =
      'Mitigated is not set by hand: a threat is mitigated when an accepted story that lists it is done.';
    return errors;
  }
  if (!needsApproval(values.status)) return errors;
  Object.assign(errors, approvalFormErrors(values, today, policy));
  if (values.status === 'transferred' && !values.transferredTo.trim())
    errors.transferredTo = 'Name to whom the threat is transferred.';
  return errors;
}

export interface SeverityFormValues {
  /** `none`: no override. */
  severity: Severity | 'none';
  approver: string;
  rationale: string;
}

/** Lowering below the inherent severity needs an approver and a rationale; raising is free. */
export function lowersSeverity(severity: Severity | 'none', inherent: Severity): boolean {
  return severity !== 'none' && severityRank(severity) < severityRank(inherent);
}

export function severityFormErrors(
  values: SeverityFormValues,
  inherent: Severity,
): Partial<Record<'approver' | 'rationale', string>> {
  if (!lowersSeverity(values.severity, inherent)) return {};
  const errors: Partial<Record<'approver' | 'rationale', string>> = {};
  if (!values.approver.trim()) errors.approver = 'Lowering the severity needs an approver.';
  if (!values.rationale.trim()) errors.rationale = 'Lowering the severity needs a rationale.';
  return errors;
}

/** What the status form shows for a threat: its recorded decision (mitigated when a story made it so). */
export function statusValuesOf(
  effectiveStatus: ThreatStatus,
  triage: ThreatTriage | null,
): StatusFormValues {
  return {
    status: effectiveStatus === 'mitigated' ? 'mitigated' : (triage?.status ?? 'open'),
    approver: triage?.approval?.approver ?? '',
    rationale: triage?.approval?.rationale ?? '',
    expires: triage?.approval?.expires ?? '',
    transferredTo: triage?.transferredTo ?? '',
  };
}

/** Identifies the recorded decision: the form starts again from the record when it changes. */
export function statusRecordKey(triage: ThreatTriage | null): string {
  return JSON.stringify([triage?.status, triage?.approval, triage?.transferredTo]);
}

/** Whether recording the form would change the recorded decision. */
export function statusChanged(values: StatusFormValues, triage: ThreatTriage | null): boolean {
  if (values.status !== (triage?.status ?? 'open')) return true;
  if (!needsApproval(values.status)) return false;
  return (
    values.approver.trim() !== (triage?.approval?.approver ?? '') ||
    values.rationale.trim() !== (triage?.approval?.rationale ?? '') ||
    values.expires.trim() !== (triage?.approval?.expires ?? '') ||
    (values.status === 'transferred' &&
      values.transferredTo.trim() !== (triage?.transferredTo ?? ''))
  );
}

export function severityValuesOf(triage: ThreatTriage | null): SeverityFormValues {
  const override = triage?.severityOverride ?? null;
  return {
    severity: override?.severity ?? 'none',
    approver: override?.approver ?? '',
    rationale: override?.rationale ?? '',
  };
}

export function severityRecordKey(triage: ThreatTriage | null): string {
  return JSON.stringify(triage?.severityOverride ?? null);
}

export function severityChanged(
  values: SeverityFormValues,
  triage: ThreatTriage | null,
  inherent: Severity,
): boolean {
  const recorded = severityValuesOf(triage);
  if (values.severity !== recorded.severity) return true;
  if (!lowersSeverity(values.severity, inherent)) return false;
  return (
    values.approver.trim() !== recorded.approver || values.rationale.trim() !== recorded.rationale
  );
}
