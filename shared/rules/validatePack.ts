/**
 * What the zod schema of a rule pack cannot say: which subjects a scope may read, which
 * properties a subject carries, whether a value fits its property, duplicate IDs, and whether
 * every referenced mitigation exists. Problems come with their JSON path inside the pack.
 */
import type { InputIssue, PathSegment } from '../model/errors';
import { DATA_CLASSIFICATIONS, PRIVILEGE_LEVELS, type ElementKind } from '../model/schema';
import {
  PROPERTY_OWNERS,
  type Condition,
  type Mitigation,
  type PropertyName,
  type Rule,
  type RulePack,
  type Subject,
} from './packSchema';

const TRI = ['yes', 'no', 'unknown'];
/** Allowed values per enumerated property (free-text properties accept any value). */
const PROPERTY_VALUES: Partial<Record<PropertyName, readonly string[]>> = {
  internetFacing: TRI,
  authenticatesCallers: TRI,
  handlesUntrustedInput: TRI,
  privilegeLevel: [...PRIVILEGE_LEVELS, 'unknown'],
  encryptedAtRest: TRI,
  holdsPii: TRI,
  holdsCredentials: TRI,
  holdsSecrets: TRI,
  auditLogging: TRI,
  backups: TRI,
  entityKind: ['human', 'system', 'unknown'],
  trusted: TRI,
  encryptedInTransit: TRI,
  authenticated: TRI,
  dataClassification: [...DATA_CLASSIFICATIONS, 'unknown'],
  carriesCredentials: TRI,
};

interface ScopeView {
  /** Subjects readable here, with the element kinds each may have. */
  subjects: Partial<Record<Subject, readonly (ElementKind | 'flow')[]>>;
  /** Whether boundary conditions (which need a flow) are allowed. */
  hasFlow: boolean;
}

const ANY_ELEMENT: readonly ElementKind[] = ['process', 'dataStore', 'externalEntity'];

function scopeView(rule: Rule): ScopeView {
  if (rule.scope.kind === 'element')
    return { subjects: { element: rule.scope.elementKinds }, hasFlow: false };
  if (rule.scope.kind === 'flow') return { subjects: { flow: ['flow'] }, hasFlow: true };
  return { subjects: { flow: ['flow'], source: ANY_ELEMENT, target: ANY_ELEMENT }, hasFlow: true };
}

function checkCondition(
  condition: Condition,
  view: ScopeView,
  path: PathSegment[],
  issues: InputIssue[],
): void {
  const needSubject = (subject: Subject): readonly (ElementKind | 'flow')[] | undefined => {
    const kinds = view.subjects[subject];
    if (!kinds)
      issues.push({
        path: [...path, 'subject'],
        message: `"${subject}" cannot be read in this scope`,
      });
    return kinds;
  };
  switch (condition.kind) {
    case 'property': {
      const kinds = needSubject(condition.subject);
      const owner = PROPERTY_OWNERS[condition.property];
      if (kinds && !kinds.includes(owner)) {
        issues.push({
          path: [...path, 'property'],
          message: `"${condition.property}" belongs to ${owner}, which the subject "${condition.subject}" cannot be here`,
        });
      }
      const needsValue = ['eq', 'ne', 'atLeast', 'atMost'].includes(condition.op);
      const needsValues = ['in', 'notIn'].includes(condition.op);
      if (needsValue !== (condition.value !== undefined)) {
        issues.push({
          path: [...path, 'value'],
          message: needsValue
            ? `"${condition.op}" needs a value`
            : `"${condition.op}" takes no value`,
        });
      }
      if (needsValues !== (condition.values !== undefined)) {
        issues.push({
          path: [...path, 'values'],
          message: needsValues
            ? `"${condition.op}" needs values`
            : `"${condition.op}" takes no values`,
        });
      }
      if (
        (condition.op === 'atLeast' || condition.op === 'atMost') &&
        !['dataClassification', 'privilegeLevel'].includes(condition.property)
      ) {
        issues.push({
          path: [...path, 'op'],
          message: `"${condition.property}" has no order; use eq or in`,
        });
      }
      if (
        (condition.op === 'atLeast' || condition.op === 'atMost') &&
        condition.value === 'unknown'
      ) {
        issues.push({
          path: [...path, 'value'],
          message: `"unknown" is not a point on the scale; use isUnknown`,
        });
      }
      const allowed = PROPERTY_VALUES[condition.property];
      if (allowed) {
        const check = (value: string, at: PathSegment[]): void => {
          if (!allowed.includes(value))
            issues.push({
              path: at,
              message: `"${value}" is not a value of ${condition.property} (${allowed.join(', ')})`,
            });
        };
        if (condition.value !== undefined) check(condition.value, [...path, 'value']);
        condition.values?.forEach((value, index) => check(value, [...path, 'values', index]));
      }
      return;
    }
    case 'elementKind':
    case 'inZone':
    case 'tag':
    case 'reachableFromUntrusted':
      needSubject(condition.subject);
      return;
    case 'boundary':
      if (!view.hasFlow)
        issues.push({
          path,
          message:
            'boundary conditions need a flow: use them in flow or interaction scope, or inside hasFlow',
        });
      if (condition.shape === 'line' && condition.relation !== 'crosses') {
        issues.push({
          path: [...path, 'relation'],
          message: 'a line boundary is only crossed, never entered or exited',
        });
      }
      return;
    case 'hasFlow': {
      if (view.hasFlow || !view.subjects.element) {
        issues.push({ path, message: 'hasFlow is for element scope' });
        return;
      }
      const inner: ScopeView = {
        subjects: {
          element: view.subjects.element,
          flow: ['flow'],
          source: ANY_ELEMENT,
          target: ANY_ELEMENT,
        },
        hasFlow: true,
      };
      checkCondition(condition.where, inner, [...path, 'where'], issues);
      return;
    }
    case 'not':
      checkCondition(condition.condition, view, [...path, 'condition'], issues);
      return;
    case 'all':
    case 'any':
      condition.of.forEach((part, index) =>
        checkCondition(part, view, [...path, 'of', index], issues),
      );
      return;
  }
}

