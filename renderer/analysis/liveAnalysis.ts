/**
 * Live analysis of the open document, off the interaction path: after an edit the result is
 * marked stale and recomputed once the user pauses (never during a drag or resize).
 *
 * It runs on the main thread, on purpose: threat text and explanations are lazy (a person reads
 * a handful of 20,000), which only holds while the register stays in this realm — a worker would
 * have to materialize all of it (27 MB at 10,000 elements) to send it back. The incremental
 * session re-evaluates only what a property edit can affect (≈ 3 ms at 10,000 elements).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GraphFacts } from '../../shared/graph/graphFacts';
import { lintModel, type LintFinding } from '../../shared/lint/lintModel';
import type { Model, Severity } from '../../shared/model/schema';
import { createAnalysisSession } from '../../shared/rules/analysisSession';
import { loadRulePacks, type LoadedPacks } from '../../shared/rules/loadPacks';
import { severityRank } from '../../shared/rules/scoring';
import {
  buildThreatRegister,
  isOpenStatus,
  type RegisteredThreat,
} from '../../shared/threats/register';
import type { EditorStore } from '../editor/editorStore';

/** Open threats on one element or flow, and the worst of their severities. */
export interface TargetSummary {
  open: number;
  worst: Severity | null;
}

export interface AnalysisSnapshot {
  /** The editor revision this result belongs to. */
  revision: number;
  document: Model;
  register: RegisteredThreat[];
  byTarget: ReadonlyMap<string, TargetSummary>;
  lint: LintFinding[];
  facts: GraphFacts;
  /** How long the last analysis took (ms). */
  took: number;
  /** The packs this result was found with. */
  packs: LoadedPacks;
}

export interface AnalysisState {
  snapshot: AnalysisSnapshot | null;
  /** True while the document has changed since the snapshot. */
  stale: boolean;
  /**
   * The packs the analysis runs: the built-in pack plus the document's custom packs (kept per
   * document by the rule library, see `renderer/rules/customPacks.ts`).
   */
  packs: LoadedPacks;
}

export type AnalysisStore = StoreApi<AnalysisState>;

let builtin: LoadedPacks | undefined;

/** The built-in packs, compiled once per page. */
export function builtinPacks(): LoadedPacks {
  builtin ??= loadRulePacks([]);
  return builtin;
}

/** Open-threat counts per target (every target of a threat counts it). */
export function summarizeTargets(
  register: readonly RegisteredThreat[],
): Map<string, TargetSummary> {
  const result = new Map<string, TargetSummary>();
  for (const threat of register) {
    if (threat.noLongerDetected || threat.suppression !== null || !isOpenStatus(threat.status))
      continue;
    for (const target of threat.targets) {
      const entry = result.get(target.id) ?? { open: 0, worst: null };
      entry.open += 1;
      if (entry.worst === null || severityRank(threat.severity) > severityRank(entry.worst))
        entry.worst = threat.severity;
      result.set(target.id, entry);
    }
  }
  return result;
}

export interface LiveAnalysisOptions {
  /** The packs to start with (default: the built-in pack). */
  packs?: LoadedPacks;
  /** Pause after the last edit before analysing (ms). */
  delayMs?: number;
  timers?: {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
  now?: () => number;
  /** Runs `callback` when the page is idle (default: `requestIdleCallback`, else at once). */
  whenIdle?: (callback: () => void) => void;
}

function defaultWhenIdle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 1000 });
  else callback();
}

/** Has the analysis behind `store` run `packs` from now on (the same packs change nothing). */
export function runPacks(store: AnalysisStore, packs: LoadedPacks): void {
  if (store.getState().packs !== packs) store.setState({ packs });
}

/** The live analysis of one document. */
export type LiveAnalysis = AnalysisStore & {
  dispose(): void;
  /** Analyses the current document now (tests; the library after a pack change). */
  runNow(): void;
  /** Runs `packs` from now on and re-analyses; the same packs again change nothing. */
  setPacks(packs: LoadedPacks): void;
};

/** Starts live analysis of `editor`'s document; `dispose` stops it. */
export function createLiveAnalysis(
  editor: EditorStore,
  options: LiveAnalysisOptions = {},
): LiveAnalysis {
  const initialPacks = options.packs ?? builtinPacks();
  const delayMs = options.delayMs ?? 120;
  const timers = options.timers ?? {
    setTimeout: (callback: () => void, ms: number) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => globalThis.clearTimeout(handle as number),
  };
  const now = options.now ?? (() => performance.now());
  let session = createAnalysisSession(initialPacks.compiled);
  const store = createStore<AnalysisState>()(() => ({
    snapshot: null,
    stale: true,
    packs: initialPacks,
  }));
  let timer: unknown = null;

  const run = (): void => {
    timer = null;
    const { document, revision, gestureStart } = editor.getState();
    if (gestureStart !== null) {
      schedule(); // never in the middle of a drag
      return;
    }
    const started = now();
    const result = session.update(document);
    const register = buildThreatRegister(document, result.threats);
    store.setState({
      snapshot: {
        revision,
        document,
        register,
        byTarget: summarizeTargets(register),
        lint: lintModel(document, result.facts),
        facts: result.facts,
        took: now() - started,
        packs: store.getState().packs,
      },
      stale: false,
    });
  };
  const schedule = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(run, delayMs);
  };
  const unsubscribe = editor.subscribe((state, previous) => {
    if (state.document === previous.document) {
      // A gesture ended: analyse what it left.
      if (previous.gestureStart !== null && state.gestureStart === null && store.getState().stale)
        schedule();
      return;
    }
    if (!store.getState().stale) store.setState({ stale: true });
    schedule();
  });
  // The packs are state of the store, so whoever holds the store can change them (the rule
  // library does, through `runPacks`).
  const unsubscribePacks = store.subscribe((state, previous) => {
    if (state.packs === previous.packs) return;
    // A new session: its incremental caches belong to the old rules.
    session = createAnalysisSession(state.packs.compiled);
    if (!state.stale) store.setState({ stale: true });
    schedule();
  });
  // The first analysis waits until the page is idle — after the canvas has been drawn, which
  // takes several frames for a large diagram — so the diagram shows at once and the threats
  // follow (at most a second later; at once where there is no idle callback, as in tests).
  let disposed = false;
  (options.whenIdle ?? defaultWhenIdle)(() => {
    if (!disposed) schedule();
  });
  return Object.assign(store, {
    dispose() {
      disposed = true;
      unsubscribe();
      unsubscribePacks();
      if (timer !== null) timers.clearTimeout(timer);
    },
    runNow: run,
    setPacks: (packs: LoadedPacks) => runPacks(store, packs),
  });
}
