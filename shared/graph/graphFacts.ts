/**
 * Pure graph facts of a model, in time near-linear in its size: zone membership (with nesting),
 * which zones each directed flow crosses / enters / exits, which line boundaries it crosses,
 * and reachability from untrusted external entities.
 *
 * Threat Dragon recomputes boundary crossings geometrically for every boundary × flow × element
 * on each save; here membership is explicit (`element.zoneId`, `zone.parentId`), so a flow's
 * facts are the symmetric difference of its two ends' zone chains — a few steps per flow.
 */
import type { Element, Flow, LineBoundary, Model, Zone } from '../model/schema';

/** One direction of a flow: a bidirectional flow yields two. */
export interface DirectedFlow {
  flow: Flow;
  sourceId: string;
  targetId: string;
  reversed: boolean;
  /**
   * Cache of `boundaryFacts` for this direction. It stays valid while zones and element zones do
   * (a property edit copies it along); a field is far cheaper than a WeakMap here.
   */
  boundaryCache?: FlowBoundaryFacts;
}

export interface FlowBoundaryFacts {
  /** Zones containing exactly one end (innermost first on each side). */
  crossedZones: readonly Zone[];
  /** Zones containing the target but not the source. */
  enteredZones: readonly Zone[];
  /** Zones containing the source but not the target. */
  exitedZones: readonly Zone[];
  /** Line boundaries that list the flow as crossing them. */
  crossedLines: readonly LineBoundary[];
}

/** How an element is reached from an untrusted entity: the nearest one, and the hop count. */
export interface Reach {
  entityId: string;
  hops: number;
}

export interface GraphFacts {
  readonly model: Model;
  readonly elementsById: ReadonlyMap<string, Element>;
  readonly flowsById: ReadonlyMap<string, Flow>;
  readonly zonesById: ReadonlyMap<string, Zone>;
  /** Directed flows leaving / entering each element. */
  readonly outgoing: ReadonlyMap<string, readonly DirectedFlow[]>;
  readonly incoming: ReadonlyMap<string, readonly DirectedFlow[]>;
  /** Every directed flow: forward directions in model order, then the reversed ones. */
  readonly directedFlows: readonly DirectedFlow[];
  /** The directions of each flow (one, or two for a bidirectional flow), forward first. */
  readonly directionsOf: ReadonlyMap<string, readonly DirectedFlow[]>;
  /** The zones an element is in, innermost first. */
  zoneChain(elementId: string): readonly Zone[];
  boundaryFacts(directed: DirectedFlow): FlowBoundaryFacts;
  /** Reach from entities with `trusted: no` (strict) or with `trusted` not `yes` (lenient). */
  reach(elementId: string, includeUnknownTrust: boolean): Reach | undefined;
}

const EMPTY: readonly never[] = Object.freeze([]);

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Multi-source breadth-first search along directed flows from the given entities. */
export function computeReach(
  sources: readonly Element[],
  outgoing: ReadonlyMap<string, readonly DirectedFlow[]>,
  elementsById: ReadonlyMap<string, Element>,
): Map<string, Reach> {
  const reach = new Map<string, Reach>();
  let frontier: string[] = [];
  for (const entity of sources) {
    reach.set(entity.id, { entityId: entity.id, hops: 0 });
    frontier.push(entity.id);
  }
  for (let hops = 1; frontier.length > 0; hops++) {
    const next: string[] = [];
    for (const id of frontier) {
      const origin = reach.get(id)!.entityId;
      for (const directed of outgoing.get(id) ?? EMPTY) {
        if (reach.has(directed.targetId) || !elementsById.has(directed.targetId)) continue;
        reach.set(directed.targetId, { entityId: origin, hops });
        next.push(directed.targetId);
      }
    }
    frontier = next;
  }
  return reach;
}

/** External entities not known to be trusted (`no`, and `unknown` when asked). */
export function untrustedEntities(
  elements: Iterable<Element>,
  includeUnknownTrust: boolean,
): Element[] {
  const result: Element[] = [];
  for (const element of elements) {
    if (
      element.kind === 'externalEntity' &&
      (element.properties.trusted === 'no' ||
        (includeUnknownTrust && element.properties.trusted === 'unknown'))
    ) {
      result.push(element);
    }
  }
  return result;
}

