import type { Clock, TimerHandle } from './clock.js';
import { timerId } from './timer-id.js';

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly order: number;
  readonly fn: () => void;
}

/**
 * A clock that moves only when told to. `advance(ms)` fires every timer due up to the new time,
 * in due-time order (ties in the order they were set), setting `now()` to each timer's due time
 * before calling it; timers set by callbacks fire too if they fall inside the advanced span.
 */
export class VirtualClock implements Clock {
  readonly kind = 'virtual' as const;
  private time: number;
  private heap: Timer[] = [];
  private cancelled = new Set<number>();
  private nextId = 1;
  private nextOrder = 0;

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const d = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const timer: Timer = { id: this.nextId++, due: this.time + d, order: this.nextOrder++, fn };
    this.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle): void {
    const id = timerId(handle);
    if (this.heap.some((t) => t.id === id)) this.cancelled.add(id);
  }

  /** Number of timers still pending. */
  pending(): number {
    return this.heap.length - this.cancelled.size;
  }

  /** Time of the earliest pending timer, or undefined. */
  nextDue(): number | undefined {
    this.dropCancelledTop();
    return this.heap[0]?.due;
  }

  /** Moves time forward by `ms` (>= 0), firing due timers in order. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance: ms must be a finite number >= 0, got ${ms}`);
    this.advanceTo(this.time + ms);
  }

  /** Moves time forward to `target` (never backwards), firing due timers in order. */
  advanceTo(target: number): void {
    if (target < this.time) return;
    for (;;) {
      this.dropCancelledTop();
      const top = this.heap[0];
      if (top === undefined || top.due > target) break;
      this.pop();
      this.time = top.due;
      top.fn();
    }
    this.time = target;
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.cancelled.has(this.heap[0]!.id)) {
      this.cancelled.delete(this.heap[0]!.id);
      this.pop();
    }
  }

  private less(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.order < b.order);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
