/**
 * The gate policy (`.gatehouse/policy.json`, owned by the security team; or `--policy <file>`).
 * Every field has the default PRODUCT.md gives, so an absent policy file means "the defaults".
 * Published JSON Schema: `schemas/policy.schema.json`.
 */
import * as z from 'zod';
import { InputError } from '../model/errors';
import { IdSchema, SeveritySchema } from '../model/schema';
import { toInputIssues } from '../model/zodIssues';
import { BUILTIN_PACK_ID } from '../rules/builtin';
import { JiraExportSettingsSchema, type JiraExportSettings } from '../jira/settings';
import { parseUntrustedJson, type TreeLimits } from '../util/untrustedJson';

export const POLICY_FORMAT = 'gatehouse-policy';

/** A branch name or glob: `*` matches within one path segment, `**` across segments. */
const BranchPatternSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._/*?@+-]+$/, 'must be a branch name or a glob such as release/*');

/** The Jira export settings without their SLA days: the policy's `slaDays` is the one source. */
const JiraPolicySchema = JiraExportSettingsSchema.omit({ slaDays: true });

export const PolicySchema = z
  .object({
    format: z.literal(POLICY_FORMAT),
    schemaVersion: z.literal(1),
    /** Branches on which high findings block (critical findings block everywhere). */
    protectedBranches: z
      .array(BranchPatternSchema)
      .max(100)
      .default(['main', 'master', 'release/*']),
    /** Which requirements need a tracker key or a document, and which of the two count. */
    trackerRequirement: z
      .object({
        severities: z.array(SeveritySchema).max(4).default(['high', 'critical']),
        accept: z
          .array(z.enum(['trackerKey', 'docPath']))
          .min(1)
          .max(2)
          .default(['trackerKey', 'docPath']),
      })
      .strict()
      .default({ severities: ['high', 'critical'], accept: ['trackerKey', 'docPath'] }),
    /** Rule packs the model must use, enabled. */
    requiredRulePacks: z.array(IdSchema).max(50).default([BUILTIN_PACK_ID]),
    /** The longest an acceptance, a not-applicable, a transfer or a suppression may run, in days. */
    maxAcceptanceDays: z.number().int().min(1).max(3650).default(90),
    /** Days from first seen to due, per severity (drives Jira due dates and SLA status). */
    slaDays: z
      .object({
        critical: z.number().int().min(0).max(3650).default(1),
        high: z.number().int().min(0).max(3650).default(7),
        medium: z.number().int().min(0).max(3650).default(30),
        low: z.number().int().min(0).max(3650).default(90),
      })
      .strict()
      .default({ critical: 1, high: 7, medium: 30, low: 90 }),
    /** How Jira exports map stories: priorities, issue types, labels, date format, fields. */
    jira: JiraPolicySchema.default(JiraPolicySchema.parse({})),
  })
  .strict();
export type Policy = z.infer<typeof PolicySchema>;

/** The Jira settings a policy gives, with the policy's SLA days (one source for both). */
export function jiraSettingsOf(policy: Policy): JiraExportSettings {
  return { ...policy.jira, slaDays: policy.slaDays };
}

export const DEFAULT_POLICY: Policy = PolicySchema.parse({
  format: POLICY_FORMAT,
  schemaVersion: 1,
});

export const POLICY_LIMITS: TreeLimits = {
  maxBytes: 1024 * 1024,
  maxDepth: 16,
  forbiddenKeys: 'reject',
};

/** Parses a policy file; throws `InputError` with JSON paths. */
export function parsePolicy(text: string): Policy {
  const { value } = parseUntrustedJson(text, POLICY_LIMITS);
  const result = PolicySchema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      'The policy does not match the policy schema.',
      toInputIssues(result.error),
    );
  }
  return result.data;
}

/** Whether `branch` matches one of the glob `patterns`. */
export function matchesBranch(branch: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => globToRegExp(pattern).test(branch));
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // The pattern is validated to a safe alphabet; the expression has no nested quantifiers.
  // eslint-disable-next-line security/detect-non-literal-regexp
  return new RegExp(`^${source}$`);
}