interface SharedStructure {
  zonesById: Map<string, Zone>;
  linesByFlow: Map<string, LineBoundary[]>;
  zoneChains: Map<string, readonly Zone[]>;
}

class ModelGraphFacts implements GraphFacts {
  private strictReach: Map<string, Reach> | undefined;
  private lenientReach: Map<string, Reach> | undefined;

  constructor(
    readonly model: Model,
    readonly elementsById: Map<string, Element>,
    readonly flowsById: Map<string, Flow>,
    readonly outgoing: Map<string, DirectedFlow[]>,
    readonly incoming: Map<string, DirectedFlow[]>,
    readonly directedFlows: DirectedFlow[],
    readonly directionsOf: Map<string, DirectedFlow[]>,
    private readonly structure: SharedStructure,
  ) {}

  get zonesById(): ReadonlyMap<string, Zone> {
    return this.structure.zonesById;
  }

  private chainOfZone(zoneId: string): readonly Zone[] {
    const { zoneChains, zonesById } = this.structure;
    const cached = zoneChains.get(zoneId);
    if (cached) return cached;
    // Collect the path upward iteratively (nesting may be deep), then fill the cache downward.
    const path: Zone[] = [];
    let current: string | null = zoneId;
    while (current !== null && !zoneChains.has(current)) {
      const zone = zonesById.get(current);
      if (!zone || path.includes(zone)) break; // references were validated; stay safe anyway
      path.push(zone);
      current = zone.parentId;
    }
    let tail: readonly Zone[] = current !== null ? (zoneChains.get(current) ?? EMPTY) : EMPTY;
    for (let i = path.length - 1; i >= 0; i--) {
      const chain = [path[i]!, ...tail];
      zoneChains.set(path[i]!.id, chain);
      tail = chain;
    }
    return zoneChains.get(zoneId) ?? EMPTY;
  }

  zoneChain(elementId: string): readonly Zone[] {
    const zoneId = this.elementsById.get(elementId)?.zoneId;
    return zoneId ? this.chainOfZone(zoneId) : EMPTY;
  }

  boundaryFacts(directed: DirectedFlow): FlowBoundaryFacts {
    const cached = directed.boundaryCache;
    if (cached) return cached;
    const sourceChain = this.zoneChain(directed.sourceId);
    const targetChain = this.zoneChain(directed.targetId);
    const exitedZones = sourceChain.filter((zone) => !targetChain.includes(zone));
    const enteredZones = targetChain.filter((zone) => !sourceChain.includes(zone));
    const facts: FlowBoundaryFacts = {
      crossedZones: exitedZones.length === 0 ? enteredZones : [...exitedZones, ...enteredZones],
      enteredZones,
      exitedZones,
      crossedLines: this.structure.linesByFlow.get(directed.flow.id) ?? EMPTY,
    };
    directed.boundaryCache = facts;
    return facts;
  }

  reach(elementId: string, includeUnknownTrust: boolean): Reach | undefined {
    if (includeUnknownTrust) {
      this.lenientReach ??= computeReach(
        untrustedEntities(this.elementsById.values(), true),
        this.outgoing,
        this.elementsById,
      );
      return this.lenientReach.get(elementId);
    }
    this.strictReach ??= computeReach(
      untrustedEntities(this.elementsById.values(), false),
      this.outgoing,
      this.elementsById,
    );
    return this.strictReach.get(elementId);
  }

  /** Reachability maps, computed if needed (for diffing after a trust change). */
  reachMaps(): [Map<string, Reach>, Map<string, Reach>] {
    this.reach('', true);
    this.reach('', false);
    return [this.strictReach!, this.lenientReach!];
  }

