/**
 * Rules as readable text, without a model: what a condition asks and which elements a scope
 * covers. The rule library shows these; explanations of a fired threat (with the values seen)
 * come from the compiled conditions instead (`conditions.ts`).
 */
import type { Condition, Scope } from './packSchema';

/** One line of a condition's text, indented by its depth in the condition tree. */
export interface ConditionLine {
  depth: number;
  text: string;
}

const OPERATOR_TEXT: Readonly<Record<string, string>> = {
  eq: 'is',
  ne: 'is not',
  in: 'is one of',
  notIn: 'is none of',
  atLeast: 'is at least',
  atMost: 'is at most',
};

function kindsText(kinds: readonly string[] | undefined): string {
  return kinds === undefined ? 'any kind' : kinds.join(' or ');
}

function leafText(condition: Condition): string {
  switch (condition.kind) {
    case 'property': {
      const what = `${condition.subject}: ${condition.property}`;
      if (condition.op === 'isUnknown') return `${what} is unknown`;
      if (condition.op === 'isKnown') return `${what} is known`;
      const wanted =
        condition.values !== undefined ? condition.values.join(', ') : (condition.value ?? '');
      return `${what} ${OPERATOR_TEXT[condition.op] ?? condition.op} ${wanted}`;
    }
    case 'elementKind':
      return `${condition.subject}: is a ${condition.in.join(' or ')}`;
    case 'tag':
      return `${condition.subject}: has the tag "${condition.tag}"`;
    case 'boundary': {
      const shape = condition.shape === 'any' ? 'boundary' : `${condition.shape} boundary`;
      return `the flow ${condition.relation} a ${shape} (${kindsText(condition.boundaryKinds)})`;
    }
    case 'inZone':
      return `${condition.subject}: is inside a zone (${kindsText(condition.boundaryKinds)})`;
    case 'reachableFromUntrusted':
      return `${condition.subject}: is reachable from an untrusted external entity${condition.includeUnknownTrust ? ' (or one of unknown trust)' : ''}`;
    case 'all':
      return 'all of';
    case 'any':
      return 'any of';
    case 'not':
      return 'not';
    case 'hasFlow': {
      const direction =
        condition.direction === 'any' ? 'a flow in or out' : `a flow ${condition.direction}`;
      return `element: has ${direction} where`;
    }
  }
}

/** The condition as indented lines: combinators on their own line, their parts below them. */
export function conditionLines(condition: Condition, depth = 0): ConditionLine[] {
  const lines: ConditionLine[] = [{ depth, text: leafText(condition) }];
  switch (condition.kind) {
    case 'all':
    case 'any':
      for (const part of condition.of) lines.push(...conditionLines(part, depth + 1));
      break;
    case 'not':
      lines.push(...conditionLines(condition.condition, depth + 1));
      break;
    case 'hasFlow':
      lines.push(...conditionLines(condition.where, depth + 1));
      break;
    default:
      break;
  }
  return lines;
}

/** What a scope evaluates: `element: process/dataStore`, `flow` or `interaction`. */
export function scopeText(scope: Scope): string {
  return scope.kind === 'element' ? `element: ${scope.elementKinds.join('/')}` : scope.kind;
}
