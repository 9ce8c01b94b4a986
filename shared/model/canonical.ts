/**
 * The canonical, diff-friendly serialization of a model (PRODUCT.md, "Names and files"): records
 * ordered by ID, keys in the schema's fixed order, two-space indentation, LF line endings, a final
 * newline, no volatile fields. Serializing the same model twice gives the same bytes.
 */
import { sha256Hex } from '../util/sha256';
import { ModelSchema, type Model } from './schema';

/** Models produced by the schema itself (see `markSchemaShaped`), never edited since: immutable. */
const schemaShaped = new WeakSet<Model>();

/** Records that `model` is the schema's own output (called by `modelFromTree`). */
export function markSchemaShaped(model: Model): Model {
  schemaShaped.add(model);
  return model;
}

function isSchemaShaped(model: Model): boolean {
  return schemaShaped.has(model);
}

/** Plain code-unit order: locale-independent, so every machine sorts alike. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareIds(key(a), key(b));
}

const sortedStrings = (values: readonly string[]): string[] => [...values].sort(compareIds);

/** Returns `model` with every record list in canonical order (set-like lists sorted too). */
export function canonicalOrder(model: Model): Model {
  return {
    ...model,
    diagrams: [...model.diagrams].sort(byKey((d) => d.id)),
    elements: [...model.elements].sort(byKey((e) => e.id)),
    flows: [...model.flows].sort(byKey((f) => f.id)),
    boundaries: model.boundaries
      .map((b) =>
        b.shape === 'line' ? { ...b, crossingFlowIds: sortedStrings(b.crossingFlowIds) } : b,
      )
      .sort(byKey((b) => b.id)),
    features: model.features
      .map((f) => ({ ...f, memberIds: sortedStrings(f.memberIds) }))
      .sort(byKey((f) => f.id)),
    rulePacks: [...model.rulePacks].sort(byKey((p) => p.id)),
    threats: model.threats
      .map((t) => ({
        ...t,
        mitigationStatuses: [...t.mitigationStatuses].sort(byKey((m) => m.mitigationId)),
      }))
      .sort(byKey((t) => t.threatId)),
    manualThreats: [...model.manualThreats].sort(byKey((t) => t.id)),
    suppressions: [...model.suppressions].sort(byKey((s) => s.id)),
    stories: model.stories
      .map((s) => ({ ...s, coveredThreatIds: sortedStrings(s.coveredThreatIds) }))
      .sort(byKey((s) => s.id)),
    workshop: {
      reviews: [...model.workshop.reviews].sort(byKey((r) => r.elementId)),
      questions: [...model.workshop.questions].sort(byKey((q) => q.id)),
    },
  };
}

/**
 * The file text. Parsing through the schema puts every key in the schema's order and fills
 * defaults, so hand-written and app-written files converge on the same bytes.
 */
export function serializeModel(model: Model): string {
  // A model fresh from the schema already has every key in schema order and every default
  // filled; only its record order needs fixing. Anything else (edited in code) goes through the
  // schema again.
  const ordered = isSchemaShaped(model)
    ? canonicalOrder(model)
    : ModelSchema.parse(canonicalOrder(model));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** SHA-256 (hex) of the canonical serialization: whitespace and line endings do not count. */
export function modelDigest(model: Model): string {
  return sha256Hex(serializeModel(model));
}
