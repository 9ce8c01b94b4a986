/**
 * The STRIDE rule engine: applies compiled rule packs to a whole model and yields threats with
 * stable IDs, role-ordered targets, rendered text, an explanation trace and a 5 × 5 score.
 * Output is deterministic: sorted by threat ID, independent of the order of records in the file.
 */
import { computeGraphFacts, type DirectedFlow, type GraphFacts } from '../graph/graphFacts';
import { threatIdFor } from '../model/ids';
import type { Element, Model, Severity, StrideCategory, Target } from '../model/schema';
import {
  compileCondition,
  displayName,
  type CompiledCondition,
  type EvaluationContext,
  type TraceEntry,
} from './conditions';
import type { Mitigation, Rule, RulePack } from './packSchema';
import { severityOf } from './scoring';

/** A threat found by a rule. */
export interface Threat {
  id: string;
  packId: string;
  ruleId: string;
  category: StrideCategory;
  targets: Target[];
  title: string;
  description: string;
  /** Why the rule fired: each condition checked, with the values seen. */
  explanation: TraceEntry[];
  likelihood: number;
  impact: number;
  score: number;
  severity: Severity;
  mitigations: string[];
  cwe: number[];
  capec: number[];
}

export interface CompiledRule {
  packId: string;
  rule: Rule;
  condition: CompiledCondition;
  unless: CompiledCondition | undefined;
  raise: { when: CompiledCondition; likelihood: number | undefined; impact: number | undefined }[];
}

/** Packs ready to run: rules compiled and bucketed by scope. */
export interface CompiledPacks {
  packs: readonly RulePack[];
  mitigationsById: ReadonlyMap<string, Mitigation>;
  elementRules: ReadonlyMap<Element['kind'], readonly CompiledRule[]>;
  flowRules: readonly CompiledRule[];
  interactionRules: readonly CompiledRule[];
}

/**
 * Compiles validated packs (see `loadRulePacks` for validation of a pack file). Packs listed
 * as disabled by a model are skipped at analysis time, not here.
 */
export function compilePacks(packs: readonly RulePack[]): CompiledPacks {
  const mitigationsById = new Map<string, Mitigation>();
  for (const pack of packs)
    for (const mitigation of pack.mitigations) mitigationsById.set(mitigation.id, mitigation);
  const elementRules = new Map<Element['kind'], CompiledRule[]>([
    ['process', []],
    ['dataStore', []],
    ['externalEntity', []],
  ]);
  const flowRules: CompiledRule[] = [];
  const interactionRules: CompiledRule[] = [];
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const compiled: CompiledRule = {
        packId: pack.id,
        rule,
        condition: compileCondition(rule.condition),
        unless: rule.unless ? compileCondition(rule.unless) : undefined,
        raise: rule.raise.map((raise) => ({
          when: compileCondition(raise.when),
          likelihood: raise.likelihood,
          impact: raise.impact,
        })),
      };
      if (rule.scope.kind === 'element')
        for (const kind of rule.scope.elementKinds) elementRules.get(kind)!.push(compiled);
      else if (rule.scope.kind === 'flow') flowRules.push(compiled);
      else interactionRules.push(compiled);
    }
  }
  return { packs, mitigationsById, elementRules, flowRules, interactionRules };
}

function renderTemplate(template: string, names: Record<string, string>): string {
  return template.replace(
    /\{(element|flow|source|target)\}/g,
    (match, key: string) => names[key] ?? match,
  );
}

function quoted(item: { name: string; id: string } | undefined): string {
  return item ? `"${displayName(item)}"` : '';
}

