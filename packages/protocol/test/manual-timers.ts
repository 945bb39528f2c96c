// A virtual clock implementing the client's Timers interface: time moves only when a test calls advance().
import type { TimerHandle, Timers } from '../src/index.js';

interface Scheduled {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

export class ManualTimers implements Timers {
  private time = 0;
  private nextId = 1;
  private scheduled: Scheduled[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.scheduled.push({ id, at: this.time + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.scheduled = this.scheduled.filter((s) => s.id !== handle);
  }

  /** Pending timers' due times, relative to now, ascending. */
  pendingDelays(): number[] {
    return this.scheduled.map((s) => s.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.scheduled.filter((s) => s.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.scheduled = this.scheduled.filter((s) => s !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
}
