/**
 * The mapping tables of the Microsoft Threat Modeling Tool importer: generic types to Gatehouse
 * kinds, TMT attributes to typed properties, boundary stencils to boundary kinds, threat
 * categories to STRIDE, priorities to likelihood and impact, states to statuses. Documented for
 * users in `docs/import-tm7.md`; keep the two in step.
 */
import type { BoundaryKind, ElementKind, StrideCategory } from '../model/schema';
import { STRIDE_CATEGORIES } from '../model/schema';

/** What a TMT item becomes here. */
export type ItemKind = ElementKind | 'flow' | 'zone' | 'line' | 'annotation';

/** TMT's generic types (the roots of its knowledge base) → what they become here. */
export const GENERIC_TYPE_TABLE: ReadonlyMap<string, ItemKind> = new Map<string, ItemKind>([
  ['GE.P', 'process'],
  ['GE.DS', 'dataStore'],
  ['GE.EI', 'externalEntity'],
  ['GE.DF', 'flow'],
  ['GE.TB.B', 'zone'],
  ['GE.TB.L', 'line'],
  ['GE.A', 'annotation'],
]);

/**
 * The drawn shape (`i:type` of the item) → what it becomes, used only when neither the knowledge
 * base nor the item's own `GenericTypeId` names a generic type.
 */
export const SHAPE_TABLE: ReadonlyMap<string, ItemKind> = new Map<string, ItemKind>([
  ['StencilEllipse', 'process'],
  ['StencilParallelLines', 'dataStore'],
  ['StencilRectangle', 'externalEntity'],
  ['Connector', 'flow'],
  ['BorderBoundary', 'zone'],
  ['LineBoundary', 'line'],
  ['StencilAnnotation', 'annotation'],
  ['Annotation', 'annotation'],
]);

/** How each kind is named in report lines. */
export const KIND_LABEL: Readonly<Record<ItemKind, string>> = {
  process: 'process',
  dataStore: 'data store',
  externalEntity: 'external interactor',
  flow: 'data flow',
  zone: 'border boundary',
  line: 'line boundary',
  annotation: 'annotation',
};

/**
 * Boundary kinds from words in the stencil's name (then in the boundary's own name), first match
 * wins: the SDL template's CorpNet, Sandbox, Internet Explorer and machine boundaries, and the
 * Azure template's cloud boundaries.
 */
export const BOUNDARY_WORDS: readonly { kind: BoundaryKind; pattern: RegExp }[] = [
  { kind: 'internet', pattern: /\binternet boundary\b|\binternet\b(?! explorer)/i },
  { kind: 'dmz', pattern: /\bdmz\b|demilitari[sz]ed/i },
  { kind: 'container', pattern: /sandbox|container|kubernetes|docker/i },
  { kind: 'cloud-account', pattern: /azure|cloud|\baws\b|subscription|\bvnet\b|\bvpc\b/i },
  { kind: 'internal-network', pattern: /corpnet|corporate|intranet|internal|private|\blan\b/i },
  { kind: 'device', pattern: /machine|device|kernel|browser|internet explorer|user mode/i },
];

/** The boundary kind for a stencil and boundary name, with the words that decided it. */
export function boundaryKindOf(
  stencilName: string,
  name: string,
): { kind: BoundaryKind; because: string } {
  for (const [text, where] of [
    [stencilName, 'stencil'],
    [name, 'name'],
  ] as const) {
    const rule = BOUNDARY_WORDS.find((candidate) => candidate.pattern.test(text));
    if (rule !== undefined) return { kind: rule.kind, because: `its ${where} "${text}"` };
  }
  return { kind: 'unknown', because: 'no telling word in its stencil or name' };
}

// ---------------------------------------------------------------------------------------------
// Attributes → typed properties.

/** Reads one TMT attribute value into a property value; undefined when it says nothing. */
type Parser = (value: string) => string | undefined;

const yesNo: Parser = (value) => {
  const word = value.trim().toLowerCase();
  if (word === 'yes' || word === 'true') return 'yes';
  if (word === 'no' || word === 'false') return 'no';
  return undefined;
};

function fromTable(entries: Record<string, string>): Parser {
  const table = new Map(
    Object.entries(entries).map(([key, result]) => [key.toLowerCase(), result]),
  );
  return (value) => table.get(value.trim().toLowerCase());
}

export interface AttributeRule {
  /** The TMT attribute's `Name` (its programmatic name in the knowledge base). */
  attribute: string;
  /** The Gatehouse property it sets. */
  property: string;
  parse: Parser;
}

