/**
 * The Gatehouse model document (`*.gatehouse.json`): one zod schema is the single source of
 * truth for the file format, the TypeScript types and the published JSON Schema.
 *
 * Design choices that matter for users:
 * - Records are arrays of objects carrying their own `id`, sorted by ID when serialized. IDs
 *   are values, never object keys, so an ID such as `constructor` cannot collide with
 *   JavaScript's object machinery.
 * - Tri-state facts (`yes` / `no` / `unknown`): "not known to be encrypted" differs from
 *   "not encrypted", and rules can tell them apart.
 * - Generated threats are *not* stored: analysis recomputes them. The document stores only what
 *   people decided about them (triage), keyed by the stable threat ID, plus manual threats.
 * - Every object is `.strict()`: an unknown key is an error with its JSON path, not silently kept.
 */
import * as z from 'zod';

export const CURRENT_SCHEMA_VERSION = 1;

/** Foreign and local IDs alike: `[A-Za-z0-9._:-]{1,128}` (PRODUCT.md, threat identity). */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must match [A-Za-z0-9._:-]{1,128}');
export type Id = z.infer<typeof IdSchema>;

export const ThreatIdSchema = z.string().regex(/^T-[0-9a-f]{16}$/, 'must be T- and 16 hex digits');
export const StoryIdSchema = z.string().regex(/^S-[0-9a-f]{16}$/, 'must be S- and 16 hex digits');

const NameSchema = z.string().max(200);
const TextSchema = z.string().max(20_000);
const TagsSchema = z.array(z.string().min(1).max(64)).max(64);
/** A person, as the team writes them (name or e-mail). */
const PersonSchema = z.string().min(1).max(200);

/** A calendar date `YYYY-MM-DD` (UTC). Expiries end at the end of that day. */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
  }, 'must be a real calendar date');

export const TriStateSchema = z.enum(['yes', 'no', 'unknown']);
export type TriState = z.infer<typeof TriStateSchema>;

export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export const DataClassificationSchema = z.enum([...DATA_CLASSIFICATIONS, 'unknown']);
export type DataClassification = z.infer<typeof DataClassificationSchema>;

export const PRIVILEGE_LEVELS = ['unprivileged', 'standard', 'elevated', 'root'] as const;
export const PrivilegeLevelSchema = z.enum([...PRIVILEGE_LEVELS, 'unknown']);
export type PrivilegeLevel = z.infer<typeof PrivilegeLevelSchema>;

export const BOUNDARY_KINDS = [
  'internet',
  'dmz',
  'internal-network',
  'cloud-account',
  'container',
  'device',
] as const;
export const BoundaryKindSchema = z.enum([...BOUNDARY_KINDS, 'unknown']);
export type BoundaryKind = z.infer<typeof BoundaryKindSchema>;

export const ELEMENT_KINDS = ['process', 'dataStore', 'externalEntity'] as const;
export const ElementKindSchema = z.enum(ELEMENT_KINDS);
export type ElementKind = z.infer<typeof ElementKindSchema>;

export const STRIDE_CATEGORIES = [
  'Spoofing',
  'Tampering',
  'Repudiation',
  'InformationDisclosure',
  'DenialOfService',
  'ElevationOfPrivilege',
] as const;
export const StrideCategorySchema = z.enum(STRIDE_CATEGORIES);
export type StrideCategory = z.infer<typeof StrideCategorySchema>;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export const ScaleSchema = z.number().int().min(1).max(5);

const PointSchema = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();
const SizeSchema = z
  .object({ width: z.number().finite().min(0), height: z.number().finite().min(0) })
  .strict();

// ---------------------------------------------------------------------------------------------
// Typed properties, one set per element kind. Rules read exactly these.

