import { describe, expect, it } from 'vitest';
import { alignKnots } from './align.js';

/** A one-swing track: a Gaussian bump of acceleration on x centred at knot `c`. */
function bump(K: number, c: number): { a: Float64Array; r: Float64Array } {
  const a = new Float64Array(3 * K);
  for (let k = 0; k < K; k++) a[3 * k] = 10 * Math.exp(-0.5 * ((k - c) / 4) ** 2);
  return { a, r: new Float64Array(3 * K) };
}

describe('alignKnots', () => {
  it('maps a swing onto the same swing performed later, monotone, ends pinned', () => {
    const K = 96;
    const map = alignKnots(bump(K, 30), bump(K, 50), K);
    expect(map[0]).toBe(0);
    expect(map[K - 1]).toBe(K - 1);
    for (let k = 1; k < K; k++) expect(map[k]!).toBeGreaterThanOrEqual(map[k - 1]!);
    // the peak of a (knot 30) is matched to the peak of b (knot 50)
    expect(map[30]).toBeGreaterThan(47);
    expect(map[30]).toBeLessThan(53);
  });

  it('is the identity for identical tracks', () => {
    const K = 48;
    const map = alignKnots(bump(K, 20), bump(K, 20), K);
    for (let k = 0; k < K; k++) expect(map[k]).toBeCloseTo(k, 6);
  });
});
