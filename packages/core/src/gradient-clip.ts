/**
 * The trainer's clipping options as plain functions over parameter/gradient arrays: element clamp
 * (gradientClipValue, weightClip) and the global L2-norm scale (gradientClipNorm). In place, no allocation.
 */

/** Clamp every gradient element to [-v, v]. */
export function clipGradValues(grads: Float32Array[], v: number): void {
  for (const g of grads) {
    for (let i = 0; i < g.length; i++) {
      const x = g[i]!;
      if (x > v) g[i] = v;
      else if (x < -v) g[i] = -v;
    }
  }
}

/** Scale all gradients together so that their global L2 norm is at most maxNorm. Returns the norm before clipping. */
export function clipGradNorm(grads: Float32Array[], maxNorm: number): number {
  let s = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  const norm = Math.sqrt(s);
  if (norm > maxNorm) {
    const f = maxNorm / norm;
    for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * f;
  }
  return norm;
}

/** Clamp every parameter to [-c, c]. */
export function clipWeights(params: Float32Array[], c: number): void {
  clipGradValues(params, c);
}
