/** The stories of a model: analysis, register with triage, then stories (CLI and app alike). */
import type { Model } from '../model/schema';
import type { LoadedPacks } from '../rules/loadPacks';
import { assessThreats } from '../threats/register';
import { generateStories, type Story } from './generateStories';

export function storiesForModel(model: Model, loaded: LoadedPacks): Story[] {
  const register = assessThreats(model, loaded.compiled);
  return generateStories(model, register, loaded.compiled.mitigationsById);
}