export const ProcessPropertiesSchema = z
  .object({
    internetFacing: TriStateSchema.default('unknown'),
    authenticatesCallers: TriStateSchema.default('unknown'),
    privilegeLevel: PrivilegeLevelSchema.default('unknown'),
    handlesUntrustedInput: TriStateSchema.default('unknown'),
    /** Free text (e.g. "Node.js 20", "nginx"); empty when not known. */
    technology: z.string().max(200).default(''),
  })
  .strict();

export const DataStorePropertiesSchema = z
  .object({
    encryptedAtRest: TriStateSchema.default('unknown'),
    holdsPii: TriStateSchema.default('unknown'),
    holdsCredentials: TriStateSchema.default('unknown'),
    holdsSecrets: TriStateSchema.default('unknown'),
    /** Whether access to the store is recorded in an audit log. */
    auditLogging: TriStateSchema.default('unknown'),
    backups: TriStateSchema.default('unknown'),
  })
  .strict();

export const ExternalEntityPropertiesSchema = z
  .object({
    entityKind: z.enum(['human', 'system', 'unknown']).default('unknown'),
    trusted: TriStateSchema.default('unknown'),
  })
  .strict();

export const FlowPropertiesSchema = z
  .object({
    /** Free text (e.g. "HTTPS", "gRPC", "SQL"); empty when not known. */
    protocol: z.string().max(100).default(''),
    encryptedInTransit: TriStateSchema.default('unknown'),
    authenticated: TriStateSchema.default('unknown'),
    dataClassification: DataClassificationSchema.default('unknown'),
    carriesCredentials: TriStateSchema.default('unknown'),
  })
  .strict();

export type ProcessProperties = z.infer<typeof ProcessPropertiesSchema>;
export type DataStoreProperties = z.infer<typeof DataStorePropertiesSchema>;
export type ExternalEntityProperties = z.infer<typeof ExternalEntityPropertiesSchema>;
export type FlowProperties = z.infer<typeof FlowPropertiesSchema>;

// ---------------------------------------------------------------------------------------------
// Diagram records.

export const DiagramSchema = z
  .object({
    id: IdSchema,
    name: NameSchema,
    description: TextSchema.default(''),
  })
  .strict();

const elementCommon = {
  id: IdSchema,
  diagramId: IdSchema,
  name: NameSchema,
  description: TextSchema.default(''),
  tags: TagsSchema.default([]),
  /** The innermost zone that contains the element, or null when it sits in no zone. */
  zoneId: IdSchema.nullable().default(null),
  position: PointSchema.default({ x: 0, y: 0 }),
  size: SizeSchema.optional(),
};

export const ProcessSchema = z
  .object({
    ...elementCommon,
    kind: z.literal('process'),
    properties: ProcessPropertiesSchema.default(ProcessPropertiesSchema.parse({})),
  })
  .strict();
export const DataStoreSchema = z
  .object({
    ...elementCommon,
    kind: z.literal('dataStore'),
    properties: DataStorePropertiesSchema.default(DataStorePropertiesSchema.parse({})),
  })
  .strict();
export const ExternalEntitySchema = z
  .object({
    ...elementCommon,
    kind: z.literal('externalEntity'),
    properties: ExternalEntityPropertiesSchema.default(ExternalEntityPropertiesSchema.parse({})),
  })
  .strict();

export const ElementSchema = z.discriminatedUnion('kind', [
  ProcessSchema,
  DataStoreSchema,
  ExternalEntitySchema,
]);
export type Process = z.infer<typeof ProcessSchema>;
export type DataStore = z.infer<typeof DataStoreSchema>;
export type ExternalEntity = z.infer<typeof ExternalEntitySchema>;
export type Element = z.infer<typeof ElementSchema>;

export const FlowSchema = z
  .object({
    id: IdSchema,
    diagramId: IdSchema,
    sourceId: IdSchema,
    targetId: IdSchema,
    /** A bidirectional flow is analyzed in both directions. */
    bidirectional: z.boolean().default(false),
    name: NameSchema,
    description: TextSchema.default(''),
    tags: TagsSchema.default([]),
    properties: FlowPropertiesSchema.default(FlowPropertiesSchema.parse({})),
    /** Optional bend points of the drawn edge, in diagram coordinates. */
    waypoints: z.array(PointSchema).max(100).default([]),
  })
  .strict();
