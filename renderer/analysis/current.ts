/**
 * The register and stories of the document as it is now: the live snapshot when it is fresh,
 * otherwise computed on demand (a triage action must never act on a stale register).
 */
import type { Model } from '../../shared/model/schema';
import { generateStories, type Story } from '../../shared/stories/generateStories';
import { assessThreats, type RegisteredThreat } from '../../shared/threats/register';
import { builtinPacks, type AnalysisSnapshot } from './liveAnalysis';

const storiesOfSnapshot = new WeakMap<AnalysisSnapshot, Story[]>();
const registerOfDocument = new WeakMap<Model, RegisteredThreat[]>();

export function registerFor(
  document: Model,
  snapshot: AnalysisSnapshot | null,
): RegisteredThreat[] {
  if (snapshot && snapshot.document === document) return snapshot.register;
  let register = registerOfDocument.get(document);
  if (!register) {
    // The snapshot's packs (custom packs included) even when its document is older.
    register = assessThreats(document, (snapshot?.packs ?? builtinPacks()).compiled);
    registerOfDocument.set(document, register);
  }
  return register;
}

/** The stories of the snapshot's document (memoized per snapshot). */
export function storiesOf(snapshot: AnalysisSnapshot): Story[] {
  let stories = storiesOfSnapshot.get(snapshot);
  if (!stories) {
    stories = generateStories(
      snapshot.document,
      snapshot.register,
      snapshot.packs.compiled.mitigationsById,
    );
    storiesOfSnapshot.set(snapshot, stories);
  }
  return stories;
}

export function storiesFor(document: Model, snapshot: AnalysisSnapshot | null): Story[] {
  if (snapshot && snapshot.document === document) return storiesOf(snapshot);
  return generateStories(
    document,
    registerFor(document, snapshot),
    (snapshot?.packs ?? builtinPacks()).compiled.mitigationsById,
  );
}
