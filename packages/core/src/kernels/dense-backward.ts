/**
 * Dense backward kernels over typed arrays (weights row-major per unit: w[u*n + i]).
 * `delta[b*units + u]` is dLoss/dz for sample b and unit u. No allocation, no closures.
 */

/**
 * gradW[u*n + i] = scale * sum_b delta[b*units + u] * x[b*n + i];
 * gradB[u] = scale * sum_b delta[b*units + u] (when gradB is not null).
 * Overwrites (does not accumulate into) gradW/gradB. Four samples at a time, so each gradient
 * element is loaded and stored once per four multiply-adds; two units per pass, so each input load
 * serves both. Every gradient element sees the same operations in the same order as one unit per
 * pass (the rounding to float32 after each block of four samples included).
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
  let u = 0;
  for (; u + 1 < units; u += 2) unitPairWeightGradients(delta, x, n, batch, units, scale, gradW, u);
  for (; u < units; u++) {
    const r = u * n;
    let b = 0;
    if (batch >= 4) {
      const d0 = delta[u]! * scale;
      const d1 = delta[units + u]! * scale;
      const d2 = delta[2 * units + u]! * scale;
      const d3 = delta[3 * units + u]! * scale;
      const x1 = n;
      const x2 = 2 * n;
      const x3 = 3 * n;
      for (let i = 0; i < n; i++) gradW[r + i] = d0 * x[i]! + d1 * x[x1 + i]! + d2 * x[x2 + i]! + d3 * x[x3 + i]!;
      b = 4;
    } else {
      const d0 = delta[u]! * scale;
      for (let i = 0; i < n; i++) gradW[r + i] = d0 * x[i]!;
      b = 1;
    }
    for (; b + 3 < batch; b += 4) {
      const d0 = delta[b * units + u]! * scale;
      const d1 = delta[(b + 1) * units + u]! * scale;
      const d2 = delta[(b + 2) * units + u]! * scale;
      const d3 = delta[(b + 3) * units + u]! * scale;
      const x0 = b * n;
      const x1 = x0 + n;
      const x2 = x1 + n;
      const x3 = x2 + n;
      for (let i = 0; i < n; i++) {
        gradW[r + i] = gradW[r + i]! + d0 * x[x0 + i]! + d1 * x[x1 + i]! + d2 * x[x2 + i]! + d3 * x[x3 + i]!;
      }
    }
    singleSampleTail(delta, x, n, batch, units, scale, gradW, u, b);
  }
  if (gradB !== null) {
    for (let v = 0; v < units; v++) {
      let s = 0;
      for (let bb = 0; bb < batch; bb++) s += delta[bb * units + v]!;
      gradB[v] = s * scale;
    }
  }
}

/** denseWeightGradients' gradW rows u and u+1 in one pass over the inputs. */
function unitPairWeightGradients(
  delta: Float32Array,
  x: Float32Array,
  n: number,
  batch: number,
  units: number,
  scale: number,
  gradW: Float32Array,
  u: number,
): void {
  const v = u + 1;
  const r = u * n;
  const q = r + n;
  let b = 0;
  if (batch >= 4) {
    const d0 = delta[u]! * scale;
    const d1 = delta[units + u]! * scale;
    const d2 = delta[2 * units + u]! * scale;
    const d3 = delta[3 * units + u]! * scale;
    const e0 = delta[v]! * scale;
    const e1 = delta[units + v]! * scale;
    const e2 = delta[2 * units + v]! * scale;
    const e3 = delta[3 * units + v]! * scale;
    for (let i = 0; i < n; i++) {
      const a0 = x[i]!;
      const a1 = x[n + i]!;
      const a2 = x[2 * n + i]!;
      const a3 = x[3 * n + i]!;
      gradW[r + i] = d0 * a0 + d1 * a1 + d2 * a2 + d3 * a3;
      gradW[q + i] = e0 * a0 + e1 * a1 + e2 * a2 + e3 * a3;
    }
    b = 4;
  } else {
    const d0 = delta[u]! * scale;
    const e0 = delta[v]! * scale;
    for (let i = 0; i < n; i++) {
      const a0 = x[i]!;
      gradW[r + i] = d0 * a0;
      gradW[q + i] = e0 * a0;
    }
    b = 1;
  }
  for (; b + 3 < batch; b += 4) {
    const d0 = delta[b * units + u]! * scale;
    const d1 = delta[(b + 1) * units + u]! * scale;
    const d2 = delta[(b + 2) * units + u]! * scale;
    const d3 = delta[(b + 3) * units + u]! * scale;
    const e0 = delta[b * units + v]! * scale;
    const e1 = delta[(b + 1) * units + v]! * scale;
    const e2 = delta[(b + 2) * units + v]! * scale;
    const e3 = delta[(b + 3) * units + v]! * scale;
    const x0 = b * n;
    const x1 = x0 + n;
    const x2 = x1 + n;
    const x3 = x2 + n;
    for (let i = 0; i < n; i++) {
      const a0 = x[x0 + i]!;
      const a1 = x[x1 + i]!;
      const a2 = x[x2 + i]!;
      const a3 = x[x3 + i]!;
      gradW[r + i] = gradW[r + i]! + d0 * a0 + d1 * a1 + d2 * a2 + d3 * a3;
      gradW[q + i] = gradW[q + i]! + e0 * a0 + e1 * a1 + e2 * a2 + e3 * a3;
    }
  }
  singleSampleTail(delta, x, n, batch, units, scale, gradW, u, b);
  singleSampleTail(delta, x, n, batch, units, scale, gradW, v, b);
}

