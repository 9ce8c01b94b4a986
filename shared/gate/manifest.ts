/**
 * The plan-gate manifest (`plan-gate.json`): per feature, its risk, its threats and their state,
 * its documented requirements, its approvals and suppressions; plus the model's path and digest
 * and the rule packs. Canonical and free of timestamps: writing it twice without changes gives
 * the same bytes, so `gate verify` can compare the committed file with a recomputation.
 * Published JSON Schema: `schemas/plan-gate.schema.json`.
 */
import * as z from 'zod';
import { InputError } from '../model/errors';
import { modelDigest } from '../model/canonical';
import {
  IdSchema,
  SeveritySchema,
  ThreatIdSchema,
  StoryIdSchema,
  ThreatStatusSchema,
  StoryStateSchema,
  UNASSIGNED_FEATURE_ID,
  type Model,
  type Severity,
} from '../model/schema';
import { toInputIssues } from '../model/zodIssues';
import type { LoadedPacks } from '../rules/loadPacks';
import { severityRank } from '../rules/scoring';
import { generateStories, UNASSIGNED_FEATURE_NAME, type Story } from '../stories/generateStories';
import { assessThreats, type RegisteredThreat } from '../threats/register';
import { parseUntrustedJson, type TreeLimits } from '../util/untrustedJson';

export const MANIFEST_FORMAT = 'gatehouse-plan-gate';
export const MANIFEST_VERSION = 1;

const HexDigest = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');
const RelativePath = z
  .string()
  .min(1)
  .max(500)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !/^[A-Za-z]:/.test(p), {
    message: 'must be a relative path with / separators',
  });
const Person = z.string().max(200).nullable();
const Text = z.string().max(5000).nullable();
const Day = z.string().max(10).nullable();

const ApprovalEntrySchema = z.object({ approver: Person, rationale: Text, expires: Day }).strict();

export const ManifestThreatSchema = z
  .object({
    id: ThreatIdSchema,
    rule: z.string().max(300),
    severity: SeveritySchema,
    status: ThreatStatusSchema,
    /** Accepted stories that list the threat. */
    coveredBy: z.array(StoryIdSchema),
    /** For accepted, not-applicable and transferred threats. */
    approval: ApprovalEntrySchema.nullable(),
    /** The suppression that applies, if any. */
    suppression: IdSchema.nullable(),
    /**
     * A severity override in force, with who approved a lowering: so a reviewer of the
     * manifest's diff sees who lowered what, not only a severity that dropped.
     */
    override: z
      .object({
        from: SeveritySchema,
        to: SeveritySchema,
        approver: Person,
        rationale: Text,
      })
      .strict()
      .nullable(),
  })
  .strict();

export const ManifestRequirementSchema = z
  .object({
    story: StoryIdSchema,
    title: z.string().max(500),
    state: StoryStateSchema,
    severity: SeveritySchema,
    mitigation: IdSchema,
    /** The threat IDs it covers: what it listed when it was accepted. */
    covers: z.array(ThreatIdSchema),
    acceptanceCriteria: z.array(
      z.object({ target: IdSchema, text: z.string().max(2000), asvs: z.string() }).strict(),
    ),
    asvs: z.array(z.string()),
    trackerKey: z.string().max(100).nullable(),
    docPath: z.string().max(500).nullable(),
  })
  .strict();

export const ManifestFeatureSchema = z
  .object({
    id: IdSchema,
    name: z.string().max(200),
    owner: z.string().max(200),
    jiraEpicKey: z.string().max(100).nullable(),
    /** The highest severity among its threats (approved overrides in, suppressed ones out). */
    risk: z.enum(['none', 'low', 'medium', 'high', 'critical']),
    threats: z.array(ManifestThreatSchema),
    requirements: z.array(ManifestRequirementSchema),
    approvals: z.array(
      z
        .object({
          threat: ThreatIdSchema,
          status: ThreatStatusSchema,
          transferredTo: z.string().max(200).nullable(),
          ...ApprovalEntrySchema.shape,
        })
        .strict(),
    ),
    suppressions: z.array(
      z
        .object({
          id: IdSchema,
          rule: z.string().max(300),
          element: IdSchema.nullable(),
          ...ApprovalEntrySchema.shape,
        })
        .strict(),
    ),
  })
  .strict();

export const ManifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    manifestVersion: z.literal(MANIFEST_VERSION),
    gatehouseVersion: z.string().max(50),
    model: z.object({ path: RelativePath, digest: HexDigest }).strict(),
    rulePacks: z.array(
      z
        .object({
          id: IdSchema,
          version: z.string().max(50),
          digest: HexDigest,
          enabled: z.boolean(),
        })
        .strict(),
    ),
    features: z.array(ManifestFeatureSchema).max(20_000),
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestFeature = z.infer<typeof ManifestFeatureSchema>;

export const MANIFEST_LIMITS: TreeLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 16,
  forbiddenKeys: 'reject',
};

export function parseManifest(text: string): Manifest {
  return validateManifestTree(parseUntrustedJson(text, MANIFEST_LIMITS).value);
}

const manifestError = (error: z.ZodError): InputError =>
  new InputError('The plan-gate manifest does not match its schema.', toInputIssues(error));

