/** Opaque timer handle returned by a Clock. */
export type TimerHandle = { readonly id: number };

/**
 * The emulator's only source of time. Times are milliseconds. `VirtualClock` moves only when
 * advanced (tests, bulk data); `RealClock` follows the wall clock (people).
 */
export interface Clock {
  readonly kind: 'virtual' | 'real';
  /** Current time in ms since the clock's epoch. */
  now(): number;
  /** Calls `fn` once `delayMs` from now. Timers due at the same time fire in the order they were set. */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
