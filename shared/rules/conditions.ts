/**
 * Compiles conditions (a closed set of kinds, `packSchema.ts`) to functions, once per pack.
 * Each compiled condition has a fast `test` for analysis and an `explain` that records what was
 * seen, run only for rules that fired, so the explanation trace costs nothing on the hot path.
 */
import type { DirectedFlow, GraphFacts } from '../graph/graphFacts';
import type { Element, FlowProperties } from '../model/schema';
import {
  ORDERED_PROPERTIES,
  PROPERTY_OWNERS,
  type Condition,
  type PropertyName,
  type Subject,
} from './packSchema';

/** What a condition is evaluated against. */
export interface EvaluationContext {
  facts: GraphFacts;
  element?: Element;
  directed?: DirectedFlow;
  source?: Element;
  target?: Element;
}

/** One line of an explanation: what was checked, what was seen, whether it held. */
export interface TraceEntry {
  /** Nesting depth (0 = the rule's top-level condition). */
  depth: number;
  text: string;
  held: boolean;
}

export interface CompiledCondition {
  test(context: EvaluationContext): boolean;
  explain(context: EvaluationContext, trace: TraceEntry[], depth: number): boolean;
}

const FREE_TEXT: ReadonlySet<PropertyName> = new Set(['protocol', 'technology']);

/**
 * Free text compares trimmed and case-insensitively. Models repeat a handful of protocol and
 * technology names thousands of times, so normalized forms are memoized (bounded).
 */
const normalizedText = new Map<string, string>();
export function normalizeFreeText(value: string): string {
  let normalized = normalizedText.get(value);
  if (normalized === undefined) {
    normalized = value.trim().toLowerCase();
    if (normalizedText.size >= 10_000) normalizedText.clear();
    normalizedText.set(value, normalized);
  }
  return normalized;
}

function quote(name: string): string {
  return `"${name}"`;
}

/** A readable name for an element or flow in explanations and titles. */
export function displayName(item: { name: string; id: string }): string {
  return item.name.trim() === '' ? item.id : item.name;
}

/** The element or flow a subject names in this context. */
function subjectOf(
  context: EvaluationContext,
  subject: Subject,
): { name: string; id: string; tags: readonly string[] } | undefined {
  switch (subject) {
    case 'element':
      return context.element;
    case 'flow':
      return context.directed?.flow;
    case 'source':
      return context.source;
    case 'target':
      return context.target;
  }
}

function describeSubject(context: EvaluationContext, subject: Subject): string {
  const item = subjectOf(context, subject);
  return item ? `${subject} ${quote(displayName(item))}` : subject;
}

