/**
 * The STRIDE rule engine: applies compiled rule packs to a whole model and yields threats with
 * stable IDs, role-ordered targets, rendered text, an explanation trace and a 5 × 5 score.
 * Output is deterministic: sorted by threat ID, independent of the order of records in the file.
 */
import { compareIds, sortById } from '../util/sortById';
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
import { buildRuleIndex, candidateRules, type RuleIndex } from './ruleIndex';
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
  elementRules: ReadonlyMap<Element['kind'], RuleIndex>;
  flowRules: RuleIndex;
  interactionRules: RuleIndex;
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
        for (const kind of new Set(rule.scope.elementKinds)) elementRules.get(kind)!.push(compiled);
      else if (rule.scope.kind === 'flow') flowRules.push(compiled);
      else interactionRules.push(compiled);
    }
  }
  const flowSubjects = ['flow', 'source', 'target'] as const;
  return {
    packs,
    mitigationsById,
    elementRules: new Map(
      [...elementRules].map(([kind, rules]) => [kind, buildRuleIndex(rules, ['element'])]),
    ),
    flowRules: buildRuleIndex(flowRules, ['flow']),
    interactionRules: buildRuleIndex(interactionRules, flowSubjects),
  };
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

/**
 * A threat found by a rule. What decides the threat — ID, targets, score — is computed when it
 * is found; its text and explanation trace are rendered on first access. A whole-model analysis
 * finds tens of thousands of threats while a person reads a handful, so rendering them all up
 * front would cost more than finding them. `toJSON` materializes everything; copy the text
 * fields explicitly (a spread copies only the eager fields).
 */
class RuleThreat implements Threat {
  readonly id: string;
  readonly packId: string;
  readonly ruleId: string;
  readonly category: StrideCategory;
  readonly targets: Target[];
  readonly likelihood: number;
  readonly impact: number;
  readonly score: number;
  readonly severity: Severity;
  readonly mitigations: string[];
  readonly cwe: number[];
  readonly capec: number[];
  #compiled: CompiledRule;
  #context: EvaluationContext;
  #applied: CompiledRule['raise'];
  #names: Record<string, string> | undefined;
  #title: string | undefined;
  #description: string | undefined;
  #explanation: TraceEntry[] | undefined;

  constructor(
    compiled: CompiledRule,
    context: EvaluationContext,
    targets: Target[],
    likelihood: number,
    impact: number,
    applied: CompiledRule['raise'],
  ) {
    const { rule } = compiled;
    this.id = threatIdFor(compiled.packId, rule.id, targets);
    this.packId = compiled.packId;
    this.ruleId = rule.id;
    this.category = rule.category;
    this.targets = targets;
    this.likelihood = likelihood;
    this.impact = impact;
    this.score = likelihood * impact;
    this.severity = severityOf(this.score);
    this.mitigations = rule.mitigations;
    this.cwe = rule.cwe;
    this.capec = rule.capec;
    this.#compiled = compiled;
    this.#context = context;
    this.#applied = applied;
  }

