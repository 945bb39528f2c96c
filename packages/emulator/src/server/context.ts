import type { LearnedGestureSet } from '../learn/gesture-set.js';
import type { RealClock } from '../real-clock.js';
import type { EmulatorLimits } from './limits.js';

/** What CorkBatch needs of a connection (a Conn has it; named here so this module imports no connection code). */
export interface Corkable {
  corked: boolean;
  readonly socket: { cork(): void; uncork(): void };
}

/**
 * Sockets corked during a real-clock tick, so the accelerometer and gyroscope frames of one tick
 * leave in one socket write (uncorked right after the tick).
 */
export class CorkBatch {
  /** A board is syncing inside its tick. */
  active = false;
  private readonly corked: Corkable[] = [];

  add(c: Corkable): void {
    if (!this.active || c.corked) return;
    c.corked = true;
    c.socket.cork();
    this.corked.push(c);
  }

  flush(): void {
    for (const c of this.corked) {
      c.corked = false;
      c.socket.uncork();
    }
    this.corked.length = 0;
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
  /** Learned gestures this emulator added (`gestures` option, `sim.gesture`); removed on close. */
  readonly gestures: LearnedGestureSet;
  /** Wall clock of the server (real-clock boards, drain waits). */
  readonly realClock: RealClock;
  readonly cork: CorkBatch;
  closing: boolean;
}