function compileProperty(condition: Extract<Condition, { kind: 'property' }>): CompiledCondition {
  const { subject, property, op } = condition;
  const owner = PROPERTY_OWNERS[property];
  const freeText = FREE_TEXT.has(property);
  const normalize = (value: string): string => (freeText ? normalizeFreeText(value) : value);
  const expected = condition.value === undefined ? undefined : normalize(condition.value);
  const expectedSet = new Set((condition.values ?? []).map(normalize));
  const scale = ORDERED_PROPERTIES[property];
  const rank = (value: string): number => (scale ? scale.indexOf(value) : -1);
  const expectedRank = expected === undefined ? -1 : rank(expected);

  // Readers and comparisons are specialized once per condition (not branched per evaluation):
  // analysis runs them hundreds of thousands of times on a large model.
  const readRaw: (context: EvaluationContext) => string | undefined =
    subject === 'flow'
      ? owner === 'flow'
        ? (context) =>
            context.directed?.flow.properties[property as keyof FlowProperties] as
              string | undefined
        : () => undefined
      : (() => {
          const pick =
            subject === 'element'
              ? (context: EvaluationContext) => context.element
              : subject === 'source'
                ? (context: EvaluationContext) => context.source
                : (context: EvaluationContext) => context.target;
          return (context: EvaluationContext) => {
            const element = pick(context);
            return element && element.kind === owner
              ? ((element.properties as Record<string, string>)[property] as string)
              : undefined;
          };
        })();
  const read = freeText
    ? (context: EvaluationContext): string | undefined => {
        const value = readRaw(context);
        return value === undefined ? undefined : normalize(value);
      }
    : readRaw;
  const unknownValue = freeText ? '' : 'unknown';
  const compare: (value: string | undefined) => boolean = (() => {
    // `undefined`: the subject's kind does not carry the property; no op holds then.
    switch (op) {
      case 'eq':
        return (value) => value !== undefined && value === expected;
      case 'ne':
        return (value) => value !== undefined && value !== expected;
      case 'in':
        return (value) => value !== undefined && expectedSet.has(value);
      case 'notIn':
        return (value) => value !== undefined && !expectedSet.has(value);
      case 'isUnknown':
        return (value) => value !== undefined && value === unknownValue;
      case 'isKnown':
        return (value) => value !== undefined && value !== unknownValue;
      case 'atLeast':
        return (value) => {
          const r = value === undefined ? -1 : rank(value);
          return r >= 0 && r >= expectedRank;
        };
      case 'atMost':
        return (value) => {
          const r = value === undefined ? -1 : rank(value);
          return r >= 0 && r <= expectedRank;
        };
    }
  })();
  const wanted = (): string => {
    switch (op) {
      case 'eq':
        return `is "${condition.value}"`;
      case 'ne':
        return `is not "${condition.value}"`;
      case 'in':
        return `is one of ${(condition.values ?? []).map(quote).join(', ')}`;
      case 'notIn':
        return `is none of ${(condition.values ?? []).map(quote).join(', ')}`;
      case 'isUnknown':
        return 'is not known';
      case 'isKnown':
        return 'is known';
      case 'atLeast':
        return `is at least "${condition.value}"`;
      case 'atMost':
        return `is at most "${condition.value}"`;
    }
  };
  return {
    test: (context) => compare(read(context)),
    explain(context, trace, depth) {
      const value = read(context);
      const held = compare(value);
      const seen =
        value === undefined
          ? 'not applicable to this kind'
          : freeText && value === ''
            ? 'not set'
            : `"${value}"`;
      trace.push({
        depth,
        held,
        text: `${describeSubject(context, subject)}: ${property} ${wanted()} (seen: ${seen})`,
      });
      return held;
    },
  };
}

const VERB = { crosses: 'cross', enters: 'enter', exits: 'exit' } as const;

function compileBoundary(condition: Extract<Condition, { kind: 'boundary' }>): CompiledCondition {
  const kinds = condition.boundaryKinds ? new Set<string>(condition.boundaryKinds) : undefined;
  const matches = (boundary: { boundaryKind: string }): boolean =>
    !kinds || kinds.has(boundary.boundaryKind);
  const relation = condition.relation;
  const candidates = (
    context: EvaluationContext,
  ): { name: string; id: string; boundaryKind: string; shape: string }[] => {
    const directed = context.directed;
    if (!directed) return [];
    const facts = context.facts.boundaryFacts(directed);
    const result = [];
    if (condition.shape !== 'line') {
      const zones =
        relation === 'crosses'
          ? facts.crossedZones
          : relation === 'enters'
            ? facts.enteredZones
            : facts.exitedZones;
      for (const zone of zones) result.push(zone);
    }
    if (condition.shape !== 'zone' && relation === 'crosses') {
      for (const line of facts.crossedLines) result.push(line);
    }
    return result;
  };
  const describeWanted = (): string => {
    const what =
      condition.shape === 'any'
        ? 'boundary'
        : condition.shape === 'zone'
          ? 'zone'
          : 'line boundary';
    const kindText = condition.boundaryKinds
      ? ` of kind ${condition.boundaryKinds.join(' or ')}`
      : '';
    return `${VERB[relation]} a ${what}${kindText}`;
  };
  return {
    test(context) {
      const directed = context.directed;
      if (!directed) return false;
      const facts = context.facts.boundaryFacts(directed);
      if (condition.shape !== 'line') {
        const zones =
          relation === 'crosses'
            ? facts.crossedZones
            : relation === 'enters'
              ? facts.enteredZones
              : facts.exitedZones;
        // Indexed loops in the rules' test paths: an unoptimized for-of allocates an iterator
        // result per step, and these run tens of thousands of times per analysis.
        for (let i = 0; i < zones.length; i++) if (matches(zones[i]!)) return true;
      }
      if (condition.shape !== 'zone' && relation === 'crosses') {
        const lines = facts.crossedLines;
        for (let i = 0; i < lines.length; i++) if (matches(lines[i]!)) return true;
      }
      return false;
    },
    explain(context, trace, depth) {
      const found = candidates(context).filter(matches);
      const held = found.length > 0;
      const seen = held
        ? found
            .map(
              (b) =>
                `${b.shape === 'line' ? 'line' : 'zone'} ${quote(displayName(b))} (${b.boundaryKind})`,
            )
            .join(', ')
        : 'none';
      trace.push({
        depth,
        held,
        text: `${describeSubject(context, 'flow')}: does ${describeWanted()} (seen: ${seen})`,
      });
      return held;
    },
  };
}

