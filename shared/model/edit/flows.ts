/** Drawing and editing data flows. Pure, like every edit in this folder. */
import { FlowPropertiesSchema, type Flow, type Model } from '../schema';

/**
 * A flow from `sourceId` to `targetId` on the source's diagram. Refused (model returned as is)
 * for a missing end, an element connected to itself, or ends on different diagrams: a DFD flow
 * joins two different elements of one diagram.
 */
export function connectElements(
  model: Model,
  init: { id: string; sourceId: string; targetId: string; name?: string },
): Model {
  const source = model.elements.find((e) => e.id === init.sourceId);
  const target = model.elements.find((e) => e.id === init.targetId);
  if (!source || !target || source.id === target.id || source.diagramId !== target.diagramId)
    return model;
  const flow: Flow = {
    id: init.id,
    diagramId: source.diagramId,
    sourceId: source.id,
    targetId: target.id,
    bidirectional: false,
    name: init.name ?? 'Data flow',
    description: '',
    tags: [],
    properties: FlowPropertiesSchema.parse({}),
    waypoints: [],
  };
  return { ...model, flows: [...model.flows, flow] };
}

export interface FlowPatch {
  name?: string;
  description?: string;
  tags?: string[];
  bidirectional?: boolean;
  properties?: Record<string, string>;
}

export function updateFlow(model: Model, id: string, patch: FlowPatch): Model {
  let changed = false;
  const flows = model.flows.map((flow): Flow => {
    if (flow.id !== id) return flow;
    const next = {
      ...flow,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.tags !== undefined && { tags: [...patch.tags] }),
      ...(patch.bidirectional !== undefined && { bidirectional: patch.bidirectional }),
      properties: { ...flow.properties, ...patch.properties } as Flow['properties'],
    };
    if (JSON.stringify(next) === JSON.stringify(flow)) return flow;
    changed = true;
    return next;
  });
  return changed ? { ...model, flows } : model;
}

/** Swaps a flow's direction (its waypoints are reversed with it). */
export function reverseFlow(model: Model, id: string): Model {
  if (!model.flows.some((f) => f.id === id)) return model;
  return {
    ...model,
    flows: model.flows.map((flow) =>
      flow.id === id
        ? {
            ...flow,
            sourceId: flow.targetId,
            targetId: flow.sourceId,
            waypoints: [...flow.waypoints].reverse(),
          }
        : flow,
    ),
  };
}
