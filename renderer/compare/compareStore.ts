/**
 * The compare view's state for one open document: the other version ("Compare with…") and what
 * changed from it to the document. It lives beside the editor store, one per editor store (a
 * WeakMap, so it goes when the document does), and is session state: never in the history,
 * never saved.
 *
 * Direction: the chosen file is the earlier version (before) and the open document the later
 * one (after), so the canvas shows added, changed and moved items where they are now. Removed
 * items exist only in the other file: the list names them; the canvas cannot draw them.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ModelDiff } from '../../shared/diff/diffSchema';
import { changeMarks, diffModels, type ChangeMark } from '../../shared/diff/modelDiff';
import type { Model } from '../../shared/model/schema';
import type { CompiledPacks } from '../../shared/rules/engine';
import { assessThreats, type RegisteredThreat } from '../../shared/threats/register';
import type { EditorStore } from '../editor/editorStore';

/** The version the document is compared with. */
export interface CompareBase {
  /** The file's name as the person sees it. */
  name: string;
  model: Model;
  /** Its threats, analyzed once when it is opened. */
  register: readonly RegisteredThreat[];
}

export interface CompareState {
  base: CompareBase | null;
  /** The diff from `base` to the document, or null when nothing is compared. */
  diff: ModelDiff | null;
  /** What happened to each element, flow and boundary of the document (canvas classes). */
  marks: ReadonlyMap<string, ChangeMark>;
}

export interface CompareActions {
  /** Compares the document with `base` from now on. */
  start(base: CompareBase): void;
  /** Shows the diff for the document as it is now (after an edit). */
  update(diff: ModelDiff): void;
  stop(): void;
}

export type CompareStore = StoreApi<CompareState & CompareActions>;

const NO_MARKS: ReadonlyMap<string, ChangeMark> = new Map();
const stores = new WeakMap<EditorStore, CompareStore>();

/** The compare store of a document's editor store (made on first use). */
export function compareStoreFor(editor: EditorStore): CompareStore {
  let store = stores.get(editor);
  if (!store) {
    store = createStore<CompareState & CompareActions>()((set) => ({
      base: null,
      diff: null,
      marks: NO_MARKS,
      start: (base) => set({ base, diff: null, marks: NO_MARKS }),
      update: (diff) => set({ diff, marks: changeMarks(diff) }),
      stop: () => set({ base: null, diff: null, marks: NO_MARKS }),
    }));
    stores.set(editor, store);
  }
  return store;
}

/** A compare base from an opened model: its threats are analyzed once, here. */
export function compareBase(name: string, model: Model, packs: CompiledPacks): CompareBase {
  return { name, model, register: assessThreats(model, packs) };
}

/**
 * The diff from `base` to `document` with the same packs. `documentRegister` is the live
 * analysis of `document` when it is fresh (it must come from the same packs); otherwise the
 * document is analyzed here.
 */
export function compareDocument(
  base: CompareBase,
  document: Model,
  packs: CompiledPacks,
  documentRegister?: readonly RegisteredThreat[],
): ModelDiff {
  return diffModels(base.model, document, packs, {
    before: base.name,
    after: null,
    registers: { before: base.register, ...(documentRegister && { after: documentRegister }) },
  });
}