/**
 * TMT attribute → typed property, per kind (the SDL template's generic attributes, which custom
 * templates inherit). A list left at its first entry is TMT's default, not a statement, so it
 * sets nothing (see `isDefault` in the importer).
 */
export const ATTRIBUTE_RULES: Readonly<Record<ElementKind | 'flow', readonly AttributeRule[]>> = {
  process: [
    {
      attribute: 'runningAs',
      property: 'privilegeLevel',
      parse: fromTable({
        Kernel: 'root',
        System: 'root',
        Administrator: 'elevated',
        'Standard User With Elevation': 'elevated',
        'Network Service': 'standard',
        'Local Service': 'standard',
        'Standard User Without Elevation': 'standard',
        'Windows Store App': 'unprivileged',
      }),
    },
    { attribute: 'implementsAuthenticationScheme', property: 'authenticatesCallers', parse: yesNo },
    {
      attribute: 'acceptsInputFrom',
      property: 'handlesUntrustedInput',
      parse: fromTable({
        'Any Remote User or Entity': 'yes',
        'Kernel, System, or Local Admin': 'no',
        Nothing: 'no',
      }),
    },
  ],
  dataStore: [
    { attribute: 'storesCredentials', property: 'holdsCredentials', parse: yesNo },
    { attribute: 'Encrypted', property: 'encryptedAtRest', parse: yesNo },
    { attribute: 'Backup', property: 'backups', parse: yesNo },
  ],
  externalEntity: [
    {
      attribute: 'type',
      property: 'entityKind',
      parse: fromTable({ Human: 'human', Code: 'system' }),
    },
  ],
  flow: [
    { attribute: 'providesConfidentiality', property: 'encryptedInTransit', parse: yesNo },
    { attribute: 'authenticatesSource', property: 'authenticated', parse: yesNo },
  ],
};

/**
 * Attributes that say nothing about the system and are not reported: the element's name (read
 * separately) and TMT's ordering of flows in its reports.
 */
export const IGNORED_ATTRIBUTES: ReadonlySet<string> = new Set(['Name', 'Dataflow Order']);

/** TMT's "Out Of Scope" flag and its reason (attribute display names). */
export const OUT_OF_SCOPE = 'Out Of Scope';
export const OUT_OF_SCOPE_REASON = 'Reason For Out Of Scope';

/** List values that mean "nothing chosen". */
export const NOTHING_CHOSEN: ReadonlySet<string> = new Set(['not selected', 'select', '']);

// ---------------------------------------------------------------------------------------------
// Threats.

const STRIDE_BY_KEY: ReadonlyMap<string, StrideCategory> = new Map(
  STRIDE_CATEGORIES.map((category) => [category.toLowerCase(), category]),
);

/** A TMT category name ("Denial Of Service", "Elevation of privilege") → STRIDE, or undefined. */
export function strideOf(name: string): StrideCategory | undefined {
  return STRIDE_BY_KEY.get(name.replace(/[\s_-]+/g, '').toLowerCase());
}

/**
 * TMT priority → likelihood and impact (1–5), chosen so that the Gatehouse severity
 * (likelihood × impact) lands on the same word: High 4 × 4 = 16 (high), Medium 3 × 3 = 9
 * (medium), Low 2 × 2 = 4 (low).
 */
export const PRIORITY_TABLE: ReadonlyMap<string, { likelihood: number; impact: number }> = new Map([
  ['high', { likelihood: 4, impact: 4 }],
  ['medium', { likelihood: 3, impact: 3 }],
  ['low', { likelihood: 2, impact: 2 }],
]);

/** TMT states that leave a threat open. */
export const OPEN_STATES: ReadonlySet<string> = new Set(['autogenerated', 'needsinvestigation']);

/**
 * TMT states that need a story or an approval here: they come in as investigating, with the
 * original state in the triage notes.
 */
export const DECIDED_STATES: ReadonlySet<string> = new Set(['mitigated', 'notapplicable']);

/** Threat fields the importer reads into the threat itself (the rest go to its description). */
export const THREAT_FIELDS = {
  title: 'Title',
  category: 'UserThreatCategory',
  shortDescription: 'UserThreatShortDescription',
  description: 'UserThreatDescription',
  justification: 'StateInformation',
  priority: 'Priority',
  /** The flow's name, as TMT shows it next to the threat: the flow is the threat's target. */
  interaction: 'InteractionString',
} as const;

/** Threat fields of Microsoft's Azure template kept in the description under these headings. */
export const DESCRIBED_THREAT_FIELDS: ReadonlyMap<string, string> = new Map([
  ['PossibleMitigations', 'Possible mitigations'],
  ['Steps', 'Steps'],
]);
