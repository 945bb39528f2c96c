import type { Clock, TimerHandle } from '../clock.js';

export type { Clock, TimerHandle, Timers } from '../clock.js';

interface GlobalTimers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  performance?: { now(): number };
  Date: { now(): number };
}

// Looked up on every call, so fake timers installed after import (vi.useFakeTimers) are honoured.
const host = (): GlobalTimers => globalThis as unknown as GlobalTimers;

/** The platform's timers (`globalThis.setTimeout`, `performance.now()` or `Date.now()`). */
export const realTimers: Clock = Object.freeze({
  now: (): number => host().performance?.now() ?? host().Date.now(),
  setTimeout: (callback: () => void, delayMs: number): TimerHandle => host().setTimeout(callback, delayMs),
  clearTimeout: (handle: TimerHandle): void => host().clearTimeout(handle),
});
