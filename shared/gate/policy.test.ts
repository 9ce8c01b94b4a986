import { describe, expect, it } from 'vitest';
import { approvalProblems, daysBetween } from './approvals';
import { resolveBranch } from './branch';
import { DEFAULT_POLICY, matchesBranch, parsePolicy } from './policy';

describe('policy', () => {
  it('has the defaults of PRODUCT.md', () => {
    expect(DEFAULT_POLICY).toMatchObject({
      protectedBranches: ['main', 'master', 'release/*'],
      trackerRequirement: { severities: ['high', 'critical'], accept: ['trackerKey', 'docPath'] },
      requiredRulePacks: ['gatehouse-stride'],
      maxAcceptanceDays: 90,
      slaDays: { critical: 1, high: 7, medium: 30, low: 90 },
    });
  });

  it('refuses unknown keys and bad values with their path', () => {
    expect(() =>
      parsePolicy('{"format":"gatehouse-policy","schemaVersion":1,"protected":["main"]}'),
    ).toThrow(/Unrecognized key/);
    expect(() =>
      parsePolicy(
        '{"format":"gatehouse-policy","schemaVersion":1,"protectedBranches":["main;rm -rf"]}',
      ),
    ).toThrow(/\$\.protectedBranches\[0\]/);
  });

  it('matches branch globs segment by segment', () => {
    expect(matchesBranch('release/2.1', ['release/*'])).toBe(true);
    expect(matchesBranch('release/2.1/hotfix', ['release/*'])).toBe(false);
    expect(matchesBranch('release/2.1/hotfix', ['release/**'])).toBe(true);
    expect(matchesBranch('mainline', ['main'])).toBe(false);
    expect(matchesBranch('v1.2', ['v1?2'])).toBe(true);
    expect(matchesBranch('v1x2', ['v1.2'])).toBe(false);
  });
});

describe('branch resolution', () => {
  const patterns = DEFAULT_POLICY.protectedBranches;
  it('takes --branch, then the pull-request target, then the built branch', () => {
    expect(resolveBranch('feature/a', { GITHUB_BASE_REF: 'main' }, patterns)).toEqual({
      name: 'feature/a',
      source: '--branch',
      protected: false,
    });
    expect(
      resolveBranch(undefined, { GITHUB_BASE_REF: 'main', GITHUB_REF_NAME: '12/merge' }, patterns),
    ).toEqual({ name: 'main', source: 'GITHUB_BASE_REF', protected: true });
    expect(
      resolveBranch(undefined, { GITHUB_BASE_REF: '', GITHUB_REF_NAME: 'feature/b' }, patterns)
        .source,
    ).toBe('GITHUB_REF_NAME');
    expect(
      resolveBranch(
        undefined,
        { CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'release/3', CI_COMMIT_BRANCH: 'x' },
        patterns,
      ),
    ).toEqual({
      name: 'release/3',
      source: 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
      protected: true,
    });
    expect(resolveBranch(undefined, { CI_COMMIT_REF_NAME: 'topic' }, patterns).source).toBe(
      'CI_COMMIT_REF_NAME',
    );
  });

  it('treats an unknown branch as protected', () => {
    expect(resolveBranch(undefined, {}, patterns)).toEqual({
      name: null,
      source: 'unknown',
      protected: true,
    });
  });
});

describe('approvals', () => {
  const complete = {
    approver: 'ciso@example.com',
    rationale: 'Compensating control.',
    expires: '2027-01-31',
  };
  it('hold until the end of the expiry day and within the maximum length', () => {
    expect(approvalProblems(complete, '2027-01-31', DEFAULT_POLICY)).toEqual([]);
    expect(approvalProblems(complete, '2027-02-01', DEFAULT_POLICY)).toEqual([
      'it expired on 2027-01-31',
    ]);
    expect(approvalProblems(complete, '2026-10-01', DEFAULT_POLICY)[0]).toContain(
      'more than the 90 days',
    );
    expect(daysBetween('2026-11-02', '2027-01-31')).toBe(90);
    expect(approvalProblems(complete, '2026-11-02', DEFAULT_POLICY)).toEqual([]);
  });

  it('name every missing part', () => {
    expect(approvalProblems({ approver: 'x' }, '2026-12-01', DEFAULT_POLICY)).toEqual([
      'no rationale',
      'no expiry date',
    ]);
    expect(approvalProblems(null, '2026-12-01', DEFAULT_POLICY)).toEqual([
      'it has no approval (approver, rationale and expiry date)',
    ]);
  });
});