const PLACEHOLDERS: Record<Rule['scope']['kind'], readonly string[]> = {
  element: ['element'],
  flow: ['flow', 'source', 'target'],
  interaction: ['flow', 'source', 'target'],
};

/**
 * Problems of one pack, given the mitigations available from every loaded pack (a pack may
 * reference another's catalogue, e.g. the built-in one).
 */
export function findPackIssues(
  pack: RulePack,
  availableMitigations: ReadonlyMap<string, Mitigation>,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const ruleIds = new Set<string>();
  pack.rules.forEach((rule, index) => {
    const path: PathSegment[] = ['rules', index];
    if (ruleIds.has(rule.id))
      issues.push({ path: [...path, 'id'], message: `duplicate rule ID "${rule.id}"` });
    ruleIds.add(rule.id);
    const view = scopeView(rule);
    checkCondition(rule.condition, view, [...path, 'condition'], issues);
    if (rule.unless) checkCondition(rule.unless, view, [...path, 'unless'], issues);
    rule.raise.forEach((raise, raiseIndex) => {
      checkCondition(raise.when, view, [...path, 'raise', raiseIndex, 'when'], issues);
      if (raise.likelihood === undefined && raise.impact === undefined) {
        issues.push({
          path: [...path, 'raise', raiseIndex],
          message: 'a raise needs a likelihood or an impact',
        });
      }
    });
    for (const field of ['title', 'description'] as const) {
      for (const match of rule[field].matchAll(/\{([a-z]+)\}/g)) {
        if (!PLACEHOLDERS[rule.scope.kind].includes(match[1]!)) {
          issues.push({
            path: [...path, field],
            message: `{${match[1]}} is not available in ${rule.scope.kind} scope`,
          });
        }
      }
    }
    rule.mitigations.forEach((id, mitigationIndex) => {
      if (!availableMitigations.has(id))
        issues.push({
          path: [...path, 'mitigations', mitigationIndex],
          message: `no mitigation "${id}" in the loaded catalogues`,
        });
    });
  });
  const mitigationIds = new Set<string>();
  pack.mitigations.forEach((mitigation, index) => {
    if (mitigationIds.has(mitigation.id))
      issues.push({
        path: ['mitigations', index, 'id'],
        message: `duplicate mitigation ID "${mitigation.id}"`,
      });
    mitigationIds.add(mitigation.id);
    mitigation.acceptanceCriteria.forEach((criterion, criterionIndex) => {
      if (!mitigation.asvs.includes(criterion.asvs)) {
        issues.push({
          path: ['mitigations', index, 'acceptanceCriteria', criterionIndex, 'asvs'],
          message: `"${criterion.asvs}" is not among the mitigation's ASVS references`,
        });
      }
    });
  });
  return issues;
}
