/**
 * Re-analysis as the user edits. A session keeps the last result and, when the new document
 * differs from the last one only in properties, names, tags or descriptions of elements and
 * flows (the common edit), re-evaluates just the targets those changes can affect. Anything
 * structural (elements or flows added, removed, moved between zones, reconnected; boundaries;
 * packs switched) falls back to a whole-model analysis. Either way the result equals a fresh
 * `analyzeModel` — a property test checks exactly that.
 */
import { computeGraphFacts, type IncrementalGraphFacts } from '../graph/graphFacts';
import type { Element, Flow, Model } from '../model/schema';
import {
  analyzeModel,
  compareThreats,
  disabledPacks,
  evaluateElement,
  evaluateFlow,
  type AnalysisResult,
  type CompiledPacks,
  type Threat,
} from './engine';

export interface SessionResult extends AnalysisResult {
  /** How the result was obtained, and how many targets were evaluated (for benchmarks). */
  mode: 'full' | 'incremental' | 'unchanged';
  evaluatedTargets: number;
}

interface SessionState {
  model: Model;
  facts: IncrementalGraphFacts;
  threats: Threat[];
  byElement: Map<string, Threat[]>;
  byFlow: Map<string, Threat[]>;
}

interface PropertyChanges {
  elements: Element[];
  flows: Flow[];
}

/** The element and flow edits between two documents, or undefined when the change is structural. */
function propertyChanges(before: Model, after: Model): PropertyChanges | undefined {
  if (before.boundaries !== after.boundaries || before.rulePacks !== after.rulePacks)
    return undefined;
  if (
    before.elements.length !== after.elements.length ||
    before.flows.length !== after.flows.length
  )
    return undefined;
  const elements: Element[] = [];
  for (let i = 0; i < after.elements.length; i++) {
    const next = after.elements[i]!;
    const previous = before.elements[i]!;
    if (next === previous) continue;
    if (
      next.id !== previous.id ||
      next.kind !== previous.kind ||
      next.zoneId !== previous.zoneId ||
      next.diagramId !== previous.diagramId
    )
      return undefined;
    // An entity's name appears in the reachability explanation of everything it reaches.
    if (next.kind === 'externalEntity' && next.name !== previous.name) return undefined;
    elements.push(next);
  }
  const flows: Flow[] = [];
  for (let i = 0; i < after.flows.length; i++) {
    const next = after.flows[i]!;
    const previous = before.flows[i]!;
    if (next === previous) continue;
    if (
      next.id !== previous.id ||
      next.sourceId !== previous.sourceId ||
      next.targetId !== previous.targetId ||
      next.bidirectional !== previous.bidirectional ||
      next.diagramId !== previous.diagramId
    ) {
      return undefined;
    }
    flows.push(next);
  }
  return { elements, flows };
}

function groupThreats(threats: readonly Threat[]): {
  byElement: Map<string, Threat[]>;
  byFlow: Map<string, Threat[]>;
} {
  const byElement = new Map<string, Threat[]>();
  const byFlow = new Map<string, Threat[]>();
  for (const threat of threats) {
    const flowTarget = threat.targets.find((target) => target.role === 'flow');
    const [map, key] = flowTarget ? [byFlow, flowTarget.id] : [byElement, threat.targets[0]!.id];
    const list = map.get(key);
    if (list) list.push(threat);
    else map.set(key, [threat]);
  }
  return { byElement, byFlow };
}

/** Merges two lists sorted by threat ID. */
function mergeSorted(a: readonly Threat[], b: readonly Threat[]): Threat[] {
  const result: Threat[] = new Array<Threat>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length)
    result[k++] = compareThreats(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) result[k++] = a[i++]!;
  while (j < b.length) result[k++] = b[j++]!;
  return result;
}

export interface AnalysisSession {
  update(model: Model): SessionResult;
}

