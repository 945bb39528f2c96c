import { mulberry32 } from './mulberry32.js';

/** Seed of the permutation used by epoch `epoch` (0-based) of a timed W1 run. */
export function epochSeed(epoch: number): number {
  return 1000 + epoch;
}

/** Seed of the permutation used by the W1 warm-up epoch. */
export const WARMUP_EPOCH_SEED = 999;

/**
 * Fills `order` with the spec's Fisher-Yates permutation of 0..n-1 for `seed`:
 * `for i = n-1 .. 1: j = floor(r*(i+1)); swap(p[i], p[j])`, starting from the identity.
 * Reuses the caller's buffer so a timed loop allocates nothing.
 */
export function fisherYates(order: Int32Array, seed: number): Int32Array {
  const next = mulberry32(seed);
  const n = order.length;
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i >= 1; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