  #namesOf(): Record<string, string> {
    const context = this.#context;
    return (this.#names ??= {
      element: quoted(context.element),
      flow: quoted(context.directed?.flow),
      source: quoted(context.source),
      target: quoted(context.target),
    });
  }

  get title(): string {
    return (this.#title ??= renderTemplate(this.#compiled.rule.title, this.#namesOf()));
  }

  get description(): string {
    return (this.#description ??= renderTemplate(this.#compiled.rule.description, this.#namesOf()));
  }

  get explanation(): TraceEntry[] {
    return (this.#explanation ??= explainThreat(this.#compiled, this.#context, this.#applied));
  }

  toJSON(): Omit<Threat, never> {
    return {
      id: this.id,
      packId: this.packId,
      ruleId: this.ruleId,
      category: this.category,
      targets: this.targets,
      title: this.title,
      description: this.description,
      explanation: this.explanation,
      likelihood: this.likelihood,
      impact: this.impact,
      score: this.score,
      severity: this.severity,
      mitigations: this.mitigations,
      cwe: this.cwe,
      capec: this.capec,
    };
  }
}

const NO_RAISE: CompiledRule['raise'] = [];

function buildThreat(
  compiled: CompiledRule,
  context: EvaluationContext,
  targets: Target[],
): Threat {
  const { rule } = compiled;
  let likelihood = rule.likelihood;
  let impact = rule.impact;
  let applied = NO_RAISE;
  for (const raise of compiled.raise) {
    if (!raise.when.test(context)) continue;
    const raisesLikelihood = raise.likelihood !== undefined && raise.likelihood > likelihood;
    const raisesImpact = raise.impact !== undefined && raise.impact > impact;
    if (!raisesLikelihood && !raisesImpact) continue;
    if (applied === NO_RAISE) applied = [];
    applied.push({
      when: raise.when,
      likelihood: raisesLikelihood ? raise.likelihood : undefined,
      impact: raisesImpact ? raise.impact : undefined,
    });
    if (raisesLikelihood) likelihood = raise.likelihood!;
    if (raisesImpact) impact = raise.impact!;
  }
  return new RuleThreat(compiled, context, targets, likelihood, impact, applied);
}

/** The trace: each condition with the values seen, the exception, and what raised the score. */
function explainThreat(
  compiled: CompiledRule,
  context: EvaluationContext,
  applied: CompiledRule['raise'],
): TraceEntry[] {
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
  for (const raise of applied) {
    const parts = [
      raise.likelihood !== undefined ? `likelihood to ${raise.likelihood}` : '',
      raise.impact !== undefined ? `impact to ${raise.impact}` : '',
    ].filter(Boolean);
    explanation.push({ depth: 0, held: true, text: `raised ${parts.join(' and ')} because:` });
    raise.when.explain(context, explanation, 1);
  }
  return explanation;
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

/**
 * An evaluation context with all five fields, in one order: element and flow contexts (and
 * `hasFlow`'s inner one) then share one object shape, so the conditions read them through
 * monomorphic property loads.
 */
function contextOf(
  facts: GraphFacts,
  element: Element | undefined,
  directed: DirectedFlow | undefined,
  source: Element | undefined,
  target: Element | undefined,
): EvaluationContext {
  return { facts, element, directed, source, target };
}

/** Threats of element-scope rules on one element. */
export function evaluateElement(
  element: Element,
  facts: GraphFacts,
  compiled: CompiledPacks,
  disabled: ReadonlySet<string>,
  into: Threat[] = [],
): Threat[] {
  const index = compiled.elementRules.get(element.kind);
  if (!index || index.rules.length === 0) return into;
  const context = contextOf(facts, element, undefined, undefined, undefined);
  const rules = candidateRules(index, context);
  // One targets list per element, shared by its threats (threats are read-only).
  let targets: Target[] | undefined;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!isEnabled(rule.packId, disabled) || !fires(rule, context)) continue;
    targets ??= [{ role: 'element', id: element.id }];
    into.push(buildThreat(rule, context, targets));
  }
  return into;
}

/** Threats of flow- and interaction-scope rules on one flow, in each direction it runs. */
export function evaluateFlow(
  directions: readonly DirectedFlow[],
  facts: GraphFacts,
  compiled: CompiledPacks,
  disabled: ReadonlySet<string>,
  into: Threat[] = [],
): Threat[] {
  const flowRuleFired = directions.length > 1 ? new Set<CompiledRule>() : undefined;
  let flowTargets: Target[] | undefined;
  for (const directed of directions) {
    const source = facts.elementsById.get(directed.sourceId);
    const target = facts.elementsById.get(directed.targetId);
    if (!source || !target) continue;
    const context = contextOf(facts, undefined, directed, source, target);
    const flowRules = candidateRules(compiled.flowRules, context);
    for (let i = 0; i < flowRules.length; i++) {
      const rule = flowRules[i]!;
      // A flow threat targets the flow alone: the first direction that fires reports it.
      if (flowRuleFired?.has(rule) || !isEnabled(rule.packId, disabled) || !fires(rule, context))
        continue;
      flowRuleFired?.add(rule);
      flowTargets ??= [{ role: 'flow', id: directed.flow.id }];
      into.push(buildThreat(rule, context, flowTargets));
    }
    let interactionTargets: Target[] | undefined;
    const interactionRules = candidateRules(compiled.interactionRules, context);
    for (let i = 0; i < interactionRules.length; i++) {
      const rule = interactionRules[i]!;
      if (!isEnabled(rule.packId, disabled) || !fires(rule, context)) continue;
      interactionTargets ??= [
        { role: 'source', id: source.id },
        { role: 'flow', id: directed.flow.id },
        { role: 'target', id: target.id },
      ];
      into.push(buildThreat(rule, context, interactionTargets));
    }
  }
  return into;
}

export function compareThreats(a: Threat, b: Threat): number {
  return compareIds(a, b);
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
  for (const element of model.elements)
    evaluateElement(element, facts, compiled, disabled, threats);
  for (const flow of model.flows) {
    evaluateFlow(facts.directionsOf.get(flow.id) ?? [], facts, compiled, disabled, threats);
  }
  return { threats: sortById(threats), facts };
}
