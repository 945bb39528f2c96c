/**
 * Dense backward kernels over typed arrays (weights row-major per unit: w[u*n + i]), in float32
 * arithmetic (docs/decisions/0008-float32.md). `delta[b*units + u]` is dLoss/dz for sample b and
 * unit u. No allocation, no closures.
 *
 * Same operations in the same order as the WebAssembly kernels (wasm/dense-simd.wat,
 * `dense_weight_grad` and `dense_input_grad`): every sum starts at 0 and adds its terms in
 * ascending order, every product and sum rounded to float32. A Float32Array store rounds, so
 * `g[j] = g[j] + fr(p)` is one float32 addition.
 */

const fr = Math.fround;

/**
 * With ds[b,u] = delta[b*units + u] * scale (rounded to float32, scale too):
 * gradW[u*n + i] = sum over b ascending of ds[b,u] * x[b*n + i];
 * gradB[u] = sum over b ascending of ds[b,u] (when gradB is not null).
 * Overwrites (does not accumulate into) gradW/gradB.
 */
export function denseWeightGradients(
  delta: Float32Array,
  x: Float32Array,
  n: number,
  batch: number,
  units: number,
  scale: number,
  gradW: Float32Array,
  gradB: Float32Array | null,
): void {
  const sc = fr(scale);
  for (let u = 0; u < units; u++) {
    const r = u * n;
    gradW.fill(0, r, r + n);
    let sb = 0;
    for (let b = 0; b < batch; b++) {
      const ds = fr(delta[b * units + u]! * sc);
      sb = fr(sb + ds);
      const xo = b * n;
      for (let i = 0; i < n; i++) gradW[r + i] = gradW[r + i]! + fr(ds * x[xo + i]!);
    }
    if (gradB !== null) gradB[u] = sb;
  }
}

/**
 * Propagate deltas to the layer's inputs: dx[b*n + i] = sum over u ascending of
 * delta[b*units + u] * w[u*n + i]. Overwrites dx.
 */
export function denseInputGradients(
  w: Float32Array,
  delta: Float32Array,
  n: number,
  batch: number,
  units: number,
  dx: Float32Array,
): void {
  for (let b = 0; b < batch; b++) {
    const o = b * n;
    const db = b * units;
    dx.fill(0, o, o + n);
    for (let u = 0; u < units; u++) {
      const d = delta[db + u]!;
      const r = u * n;
      for (let i = 0; i < n; i++) dx[o + i] = dx[o + i]! + fr(d * w[r + i]!);
    }
  }
}
