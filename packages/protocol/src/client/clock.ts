/** Opaque handle of a scheduled timer. */
export type TimerHandle = unknown;

/**
 * Time source of the client (request timeouts, heartbeats, reconnect backoff). Inject a fake one in
 * tests, or use vitest's fake timers with the default {@link realTimers}.
 */
export interface Timers {
  /** Milliseconds on a monotonic-enough clock (used for round-trip times only). */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

interface GlobalTimers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  performance?: { now(): number };
  Date: { now(): number };
}

// Looked up on every call, so fake timers installed after import (vi.useFakeTimers) are honoured.
const host = (): GlobalTimers => globalThis as unknown as GlobalTimers;

/** The platform's timers (`globalThis.setTimeout`, `performance.now()` or `Date.now()`). */
export const realTimers: Timers = Object.freeze({
  now: (): number => host().performance?.now() ?? host().Date.now(),
  setTimeout: (callback: () => void, delayMs: number): TimerHandle => host().setTimeout(callback, delayMs),
  clearTimeout: (handle: TimerHandle): void => host().clearTimeout(handle),
});