function compileInZone(condition: Extract<Condition, { kind: 'inZone' }>): CompiledCondition {
  const kinds = condition.boundaryKinds ? new Set<string>(condition.boundaryKinds) : undefined;
  const elementOf = (context: EvaluationContext): Element | undefined =>
    condition.subject === 'element'
      ? context.element
      : condition.subject === 'source'
        ? context.source
        : context.target;
  const zonesOf = (context: EvaluationContext) => {
    const element = elementOf(context);
    return element ? context.facts.zoneChain(element.id) : [];
  };
  return {
    test(context) {
      const element = elementOf(context);
      if (!element) return false;
      const zones = context.facts.zoneChain(element.id);
      for (let i = 0; i < zones.length; i++) {
        if (!kinds || kinds.has(zones[i]!.boundaryKind)) return true;
      }
      return false;
    },
    explain(context, trace, depth) {
      const zones = zonesOf(context);
      const held = zones.some((zone) => !kinds || kinds.has(zone.boundaryKind));
      const wanted = condition.boundaryKinds
        ? `a zone of kind ${condition.boundaryKinds.join(' or ')}`
        : 'a zone';
      const seen =
        zones.length === 0
          ? 'in no zone'
          : zones.map((z) => `${quote(displayName(z))} (${z.boundaryKind})`).join(' inside ');
      trace.push({
        depth,
        held,
        text: `${describeSubject(context, condition.subject)}: is inside ${wanted} (seen: ${seen})`,
      });
      return held;
    },
  };
}

function compileReach(
  condition: Extract<Condition, { kind: 'reachableFromUntrusted' }>,
): CompiledCondition {
  const lenient = condition.includeUnknownTrust;
  const idOf = (context: EvaluationContext): string | undefined => {
    switch (condition.subject) {
      case 'element':
        return context.element?.id;
      case 'flow':
        return context.directed?.sourceId;
      case 'source':
        return context.source?.id;
      case 'target':
        return context.target?.id;
    }
  };
  return {
    test(context) {
      const id = idOf(context);
      return id !== undefined && context.facts.reach(id, lenient) !== undefined;
    },
    explain(context, trace, depth) {
      const id = idOf(context);
      const reach = id === undefined ? undefined : context.facts.reach(id, lenient);
      const entity = reach ? context.facts.elementsById.get(reach.entityId) : undefined;
      const trustWord = lenient ? 'not known to be trusted' : 'known to be untrusted';
      const seen =
        reach && entity
          ? reach.hops === 0
            ? `it is the entity ${quote(displayName(entity))}, ${trustWord}`
            : `from ${quote(displayName(entity))} in ${reach.hops} hop${reach.hops === 1 ? '' : 's'}`
          : 'not reachable';
      trace.push({
        depth,
        held: reach !== undefined,
        text: `${describeSubject(context, condition.subject)}: is reachable from an external entity ${trustWord} (seen: ${seen})`,
      });
      return reach !== undefined;
    },
  };
}