export function createAnalysisSession(compiled: CompiledPacks): AnalysisSession {
  let state: SessionState | undefined;

  const full = (model: Model): SessionResult => {
    const facts = computeGraphFacts(model);
    const { threats } = analyzeModel(model, compiled, facts);
    state = { model, facts, threats, ...groupThreats(threats) };
    return {
      threats,
      facts,
      mode: 'full',
      evaluatedTargets: model.elements.length + model.flows.length,
    };
  };

  return {
    update(model) {
      if (!state) return full(model);
      if (model === state.model)
        return {
          threats: state.threats,
          facts: state.facts,
          mode: 'unchanged',
          evaluatedTargets: 0,
        };
      const changes = propertyChanges(state.model, model);
      if (!changes) return full(model);

      const previousFacts = state.facts;
      const facts = previousFacts.withPropertyChanges(model, changes.elements, changes.flows);
      const dirtyElements = new Set<string>();
      const dirtyFlows = new Set<string>();
      const touchElement = (id: string): void => {
        dirtyElements.add(id);
        // Interaction threats read both ends; element rules read their incident flows (hasFlow).
        for (const directed of facts.outgoing.get(id) ?? []) {
          dirtyFlows.add(directed.flow.id);
          dirtyElements.add(directed.targetId);
        }
        for (const directed of facts.incoming.get(id) ?? []) {
          dirtyFlows.add(directed.flow.id);
          dirtyElements.add(directed.sourceId);
        }
      };
      for (const element of changes.elements) touchElement(element.id);
      for (const flow of changes.flows) {
        dirtyFlows.add(flow.id);
        dirtyElements.add(flow.sourceId);
        dirtyElements.add(flow.targetId);
      }
      const trustChanged = changes.elements.some((element) => {
        const before = previousFacts.elementsById.get(element.id);
        return (
          element.kind === 'externalEntity' &&
          before?.kind === 'externalEntity' &&
          before.properties.trusted !== element.properties.trusted
        );
      });
      if (trustChanged) {
        // A trust change moves reachability: every element whose reach changed is dirty.
        const [strictBefore, lenientBefore] = previousFacts.reachMaps();
        const [strictAfter, lenientAfter] = facts.reachMaps();
        for (const element of model.elements) {
          const id = element.id;
          const before = [strictBefore.get(id), lenientBefore.get(id)];
          const after = [strictAfter.get(id), lenientAfter.get(id)];
          if (
            before.some(
              (reach, index) =>
                reach?.entityId !== after[index]?.entityId || reach?.hops !== after[index]?.hops,
            )
          ) {
            touchElement(id);
          }
        }
      }

      const disabled = disabledPacks(model);
      const removed = new Set<Threat>();
      const added: Threat[] = [];
      const byElement = new Map(state.byElement);
      const byFlow = new Map(state.byFlow);
      for (const id of dirtyElements) {
        const element = facts.elementsById.get(id);
        for (const threat of byElement.get(id) ?? []) removed.add(threat);
        const threats = element ? evaluateElement(element, facts, compiled, disabled) : [];
        if (threats.length > 0) byElement.set(id, threats);
        else byElement.delete(id);
        added.push(...threats);
      }
      for (const id of dirtyFlows) {
        for (const threat of byFlow.get(id) ?? []) removed.add(threat);
        const threats = evaluateFlow(facts.directionsOf.get(id) ?? [], facts, compiled, disabled);
        if (threats.length > 0) byFlow.set(id, threats);
        else byFlow.delete(id);
        added.push(...threats);
      }
      const kept =
        removed.size === 0 ? state.threats : state.threats.filter((threat) => !removed.has(threat));
      const threats = mergeSorted(kept, added.sort(compareThreats));
      state = { model, facts, threats, byElement, byFlow };
      return {
        threats,
        facts,
        mode: 'incremental',
        evaluatedTargets: dirtyElements.size + dirtyFlows.size,
      };
    },
  };
}
