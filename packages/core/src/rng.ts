/**
 * Seeded random numbers. Algorithm: mulberry32 (32-bit state, period 2^32), exactly as
 * docs/reference/benchmark-workloads.md defines it, so that the benchmark's glorotInit and shuffles can be
 * driven from the same generator. See docs/decisions/0001-rng.md.
 *
 *   state = (state + 0x6d2b79f5) | 0
 *   t = imul(state ^ (state >>> 15), 1 | state)
 *   t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t
 *   uint32 = (t ^ (t >>> 14)) >>> 0;  next() = uint32 / 2^32
 *
 * normal(): Box-Muller, cosine branch only, no cached second value:
 *   u1 = 1 - next() (in (0, 1]), u2 = next(), z = sqrt(-2 ln u1) * cos(2 pi u2).
 * fork(): a new, independent generator seeded with this generator's next uint32.
 */

import { CoreError } from './errors.js';

/**
 * A seeded, deterministic random source. Core itself only calls `next()`; `fork` and `state` are
 * optional so that any conforming generator can be injected (createRng's always has them).
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Standard normal deviate (mean 0, variance 1). */
  normal(): number;
  /** A new generator seeded from this one (consumes one value). */
  fork?(): Rng;
  /** The current 32-bit state; `createRng(rng.state())` continues the same stream. */
  state?(): number;
}

/** The generator createRng returns: mulberry32, with fork() and state(). */
export interface SeededRng extends Rng {
  fork(): SeededRng;
  state(): number;
}

const TWO_POW_32 = 4294967296;

class Mulberry32 implements SeededRng {
  private s: number;

  constructor(seed: number) {
    this.s = seed | 0;
  }

  nextUint32(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    const a = this.s;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  normal(): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  fork(): SeededRng {
    return new Mulberry32(this.nextUint32());
  }

  state(): number {
    return this.s;
  }
}

/**
 * Create a mulberry32 generator. `seed` is taken modulo 2^32 (as a 32-bit integer: `seed | 0`);
 * non-integer or non-finite seeds are rejected so that a seed always means one stream.
 */
export function createRng(seed: number): SeededRng {
  if (!Number.isInteger(seed)) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be an integer, got ${String(seed)}`, 'seed');
  }
  return new Mulberry32(seed);
}

/** In-place Fisher-Yates shuffle: for i = n-1 .. 1, j = floor(next() * (i + 1)), swap(p[i], p[j]). */
export function shuffleInPlace(p: Int32Array | number[], rng: Rng): void {
  for (let i = p.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
}