/** The samples b0.. after the blocks of four, one at a time (a zero delta adds nothing: skipped). */
function singleSampleTail(
  delta: Float32Array,
  x: Float32Array,
  n: number,
  batch: number,
  units: number,
  scale: number,
  gradW: Float32Array,
  u: number,
  b0: number,
): void {
  const r = u * n;
  for (let b = b0; b < batch; b++) {
    const d = delta[b * units + u]! * scale;
    if (d === 0) continue;
    const x0 = b * n;
    for (let i = 0; i < n; i++) gradW[r + i] = gradW[r + i]! + d * x[x0 + i]!;
  }
}

/**
 * Propagate deltas to the layer's inputs: dx[b*n + i] = sum_u delta[b*units + u] * w[u*n + i].
 * Overwrites dx. Four units at a time (one load/store of dx per four multiply-adds).
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
    let u = 0;
    if (units >= 4) {
      const d0 = delta[db]!;
      const d1 = delta[db + 1]!;
      const d2 = delta[db + 2]!;
      const d3 = delta[db + 3]!;
      const r1 = n;
      const r2 = 2 * n;
      const r3 = 3 * n;
      for (let i = 0; i < n; i++) dx[o + i] = d0 * w[i]! + d1 * w[r1 + i]! + d2 * w[r2 + i]! + d3 * w[r3 + i]!;
      u = 4;
    } else {
      const d0 = delta[db]!;
      for (let i = 0; i < n; i++) dx[o + i] = d0 * w[i]!;
      u = 1;
    }
    for (; u + 3 < units; u += 4) {
      const d0 = delta[db + u]!;
      const d1 = delta[db + u + 1]!;
      const d2 = delta[db + u + 2]!;
      const d3 = delta[db + u + 3]!;
      const r0 = u * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      for (let i = 0; i < n; i++) {
        dx[o + i] = dx[o + i]! + d0 * w[r0 + i]! + d1 * w[r1 + i]! + d2 * w[r2 + i]! + d3 * w[r3 + i]!;
      }
    }
    for (; u < units; u++) {
      const d = delta[db + u]!;
      const r = u * n;
      for (let i = 0; i < n; i++) dx[o + i] = dx[o + i]! + d * w[r + i]!;
    }
  }
}