function compileHasFlow(condition: Extract<Condition, { kind: 'hasFlow' }>): CompiledCondition {
  const where = compileCondition(condition.where);
  const flowsOf = (context: EvaluationContext): DirectedFlow[] => {
    const id = context.element?.id;
    if (id === undefined) return [];
    const incoming = condition.direction !== 'out' ? (context.facts.incoming.get(id) ?? []) : [];
    const outgoing = condition.direction !== 'in' ? (context.facts.outgoing.get(id) ?? []) : [];
    return [...incoming, ...outgoing];
  };
  const contextFor = (context: EvaluationContext, directed: DirectedFlow): EvaluationContext => ({
    facts: context.facts,
    element: context.element,
    directed,
    source: context.facts.elementsById.get(directed.sourceId),
    target: context.facts.elementsById.get(directed.targetId),
  });
  const wording =
    condition.direction === 'in'
      ? 'an incoming flow'
      : condition.direction === 'out'
        ? 'an outgoing flow'
        : 'a flow';
  const matchesAny = (
    context: EvaluationContext,
    flows: readonly DirectedFlow[] | undefined,
    inner: EvaluationContext,
  ): boolean => {
    if (!flows) return false;
    for (let i = 0; i < flows.length; i++) {
      const directed = flows[i]!;
      inner.directed = directed;
      inner.source = context.facts.elementsById.get(directed.sourceId);
      inner.target = context.facts.elementsById.get(directed.targetId);
      if (where.test(inner)) return true;
    }
    return false;
  };
  return {
    // The hot path: one scratch context per test, no merged lists (data stores read many flows).
    test(context) {
      const id = context.element?.id;
      if (id === undefined) return false;
      // Every field from the start: adding them one by one would change the object's shape.
      const inner: EvaluationContext = {
        facts: context.facts,
        element: context.element,
        directed: undefined,
        source: undefined,
        target: undefined,
      };
      return (
        (condition.direction !== 'out' &&
          matchesAny(context, context.facts.incoming.get(id), inner)) ||
        (condition.direction !== 'in' && matchesAny(context, context.facts.outgoing.get(id), inner))
      );
    },
    explain(context, trace, depth) {
      for (const directed of flowsOf(context)) {
        const inner = contextFor(context, directed);
        if (where.test(inner)) {
          trace.push({
            depth,
            held: true,
            text: `${describeSubject(context, 'element')}: has ${wording} where (seen: flow ${quote(displayName(directed.flow))})`,
          });
          where.explain(inner, trace, depth + 1);
          return true;
        }
      }
      trace.push({
        depth,
        held: false,
        text: `${describeSubject(context, 'element')}: has ${wording} matching the condition (seen: none)`,
      });
      return false;
    },
  };
}

/**
 * The normalized value of a property of a subject (free text trimmed and lower-cased), or
 * undefined when the subject is absent or its kind does not carry the property.
 */
export function readPropertyValue(
  context: EvaluationContext,
  subject: Subject,
  property: PropertyName,
): string | undefined {
  const owner = PROPERTY_OWNERS[property];
  let value: string | undefined;
  if (subject === 'flow') {
    if (owner !== 'flow') return undefined;
    value = context.directed?.flow.properties[property as keyof FlowProperties] as
      string | undefined;
  } else {
    const element =
      subject === 'element'
        ? context.element
        : subject === 'source'
          ? context.source
          : context.target;
    if (!element || element.kind !== owner) return undefined;
    value = (element.properties as Record<string, string>)[property];
  }
  return value !== undefined && FREE_TEXT.has(property) ? normalizeFreeText(value) : value;
}

