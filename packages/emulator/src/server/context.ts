import type { LearnedGestureSet } from '../learn/gesture-set.js';
import type { RealClock } from '../real-clock.js';
import type { EmulatorLimits } from './limits.js';

/** A connection that may hold frames in the tick's batch (a Conn; named here so this module imports no connection code). */
export interface Batched {
  /** Listed in the batch being collected. */
  batched: boolean;
  /** Its waiting bytes count as buffered (see {@link TickBatch.counted}). */
  batchCounted: boolean;
}

/**
 * The connections that got messages during a real-clock tick or a slice of a `sim.clock` advance:
 * their frames and messages wait in a per-connection buffer (already framed for WebSocket, in the
 * order they were sent) and leave in one socket write per connection when the tick or slice ends
 * (or before a close).
 */
export class TickBatch {
  /** A board is syncing inside its tick, or a `sim.clock` slice runs. */
  active = false;
  /**
   * The waiting bytes count toward a client's send buffer (`bufferedBytes`): on a real-clock tick,
   * as the corked socket did (0016). Not during a `sim.clock` slice: there each message used to go
   * to the socket at once, which the kernel takes while the client reads, so the batch only
   * coalesces those writes and the accounting sees the bytes once written, as before (the same
   * `stats`, the same drop decisions for a client that keeps up).
   */
  counted = true;
  private readonly pending: Batched[] = [];

  constructor(private readonly write: (c: Batched) => void) {}

  add(c: Batched): void {
    c.batchCounted = this.counted;
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
