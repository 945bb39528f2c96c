import type { LearnedGestureSet } from '../learn/gesture-set.js';
import type { RealClock } from '../real-clock.js';
import type { EmulatorLimits } from './limits.js';

/** A connection that may hold frames in the tick's batch (a Conn; named here so this module imports no connection code). */
export interface Batched {
  /** Listed in the batch being collected. */
  batched: boolean;
}

/**
 * The connections that got sample frames during a real-clock tick: their frames wait in a
 * per-connection buffer (already framed for WebSocket) and leave in one socket write per
 * connection when the tick ends (or before anything else is sent to that connection).
 */
export class TickBatch {
  /** A board is syncing inside its tick. */
  active = false;
  private readonly pending: Batched[] = [];

  constructor(private readonly write: (c: Batched) => void) {}

  add(c: Batched): void {
    if (c.batched) return;
    c.batched = true;
    this.pending.push(c);
  }

  flush(): void {
    const list = this.pending;
    for (let i = 0; i < list.length; i++) this.write(list[i]!);
    list.length = 0;
  }
}

/** What every unit of the server shares: settings fixed at start, and whether it is closing. */
export interface ServerContext {
  readonly limits: EmulatorLimits;
  /** Board time between two `stats` messages to a streaming client, ms. */
  readonly statsIntervalMs: number;
  /** Virtual clock: real time a slice of `sim.clock` waits for a slow client to drain, ms. */
  readonly drainWaitMs: number;
  /** A client's send buffer counts as drained at or below this many bytes. */
  readonly drainLowBytes: number;
  /** Learned gestures this emulator added (`gestures` option; `sim.gesture` adds to the board's own table); removed on close. */
  readonly gestures: LearnedGestureSet;
  /** Wall clock of the server (real-clock boards, drain waits). */
  readonly realClock: RealClock;
  readonly batch: TickBatch;
  closing: boolean;
}
