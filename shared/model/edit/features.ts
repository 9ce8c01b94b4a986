/** Features: named scopes of elements and flows that stories and the gate are organised by. */
import type { Feature, Model } from '../schema';

export function addFeature(
  model: Model,
  init: { id: string; name: string; memberIds?: string[] },
): Model {
  const feature: Feature = {
    id: init.id,
    name: init.name,
    description: '',
    owner: '',
    jiraEpicKey: null,
    memberIds: [...new Set(init.memberIds ?? [])],
  };
  return { ...model, features: [...model.features, feature] };
}

export interface FeaturePatch {
  name?: string;
  description?: string;
  owner?: string;
  jiraEpicKey?: string | null;
}

export function updateFeature(model: Model, id: string, patch: FeaturePatch): Model {
  const feature = model.features.find((f) => f.id === id);
  if (!feature) return model;
  const next = { ...feature, ...patch };
  if (JSON.stringify(next) === JSON.stringify(feature)) return model;
  return { ...model, features: model.features.map((f) => (f.id === id ? next : f)) };
}

/** Adds the items to the feature (`member: true`) or takes them out; unknown IDs are ignored. */
export function setFeatureMembership(
  model: Model,
  featureId: string,
  itemIds: readonly string[],
  member: boolean,
): Model {
  const feature = model.features.find((f) => f.id === featureId);
  if (!feature) return model;
  const known = new Set([...model.elements.map((e) => e.id), ...model.flows.map((f) => f.id)]);
  const members = new Set(feature.memberIds);
  const before = members.size;
  for (const id of itemIds) {
    if (!known.has(id)) continue;
    if (member) members.add(id);
    else members.delete(id);
  }
  // Adding only grows the set and removing only shrinks it: an equal size means no change.
  if (members.size === before) return model;
  return {
    ...model,
    features: model.features.map((f) =>
      f.id === featureId ? { ...f, memberIds: [...members] } : f,
    ),
  };
}

/** Deletes a feature and the story records made for it. */
export function deleteFeature(model: Model, id: string): Model {
  if (!model.features.some((f) => f.id === id)) return model;
  return {
    ...model,
    features: model.features.filter((f) => f.id !== id),
    stories: model.stories.filter((s) => s.featureId !== id),
  };
}
