/**
 * Dense forward kernels over typed arrays, in float32 arithmetic (docs/decisions/0008-float32.md).
 * Weights are row-major per output unit: `w[u * n + i]` is the weight from input i to unit u
 * (docs/decisions/0002-weight-layout.md). No allocation, no closures.
 *
 * The summation order is the WebAssembly kernel's (wasm/dense-simd.wat, `dense_forward`), so the
 * two give the same bits: with n4 = n rounded down to a multiple of 4,
 *   s[l] = sum over i = l, l+4, ... < n4 of w[u*n+i] * x[i]      (four lane sums, i ascending)
 *   t    = (s[0] + s[1]) + (s[2] + s[3]), then + w[u*n+i] * x[i] for i = n4 .. n-1, then + bias[u]
 * where every product and every sum is rounded to float32 (Math.fround), as float32 hardware does.
 */

const fr = Math.fround;

/**
 * One sample: `z[zOff + u] = bias[u] + sum_i w[u*n + i] * x[xOff + i]` for u in [0, units), in the
 * order above. `bias` may be null.
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
  const n4 = n & ~3;
  let u = 0;
  // two units per pass share every input load; each unit's operations are the order above
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
    let i = 0;
    for (; i < n4; i += 4) {
      const c = xOff + i;
      const x0 = x[c]!;
      const x1 = x[c + 1]!;
      const x2 = x[c + 2]!;
      const x3 = x[c + 3]!;
      s0 = fr(s0 + fr(w[r + i]! * x0));
      s1 = fr(s1 + fr(w[r + i + 1]! * x1));
      s2 = fr(s2 + fr(w[r + i + 2]! * x2));
      s3 = fr(s3 + fr(w[r + i + 3]! * x3));
      t0 = fr(t0 + fr(w[q + i]! * x0));
      t1 = fr(t1 + fr(w[q + i + 1]! * x1));
      t2 = fr(t2 + fr(w[q + i + 2]! * x2));
      t3 = fr(t3 + fr(w[q + i + 3]! * x3));
    }
    let a = fr(fr(s0 + s1) + fr(s2 + s3));
    let b = fr(fr(t0 + t1) + fr(t2 + t3));
    for (; i < n; i++) {
      const xi = x[xOff + i]!;
      a = fr(a + fr(w[r + i]! * xi));
      b = fr(b + fr(w[q + i]! * xi));
    }
    if (bias !== null) {
      a = fr(a + bias[u]!);
      b = fr(b + bias[u + 1]!);
    }
    z[zOff + u] = a;
    z[zOff + u + 1] = b;
  }
  for (; u < units; u++) {
    const r = u * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i < n4; i += 4) {
      const a = r + i;
      const c = xOff + i;
      s0 = fr(s0 + fr(w[a]! * x[c]!));
      s1 = fr(s1 + fr(w[a + 1]! * x[c + 1]!));
      s2 = fr(s2 + fr(w[a + 2]! * x[c + 2]!));
      s3 = fr(s3 + fr(w[a + 3]! * x[c + 3]!));
    }
    let t = fr(fr(s0 + s1) + fr(s2 + s3));
    for (; i < n; i++) t = fr(t + fr(w[r + i]! * x[xOff + i]!));
    if (bias !== null) t = fr(t + bias[u]!);
    z[zOff + u] = t;
  }
}

/**
 * A batch: `z[b*units + u] = bias[u] + sum_i w[u*n + i] * x[b*n + i]` for b in [0, batch), each
 * sample exactly as denseForwardSample (so batch and single-sample results are bit-identical).
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
  for (let b = 0; b < batch; b++) denseForwardSample(w, bias, x, b * n, n, units, z, b * units);
}
