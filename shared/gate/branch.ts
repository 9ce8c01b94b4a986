/**
 * Which branch the gate judges against (PRODUCT.md, "Branch"): `--branch`, else the target of a
 * pull or merge request, else the branch being built. When none is known the branch is treated
 * as protected — failing closed — and the output says so.
 */
import type { GateResult } from './gateResult';
import { matchesBranch } from './policy';

export type BranchInfo = GateResult['branch'];

/** Environment variables read, in order of precedence after `--branch`. */
const ENVIRONMENT_ORDER = [
  'GITHUB_BASE_REF',
  'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
  'GITHUB_REF_NAME',
  'CI_COMMIT_BRANCH',
  'CI_COMMIT_REF_NAME',
] as const;

export function resolveBranch(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  protectedPatterns: readonly string[],
): BranchInfo {
  const judge = (name: string, source: BranchInfo['source']): BranchInfo => ({
    name,
    source,
    protected: matchesBranch(name, protectedPatterns),
  });
  if (flag !== undefined && flag.trim() !== '') return judge(flag.trim(), '--branch');
  for (const variable of ENVIRONMENT_ORDER) {
    const value = env[variable]?.trim();
    if (value) return judge(value, variable);
  }
  return { name: null, source: 'unknown', protected: true };
}
