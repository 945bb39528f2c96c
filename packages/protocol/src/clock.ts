/** Opaque handle of a scheduled timer (whatever the clock's `setTimeout` returned). */
export type TimerHandle = unknown;

/**
 * The one time source of tinyspark, shared by the protocol client (request timeouts, heartbeats,
 * reconnect backoff) and the emulator (board time, sample production). Times are milliseconds.
 * The emulator's `VirtualClock` implements it, so one virtual clock can drive a board and a client
 * in tests; {@link realTimers} is the platform's.
 */
export interface Clock {
  /** Current time in ms (monotonic enough for round-trip times; the clock's own epoch). */
  now(): number;
  /** Calls `callback` once `delayMs` from now. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The client's name for a {@link Clock} (the option `timers` of `connectBoard`). */
export type Timers = Clock;
