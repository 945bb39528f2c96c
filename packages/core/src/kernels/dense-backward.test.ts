import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { denseInputGradients, denseWeightGradients } from './dense-backward.js';

function rand(n: number, seed: number): Float32Array {
  const r = createRng(seed);
  return Float32Array.from({ length: n }, () => 2 * r.next() - 1);
}

const fr = Math.fround;

/**
 * The documented operation order, written out element by element (docs/decisions/0008-float32.md):
 * ds = fround(delta * fround(scale)); every gradient element starts at 0 and adds fround(ds * x)
 * sample by sample, ascending, each sum rounded to float32.
 */
function oneUnitPerPass(delta: Float32Array, x: Float32Array, n: number, batch: number, units: number, scale: number): Float32Array {
  const g = new Float32Array(n * units);
  const sc = fr(scale);
  for (let u = 0; u < units; u++) {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let b = 0; b < batch; b++) acc = fr(acc + fr(fr(delta[b * units + u]! * sc) * x[b * n + i]!));
      g[u * n + i] = acc;
    }
  }
  return g;
}

describe('dense backward kernels', () => {
  it('weight gradients are bit-identical to the documented float32 order (every units/batch remainder, zero deltas)', () => {
    for (const [n, units, batch] of [
      [150, 32, 32],
      [32, 16, 32],
      [16, 6, 32],
      [7, 5, 11],
      [3, 3, 3],
      [4, 1, 6],
      [9, 7, 2],
      [5, 2, 9],
    ] as const) {
      const delta = rand(batch * units, 8 + n);
      for (let k = 0; k < delta.length; k += 3) delta[k] = 0; // ReLU-style zero deltas
      const x = rand(batch * n, 9 + units);
      // samples 4k+1 cancel samples 4k at 2^60: the running float32 value is absorbed when added
      // first, so any other summation order (or float64 accumulation) gives different bits
      for (let b = 4; b + 1 < batch; b += 4) {
        for (let i = 0; i < n; i++) {
          x[b * n + i] = x[b * n + i]! * 2 ** 60;
          x[(b + 1) * n + i] = -x[b * n + i]!;
        }
        for (let u = 0; u < units; u++) delta[(b + 1) * units + u] = delta[b * units + u]!;
      }
      const gw = new Float32Array(n * units);
      denseWeightGradients(delta, x, n, batch, units, 1 / batch, gw, null);
      expect(Array.from(gw)).toEqual(Array.from(oneUnitPerPass(delta, x, n, batch, units, 1 / batch)));
    }
  });

  const shapes = [
    [1, 1, 1],
    [3, 2, 1],
    [5, 7, 3],
    [150, 32, 9],
    [16, 6, 4],
    [2, 5, 6],
  ] as const;

  it.each(shapes)('n=%i units=%i batch=%i: weight/bias gradients match the textbook sums', (n, units, batch) => {
    const delta = rand(batch * units, 4);
    const x = rand(batch * n, 5);
    const gw = new Float32Array(n * units).fill(99); // must be overwritten, not accumulated
    const gb = new Float32Array(units).fill(99);
    denseWeightGradients(delta, x, n, batch, units, 1 / batch, gw, gb);
    for (let u = 0; u < units; u++) {
      let sb = 0;
      for (let s = 0; s < batch; s++) sb += delta[s * units + u]!;
      expect(gb[u]).toBeCloseTo(sb / batch, 6);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let b = 0; b < batch; b++) s += delta[b * units + u]! * x[b * n + i]!;
        expect(gw[u * n + i]).toBeCloseTo(s / batch, 5);
      }
    }
  });

  it.each(shapes)('n=%i units=%i batch=%i: input gradients are W^T delta', (n, units, batch) => {
    const w = rand(n * units, 6);
    const delta = rand(batch * units, 7);
    const dx = new Float32Array(batch * n).fill(99);
    denseInputGradients(w, delta, n, batch, units, dx);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let u = 0; u < units; u++) s += delta[b * units + u]! * w[u * n + i]!;
        expect(dx[b * n + i]).toBeCloseTo(s, 5);
      }
    }
  });
});
