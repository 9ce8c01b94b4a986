/**
 * The workshop's timer: time elapsed while running, started and paused by the facilitator. It
 * lives in the session, not the model: how long a meeting took is not part of the threat model.
 */
import { useEffect, useState } from 'react';

export interface Stopwatch {
  /** Milliseconds counted so far. */
  elapsed: number;
  running: boolean;
  toggle(): void;
}

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatElapsed(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  const pad = (value: number) => String(value).padStart(2, '0');
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0
    ? `${hours}:${pad(minutes)}:${pad(seconds % 60)}`
    : `${minutes}:${pad(seconds % 60)}`;
}

export function useStopwatch(now: () => number = Date.now): Stopwatch {
  const [counted, setCounted] = useState(0);
  const [runningSince, setRunningSince] = useState<number | null>(null);
  const [tick, setTick] = useState(() => now());
  useEffect(() => {
    if (runningSince === null) return;
    const timer = window.setInterval(() => setTick(now()), 500);
    return () => window.clearInterval(timer);
  }, [runningSince, now]);
  const running = runningSince !== null;
  return {
    elapsed: counted + (running ? Math.max(0, tick - runningSince) : 0),
    running,
    toggle() {
      const at = now();
      if (runningSince === null) {
        setRunningSince(at);
        setTick(at);
      } else {
        setCounted((total) => total + (at - runningSince));
        setRunningSince(null);
      }
    },
  };
}
