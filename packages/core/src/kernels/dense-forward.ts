/**
 * Dense forward kernels over typed arrays. Weights are row-major per output unit:
 * `w[u * n + i]` is the weight from input i to unit u (docs/decisions/0002-weight-layout.md).
 * Sums are accumulated in float64 (JS numbers) in ascending input order and stored as float32.
 * No allocation, no closures.
 */

/**
 * One sample: `z[zOff + u] = bias[u] + sum_i w[u*n + i] * x[xOff + i]` for u in [0, units).
 * Eight (then four) units at a time, so every input load is reused eight (four) times, with one
 * independent accumulator per unit. `bias` may be null.
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
  for (; u + 7 < units; u += 8) {
    const r0 = u * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    const r4 = r3 + n;
    const r5 = r4 + n;
    const r6 = r5 + n;
    const r7 = r6 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[xOff + i]!;
      s0 += w[r0 + i]! * xi;
      s1 += w[r1 + i]! * xi;
      s2 += w[r2 + i]! * xi;
      s3 += w[r3 + i]! * xi;
      s4 += w[r4 + i]! * xi;
      s5 += w[r5 + i]! * xi;
      s6 += w[r6 + i]! * xi;
      s7 += w[r7 + i]! * xi;
    }
    if (bias !== null) {
      s0 += bias[u]!;
      s1 += bias[u + 1]!;
      s2 += bias[u + 2]!;
      s3 += bias[u + 3]!;
      s4 += bias[u + 4]!;
      s5 += bias[u + 5]!;
      s6 += bias[u + 6]!;
      s7 += bias[u + 7]!;
    }
    z[zOff + u] = s0;
    z[zOff + u + 1] = s1;
    z[zOff + u + 2] = s2;
    z[zOff + u + 3] = s3;
    z[zOff + u + 4] = s4;
    z[zOff + u + 5] = s5;
    z[zOff + u + 6] = s6;
    z[zOff + u + 7] = s7;
  }
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
 * Blocks of four samples x two units (eight independent accumulators), so every weight load is
 * reused four times and every input load twice, and the weight rows and input rows are walked
 * contiguously. Same summation order as denseForwardSample, so both give bit-identical results.
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
    let u = 0;
    for (; u + 1 < units; u += 2) {
      const r = u * n;
      const q = r + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let i = 0; i < n; i++) {
        const wi = w[r + i]!;
        const vi = w[q + i]!;
        const a0 = x[x0 + i]!;
        const a1 = x[x1 + i]!;
        const a2 = x[x2 + i]!;
        const a3 = x[x3 + i]!;
        s0 += wi * a0;
        s1 += wi * a1;
        s2 += wi * a2;
        s3 += wi * a3;
        t0 += vi * a0;
        t1 += vi * a1;
        t2 += vi * a2;
        t3 += vi * a3;
      }
      if (bias !== null) {
        const bu = bias[u]!;
        const bv = bias[u + 1]!;
        s0 += bu;
        s1 += bu;
        s2 += bu;
        s3 += bu;
        t0 += bv;
        t1 += bv;
        t2 += bv;
        t3 += bv;
      }
      z[z0 + u] = s0;
      z[z1 + u] = s1;
      z[z2 + u] = s2;
      z[z3 + u] = s3;
      z[z0 + u + 1] = t0;
      z[z1 + u + 1] = t1;
      z[z2 + u + 1] = t2;
      z[z3 + u + 1] = t3;
    }
    for (; u < units; u++) {
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
