/**
 * What `gatehouse gate verify` decided, as data: every output format (text, JSON, SARIF, JUnit,
 * GitHub annotations and job summary) renders this one structure. The JSON output is this
 * object; its published schema is `schemas/gate-result.schema.json`.
 */
import * as z from 'zod';
import { SeveritySchema } from '../model/schema';

export const GATE_RESULT_VERSION = 1;

/**
 * The checks of PRODUCT.md ("The Plan-stage gate"), with stable IDs used as SARIF rule IDs and
 * JUnit class names. GATE-001 and GATE-002 fail outright; the others are findings whose effect
 * depends on severity and branch.
 */
export const GATE_CHECKS = {
  'GATE-001': {
    name: 'manifest-stale',
    title: 'The plan-gate manifest does not match the model and rule packs',
  },
  'GATE-002': { name: 'required-pack', title: 'A required rule pack is missing or disabled' },
  'GATE-003': {
    name: 'feature-without-requirements',
    title: 'A high-risk feature has no documented security requirement',
  },
  'GATE-004': {
    name: 'threat-not-covered',
    title: 'A high-risk threat is open and not covered by an accepted story',
  },
  'GATE-005': {
    name: 'approval-invalid',
    title: 'An approval or suppression has expired, is incomplete, or is too long',
  },
  'GATE-006': {
    name: 'requirement-untracked',
    title: 'A high-risk requirement lacks the tracker key or document the policy asks for',
  },
} as const;
export type GateCheckId = keyof typeof GATE_CHECKS;
export const GateCheckIdSchema = z.enum(
  Object.keys(GATE_CHECKS) as [GateCheckId, ...GateCheckId[]],
);

/** `error` blocks (exit 1); `warning` is shown and passes; `note` is reported only. */
export const FindingLevelSchema = z.enum(['error', 'warning', 'note']);
export type FindingLevel = z.infer<typeof FindingLevelSchema>;

export const GateFindingSchema = z
  .object({
    check: GateCheckIdSchema,
    /** The feature concerned (`_unassigned` for the implicit feature); null for whole-gate checks. */
    feature: z.string().nullable(),
    featureName: z.string().nullable(),
    /** The threat concerned, when there is one. */
    threat: z.string().nullable(),
    /** The story concerned, when there is one. */
    story: z.string().nullable(),
    /**
     * What else the finding is about when no feature, threat or story names it: the rule pack
     * of GATE-002, the suppression of a GATE-005. Keeps their identities (and SARIF
     * fingerprints) apart and stable.
     */
    subject: z
      .object({ kind: z.enum(['pack', 'suppression']), id: z.string() })
      .strict()
      .nullable(),
    severity: SeveritySchema,
    level: FindingLevelSchema,
    message: z.string(),
    /** What to do about it, as a person would say it. */
    remedy: z.string(),
    /** Where it is: an element or flow of the model (for SARIF locations), or the manifest. */
    location: z
      .object({
        file: z.enum(['model', 'manifest', 'policy']),
        /** An element, flow or boundary ID inside the model, when the finding is about one. */
        elementId: z.string().nullable(),
      })
      .strict(),
  })
  .strict();
export type GateFinding = z.infer<typeof GateFindingSchema>;

export const BranchSourceSchema = z.enum([
  '--branch',
  'GITHUB_BASE_REF',
  'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
  'GITHUB_REF_NAME',
  'CI_COMMIT_BRANCH',
  'CI_COMMIT_REF_NAME',
  'unknown',
]);

export const GateResultSchema = z
  .object({
    resultVersion: z.literal(GATE_RESULT_VERSION),
    gatehouseVersion: z.string(),
    result: z.enum(['pass', 'fail']),
    exitCode: z.union([z.literal(0), z.literal(1)]),
    branch: z
      .object({
        /** The branch judged against, or null when none could be found (then treated as protected). */
        name: z.string().nullable(),
        source: BranchSourceSchema,
        protected: z.boolean(),
      })
      .strict(),
    /** The day approvals and suppressions were judged on (UTC), and where it came from. */
    date: z
      .object({
        today: z.string(),
        source: z.enum(['--now', 'GATEHOUSE_NOW', 'clock']),
      })
      .strict(),
    /** Paths as given to the command, relative to the working directory, `/` separated. */
    files: z
      .object({ manifest: z.string(), model: z.string(), policy: z.string().nullable() })
      .strict(),
    digests: z
      .object({
        model: z.string(),
        /** What the committed manifest says, and what the recomputation says. */
        manifestModel: z.string().nullable(),
        rulePacks: z.array(
          z.object({ id: z.string(), version: z.string(), digest: z.string() }).strict(),
        ),
      })
      .strict(),
    summary: z
      .object({
        features: z.number().int().min(0),
        errors: z.number().int().min(0),
        warnings: z.number().int().min(0),
        notes: z.number().int().min(0),
      })
      .strict(),
    findings: z.array(GateFindingSchema),
  })
  .strict();
export type GateResult = z.infer<typeof GateResultSchema>;

/** SARIF `security-severity` (GitHub code scanning reads ≥ 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium). */
export const SECURITY_SEVERITY: Readonly<Record<GateFinding['severity'], string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};
