import type { Clock, TimerHandle } from './clock.js';
import { timerId } from './timer-id.js';

/** Wall-clock time: the only module that reads Date.now / performance and calls setTimeout. */
export class RealClock implements Clock {
  readonly kind = 'real' as const;
  private readonly origin = performance.now();
  private readonly timers = new Map<number, ReturnType<typeof setTimeout> | ReturnType<typeof setInterval>>();
  private nextId = 1;

  /** `onError`: called with whatever a timer callback throws (default: rethrow, as setTimeout would). */
  constructor(private readonly onError?: (error: unknown) => void) {}

  /** Milliseconds since this clock was created (monotonic). */
  now(): number {
    return performance.now() - this.origin;
  }

  /** Wall-clock time as an ISO string (for `capturedAt`-style metadata). */
  isoNow(): string {
    return new Date(Date.now()).toISOString();
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(() => {
      this.timers.delete(id);
      if (this.onError === undefined) {
        fn();
        return;
      }
      try {
        fn();
      } catch (e) {
        this.onError(e);
      }
    }, Math.max(0, delayMs));
    t.unref?.();
    this.timers.set(id, t);
    return { id };
  }

  /**
   * Calls `fn` every `periodMs` (the first call `periodMs` from now) from one timer, until cleared
   * with `clearTimeout`: a board's tick without a new timer per call. A throwing call goes to
   * `onError` (when given) and the calls go on.
   */
  every(fn: () => void, periodMs: number): TimerHandle {
    const id = this.nextId++;
    const onError = this.onError;
    const t = setInterval(
      onError === undefined
        ? fn
        : () => {
            try {
              fn();
            } catch (e) {
              onError(e);
            }
          },
      Math.max(1, periodMs),
    );
    t.unref?.();
    this.timers.set(id, t);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const id = timerId(handle);
    const t = this.timers.get(id);
    if (t !== undefined) {
      clearTimeout(t); // clears an interval too
      this.timers.delete(id);
    }
  }

  /** Cancels every pending timer (used on shutdown). */
  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
