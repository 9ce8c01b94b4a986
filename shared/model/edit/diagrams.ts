/** Several diagrams per model (tabs in the editor). */
import type { Model } from '../schema';
import { deleteItems } from './removal';

export function addDiagram(model: Model, init: { id: string; name: string }): Model {
  return {
    ...model,
    diagrams: [...model.diagrams, { id: init.id, name: init.name, description: '' }],
  };
}

export function renameDiagram(model: Model, id: string, name: string): Model {
  const diagram = model.diagrams.find((d) => d.id === id);
  if (!diagram || diagram.name === name) return model;
  return { ...model, diagrams: model.diagrams.map((d) => (d.id === id ? { ...d, name } : d)) };
}

/** Deletes a diagram and everything drawn on it; the last diagram cannot be deleted. */
export function deleteDiagram(model: Model, id: string): Model {
  if (model.diagrams.length <= 1 || !model.diagrams.some((d) => d.id === id)) return model;
  const onDiagram = new Set<string>([
    ...model.elements.filter((e) => e.diagramId === id).map((e) => e.id),
    ...model.flows.filter((f) => f.diagramId === id).map((f) => f.id),
    ...model.boundaries.filter((b) => b.diagramId === id).map((b) => b.id),
  ]);
  const cleared = deleteItems(model, onDiagram);
  return { ...cleared, diagrams: cleared.diagrams.filter((d) => d.id !== id) };
}