export type Flow = z.infer<typeof FlowSchema>;

const boundaryCommon = {
  id: IdSchema,
  diagramId: IdSchema,
  name: NameSchema,
  description: TextSchema.default(''),
  tags: TagsSchema.default([]),
  boundaryKind: BoundaryKindSchema.default('unknown'),
};

/** A container boundary. Zones nest through `parentId`; cycles are rejected. */
export const ZoneSchema = z
  .object({
    ...boundaryCommon,
    shape: z.literal('zone'),
    parentId: IdSchema.nullable().default(null),
    position: PointSchema.default({ x: 0, y: 0 }),
    size: SizeSchema.default({ width: 400, height: 300 }),
  })
  .strict();
/** A line boundary (as Microsoft TMT's line boundary): it records which flows cross it. */
export const LineBoundarySchema = z
  .object({
    ...boundaryCommon,
    shape: z.literal('line'),
    points: z.array(PointSchema).min(2).max(1000),
    crossingFlowIds: z.array(IdSchema).max(100_000).default([]),
  })
  .strict();
export const BoundarySchema = z.discriminatedUnion('shape', [ZoneSchema, LineBoundarySchema]);
export type Zone = z.infer<typeof ZoneSchema>;
export type LineBoundary = z.infer<typeof LineBoundarySchema>;
export type Boundary = z.infer<typeof BoundarySchema>;

/** A tracker (Jira) issue key such as SHOP-42. */
export const TRACKER_KEY = /^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}$/;

// ---------------------------------------------------------------------------------------------
// Features: named scopes that the gate judges.

/** The implicit feature holding elements in no feature and threats tied to no element. */
export const UNASSIGNED_FEATURE_ID = '_unassigned';

export const FeatureSchema = z
  .object({
    id: IdSchema.refine((id) => id !== UNASSIGNED_FEATURE_ID, {
      message: `"${UNASSIGNED_FEATURE_ID}" is reserved for the implicit feature`,
    }),
    name: NameSchema,
    description: TextSchema.default(''),
    owner: z.string().max(200).default(''),
    /** An existing Jira epic key the feature's stories go under (e.g. `SHOP-12`). */
    jiraEpicKey: z
      .string()
      .regex(TRACKER_KEY, 'must be a Jira issue key like SHOP-12')
      .nullable()
      .default(null),
    /** Element and flow IDs in this feature. */
    memberIds: z.array(IdSchema).max(100_000).default([]),
  })
  .strict();
export type Feature = z.infer<typeof FeatureSchema>;

// ---------------------------------------------------------------------------------------------
// Threats: triage of generated threats, and manual threats.

export const THREAT_STATUSES = [
  'open',
  'investigating',
  'mitigated',
  'accepted',
  'not-applicable',
  'transferred',
] as const;
export const ThreatStatusSchema = z.enum(THREAT_STATUSES);
export type ThreatStatus = z.infer<typeof ThreatStatusSchema>;

export const TARGET_ROLES = ['element', 'flow', 'source', 'target'] as const;
export const TargetSchema = z.object({ role: z.enum(TARGET_ROLES), id: IdSchema }).strict();
export type Target = z.infer<typeof TargetSchema>;

/**
 * An approval: who decided, why, and until when (end of that day, UTC). The file may lack a
 * part — a hand edit, an import — and still open: the gate reports the gap as a finding with
 * its remedy instead of refusing the whole model. The app and `gatehouse triage` never write an
 * incomplete approval.
 */
export const ApprovalSchema = z
  .object({
    approver: PersonSchema.optional(),
    rationale: z.string().min(1).max(5000).optional(),
    expires: DateSchema.optional(),
  })
  .strict();
