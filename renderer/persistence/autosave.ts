/**
 * Debounced, serialized autosave. PRODUCT.md ("Bad input and data safety"): a crash loses at most
 * the last second of edits — so a draft is written `delayMs` after the last edit, and at the
 * latest `maxWaitMs` after the first unwritten one even while edits keep coming (a plain trailing
 * debounce would never write during continuous dragging).
 */

/** Timer functions, injectable so tests can drive them with fake timers. */
export interface AutosaveTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of `createAutosaver`. */
export interface AutosaverOptions<T> {
  /** Writes one draft. Never called again before the previous call has settled. */
  save: (draft: T) => Promise<void>;
  /** Quiet time after the last `schedule` before writing. Default: 400 ms. */
  delayMs?: number;
  /** The longest a scheduled draft waits while edits keep coming. Default: 1000 ms. */
  maxWaitMs?: number;
  /** Told about every failed write (the draft stays pending; see `Autosaver.flush`). */
  onError: (error: unknown) => void;
  /** Default: the global `setTimeout` and `clearTimeout`, looked up at each call. */
  timers?: AutosaveTimers;
}

/** A running autosaver. */
export interface Autosaver<T> {
  /** Records the newest draft; it replaces any draft not yet written. */
  schedule(draft: T): void;
  /**
   * Writes the pending draft now, without waiting for the timers (on `pagehide`, or before
   * closing a document). Resolves when every write started so far has settled. A draft whose
   * write failed stays pending, so a later `flush` or `schedule` retries it.
   */
  flush(): Promise<void>;
  /** Whether a draft is waiting to be written or being written. */
  hasPendingWork(): boolean;
  /** Stops the timers and drops any unwritten draft (`flush` first to keep it). */
  dispose(): void;
}

/** The global timers, looked up at each call so `vi.useFakeTimers()` after creation works. */
const globalTimers: AutosaveTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Creates an autosaver around `save`. */
export function createAutosaver<T>(options: AutosaverOptions<T>): Autosaver<T> {
  const { save, onError, delayMs = 400, maxWaitMs = 1000, timers = globalTimers } = options;

  /** The newest unwritten draft (boxed, so a draft that is itself `undefined` still counts). */
  let pending: { draft: T } | null = null;
  /** The write in progress, if any: writes never overlap. */
  let writing: Promise<void> | null = null;
  /** A write is owed: the timers fired (or `flush` ran) while another write was in progress. */
  let due = false;
  let trailingTimer: unknown = null;
  let maxWaitTimer: unknown = null;
  let disposed = false;

  function clearTimers(): void {
    if (trailingTimer !== null) timers.clearTimeout(trailingTimer);
    if (maxWaitTimer !== null) timers.clearTimeout(maxWaitTimer);
    trailingTimer = null;
    maxWaitTimer = null;
  }

  function markDue(): void {
    clearTimers();
    due = true;
    writeIfDue();
  }

  /** Starts the owed write unless one is running; the running one calls back here when done. */
  function writeIfDue(): void {
    if (writing !== null || !due || pending === null || disposed) return;
    const { draft } = pending;
    pending = null;
    due = false;
    writing = (async () => {
      try {
        await save(draft);
      } catch (error) {
        // Keep the draft unless a newer one replaced it meanwhile: it is the only copy of the
        // edits. No timer is started, so a persistent failure (quota) does not loop.
        if (!disposed) pending ??= { draft };
        onError(error);
      }
    })().finally(() => {
      writing = null;
      writeIfDue();
    });
  }

  return {
    schedule(draft) {
      if (disposed) return;
      pending = { draft };
      // Already owed: it is written as soon as the running write ends, with this newest draft.
      if (due) return;
      if (trailingTimer !== null) timers.clearTimeout(trailingTimer);
      trailingTimer = timers.setTimeout(markDue, delayMs);
      // Started by the first unwritten draft and not restarted by later ones: the upper bound.
      maxWaitTimer ??= timers.setTimeout(markDue, maxWaitMs);
    },
    async flush() {
      if (pending !== null) markDue();
      // A finishing write may start the owed one (`writeIfDue` in `finally`), so loop.
      while (writing !== null) await writing;
    },
    hasPendingWork: () => pending !== null || writing !== null,
    dispose() {
      disposed = true;
      clearTimers();
      pending = null;
      due = false;
    },
  };
}

/**
 * Flushes `autosaver` when the page is hidden or unloaded (`pagehide`, and `visibilitychange` to
 * hidden: on mobile and in some shells the page may be killed without a `pagehide`).
 *
 * @returns a function that removes the listeners
 */
export function flushOnPageHide(
  autosaver: Pick<Autosaver<unknown>, 'flush'>,
  targets: {
    window: Pick<Window, 'addEventListener' | 'removeEventListener'>;
    document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  } = { window, document },
): () => void {
  const onPageHide = (): void => void autosaver.flush();
  const onVisibilityChange = (): void => {
    if (targets.document.visibilityState === 'hidden') void autosaver.flush();
  };
  targets.window.addEventListener('pagehide', onPageHide);
  targets.document.addEventListener('visibilitychange', onVisibilityChange);
  return () => {
    targets.window.removeEventListener('pagehide', onPageHide);
    targets.document.removeEventListener('visibilitychange', onVisibilityChange);
  };
}