  /**
   * The facts of `model`, which differs from this one's model only in the properties, names,
   * tags or descriptions of the given elements and flows (same IDs, kinds, zones, ends and
   * boundaries). Shares everything that cannot have changed; reachability is recomputed only
   * when the trust of an external entity changed.
   */
  withPropertyChanges(
    model: Model,
    changedElements: readonly Element[],
    changedFlows: readonly Flow[],
  ): ModelGraphFacts {
    const elementsById = new Map(this.elementsById);
    let trustChanged = false;
    for (const element of changedElements) {
      const before = this.elementsById.get(element.id);
      if (
        element.kind === 'externalEntity' &&
        before?.kind === 'externalEntity' &&
        before.properties.trusted !== element.properties.trusted
      ) {
        trustChanged = true;
      }
      elementsById.set(element.id, element);
    }
    let { outgoing, incoming, directedFlows, directionsOf } = this;
    const flowsById = changedFlows.length > 0 ? new Map(this.flowsById) : this.flowsById;
    if (changedFlows.length > 0) {
      outgoing = new Map(outgoing);
      incoming = new Map(incoming);
      directionsOf = new Map(directionsOf);
      const replaced = new Map<DirectedFlow, DirectedFlow>();
      for (const flow of changedFlows) {
        flowsById.set(flow.id, flow);
        const fresh = (this.directionsOf.get(flow.id) ?? []).map((old) => {
          const next = { ...old, flow };
          replaced.set(old, next);
          return next;
        });
        directionsOf.set(flow.id, fresh);
      }
      const swap = (map: Map<string, DirectedFlow[]>, elementId: string): void => {
        const list = map.get(elementId);
        if (list)
          map.set(
            elementId,
            list.map((d) => replaced.get(d) ?? d),
          );
      };
      for (const flow of changedFlows) {
        for (const id of [flow.sourceId, flow.targetId]) {
          swap(outgoing, id);
          swap(incoming, id);
        }
      }
      directedFlows = directedFlows.map((d) => replaced.get(d) ?? d);
    }
    const next = new ModelGraphFacts(
      model,
      elementsById,
      flowsById,
      outgoing,
      incoming,
      directedFlows,
      directionsOf,
      this.structure,
    );
    if (!trustChanged) {
      next.strictReach = this.strictReach;
      next.lenientReach = this.lenientReach;
    }
    return next;
  }
}

export type IncrementalGraphFacts = ModelGraphFacts;

/** Computes the facts of `model`. Boundary facts are computed lazily per directed flow and cached. */
export function computeGraphFacts(model: Model): IncrementalGraphFacts {
  const elementsById = new Map<string, Element>();
  for (const element of model.elements) elementsById.set(element.id, element);
  const flowsById = new Map<string, Flow>();
  for (const flow of model.flows) flowsById.set(flow.id, flow);
  const zonesById = new Map<string, Zone>();
  const linesByFlow = new Map<string, LineBoundary[]>();
  for (const boundary of model.boundaries) {
    if (boundary.shape === 'zone') zonesById.set(boundary.id, boundary);
    else for (const flowId of boundary.crossingFlowIds) pushTo(linesByFlow, flowId, boundary);
  }
  const outgoing = new Map<string, DirectedFlow[]>();
  const incoming = new Map<string, DirectedFlow[]>();
  const directionsOf = new Map<string, DirectedFlow[]>();
  const forward: DirectedFlow[] = [];
  const reversed: DirectedFlow[] = [];
  for (const flow of model.flows) {
    const there: DirectedFlow = {
      flow,
      sourceId: flow.sourceId,
      targetId: flow.targetId,
      reversed: false,
    };
    forward.push(there);
    pushTo(outgoing, flow.sourceId, there);
    pushTo(incoming, flow.targetId, there);
    if (flow.bidirectional) {
      const back: DirectedFlow = {
        flow,
        sourceId: flow.targetId,
        targetId: flow.sourceId,
        reversed: true,
      };
      reversed.push(back);
      pushTo(outgoing, back.sourceId, back);
      pushTo(incoming, back.targetId, back);
      directionsOf.set(flow.id, [there, back]);
    } else directionsOf.set(flow.id, [there]);
  }
  return new ModelGraphFacts(
    model,
    elementsById,
    flowsById,
    outgoing,
    incoming,
    [...forward, ...reversed],
    directionsOf,
    { zonesById, linesByFlow, zoneChains: new Map() },
  );
}
