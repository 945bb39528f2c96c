/**
 * Dense forward kernels over typed arrays. Weights are row-major per output unit:
 * `w[u * n + i]` is the weight from input i to unit u (docs/decisions/0002-weight-layout.md).
 * Sums are accumulated in float64 (JS numbers) in ascending input order and stored as float32.
 * No allocation, no closures.
 */

/**
 * One sample: `z[zOff + u] = bias[u] + sum_i w[u*n + i] * x[xOff + i]` for u in [0, units).
 * Four units at a time, so every input load is reused four times. `bias` may be null.
 */
export function denseForwardSample(
  w: Float32Array,
  bias: Float32Array | null,
  x: Float32Array,
  xOff: number,
  n: number,
  units: number,
  z: Float32Array,
  zOff: number,
): void {
  let u = 0;
  for (; u + 3 < units; u += 4) {
    const r0 = u * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[xOff + i]!;
      s0 += w[r0 + i]! * xi;
      s1 += w[r1 + i]! * xi;
      s2 += w[r2 + i]! * xi;
      s3 += w[r3 + i]! * xi;
    }
    if (bias !== null) {
      s0 += bias[u]!;
      s1 += bias[u + 1]!;
      s2 += bias[u + 2]!;
      s3 += bias[u + 3]!;
    }
    z[zOff + u] = s0;
    z[zOff + u + 1] = s1;
    z[zOff + u + 2] = s2;
    z[zOff + u + 3] = s3;
  }
  for (; u < units; u++) {
    const r = u * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += w[r + i]! * x[xOff + i]!;
    if (bias !== null) s += bias[u]!;
    z[zOff + u] = s;
  }
}

/**
 * A batch: `z[b*units + u] = bias[u] + sum_i w[u*n + i] * x[b*n + i]` for b in [0, batch).
 * Four samples x one unit at a time, so every weight load is reused four times and both the
 * weight row and the four input rows are walked contiguously. Same summation order as
 * denseForwardSample, so both give bit-identical results.
 */
export function denseForwardBatch(
  w: Float32Array,
  bias: Float32Array | null,
  x: Float32Array,
  n: number,
  batch: number,
  units: number,
  z: Float32Array,
): void {
  let b = 0;
  for (; b + 3 < batch; b += 4) {
    const x0 = b * n;
    const x1 = x0 + n;
    const x2 = x1 + n;
    const x3 = x2 + n;
    const z0 = b * units;
    const z1 = z0 + units;
    const z2 = z1 + units;
    const z3 = z2 + units;
    for (let u = 0; u < units; u++) {
      const r = u * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const wi = w[r + i]!;
        s0 += wi * x[x0 + i]!;
        s1 += wi * x[x1 + i]!;
        s2 += wi * x[x2 + i]!;
        s3 += wi * x[x3 + i]!;
      }
      if (bias !== null) {
        const bu = bias[u]!;
        s0 += bu;
        s1 += bu;
        s2 += bu;
        s3 += bu;
      }
      z[z0 + u] = s0;
      z[z1 + u] = s1;
      z[z2 + u] = s2;
      z[z3 + u] = s3;
    }
  }
  for (; b < batch; b++) denseForwardSample(w, bias, x, b * n, n, units, z, b * units);
}
