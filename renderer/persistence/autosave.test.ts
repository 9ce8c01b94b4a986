import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosaver, flushOnPageHide, type AutosaveTimers } from './autosave';

/** A promise the test settles by hand. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** A `save` that records what it wrote and when (fake `Date.now`). */
function recordingSave() {
  const writes: { draft: string; at: number }[] = [];
  const save = vi.fn((draft: string) => {
    writes.push({ draft, at: Date.now() });
    return Promise.resolve();
  });
  return { save, writes };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createAutosaver: timing', () => {
  it('writes the last draft once, delayMs after the last edit', async () => {
    const { save, writes } = recordingSave();
    const autosaver = createAutosaver({ save, onError: vi.fn() });

    autosaver.schedule('a');
    await vi.advanceTimersByTimeAsync(300);
    autosaver.schedule('b');
    await vi.advanceTimersByTimeAsync(399);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);

    expect(writes).toEqual([{ draft: 'b', at: 700 }]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosaver.hasPendingWork()).toBe(false);
  });

  it('writes within maxWait of the first unwritten edit under continuous editing', async () => {
    const { save, writes } = recordingSave();
    const autosaver = createAutosaver({ save, onError: vi.fn() });

    // An edit every 100 ms for 2.5 s: a trailing debounce alone would never write.
    for (let at = 0; at < 2500; at += 100) {
      autosaver.schedule(`edit@${at}`);
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(1000);

    expect(writes).toEqual([
      { draft: 'edit@900', at: 1000 },
      { draft: 'edit@1900', at: 2000 },
      { draft: 'edit@2400', at: 2800 },
    ]);
  });

  it('honours custom delays and injected timers', async () => {
    const delays: number[] = [];
    const timers: AutosaveTimers = {
      setTimeout: (callback, ms) => {
        delays.push(ms);
        return globalThis.setTimeout(callback, ms);
      },
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    const { save, writes } = recordingSave();
    const autosaver = createAutosaver({
      save,
      onError: vi.fn(),
      delayMs: 50,
      maxWaitMs: 120,
      timers,
    });

    for (let at = 0; at < 200; at += 40) {
      autosaver.schedule(`edit@${at}`);
      await vi.advanceTimersByTimeAsync(40);
    }

    expect(delays.slice(0, 2)).toEqual([50, 120]);
    expect(writes[0]).toEqual({ draft: 'edit@80', at: 120 });
  });
});

