/**
 * The shape of a semantic model diff: what `diffModels` returns and what
 * `gatehouse diff --format json` prints (published JSON Schema: `schemas/diff.schema.json`).
 * Consumers (CI scripts, bots) rely on it: change it only with a new `diffVersion`.
 */
import * as z from 'zod';
import { SeveritySchema, StrideCategorySchema, ThreatStatusSchema } from '../model/schema';

export const DIFF_VERSION = 1;

/** One field of a record, before → after. `null` stands for "absent" as well as null. */
export const FieldChangeSchema = z
  .object({
    /** The record's key; nested one level with a dot (`properties.protocol`, `approval.expires`). */
    field: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .strict();
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** A record added, removed or only moved: its ID, its name and a short description. */
export const ItemRefSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** What kind of thing it is (`process`, `HTTPS flow Customer → API` …), for readers. */
    detail: z.string(),
  })
  .strict();
export type ItemRef = z.infer<typeof ItemRefSchema>;

/** A record present in both versions with at least one semantic field changed. */
export const ChangedItemSchema = ItemRefSchema.extend({
  /** Semantic fields only, in the schema's order; never empty. */
  fields: z.array(FieldChangeSchema).min(1),
  /** Its layout (position, size, waypoints, line points) changed as well. */
  moved: z.boolean(),
}).strict();
export type ChangedItem = z.infer<typeof ChangedItemSchema>;

/** The changes of one kind of record, each list ordered by ID. */
export const KindDiffSchema = z
  .object({
    added: z.array(ItemRefSchema),
    removed: z.array(ItemRefSchema),
    changed: z.array(ChangedItemSchema),
    /** Layout-only changes: not semantic (the analysis cannot see them). */
    moved: z.array(ItemRefSchema),
  })
  .strict();
export type KindDiff = z.infer<typeof KindDiffSchema>;

/** The record kinds of a model, in the order every output lists them. */
export const DIFF_KINDS = [
  'diagrams',
  'elements',
  'flows',
  'boundaries',
  'features',
  'manualThreats',
  'triage',
  'stories',
  'suppressions',
] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

/** How each kind is named in text, Markdown and the app. */
export const DIFF_KIND_LABELS: Readonly<Record<DiffKind, string>> = {
  diagrams: 'Diagrams',
  elements: 'Elements',
  flows: 'Flows',
  boundaries: 'Trust boundaries',
  features: 'Features',
  manualThreats: 'Manual threats',
  triage: 'Triage',
  stories: 'Stories',
  suppressions: 'Suppressions',
};

/** A threat of the analysis (generated or manual), as the diff reports it. */
export const DiffThreatSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    category: StrideCategorySchema,
    /** Effective severity (after an approved override). */
    severity: SeveritySchema,
    status: ThreatStatusSchema,
    /** IDs of the elements and flows it is about. */
    targetIds: z.array(z.string()),
  })
  .strict();
export type DiffThreat = z.infer<typeof DiffThreatSchema>;

const OpenBySeveritySchema = z.record(SeveritySchema, z.number().int().min(0));

/** What the change does to the risk: the analysis of both versions with the same rule packs. */
export const ThreatsDiffSchema = z
  .object({
    added: z.array(DiffThreatSchema),
    removed: z.array(DiffThreatSchema),
    /** Threats in both versions whose effective severity changed. */
    severityChanged: z.array(
      DiffThreatSchema.omit({ severity: true }).extend({
        before: SeveritySchema,
        after: SeveritySchema,
      }),
    ),
    /** Open (open or investigating, not suppressed) threats by severity, before and after. */
    openBefore: OpenBySeveritySchema,
    openAfter: OpenBySeveritySchema,
  })
  .strict();
export type ThreatsDiff = z.infer<typeof ThreatsDiffSchema>;

const SideSchema = z
  .object({
    name: z.string(),
    /** `modelDigest` of the version (SHA-256 of its canonical serialization). */
    digest: z.string().regex(/^[0-9a-f]{64}$/),
    /** Where it came from (a file name), when known. */
    source: z.string().nullable(),
  })
  .strict();

export const ModelDiffSchema = z
  .object({
    diffVersion: z.literal(DIFF_VERSION),
    before: SideSchema,
    after: SideSchema,
    /** The model's own fields: name, description, rule packs, workshop. */
    model: z.array(FieldChangeSchema),
    kinds: z
      .object(
        Object.fromEntries(DIFF_KINDS.map((kind) => [kind, KindDiffSchema])) as Record<
          DiffKind,
          typeof KindDiffSchema
        >,
      )
      .strict(),
    /** Null when the diff was computed without rule packs. */
    threats: ThreatsDiffSchema.nullable(),
    summary: z
      .object({
        /** Records added, removed or changed, plus one when the model's own fields changed. */
        semanticChanges: z.number().int().min(0),
        /** Records whose layout alone changed. */
        layoutChanges: z.number().int().min(0),
        /** Threats added, removed or with a new severity. */
        threatChanges: z.number().int().min(0),
        /** What `--exit-code` reads: any semantic or threat change. */
        hasSemanticChanges: z.boolean(),
      })
      .strict(),
  })
  .strict();
/** A semantic diff of two model versions. */
export type ModelDiff = z.infer<typeof ModelDiffSchema>;
