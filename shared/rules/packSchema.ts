/**
 * Rule packs are data (PRODUCT.md, "Analysis"): JSON validated by this schema, never code, no
 * `eval`. A condition is one of a closed set of kinds; the engine compiles each kind to a
 * function once per pack.
 */
import * as z from 'zod';
import {
  BoundaryKindSchema,
  ElementKindSchema,
  IdSchema,
  ScaleSchema,
  StrideCategorySchema,
} from '../model/schema';

export const RULE_PACK_FORMAT = 'gatehouse-rule-pack';
export const RULE_PACK_SCHEMA_VERSION = 1;

/** Whose values a condition reads: the element (element scope), or the flow and its ends. */
export const SubjectSchema = z.enum(['element', 'flow', 'source', 'target']);
export type Subject = z.infer<typeof SubjectSchema>;

/** Every property a rule can read, with the element kinds that carry it. */
export const PROPERTY_OWNERS = {
  internetFacing: 'process',
  authenticatesCallers: 'process',
  privilegeLevel: 'process',
  handlesUntrustedInput: 'process',
  technology: 'process',
  encryptedAtRest: 'dataStore',
  holdsPii: 'dataStore',
  holdsCredentials: 'dataStore',
  holdsSecrets: 'dataStore',
  auditLogging: 'dataStore',
  backups: 'dataStore',
  entityKind: 'externalEntity',
  trusted: 'externalEntity',
  protocol: 'flow',
  encryptedInTransit: 'flow',
  authenticated: 'flow',
  dataClassification: 'flow',
  carriesCredentials: 'flow',
} as const;
export type PropertyName = keyof typeof PROPERTY_OWNERS;
export const PropertyNameSchema = z.enum(
  Object.keys(PROPERTY_OWNERS) as [PropertyName, ...PropertyName[]],
);

/** Ordered scales, for `atLeast` / `atMost`. */
export const ORDERED_PROPERTIES: Partial<Record<PropertyName, readonly string[]>> = {
  dataClassification: ['public', 'internal', 'confidential', 'restricted'],
  privilegeLevel: ['unprivileged', 'standard', 'elevated', 'root'],
};

const valueSchema = z.string().min(1).max(100);

/**
 * A property comparison. `eq`/`ne`/`in`/`notIn` compare values (free-text properties such as
 * `protocol` case-insensitively); `isUnknown`/`isKnown` test for "not known" (the value
 * `unknown`, or an empty free-text value); `atLeast`/`atMost` compare on an ordered scale and
 * never hold for an unknown value.
 */
export const PropertyConditionSchema = z
  .object({
    kind: z.literal('property'),
    subject: SubjectSchema,
    property: PropertyNameSchema,
    op: z.enum(['eq', 'ne', 'in', 'notIn', 'isUnknown', 'isKnown', 'atLeast', 'atMost']),
    value: valueSchema.optional(),
    values: z.array(valueSchema).min(1).max(50).optional(),
  })
  .strict();

export const ElementKindConditionSchema = z
  .object({
    kind: z.literal('elementKind'),
    subject: SubjectSchema.exclude(['flow']),
    in: z.array(ElementKindSchema).min(1).max(3),
  })
  .strict();

export const TagConditionSchema = z
  .object({
    kind: z.literal('tag'),
    subject: SubjectSchema,
    tag: z.string().min(1).max(64),
  })
  .strict();

/**
 * Boundary facts of a flow (flow and interaction scope): it crosses a zone (exactly one end is
 * inside), enters one (the target is inside, the source is not), exits one, or crosses a line
 * boundary that lists it. `boundaryKinds` narrows to boundaries of those kinds.
 */
export const BoundaryConditionSchema = z
  .object({
    kind: z.literal('boundary'),
    relation: z.enum(['crosses', 'enters', 'exits']),
    shape: z.enum(['zone', 'line', 'any']).default('any'),
    boundaryKinds: z.array(BoundaryKindSchema).min(1).max(10).optional(),
  })
  .strict();

/** The subject element sits (at any depth) inside a zone; of given kinds, when listed. */
export const InZoneConditionSchema = z
  .object({
    kind: z.literal('inZone'),
    subject: SubjectSchema.exclude(['flow']),
    boundaryKinds: z.array(BoundaryKindSchema).min(1).max(10).optional(),
  })
  .strict();

/**
 * The subject can be reached along flows from an external entity that is not trusted
 * (`trusted: no`; also `unknown` unless `includeUnknownTrust` is false). For a flow: its source
 * can be reached (or is such an entity).
 */
export const ReachabilityConditionSchema = z
  .object({
    kind: z.literal('reachableFromUntrusted'),
    subject: SubjectSchema,
    includeUnknownTrust: z.boolean().default(true),
  })
  .strict();

export type Condition =
  | z.infer<typeof PropertyConditionSchema>
  | z.infer<typeof ElementKindConditionSchema>
  | z.infer<typeof TagConditionSchema>
  | z.infer<typeof BoundaryConditionSchema>
  | z.infer<typeof InZoneConditionSchema>
  | z.infer<typeof ReachabilityConditionSchema>
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] }
  | { kind: 'not'; condition: Condition }
  | {
      kind: 'hasFlow';
      direction: 'in' | 'out' | 'any';
      where: Condition;
    };