/** A rough evaluation cost, to try cheap tests first inside `all` and `any`. */
function conditionCost(condition: Condition): number {
  switch (condition.kind) {
    case 'property':
    case 'elementKind':
      return 1;
    case 'tag':
    case 'inZone':
      return 2;
    case 'boundary':
    case 'reachableFromUntrusted':
      return 4;
    case 'hasFlow':
      return 20 + conditionCost(condition.where);
    case 'not':
      return conditionCost(condition.condition);
    case 'all':
    case 'any':
      return condition.of.reduce((sum, part) => sum + conditionCost(part), 0);
  }
}

/** Compiles a validated condition. */
export function compileCondition(condition: Condition): CompiledCondition {
  switch (condition.kind) {
    case 'property':
      return compileProperty(condition);
    case 'elementKind': {
      const kinds = new Set<string>(condition.in);
      const read = (context: EvaluationContext): Element | undefined =>
        condition.subject === 'element'
          ? context.element
          : condition.subject === 'source'
            ? context.source
            : context.target;
      return {
        test: (context) => {
          const element = read(context);
          return element !== undefined && kinds.has(element.kind);
        },
        explain(context, trace, depth) {
          const element = read(context);
          const held = element !== undefined && kinds.has(element.kind);
          trace.push({
            depth,
            held,
            text: `${describeSubject(context, condition.subject)}: is a ${condition.in.join(' or ')} (seen: ${element?.kind ?? 'none'})`,
          });
          return held;
        },
      };
    }
    case 'tag': {
      const tag = condition.tag.toLowerCase();
      const has = (context: EvaluationContext): boolean => {
        const tags = subjectOf(context, condition.subject)?.tags;
        if (!tags) return false;
        for (let i = 0; i < tags.length; i++) if (tags[i]!.toLowerCase() === tag) return true;
        return false;
      };
      return {
        test: has,
        explain(context, trace, depth) {
          const held = has(context);
          trace.push({
            depth,
            held,
            text: `${describeSubject(context, condition.subject)}: has the tag "${condition.tag}" (seen: ${held ? 'yes' : 'no'})`,
          });
          return held;
        },
      };
    }
    case 'boundary':
      return compileBoundary(condition);
    case 'inZone':
      return compileInZone(condition);
    case 'reachableFromUntrusted':
      return compileReach(condition);
    case 'hasFlow':
      return compileHasFlow(condition);
    case 'not': {
      const inner = compileCondition(condition.condition);
      return {
        test: (context) => !inner.test(context),
        explain(context, trace, depth) {
          const entry: TraceEntry = { depth, held: false, text: 'none of the following holds:' };
          trace.push(entry);
          entry.held = !inner.explain(context, trace, depth + 1);
          return entry.held;
        },
      };
    }
    case 'all':
    case 'any': {
      const parts = condition.of.map(compileCondition);
      // `test` tries cheap parts first (the result does not depend on the order); `explain`
      // keeps the author's order, which is how people read the rule.
      const byCost = condition.of
        .map((part, index) => ({ cost: conditionCost(part), part: parts[index]! }))
        .sort((a, b) => a.cost - b.cost)
        .map(({ part }) => part);
      const isAll = condition.kind === 'all';
      return {
        test: isAll
          ? (context) => {
              for (const part of byCost) if (!part.test(context)) return false;
              return true;
            }
          : (context) => {
              for (const part of byCost) if (part.test(context)) return true;
              return false;
            },
        explain(context, trace, depth) {
          const entry: TraceEntry = {
            depth,
            held: false,
            text: isAll ? 'all of the following hold:' : 'at least one of the following holds:',
          };
          trace.push(entry);
          const results = parts.map((part) => part.explain(context, trace, depth + 1));
          entry.held = isAll ? results.every(Boolean) : results.some(Boolean);
          return entry.held;
        },
      };
    }
  }
}
