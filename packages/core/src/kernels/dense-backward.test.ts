import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { denseInputGradients, denseWeightGradients } from './dense-backward.js';

function rand(n: number, seed: number): Float32Array {
  const r = createRng(seed);
  return Float32Array.from({ length: n }, () => 2 * r.next() - 1);
}

describe('dense backward kernels', () => {
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
