import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../shared/gate/policy';
import type { ThreatTriage } from '../../../shared/model/schema';
import {
  latestExpiry,
  lowersSeverity,
  severityChanged,
  severityFormErrors,
  severityRecordKey,
  severityValuesOf,
  statusChanged,
  statusFormErrors,
  statusRecordKey,
  statusValuesOf,
  type StatusFormValues,
} from './approvalForm';

const today = '2026-03-10';
const complete: StatusFormValues = {
  status: 'accepted',
  approver: 'Dana Reyes',
  rationale: 'Compensated by the WAF',
  expires: '2026-04-01',
  transferredTo: '',
};

function triage(parts: Partial<ThreatTriage>): ThreatTriage {
  return {
    threatId: 'T-0123456789abcdef',
    status: 'open',
    approval: null,
    transferredTo: null,
    severityOverride: null,
    residualLikelihood: null,
    residualImpact: null,
    owner: '',
    notes: '',
    trackerLinks: [],
    mitigationStatuses: [],
    firstSeen: today,
    noLongerDetected: false,
    lastKnown: null,
    ...parts,
  };
}

describe('status form', () => {
  it('accepts a complete approval and needs none for open and investigating', () => {
    expect(statusFormErrors(complete, today, DEFAULT_POLICY)).toEqual({});
    for (const status of ['open', 'investigating'] as const) {
      expect(
        statusFormErrors(
          { status, approver: '', rationale: '', expires: '', transferredTo: '' },
          today,
          DEFAULT_POLICY,
        ),
      ).toEqual({});
    }
  });

  it('names each missing part of an approval on its own field', () => {
    const errors = statusFormErrors(
      { ...complete, status: 'not-applicable', approver: ' ', rationale: '', expires: '' },
      today,
      DEFAULT_POLICY,
    );
    expect(Object.keys(errors).sort()).toEqual(['approver', 'expires', 'rationale']);
    expect(errors.rationale).toMatch(/rationale/);
  });

  it('refuses a past day, a day beyond the policy, and a malformed date', () => {
    expect(
      statusFormErrors({ ...complete, expires: '2026-03-09' }, today, DEFAULT_POLICY).expires,
    ).toMatch(/passed/);
    expect(
      statusFormErrors({ ...complete, expires: today }, today, DEFAULT_POLICY).expires,
    ).toBeUndefined();
    expect(latestExpiry(today, DEFAULT_POLICY)).toBe('2026-06-08');
    expect(
      statusFormErrors({ ...complete, expires: '2026-06-08' }, today, DEFAULT_POLICY).expires,
    ).toBeUndefined();
    expect(
      statusFormErrors({ ...complete, expires: '2026-06-09' }, today, DEFAULT_POLICY).expires,
    ).toMatch(/At most 90 days .*2026-06-08/);
    expect(
      statusFormErrors({ ...complete, expires: '2026-02-30' }, today, DEFAULT_POLICY).expires,
    ).toMatch(/YYYY-MM-DD/);
  });

  it('asks a transfer to name to whom, and never lets mitigated be chosen', () => {
    expect(statusFormErrors({ ...complete, status: 'transferred' }, today, DEFAULT_POLICY)).toEqual(
      { transferredTo: expect.stringMatching(/to whom/) },
    );
    expect(
      statusFormErrors(
        { ...complete, status: 'transferred', transferredTo: 'Payments team' },
        today,
        DEFAULT_POLICY,
      ),
    ).toEqual({});
    expect(
      statusFormErrors({ ...complete, status: 'mitigated' }, today, DEFAULT_POLICY).status,
    ).toMatch(/not set by hand/);
  });

  it('starts from the record and tells a change from the recorded decision', () => {
    expect(statusValuesOf('open', null)).toEqual({
      status: 'open',
      approver: '',
      rationale: '',
      expires: '',
      transferredTo: '',
    });
    const accepted = triage({
      status: 'accepted',
      approval: {
        approver: 'Dana Reyes',
        rationale: 'Compensated by the WAF',
        expires: '2026-04-01',
      },
    });
    expect(statusValuesOf('accepted', accepted)).toEqual(complete);
    // A done story makes the threat mitigated whatever was recorded.
    expect(statusValuesOf('mitigated', accepted).status).toBe('mitigated');
    expect(statusChanged(complete, accepted)).toBe(false);
    expect(statusChanged({ ...complete, approver: ' Dana Reyes ' }, accepted)).toBe(false);
    expect(statusChanged({ ...complete, rationale: 'Other' }, accepted)).toBe(true);
    expect(statusChanged({ ...complete, status: 'open' }, accepted)).toBe(true);
    expect(statusChanged(statusValuesOf('open', null), null)).toBe(false);
    expect(statusRecordKey(accepted)).not.toBe(statusRecordKey(null));
    expect(statusRecordKey(triage({ owner: 'x' }))).toBe(statusRecordKey(triage({})));
  });
});

describe('severity form', () => {
  it('needs an approver and a rationale to lower, nothing to raise or remove', () => {
    expect(lowersSeverity('medium', 'high')).toBe(true);
    expect(lowersSeverity('critical', 'high')).toBe(false);
    expect(lowersSeverity('high', 'high')).toBe(false);
    expect(lowersSeverity('none', 'high')).toBe(false);
    expect(severityFormErrors({ severity: 'low', approver: '', rationale: ' ' }, 'high')).toEqual({
      approver: expect.stringMatching(/approver/),
      rationale: expect.stringMatching(/rationale/),
    });
    expect(
      severityFormErrors({ severity: 'critical', approver: '', rationale: '' }, 'high'),
    ).toEqual({});
    expect(
      severityFormErrors({ severity: 'low', approver: 'Dana', rationale: 'Not reachable' }, 'high'),
    ).toEqual({});
  });

  it('starts from the recorded override and tells a change', () => {
    const lowered = triage({
      severityOverride: { severity: 'low', approver: 'Dana', rationale: 'Not reachable' },
    });
    expect(severityValuesOf(null)).toEqual({ severity: 'none', approver: '', rationale: '' });
    expect(severityValuesOf(lowered)).toEqual({
      severity: 'low',
      approver: 'Dana',
      rationale: 'Not reachable',
    });
    expect(severityChanged(severityValuesOf(lowered), lowered, 'high')).toBe(false);
    expect(
      severityChanged(
        { severity: 'low', approver: 'Sam', rationale: 'Not reachable' },
        lowered,
        'high',
      ),
    ).toBe(true);
    expect(
      severityChanged({ severity: 'none', approver: '', rationale: '' }, lowered, 'high'),
    ).toBe(true);
    expect(severityRecordKey(lowered)).not.toBe(severityRecordKey(null));
  });
});
