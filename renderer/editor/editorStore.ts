/**
 * The editor's state for one open document (ARCHITECTURE.md, "Editor state"): a zustand store
 * made by a factory — one per document, no module singleton — with a document slice (undoable),
 * a session slice (selection, active diagram: never undoable) and the history.
 *
 * Every document change goes through `apply` (or a gesture), which runs a pure edit from
 * `shared/model/edit` and records one undo step. A drag or resize is a gesture: its frames
 * change the document live, and the whole gesture is one step.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Model } from '../../shared/model/schema';

/** How long consecutive edits with the same merge key (typing in one field) stay one step. */
export const MERGE_WINDOW_MS = 1000;
/** Undo steps kept; older ones are dropped. */
export const HISTORY_LIMIT = 200;

interface HistoryEntry {
  /** The document before the step. */
  document: Model;
  label: string;
  mergeKey: string | null;
  at: number;
}

export interface EditorState {
  document: Model;
  /** Increases with every document change (edits, undo, redo): analysis and autosave key on it. */
  revision: number;
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** Selected element, flow and boundary IDs (session state: not in the history). */
  selection: string[];
  activeDiagramId: string;
  /** Items emphasised on the canvas (the targets of the selected threat): session state. */
  highlight: string[];
  /** The document before the gesture in progress, or null. */
  gestureStart: Model | null;
}

export interface EditorActions {
  /**
   * Applies a pure edit. Records one undo step unless the edit changed nothing (it returned the
   * same model), or `mergeKey` matches the previous step within MERGE_WINDOW_MS (typing a name is
   * one step, not one per key). Returns whether the document changed.
   */
  apply(label: string, edit: (document: Model) => Model, options?: { mergeKey?: string }): boolean;
  /** Starts a gesture (drag, resize): its frames are not recorded one by one. */
  beginGesture(): void;
  /** Applies one frame of the gesture in progress. */
  updateGesture(edit: (document: Model) => Model): void;
  /** Ends the gesture as one undo step (none if the document ended where it started). */
  endGesture(label: string): void;
  undo(): void;
  redo(): void;
  select(ids: readonly string[]): void;
  setActiveDiagram(diagramId: string): void;
  /** Emphasises items on the canvas and shows the diagram of the first one. */
  setHighlight(ids: readonly string[]): void;
}

export type EditorStore = StoreApi<EditorState & EditorActions>;

export interface EditorStoreOptions {
  document: Model;
  /** The clock, injectable for tests. */
  now?: () => number;
}

/** The IDs in `ids` that still exist in `document` (after undo, a selection may point at nothing). */
function existing(document: Model, ids: readonly string[]): string[] {
  const known = new Set<string>();
  for (const e of document.elements) known.add(e.id);
  for (const f of document.flows) known.add(f.id);
  for (const b of document.boundaries) known.add(b.id);
  return ids.filter((id) => known.has(id));
}

function diagramFor(document: Model, preferred: string): string {
  return document.diagrams.some((d) => d.id === preferred) ? preferred : document.diagrams[0]!.id;
}

export function createEditorStore(options: EditorStoreOptions): EditorStore {
  const now = options.now ?? (() => Date.now());
  return createStore<EditorState & EditorActions>()((set, get) => ({
    document: options.document,
    revision: 0,
    past: [],
    future: [],
    selection: [],
    activeDiagramId: options.document.diagrams[0]!.id,
    highlight: [],
    gestureStart: null,

    apply(label, edit, applyOptions = {}) {
      const state = get();
      if (state.gestureStart !== null) get().endGesture('Move');
      const before = get().document;
      const after = edit(before);
      if (after === before) return false;
      const mergeKey = applyOptions.mergeKey ?? null;
      const last = state.past[state.past.length - 1];
      const merges =
        mergeKey !== null &&
        last !== undefined &&
        last.mergeKey === mergeKey &&
        state.future.length === 0 &&
        now() - last.at < MERGE_WINDOW_MS;
      const past = merges
        ? [...state.past.slice(0, -1), { ...last, at: now() }]
        : [...state.past, { document: before, label, mergeKey, at: now() }].slice(-HISTORY_LIMIT);
      set({
        document: after,
        revision: get().revision + 1,
        past,
        future: [],
        selection: existing(after, get().selection),
        activeDiagramId: diagramFor(after, get().activeDiagramId),
      });
      return true;
    },

    beginGesture() {
      if (get().gestureStart === null) set({ gestureStart: get().document });
    },

    updateGesture(edit) {
      const before = get().document;
      const after = edit(before);
      if (after !== before) set({ document: after, revision: get().revision + 1 });
    },

    endGesture(label) {
      const start = get().gestureStart;
      if (start === null) return;
      const state = get();
      if (state.document === start) {
        set({ gestureStart: null });
        return;
      }
      set({
        gestureStart: null,
        past: [...state.past, { document: start, label, mergeKey: null, at: now() }].slice(
          -HISTORY_LIMIT,
        ),
        future: [],
      });
    },

    undo() {
      if (get().gestureStart !== null) get().endGesture('Move');
      const state = get();
      const step = state.past[state.past.length - 1];
      if (!step) return;
      set({
        document: step.document,
        revision: state.revision + 1,
        past: state.past.slice(0, -1),
        future: [...state.future, { ...step, document: state.document }],
        selection: existing(step.document, state.selection),
        activeDiagramId: diagramFor(step.document, state.activeDiagramId),
      });
    },

    redo() {
      const state = get();
      const step = state.future[state.future.length - 1];
      if (!step) return;
      set({
        document: step.document,
        revision: state.revision + 1,
        future: state.future.slice(0, -1),
        past: [...state.past, { ...step, document: state.document, mergeKey: null }],
        selection: existing(step.document, state.selection),
        activeDiagramId: diagramFor(step.document, state.activeDiagramId),
      });
    },

    select(ids) {
      const next = existing(get().document, ids);
      const current = get().selection;
      if (next.length === current.length && next.every((id, i) => id === current[i])) return;
      set({ selection: next });
    },

    setHighlight(ids) {
      const { document } = get();
      const highlight = existing(document, ids);
      const first = highlight[0];
      const diagramId =
        first === undefined
          ? get().activeDiagramId
          : (document.elements.find((e) => e.id === first)?.diagramId ??
            document.flows.find((f) => f.id === first)?.diagramId ??
            get().activeDiagramId);
      set({ highlight, activeDiagramId: diagramId });
    },

    setActiveDiagram(diagramId) {
      if (!get().document.diagrams.some((d) => d.id === diagramId)) return;
      set({ activeDiagramId: diagramId, selection: [] });
    },
  }));
}

/** The label of the step Undo would revert, for menus and tooltips. */
export function undoLabel(state: EditorState): string | null {
  return state.past[state.past.length - 1]?.label ?? null;
}

export function redoLabel(state: EditorState): string | null {
  return state.future[state.future.length - 1]?.label ?? null;
}

/**
 * Whether a store update leaves a new document to persist: a changed document outside a gesture,
 * or the end of a gesture. The frames of a drag are not (serializing costs tens of ms a frame).
 */
export function documentSettled(state: EditorState, previous: EditorState): boolean {
  if (state.gestureStart !== null) return false;
  return state.document !== previous.document || previous.gestureStart !== null;
}