/** Validates a parsed manifest against the full schema; throws `InputError` with JSON paths. */
export function validateManifestTree(tree: unknown): Manifest {
  const result = ManifestSchema.safeParse(tree);
  if (!result.success) throw manifestError(result.error);
  return result.data;
}

/** What verify needs before recomputing: the format, and where the model is. */
const ManifestHeaderSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    manifestVersion: z.literal(MANIFEST_VERSION),
    model: z.object({ path: RelativePath, digest: HexDigest }).strict(),
  })
  .loose();

type ManifestHeader = z.infer<typeof ManifestHeaderSchema>;

/**
 * A committed manifest as read for verification: its header checked, the rest read only if
 * needed. Verify first compares the text with what `gate write` writes for the recomputation
 * (`isWrittenFrom`), the usual case, which needs no parse of a file of megabytes; otherwise it
 * compares the parsed tree as is, and only when that differs too does the full schema run (to
 * tell a broken file, exit 2, from a stale one): a manifest equal to the recomputation is valid
 * by construction.
 */
export interface CommittedManifest {
  /** The file's text. */
  text: string;
  header: ManifestHeader;
  /** The whole file, safely parsed (size, depth, prototype keys) on first use. */
  tree(): Record<string, unknown>;
}

export function readCommittedManifest(text: string): CommittedManifest {
  let whole: Record<string, unknown> | undefined;
  const parseWhole = (): Record<string, unknown> =>
    (whole ??= parseUntrustedJson(text, MANIFEST_LIMITS).value as Record<string, unknown>);
  const headerOf = (tree: unknown): ManifestHeader => {
    const result = ManifestHeaderSchema.safeParse(tree);
    if (!result.success) throw manifestError(result.error);
    return result.data;
  };
  // The header as `gate write` lays it out, else (another layout, or a header the schema
  // refuses there) from the whole file, which gives the precise error.
  const laidOut = ManifestHeaderSchema.safeParse(headerAsWritten(text));
  const header = laidOut.success ? laidOut.data : headerOf(parseWhole());
  return {
    text,
    header,
    tree() {
      const tree = parseWhole();
      // The header read on its own must be the header of the whole (JSON allows a key twice,
      // and the last one wins): verify read the model the header names.
      const { path, digest } = headerOf(tree).model;
      if (path !== header.model.path || digest !== header.model.digest) {
        throw new InputError('The plan-gate manifest does not match its schema.', [
          { path: ['model'], message: 'must appear once' },
        ]);
      }
      return tree;
    },
  };
}

/**
 * The header of a manifest laid out as `gate write` writes it (`format`, `manifestVersion`,
 * `gatehouseVersion` and `model`, then `"rulePacks"` on its own line), parsed on its own; null
 * for any other layout. Only `isWrittenFrom` trusts it without the rest of the file, and only
 * when the whole text is what `gate write` writes with this very header.
 */
