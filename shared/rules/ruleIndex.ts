/**
 * An index that skips rules which cannot fire. Most rules require one property to have one of a
 * few values (`encryptedInTransit` is `no`, `authenticatesCallers` is not known, …). The index
 * groups rules by such a guard, reads each guarded property once per target, and hands out only
 * the rules whose guard the value satisfies, plus the rules without a guard. The full condition
 * is still evaluated: the guard only prunes, it never decides.
 */
import type { EvaluationContext } from './conditions';
import { readPropertyValue } from './conditions';
import type { CompiledRule } from './engine';
import { ORDERED_PROPERTIES, type Condition, type PropertyName, type Subject } from './packSchema';

interface Guard {
  subject: Subject;
  property: PropertyName;
  /** Normalized values for which the rule may fire. */
  values: readonly string[];
}

interface GuardGroup {
  subject: Subject;
  property: PropertyName;
  byValue: Map<string, CompiledRule[]>;
}

export interface RuleIndex {
  /** Every rule of the index (in pack order). */
  readonly rules: readonly CompiledRule[];
  readonly unguarded: readonly CompiledRule[];
  readonly groups: readonly GuardGroup[];
}

const FREE_TEXT = new Set<PropertyName>(['protocol', 'technology']);

/** The values a property condition accepts, when they can be listed; undefined otherwise. */
function acceptedValues(condition: Extract<Condition, { kind: 'property' }>): string[] | undefined {
  const freeText = FREE_TEXT.has(condition.property);
  const normalize = (value: string): string => (freeText ? value.trim().toLowerCase() : value);
  const scale = ORDERED_PROPERTIES[condition.property];
  switch (condition.op) {
    case 'eq':
      return [normalize(condition.value!)];
    case 'in':
      return condition.values!.map(normalize);
    case 'isUnknown':
      return [freeText ? '' : 'unknown'];
    case 'atLeast':
      return scale ? scale.slice(scale.indexOf(condition.value!)) : undefined;
    case 'atMost':
      return scale ? scale.slice(0, scale.indexOf(condition.value!) + 1) : undefined;
    default:
      return undefined;
  }
}

/** A property requirement that must hold for `condition` to hold, if one is obvious. */
function findGuard(condition: Condition, readable: ReadonlySet<Subject>): Guard | undefined {
  const candidates = condition.kind === 'all' ? condition.of : [condition];
  let best: Guard | undefined;
  for (const part of candidates) {
    if (part.kind !== 'property' || !readable.has(part.subject)) continue;
    const values = acceptedValues(part);
    if (!values || values.length === 0) continue;
    if (!best || values.length < best.values.length)
      best = { subject: part.subject, property: part.property, values };
  }
  return best;
}

export function buildRuleIndex(
  rules: readonly CompiledRule[],
  readable: readonly Subject[],
): RuleIndex {
  const readableSet = new Set(readable);
  const unguarded: CompiledRule[] = [];
  const groups = new Map<string, GuardGroup>();
  for (const rule of rules) {
    const guard = findGuard(rule.rule.condition, readableSet);
    if (!guard) {
      unguarded.push(rule);
      continue;
    }
    const key = `${guard.subject}.${guard.property}`;
    let group = groups.get(key);
    if (!group) {
      group = { subject: guard.subject, property: guard.property, byValue: new Map() };
      groups.set(key, group);
    }
    // A value listed twice (`in: ["HTTP", "http"]`) must not hand out the rule twice.
    for (const value of new Set(guard.values)) {
      const list = group.byValue.get(value);
      if (list) list.push(rule);
      else group.byValue.set(value, [rule]);
    }
  }
  return { rules, unguarded, groups: [...groups.values()] };
}

const scratch: CompiledRule[] = [];

/**
 * The rules of the index that may fire in `context`. Returns a shared scratch list, valid until
 * the next call (analysis is synchronous and never nests calls), so the hot loop allocates
 * nothing.
 */
export function candidateRules(
  index: RuleIndex,
  context: EvaluationContext,
): readonly CompiledRule[] {
  scratch.length = 0;
  // Indexed loops: this runs once per element and flow direction of every analysis.
  const { unguarded, groups } = index;
  for (let i = 0; i < unguarded.length; i++) scratch.push(unguarded[i]!);
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const value = readPropertyValue(context, group.subject, group.property);
    if (value === undefined) continue;
    const rules = group.byValue.get(value);
    if (rules) for (let i = 0; i < rules.length; i++) scratch.push(rules[i]!);
  }
  return scratch;
}