function buildThreat(
  compiled: CompiledRule,
  context: EvaluationContext,
  targets: Target[],
): Threat {
  const { rule } = compiled;
  const explanation: TraceEntry[] = [];
  compiled.condition.explain(context, explanation, 0);
  if (compiled.unless) {
    const entry: TraceEntry = {
      depth: 0,
      held: true,
      text: 'unless (this exception does not apply):',
    };
    explanation.push(entry);
    entry.held = !compiled.unless.explain(context, explanation, 1);
  }
  let likelihood = rule.likelihood;
  let impact = rule.impact;
  for (const raise of compiled.raise) {
    if (!raise.when.test(context)) continue;
    const raisesLikelihood = raise.likelihood !== undefined && raise.likelihood > likelihood;
    const raisesImpact = raise.impact !== undefined && raise.impact > impact;
    if (!raisesLikelihood && !raisesImpact) continue;
    const parts = [
      raisesLikelihood ? `likelihood to ${raise.likelihood}` : '',
      raisesImpact ? `impact to ${raise.impact}` : '',
    ].filter(Boolean);
    explanation.push({ depth: 0, held: true, text: `raised ${parts.join(' and ')} because:` });
    raise.when.explain(context, explanation, 1);
    if (raisesLikelihood) likelihood = raise.likelihood!;
    if (raisesImpact) impact = raise.impact!;
  }
  const names = {
    element: quoted(context.element),
    flow: quoted(context.directed?.flow),
    source: quoted(context.source),
    target: quoted(context.target),
  };
  const score = likelihood * impact;
  return {
    id: threatIdFor(compiled.packId, rule.id, targets),
    packId: compiled.packId,
    ruleId: rule.id,
    category: rule.category,
    targets,
    title: renderTemplate(rule.title, names),
    description: renderTemplate(rule.description, names),
    explanation,
    likelihood,
    impact,
    score,
    severity: severityOf(score),
    mitigations: [...rule.mitigations],
    cwe: [...rule.cwe],
    capec: [...rule.capec],
  };
}

function fires(compiled: CompiledRule, context: EvaluationContext): boolean {
  return compiled.condition.test(context) && !(compiled.unless?.test(context) ?? false);
}

function isEnabled(packId: string, disabled: ReadonlySet<string>): boolean {
  return !disabled.has(packId);
}

/** Packs the model switched off (`rulePacks[].enabled: false`). */
export function disabledPacks(model: Model): Set<string> {
  return new Set(model.rulePacks.filter((ref) => !ref.enabled).map((ref) => ref.id));
}

/** Threats of element-scope rules on one element. */
export function evaluateElement(
  element: Element,
  facts: GraphFacts,
  compiled: CompiledPacks,
  disabled: ReadonlySet<string>,
): Threat[] {
  const rules = compiled.elementRules.get(element.kind) ?? [];
  if (rules.length === 0) return [];
  const context: EvaluationContext = { facts, element };
  const threats: Threat[] = [];
  for (const rule of rules) {
    if (!isEnabled(rule.packId, disabled) || !fires(rule, context)) continue;
    threats.push(buildThreat(rule, context, [{ role: 'element', id: element.id }]));
  }
  return threats;
}

/** Threats of flow- and interaction-scope rules on one flow, in each direction it runs. */
export function evaluateFlow(
  directions: readonly DirectedFlow[],
  facts: GraphFacts,
  compiled: CompiledPacks,
  disabled: ReadonlySet<string>,
): Threat[] {
  const threats: Threat[] = [];
  const flowRuleFired = new Set<CompiledRule>();
  for (const directed of directions) {
    const source = facts.elementsById.get(directed.sourceId);
    const target = facts.elementsById.get(directed.targetId);
    if (!source || !target) continue;
    const context: EvaluationContext = { facts, directed, source, target };
    for (const rule of compiled.flowRules) {
      // A flow threat targets the flow alone: the first direction that fires reports it.
      if (flowRuleFired.has(rule) || !isEnabled(rule.packId, disabled) || !fires(rule, context))
        continue;
      flowRuleFired.add(rule);
      threats.push(buildThreat(rule, context, [{ role: 'flow', id: directed.flow.id }]));
    }
    for (const rule of compiled.interactionRules) {
      if (!isEnabled(rule.packId, disabled) || !fires(rule, context)) continue;
      threats.push(
        buildThreat(rule, context, [
          { role: 'source', id: source.id },
          { role: 'flow', id: directed.flow.id },
          { role: 'target', id: target.id },
        ]),
      );
    }
  }
  return threats;
}

export function compareThreats(a: Threat, b: Threat): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface AnalysisResult {
  /** All threats, sorted by ID. */
  threats: Threat[];
  facts: GraphFacts;
}

/** Whole-model analysis with the given packs. */
export function analyzeModel(
  model: Model,
  compiled: CompiledPacks,
  facts: GraphFacts = computeGraphFacts(model),
): AnalysisResult {
  const disabled = disabledPacks(model);
  const threats: Threat[] = [];
  for (const element of model.elements) {
    for (const threat of evaluateElement(element, facts, compiled, disabled)) threats.push(threat);
  }
  for (const flow of model.flows) {
    for (const threat of evaluateFlow(
      facts.directionsOf.get(flow.id) ?? [],
      facts,
      compiled,
      disabled,
    ))
      threats.push(threat);
  }
  threats.sort(compareThreats);
  return { threats, facts };
}