describe('createAutosaver: flush', () => {
  it('writes the pending draft at once and leaves nothing for the timers', async () => {
    const { save, writes } = recordingSave();
    const autosaver = createAutosaver({ save, onError: vi.fn() });
    autosaver.schedule('a');
    autosaver.schedule('b');

    await autosaver.flush();

    expect(writes).toEqual([{ draft: 'b', at: 0 }]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('does nothing when nothing is pending', async () => {
    const { save } = recordingSave();
    const autosaver = createAutosaver({ save, onError: vi.fn() });
    await autosaver.flush();
    expect(save).not.toHaveBeenCalled();
  });

  it('waits for a running write, then writes the draft scheduled during it', async () => {
    const first = deferred();
    const drafts: string[] = [];
    const save = vi.fn((draft: string) => {
      drafts.push(draft);
      return draft === 'a' ? first.promise : Promise.resolve();
    });
    const autosaver = createAutosaver({ save, onError: vi.fn() });
    autosaver.schedule('a');
    await vi.advanceTimersByTimeAsync(400);
    autosaver.schedule('b');

    let flushed = false;
    const flushing = autosaver.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(drafts).toEqual(['a']);
    expect(flushed).toBe(false);

    first.resolve();
    await flushing;
    expect(drafts).toEqual(['a', 'b']);
    expect(autosaver.hasPendingWork()).toBe(false);
  });
});

describe('createAutosaver: serialized writes', () => {
  it('never runs two writes at once and writes the newest draft after the running one', async () => {
    const gates: ReturnType<typeof deferred>[] = [];
    const drafts: string[] = [];
    let running = 0;
    let mostRunning = 0;
    const save = vi.fn(async (draft: string) => {
      drafts.push(draft);
      running += 1;
      mostRunning = Math.max(mostRunning, running);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      running -= 1;
    });
    const autosaver = createAutosaver({ save, onError: vi.fn() });

    autosaver.schedule('a');
    await vi.advanceTimersByTimeAsync(400);
    expect(drafts).toEqual(['a']);
    // Both come due while `a` is still being written; only the newest is written, afterwards.
    autosaver.schedule('b');
    await vi.advanceTimersByTimeAsync(1000);
    autosaver.schedule('c');
    await vi.advanceTimersByTimeAsync(1000);
    expect(drafts).toEqual(['a']);
    expect(autosaver.hasPendingWork()).toBe(true);

    gates[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(drafts).toEqual(['a', 'c']);
    gates[1]!.resolve();
    await vi.advanceTimersByTimeAsync(5000);

    expect(drafts).toEqual(['a', 'c']);
    expect(mostRunning).toBe(1);
    expect(autosaver.hasPendingWork()).toBe(false);
  });
});

describe('createAutosaver: errors', () => {
  it('reports a failed write and keeps the draft for the next flush', async () => {
    const failure = new Error('QuotaExceededError');
    const save = vi.fn().mockRejectedValueOnce(failure).mockResolvedValue(undefined);
    const onError = vi.fn();
    const autosaver = createAutosaver<string>({ save, onError });

    autosaver.schedule('a');
    await vi.advanceTimersByTimeAsync(400);

    expect(onError).toHaveBeenCalledExactlyOnceWith(failure);
    expect(autosaver.hasPendingWork()).toBe(true);
    // No retry loop on its own: a failing quota would otherwise spin.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(1);

    await autosaver.flush();
    expect(save.mock.calls).toEqual([['a'], ['a']]);
    expect(autosaver.hasPendingWork()).toBe(false);
  });

  it('drops a failed draft that a newer one replaced meanwhile', async () => {
    const gate = deferred();
    const save = vi.fn((draft: string) => (draft === 'a' ? gate.promise : Promise.resolve()));
    const onError = vi.fn();
    const autosaver = createAutosaver({ save, onError });
    autosaver.schedule('a');
    await vi.advanceTimersByTimeAsync(400);
    autosaver.schedule('b');

    gate.reject(new Error('disk full'));
    await autosaver.flush();

    expect(onError).toHaveBeenCalledOnce();
    expect(save.mock.calls).toEqual([['a'], ['b']]);
    expect(autosaver.hasPendingWork()).toBe(false);
  });
});

describe('createAutosaver: dispose', () => {
  it('drops the pending draft and ignores later drafts', async () => {
    const { save } = recordingSave();
    const autosaver = createAutosaver({ save, onError: vi.fn() });
    autosaver.schedule('a');

    autosaver.dispose();
    autosaver.schedule('b');
    await vi.advanceTimersByTimeAsync(5000);
    await autosaver.flush();

    expect(save).not.toHaveBeenCalled();
    expect(autosaver.hasPendingWork()).toBe(false);
  });
});

describe('flushOnPageHide', () => {
  function setUp() {
    const window = new EventTarget();
    const document = Object.assign(new EventTarget(), {
      visibilityState: 'visible' as DocumentVisibilityState,
    });
    const autosaver = { flush: vi.fn(() => Promise.resolve()) };
    const remove = flushOnPageHide(autosaver, { window, document });
    return { window, document, autosaver, remove };
  }

  it('flushes on pagehide and when the document becomes hidden', () => {
    const { window, document, autosaver } = setUp();

    window.dispatchEvent(new Event('pagehide'));
    expect(autosaver.flush).toHaveBeenCalledTimes(1);

    document.dispatchEvent(new Event('visibilitychange'));
    expect(autosaver.flush).toHaveBeenCalledTimes(1);
    document.visibilityState = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(autosaver.flush).toHaveBeenCalledTimes(2);
  });

  it('stops listening when removed', () => {
    const { window, document, autosaver, remove } = setUp();
    remove();
    document.visibilityState = 'hidden';
    window.dispatchEvent(new Event('pagehide'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(autosaver.flush).not.toHaveBeenCalled();
  });
});
