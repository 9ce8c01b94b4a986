/** A new, empty model: one diagram, nothing drawn. */
import { ModelSchema, type Model } from '../schema';

export function createBlankModel(name = 'Untitled model'): Model {
  return ModelSchema.parse({
    format: 'gatehouse-model',
    schemaVersion: 1,
    name,
    diagrams: [{ id: 'main', name: 'Main' }],
  });
}