export type ConditionInput =
  | z.input<typeof PropertyConditionSchema>
  | z.input<typeof ElementKindConditionSchema>
  | z.input<typeof TagConditionSchema>
  | z.input<typeof BoundaryConditionSchema>
  | z.input<typeof InZoneConditionSchema>
  | z.input<typeof ReachabilityConditionSchema>
  | { kind: 'all'; of: ConditionInput[] }
  | { kind: 'any'; of: ConditionInput[] }
  | { kind: 'not'; condition: ConditionInput }
  | { kind: 'hasFlow'; direction: 'in' | 'out' | 'any'; where: ConditionInput };

/**
 * `hasFlow` (element scope): some flow into / out of the element satisfies `where`, in which
 * `flow`, `source` and `target` name that flow and its ends.
 */
export const ConditionSchema: z.ZodType<Condition, ConditionInput> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    PropertyConditionSchema,
    ElementKindConditionSchema,
    TagConditionSchema,
    BoundaryConditionSchema,
    InZoneConditionSchema,
    ReachabilityConditionSchema,
    z.object({ kind: z.literal('all'), of: z.array(ConditionSchema).min(1).max(20) }).strict(),
    z.object({ kind: z.literal('any'), of: z.array(ConditionSchema).min(1).max(20) }).strict(),
    z.object({ kind: z.literal('not'), condition: ConditionSchema }).strict(),
    z
      .object({
        kind: z.literal('hasFlow'),
        direction: z.enum(['in', 'out', 'any']),
        where: ConditionSchema,
      })
      .strict(),
  ]),
);

export const ScopeSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('element'), elementKinds: z.array(ElementKindSchema).min(1).max(3) })
    .strict(),
  z.object({ kind: z.literal('flow') }).strict(),
  z.object({ kind: z.literal('interaction') }).strict(),
]);
export type Scope = z.infer<typeof ScopeSchema>;

/** Raises likelihood and/or impact when its condition holds (never lowers them). */
export const RaiseSchema = z
  .object({
    when: ConditionSchema,
    likelihood: ScaleSchema.optional(),
    impact: ScaleSchema.optional(),
  })
  .strict();

/**
 * Title and description are templates: `{element}`, `{flow}`, `{source}`, `{target}` become the
 * names of the threat's elements (as plain text; renderers escape them).
 */
const TemplateSchema = z.string().min(1).max(2000);

export const RuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Z][A-Z0-9-]{0,60}-\d{3}$/, 'must look like STRIDE-T-003')
      .refine((id) => !id.includes('--'), 'must look like STRIDE-T-003'),
    category: StrideCategorySchema,
    scope: ScopeSchema,
    title: TemplateSchema,
    description: TemplateSchema,
    condition: ConditionSchema,
    unless: ConditionSchema.optional(),
    likelihood: ScaleSchema,
    impact: ScaleSchema,
    raise: z.array(RaiseSchema).max(10).default([]),
    mitigations: z.array(IdSchema).min(1).max(20),
    cwe: z.array(z.number().int().positive()).max(20).default([]),
    capec: z.array(z.number().int().positive()).max(20).default([]),
  })
  .strict();
export type Rule = z.infer<typeof RuleSchema>;

/** `v5.0.0-1.2.5`: an OWASP ASVS 5.0.0 requirement, written as ASVS writes it. */
export const AsvsRefSchema = z
  .string()
  .regex(
    /^v5\.0\.0-\d{1,2}\.\d{1,2}\.\d{1,2}$/,
    'must be an ASVS 5.0.0 reference like v5.0.0-1.2.5',
  );

/**
 * An acceptance-criterion template: `{target}` becomes the affected element or flow's name;
 * `asvs` is the requirement the criterion verifies.
 */
export const CriterionTemplateSchema = z
  .object({ text: z.string().min(1).max(1000), asvs: AsvsRefSchema })
  .strict();

export const MitigationSchema = z
  .object({
    id: z
      .string()
      .regex(/^M-[A-Z0-9-]{1,80}$/, 'must look like M-TRANSPORT-ENCRYPTION')
      .refine(
        (id) => !id.includes('--') && !id.endsWith('-'),
        'must look like M-TRANSPORT-ENCRYPTION',
      ),
    title: z.string().min(1).max(200),
    description: z.string().min(1).max(5000),
    asvs: z.array(AsvsRefSchema).min(1).max(30),
    cwe: z.array(z.number().int().positive()).max(30).default([]),
    story: z
      .object({
        asA: z.string().min(1).max(300),
        iWant: z.string().min(1).max(1000),
        soThat: z.string().min(1).max(1000),
      })
      .strict(),
    acceptanceCriteria: z.array(CriterionTemplateSchema).min(1).max(20),
  })
  .strict();
export type Mitigation = z.infer<typeof MitigationSchema>;

export const RulePackSchema = z
  .object({
    format: z.literal(RULE_PACK_FORMAT),
    schemaVersion: z.literal(RULE_PACK_SCHEMA_VERSION),
    id: IdSchema,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.2.0'),
    name: z.string().min(1).max(200),
    description: z.string().max(5000).default(''),
    mitigations: z.array(MitigationSchema).max(2000).default([]),
    rules: z.array(RuleSchema).max(5000),
  })
  .strict();
export type RulePack = z.infer<typeof RulePackSchema>;
export type RulePackInput = z.input<typeof RulePackSchema>;
