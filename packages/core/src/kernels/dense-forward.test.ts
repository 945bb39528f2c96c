import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { denseForwardBatch, denseForwardSample } from './dense-forward.js';

function rand(n: number, seed: number): Float32Array {
  const r = createRng(seed);
  return Float32Array.from({ length: n }, () => 2 * r.next() - 1);
}

const fr = Math.fround;

/** The documented float32 order (four lane sums over i mod 4, (s0+s1)+(s2+s3), the tail, the bias), element by element. */
function naive(w: Float32Array, b: Float32Array | null, x: Float32Array, n: number, batch: number, units: number): Float32Array {
  const z = new Float32Array(batch * units);
  const n4 = n - (n % 4);
  for (let s = 0; s < batch; s++) {
    for (let u = 0; u < units; u++) {
      const lanes = [0, 0, 0, 0];
      for (let i = 0; i < n4; i++) lanes[i % 4] = fr(lanes[i % 4]! + fr(w[u * n + i]! * x[s * n + i]!));
      let t = fr(fr(lanes[0]! + lanes[1]!) + fr(lanes[2]! + lanes[3]!));
      for (let i = n4; i < n; i++) t = fr(t + fr(w[u * n + i]! * x[s * n + i]!));
      z[s * units + u] = b ? fr(t + b[u]!) : t;
    }
  }
  return z;
}

describe('dense forward kernels', () => {
  // sizes chosen to hit the unrolled blocks and every remainder (units and batch mod 4 = 0..3)
  const shapes = [
    [1, 1, 1],
    [3, 2, 1],
    [5, 7, 3],
    [150, 32, 9],
    [16, 6, 4],
    [7, 13, 5],
    [2, 5, 6],
  ] as const;

  it.each(shapes)('n=%i units=%i batch=%i: batch == per sample == naive reference (bit-identical)', (n, units, batch) => {
    const w = rand(n * units, 1);
    const b = rand(units, 2);
    const x = rand(n * batch, 3);
    for (const bias of [b, null]) {
      const ref = naive(w, bias, x, n, batch, units);
      const zb = new Float32Array(batch * units);
      denseForwardBatch(w, bias, x, n, batch, units, zb);
      const zs = new Float32Array(batch * units);
      for (let s = 0; s < batch; s++) denseForwardSample(w, bias, x, s * n, n, units, zs, s * units);
      expect(Array.from(zb)).toEqual(Array.from(ref));
      expect(Array.from(zs)).toEqual(Array.from(ref));
    }
  });

  it('computes the course example sums', () => {
    const w = Float32Array.from([-0.5, 0.22, -0.91, 0.61, 0.14, -0.48]);
    const z = new Float32Array(2);
    denseForwardSample(w, null, Float32Array.from([0.051, 0.467, 1.205]), 0, 3, 2, z, 0);
    expect(z[0]).toBeCloseTo(-1.01931, 5);
    expect(z[1]).toBeCloseTo(-0.48191, 5);
  });
});
