/**
 * Manual threats: threats the team adds by hand (PRODUCT.md, "Analysis"). They join the register
 * like generated ones and are triaged the same way. Their ID is derived from the pseudo-pack
 * `manual`, a key the caller generates and the targets (`threatIdFor`), so it never changes while
 * the threat lives; the targets therefore cannot be edited (a different target is a different
 * threat).
 *
 * Every operation returns a model the schema and the reference checks accept: free text is
 * trimmed and cut to the schema's limits, scales are clamped to 1–5, mitigation IDs are
 * de-duplicated. What cannot be repaired (no title, an unknown target, an invalid key) is an
 * `InputError` whose message a user can read.
 */
import { InputError } from '../errors';
import { MANUAL_PACK_ID, threatIdFor } from '../ids';
import {
  IdSchema,
  type ManualThreat,
  type Model,
  type StrideCategory,
  type Target,
} from '../schema';

const TITLE_MAX = 500;
const DESCRIPTION_MAX = 20_000;
const MITIGATIONS_MAX = 50;
const TARGETS_MAX = 3;

export interface ManualThreatInput {
  /** A fresh ID (e.g. `manual-3fa9c01b2e`): with the targets it derives the threat ID. */
  key: string;
  category: StrideCategory;
  /** Role-ordered targets: `element`, or `flow`; empty for a model-level threat. */
  targets: readonly Target[];
  title: string;
  description?: string | undefined;
  likelihood?: number | undefined;
  impact?: number | undefined;
  mitigationIds?: readonly string[] | undefined;
}

export type ManualThreatPatch = Partial<
  Pick<ManualThreatInput, 'category' | 'title' | 'description' | 'likelihood' | 'impact'> & {
    mitigationIds: readonly string[];
  }
>;

function cleanTitle(title: string): string {
  const trimmed = title.trim().slice(0, TITLE_MAX);
  if (trimmed === '') throw new InputError('A threat needs a title.');
  return trimmed;
}

function cleanDescription(description: string): string {
  return description.trim().slice(0, DESCRIPTION_MAX);
}

/** A 1–5 scale value from any number (rounded, clamped); 3 when it is not a number. */
function cleanScale(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return 3;
  return Math.min(5, Math.max(1, Math.round(value)));
}

function cleanMitigations(ids: readonly string[]): string[] {
  const result: string[] = [];
  for (const id of ids) {
    if (result.length >= MITIGATIONS_MAX) break;
    if (IdSchema.safeParse(id).success && !result.includes(id)) result.push(id);
  }
  return result;
}

/**
 * The targets of a manual threat on one element or flow (`null`: a model-level threat, tied to
 * no element). Throws when the ID names neither an element nor a flow (a trust boundary cannot
 * carry a threat).
 */
export function manualThreatTargets(model: Model, itemId: string | null): Target[] {
  if (itemId === null) return [];
  if (model.elements.some((e) => e.id === itemId)) return [{ role: 'element', id: itemId }];
  if (model.flows.some((f) => f.id === itemId)) return [{ role: 'flow', id: itemId }];
  throw new InputError(
    `There is no element or flow "${itemId}" to attach the threat to (trust boundaries carry no threats).`,
  );
}

function checkTargets(model: Model, targets: readonly Target[]): Target[] {
  if (targets.length > TARGETS_MAX)
    throw new InputError(`A threat has at most ${TARGETS_MAX} targets.`);
  const elements = new Set(model.elements.map((e) => e.id));
  const flows = new Set(model.flows.map((f) => f.id));
  return targets.map((target) => {
    const known = target.role === 'flow' ? flows.has(target.id) : elements.has(target.id);
    if (!known) {
      throw new InputError(
        `There is no ${target.role === 'flow' ? 'flow' : 'element'} "${target.id}" in this model.`,
      );
    }
    return { role: target.role, id: target.id };
  });
}

/** Adds a manual threat and returns the new model. Throws `InputError` for what cannot be repaired. */
export function addManualThreat(model: Model, input: ManualThreatInput): Model {
  if (!IdSchema.safeParse(input.key).success)
    throw new InputError(`"${input.key}" cannot be a threat key (letters, digits, . _ : - only).`);
  const targets = checkTargets(model, input.targets);
  const id = threatIdFor(MANUAL_PACK_ID, input.key, targets);
  if (model.manualThreats.some((t) => t.id === id))
    throw new InputError(`The threat ${id} exists already: generate a new key.`);
  const threat: ManualThreat = {
    id,
    key: input.key,
    category: input.category,
    targets,
    title: cleanTitle(input.title),
    description: cleanDescription(input.description ?? ''),
    likelihood: cleanScale(input.likelihood),
    impact: cleanScale(input.impact),
    mitigationIds: cleanMitigations(input.mitigationIds ?? []),
    cwe: [],
    source: '',
  };
  return { ...model, manualThreats: [...model.manualThreats, threat] };
}

/**
 * Changes a manual threat's text, category, scores or mitigations. Returns the same model when
 * nothing changes or there is no such manual threat.
 */
export function updateManualThreat(model: Model, id: string, patch: ManualThreatPatch): Model {
  const threat = model.manualThreats.find((t) => t.id === id);
  if (!threat) return model;
  const next: ManualThreat = {
    ...threat,
    ...(patch.category !== undefined ? { category: patch.category } : {}),
    ...(patch.title !== undefined ? { title: cleanTitle(patch.title) } : {}),
    ...(patch.description !== undefined
      ? { description: cleanDescription(patch.description) }
      : {}),
    ...(patch.likelihood !== undefined ? { likelihood: cleanScale(patch.likelihood) } : {}),
    ...(patch.impact !== undefined ? { impact: cleanScale(patch.impact) } : {}),
    ...(patch.mitigationIds !== undefined
      ? { mitigationIds: cleanMitigations(patch.mitigationIds) }
      : {}),
  };
  if (JSON.stringify(next) === JSON.stringify(threat)) return model;
  return {
    ...model,
    manualThreats: model.manualThreats.map((t) => (t.id === id ? next : t)),
  };
}

/** Deletes a manual threat and its triage. Returns the same model when there is no such threat. */
export function deleteManualThreat(model: Model, id: string): Model {
  if (!model.manualThreats.some((t) => t.id === id)) return model;
  return {
    ...model,
    manualThreats: model.manualThreats.filter((t) => t.id !== id),
    threats: model.threats.filter((t) => t.threatId !== id),
  };
}