export type Approval = z.infer<typeof ApprovalSchema>;

export const SeverityOverrideSchema = z
  .object({
    severity: SeveritySchema,
    /** Required when the override lowers the inherent severity. */
    approver: PersonSchema.optional(),
    rationale: z.string().min(1).max(5000).optional(),
  })
  .strict();
export type SeverityOverride = z.infer<typeof SeverityOverrideSchema>;

export const TrackerLinkSchema = z
  .object({
    key: z.string().min(1).max(100).optional(),
    url: z
      .string()
      .max(2000)
      .regex(/^https?:\/\//, 'must be an http or https URL')
      .optional(),
  })
  .strict();

export const MITIGATION_STATUSES = ['proposed', 'planned', 'implemented', 'rejected'] as const;

/** The team's record about one threat. Status rules are enforced by `validateTriage`. */
export const ThreatTriageSchema = z
  .object({
    threatId: ThreatIdSchema,
    status: ThreatStatusSchema.default('open'),
    /** For accepted, not-applicable and transferred. */
    approval: ApprovalSchema.nullable().default(null),
    /** For transferred: to whom. */
    transferredTo: z.string().max(200).nullable().default(null),
    severityOverride: SeverityOverrideSchema.nullable().default(null),
    residualLikelihood: ScaleSchema.nullable().default(null),
    residualImpact: ScaleSchema.nullable().default(null),
    owner: z.string().max(200).default(''),
    notes: TextSchema.default(''),
    trackerLinks: z.array(TrackerLinkSchema).max(50).default([]),
    mitigationStatuses: z
      .array(z.object({ mitigationId: IdSchema, status: z.enum(MITIGATION_STATUSES) }).strict())
      .max(100)
      .default([]),
    /** First day the threat was seen (drives SLAs); null when not recorded yet. */
    firstSeen: DateSchema.nullable().default(null),
    /**
     * The rule no longer finds this threat: the record is kept and shown as resolved by the
     * model change, never silently deleted. Set by `reconcileTriage`.
     */
    noLongerDetected: z.boolean().default(false),
    /** What the last analysis said about the threat, so a no-longer-detected record stays readable. */
    lastKnown: z
      .object({
        ruleRef: z.string().max(300),
        category: StrideCategorySchema,
        targets: z.array(TargetSchema).max(3),
        title: z.string().max(500),
        severity: SeveritySchema,
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type ThreatTriage = z.infer<typeof ThreatTriageSchema>;

/**
 * A threat added by hand, or imported without a matching rule. Its ID is derived like any
 * other from the pseudo-pack `manual`, its `key` and its targets (`threatIdFor`). Triage lives in
 * `threats` like every other threat's.
 */
export const ManualThreatSchema = z
  .object({
    id: ThreatIdSchema,
    key: IdSchema,
    category: StrideCategorySchema,
    /** Empty for a model-level threat (tied to no element). */
    targets: z.array(TargetSchema).max(3).default([]),
    title: z.string().min(1).max(500),
    description: TextSchema.default(''),
    likelihood: ScaleSchema.default(3),
    impact: ScaleSchema.default(3),
    mitigationIds: z.array(IdSchema).max(50).default([]),
    cwe: z.array(z.number().int().positive()).max(20).default([]),
    /** Where the threat came from, for imported ones (e.g. "Threat Dragon: 7f3a…"). */
    source: z.string().max(500).default(''),
  })
  .strict();
export type ManualThreat = z.infer<typeof ManualThreatSchema>;

/** A rule switched off on one element (or model-wide when `elementId` is null). */
export const SuppressionSchema = z
  .object({
    id: IdSchema,
    packId: IdSchema,
    ruleId: IdSchema,
    elementId: IdSchema.nullable().default(null),
    /** Required like an approval's parts; a missing one is a gate finding (see ApprovalSchema). */
    approver: PersonSchema.optional(),
    rationale: z.string().min(1).max(5000).optional(),
    expires: DateSchema.optional(),
  })
  .strict();
export type Suppression = z.infer<typeof SuppressionSchema>;

// ---------------------------------------------------------------------------------------------
// Stories: generated per feature × mitigation; the document stores the team's decisions.

export const STORY_STATES = ['proposed', 'planned', 'in-progress', 'done', 'rejected'] as const;
export const StoryStateSchema = z.enum(STORY_STATES);
export type StoryState = z.infer<typeof StoryStateSchema>;
/** Planned, in progress or done: the story is a documented requirement. */
export const ACCEPTED_STORY_STATES: readonly StoryState[] = ['planned', 'in-progress', 'done'];

export const StoryRecordSchema = z
  .object({
    id: StoryIdSchema,
    featureId: IdSchema,
    mitigationId: IdSchema,
    state: StoryStateSchema.default('proposed'),
    /** The threat IDs the story listed when it was accepted: exactly what it covers. */
    coveredThreatIds: z.array(ThreatIdSchema).max(100_000).default([]),
    /** Edits by the team; null means "use the generated text". */
    title: z.string().min(1).max(500).nullable().default(null),
    notes: TextSchema.default(''),
    /** A tracker key (e.g. `SHOP-42`) documenting the requirement. */
    trackerKey: z.string().min(1).max(100).nullable().default(null),
    /** A repository path (relative, `/` separators) to a document that mentions the story ID. */
    docPath: z
      .string()
      .min(1)
      .max(500)
      .refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\\'), {
        message: 'must be a relative path with / separators and no ..',
      })
      .nullable()
      .default(null),
    /** The Jira issue created for this story by an export or push. */
    jiraIssueKey: z.string().min(1).max(100).nullable().default(null),
  })
  .strict();
export type StoryRecord = z.infer<typeof StoryRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Rule packs used by the model, and the workshop's state.

export const RulePackRefSchema = z
  .object({
    id: IdSchema,
    enabled: z.boolean().default(true),
  })
  .strict();

export const WorkshopSchema = z
  .object({
    reviews: z
      .array(
        z
          .object({
            elementId: IdSchema,
            reviewer: z.string().max(200).default(''),
            reviewedOn: DateSchema.nullable().default(null),
            notes: TextSchema.default(''),
          })
          .strict(),
      )
      .max(100_000)
      .default([]),
    questions: z
      .array(
        z
          .object({
            id: IdSchema,
            text: z.string().min(1).max(5000),
            elementId: IdSchema.nullable().default(null),
            resolved: z.boolean().default(false),
            answer: TextSchema.default(''),
          })
          .strict(),
      )
      .max(10_000)
      .default([]),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// The document.

export const MODEL_FORMAT = 'gatehouse-model';

export const ModelSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    name: NameSchema,
    description: TextSchema.default(''),
    diagrams: z.array(DiagramSchema).min(1).max(1000),
    elements: z.array(ElementSchema).max(200_000).default([]),
    flows: z.array(FlowSchema).max(400_000).default([]),
    boundaries: z.array(BoundarySchema).max(20_000).default([]),
    features: z.array(FeatureSchema).max(10_000).default([]),
    rulePacks: z.array(RulePackRefSchema).max(100).default([]),
    threats: z.array(ThreatTriageSchema).max(400_000).default([]),
    manualThreats: z.array(ManualThreatSchema).max(100_000).default([]),
    suppressions: z.array(SuppressionSchema).max(10_000).default([]),
    stories: z.array(StoryRecordSchema).max(100_000).default([]),
    workshop: WorkshopSchema.default(WorkshopSchema.parse({})),
  })
  .strict();

/** A validated model document. Treat it as immutable: edits produce a new document. */
export type Model = z.infer<typeof ModelSchema>;
/** What a file may contain before defaults are applied. */
export type ModelInput = z.input<typeof ModelSchema>;