function headerAsWritten(text: string): Record<string, unknown> | null {
  // A JSON string cannot hold a raw line break, so this is the `rulePacks` key, not text.
  const end = text.indexOf(',\n  "rulePacks": [');
  if (end < 0 || end > 16 * 1024) return null;
  try {
    const { value } = parseUntrustedJson(`${text.slice(0, end)}\n}`, MANIFEST_LIMITS);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Whether the committed file is, byte for byte, what `gate write` writes for `manifest` (the
 * Gatehouse version aside: a newer CLI that computes the same manifest agrees). `manifest` must
 * be in schema key order, as `assessPlan` builds it; the text is then compared without parsing
 * the file or running the schema over the recomputation.
 */
export function isWrittenFrom(committed: CommittedManifest, manifest: Manifest): boolean {
  const version = (committed.header as Record<string, unknown>)['gatehouseVersion'];
  if (typeof version !== 'string') return false;
  const written = `${JSON.stringify({ ...manifest, gatehouseVersion: version }, null, 2)}\n`;
  return written === committed.text;
}

/** The canonical text: keys in schema order, two-space indentation, LF, final newline. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(ManifestSchema.parse(manifest), null, 2)}\n`;
}

const byId = <T extends { id: string }>(a: T, b: T): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** What a manifest is computed from, and what the gate's checks read besides it. */
export interface PlanAssessment {
  manifest: Manifest;
  register: RegisteredThreat[];
  /** The stories the model has a record of (accepted, rejected or edited). */
  stories: Story[];
}

/**
 * Computes the manifest of `model` with `loaded` packs. `modelPath` is the model's path relative
 * to the manifest's folder, with `/` separators.
 */
export function assessPlan(
  model: Model,
  loaded: LoadedPacks,
  modelPath: string,
  gatehouseVersion: string,
): PlanAssessment {
  const register = assessThreats(model, loaded.compiled);
  // Only recorded stories: requirements are accepted stories, and accepted stories have records.
  const stories = generateStories(model, register, loaded.compiled.mitigationsById, {
    recordedOnly: true,
  });
  const enabled = new Map(model.rulePacks.map((ref) => [ref.id, ref.enabled]));
  const suppressionById = new Map(model.suppressions.map((s) => [s.id, s]));

  const featureIds = [...model.features.map((f) => f.id)];
  const threatsByFeature = new Map<string, RegisteredThreat[]>();
  for (const threat of register) {
    if (threat.noLongerDetected) continue; // resolved by a model change
    for (const featureId of threat.featureIds) {
      const list = threatsByFeature.get(featureId) ?? [];
      list.push(threat);
      threatsByFeature.set(featureId, list);
    }
  }
  // The implicit feature is gated like the others when it is not empty.
  const unassignedMembers =
    model.elements.length + model.flows.length > 0 && hasUnassignedMembers(model);
  if (threatsByFeature.has(UNASSIGNED_FEATURE_ID) || unassignedMembers)
    featureIds.push(UNASSIGNED_FEATURE_ID);

  const modelFeatures = new Map(model.features.map((f) => [f.id, f]));
  const acceptedByFeature = new Map<string, Story[]>();
  for (const story of stories) {
    if (story.accepted)
      acceptedByFeature.set(story.featureId, [
        ...(acceptedByFeature.get(story.featureId) ?? []),
        story,
      ]);
  }
  const features: ManifestFeature[] = featureIds.map((featureId) => {
    const feature = modelFeatures.get(featureId);
    const threats = (threatsByFeature.get(featureId) ?? []).slice().sort(byId);
    let risk: ManifestFeature['risk'] = 'none';
    for (const threat of threats) {
      if (threat.suppression !== null) continue;
      if (risk === 'none' || severityRank(threat.severity) > severityRank(risk as Severity))
        risk = threat.severity;
    }
    const requirements = (acceptedByFeature.get(featureId) ?? [])
      .map((story) => ({
        story: story.id,
        title: story.title,
        state: story.state,
        severity: story.severity,
        mitigation: story.mitigationId,
        covers: story.coveredThreatIds,
        acceptanceCriteria: story.acceptanceCriteria.map((c) => ({
          target: c.targetId,
          text: c.text,
          asvs: c.asvs,
        })),
        asvs: story.asvs,
        trackerKey: story.trackerKey,
        docPath: story.docPath,
      }))
      .sort((a, b) => (a.story < b.story ? -1 : 1));
    const approvalOf = (threat: RegisteredThreat) => {
      const approval = threat.triage?.approval;
      return approval
        ? {
            approver: approval.approver ?? null,
            rationale: approval.rationale ?? null,
            expires: approval.expires ?? null,
          }
        : null;
    };
    const needsApproval = (threat: RegisteredThreat): boolean =>
      threat.status === 'accepted' ||
      threat.status === 'not-applicable' ||
      threat.status === 'transferred';
    const suppressionIds = [
      ...new Set(
        threats.map((t) => t.suppression?.id).filter((id): id is string => id !== undefined),
      ),
    ].sort();
    return {
      id: featureId,
      name: feature?.name ?? UNASSIGNED_FEATURE_NAME,
      owner: feature?.owner ?? '',
      jiraEpicKey: feature?.jiraEpicKey ?? null,
      risk,
      threats: threats.map((threat) => ({
        id: threat.id,
        rule: `${threat.packId}/${threat.ruleId}`,
        severity: threat.severity,
        status: threat.status,
        coveredBy: threat.coveringStoryIds,
        approval: needsApproval(threat)
          ? (approvalOf(threat) ?? { approver: null, rationale: null, expires: null })
          : null,
        suppression: threat.suppression?.id ?? null,
        override:
          threat.severity !== threat.inherentSeverity
            ? {
                from: threat.inherentSeverity,
                to: threat.severity,
                approver: threat.triage?.severityOverride?.approver ?? null,
                rationale: threat.triage?.severityOverride?.rationale ?? null,
              }
            : null,
      })),
      requirements,
      approvals: threats.filter(needsApproval).map((threat) => ({
        threat: threat.id,
        status: threat.status,
        transferredTo: threat.triage?.transferredTo ?? null,
        ...(approvalOf(threat) ?? { approver: null, rationale: null, expires: null }),
      })),
      suppressions: suppressionIds.map((id) => {
        const suppression = suppressionById.get(id)!;
        return {
          id,
          rule: `${suppression.packId}/${suppression.ruleId}`,
          element: suppression.elementId,
          approver: suppression.approver ?? null,
          rationale: suppression.rationale ?? null,
          expires: suppression.expires ?? null,
        };
      }),
    };
  });
  features.sort(byId);

  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    manifestVersion: MANIFEST_VERSION,
    gatehouseVersion,
    model: { path: modelPath, digest: modelDigest(model) },
    rulePacks: loaded.packs
      .map((pack) => ({
        id: pack.id,
        version: pack.version,
        digest: loaded.digests.get(pack.id)!,
        enabled: enabled.get(pack.id) ?? true,
      }))
      .sort(byId),
    features,
  };
  return { manifest, register, stories };
}

function hasUnassignedMembers(model: Model): boolean {
  const members = new Set(model.features.flatMap((feature) => feature.memberIds));
  return (
    model.elements.some((e) => !members.has(e.id)) || model.flows.some((f) => !members.has(f.id))
  );
}
