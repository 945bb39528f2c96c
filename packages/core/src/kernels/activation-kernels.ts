/**
 * Activation kernels: one tight loop per activation, chosen once per call (per layer).
 * Codes are those of ../activation.ts. `z` and `a` may be the same array (in place).
 */
import { ACT_LINEAR, ACT_RELU, ACT_SIGMOID, ACT_SOFTMAX, ACT_TANH } from '../activation.js';
import { CoreError } from '../errors.js';

/**
 * a[i] = f(z[i]) for i in [0, len). Softmax is applied per row of `rowSize` values
 * (max-subtracted for stability); other activations ignore rowSize.
 */
export function applyActivation(code: number, z: Float32Array, a: Float32Array, len: number, rowSize: number): void {
  switch (code) {
    case ACT_LINEAR:
      if (z !== a) for (let i = 0; i < len; i++) a[i] = z[i]!;
      return;
    case ACT_RELU:
      for (let i = 0; i < len; i++) {
        const v = z[i]!;
        a[i] = v > 0 ? v : 0;
      }
      return;
    case ACT_SIGMOID:
      for (let i = 0; i < len; i++) a[i] = 1 / (1 + Math.exp(-z[i]!));
      return;
    case ACT_TANH:
      for (let i = 0; i < len; i++) a[i] = Math.tanh(z[i]!);
      return;
    case ACT_SOFTMAX:
      for (let r = 0; r < len; r += rowSize) softmaxRow(z, a, r, rowSize);
      return;
    default:
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `unknown activation code ${code}`, 'activation');
  }
}

/** Softmax of z[off .. off+k) into a[off .. off+k), computed in float64 with the row max subtracted. */
export function softmaxRow(z: Float32Array, a: Float32Array, off: number, k: number): void {
  let m = -Infinity;
  for (let j = 0; j < k; j++) {
    const v = z[off + j]!;
    if (v > m) m = v;
  }
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(z[off + j]! - m);
  for (let j = 0; j < k; j++) a[off + j] = Math.exp(z[off + j]! - m) / s;
}

/**
 * Multiply the gradient with respect to the activations, held in `g`, by the activation's
 * derivative, giving the gradient with respect to the pre-activations (in place in `g`).
 * Uses the activation outputs `a` (f'(z) is expressed through f(z)):
 * relu: a > 0 ? 1 : 0; sigmoid: a(1-a); tanh: 1-a^2; linear: 1;
 * softmax (per row of rowSize): g_j <- a_j (g_j - sum_k g_k a_k) (the Jacobian-vector product).
 */
export function activationBackward(code: number, a: Float32Array, g: Float32Array, len: number, rowSize: number): void {
  switch (code) {
    case ACT_LINEAR:
      return;
    case ACT_RELU:
      for (let i = 0; i < len; i++) if (!(a[i]! > 0)) g[i] = 0;
      return;
    case ACT_SIGMOID:
      for (let i = 0; i < len; i++) {
        const v = a[i]!;
        g[i] = g[i]! * v * (1 - v);
      }
      return;
    case ACT_TANH:
      for (let i = 0; i < len; i++) {
        const v = a[i]!;
        g[i] = g[i]! * (1 - v * v);
      }
      return;
    case ACT_SOFTMAX:
      for (let r = 0; r < len; r += rowSize) {
        let dot = 0;
        for (let j = 0; j < rowSize; j++) dot += g[r + j]! * a[r + j]!;
        for (let j = 0; j < rowSize; j++) g[r + j] = a[r + j]! * (g[r + j]! - dot);
      }
      return;
    default:
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `unknown activation code ${code}`, 'activation');
  }
}
