/**
 * Losses. Per sample, with y the target and a the output (k outputs):
 * - 'mse': 1/2 * sum_j (a_j - y_j)^2  (the course's convention: its gradient with respect to a_j is
 *   the course's error a_j - y_j). Averaged over the batch. NOT the "mean over outputs" that other
 *   libraries call MSE: that one is 2/k times this value.
 * - 'categorical_crossentropy': -sum_j y_j * log(softmax(z)_j), computed from the logits z with
 *   log-sum-exp (finite even when a probability underflows). Requires a softmax last layer; the
 *   gradient with respect to z is fused: a - y.
 */
import { ACT_SOFTMAX } from './activation.js';
import { CoreError } from './errors.js';
import { activationBackward } from './kernels/activation-kernels.js';

export type Loss = 'mse' | 'categorical_crossentropy';

export const LOSSES: readonly Loss[] = ['mse', 'categorical_crossentropy'];

export const LOSS_MSE = 0;
export const LOSS_CE = 1;

export function isLoss(value: unknown): value is Loss {
  return typeof value === 'string' && (LOSSES as readonly string[]).includes(value);
}

export function lossCode(loss: Loss): number {
  if (loss === 'mse') return LOSS_MSE;
  if (loss === 'categorical_crossentropy') return LOSS_CE;
  throw new CoreError('CORE_ERR_UNKNOWN_LOSS', `unknown loss ${JSON.stringify(loss)} (use ${LOSSES.join(', ')})`, 'loss');
}

/**
 * Sum over the batch of the per-sample loss, and dLoss_sample/dz of the output layer into `delta`
 * (per sample, NOT yet divided by the batch size). `z` are the output layer's sums, `a` its
 * outputs, `y` the targets, all [batch x k] row-major.
 */
export function lossAndOutputDelta(
  loss: number,
  act: number,
  z: Float32Array,
  a: Float32Array,
  y: Float32Array,
  batch: number,
  k: number,
  delta: Float32Array,
): number {
  const len = batch * k;
  let total = 0;
  if (loss === LOSS_CE) {
    for (let r = 0; r < len; r += k) {
      let m = -Infinity;
      for (let j = 0; j < k; j++) {
        const v = z[r + j]!;
        if (v > m) m = v;
      }
      let s = 0;
      for (let j = 0; j < k; j++) s += Math.exp(z[r + j]! - m);
      const lse = m + Math.log(s);
      for (let j = 0; j < k; j++) {
        const t = y[r + j]!;
        if (t !== 0) total -= t * (z[r + j]! - lse);
        delta[r + j] = a[r + j]! - t;
      }
    }
    return total;
  }
  for (let i = 0; i < len; i++) {
    const e = a[i]! - y[i]!;
    total += e * e;
    delta[i] = e;
  }
  activationBackward(act, a, delta, len, k);
  return 0.5 * total;
}

/**
 * The softmax outputs and the cross-entropy loss and output deltas in one pass over the logits:
 * per row, the exponentials are computed once (into `scratch`, k float64 values) and serve the
 * softmax (applyActivation's softmaxRow), the log-sum-exp and the deltas a - y. The same operations
 * in the same order as applyActivation(softmax) followed by lossAndOutputDelta(cross-entropy), so
 * the same bits, with a third of the Math.exp calls. Returns the batch's loss sum.
 */
export function softmaxCrossEntropy(
  z: Float32Array,
  a: Float32Array,
  y: Float32Array,
  batch: number,
  k: number,
  delta: Float32Array,
  scratch: Float64Array,
): number {
  const len = batch * k;
  let total = 0;
  for (let r = 0; r < len; r += k) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) {
      const v = z[r + j]!;
      if (v > m) m = v;
    }
    let s = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(z[r + j]! - m);
      scratch[j] = e;
      s += e;
    }
    for (let j = 0; j < k; j++) a[r + j] = scratch[j]! / s;
    const lse = m + Math.log(s);
    for (let j = 0; j < k; j++) {
      const t = y[r + j]!;
      if (t !== 0) total -= t * (z[r + j]! - lse);
      delta[r + j] = a[r + j]! - t;
    }
  }
  return total;
}

/** Per-sample loss of one output vector (float64; for reports and tests). `z` is needed for cross-entropy. */
export function sampleLoss(loss: Loss, z: ArrayLike<number>, a: ArrayLike<number>, y: ArrayLike<number>): number {
  const k = a.length;
  if (loss === 'categorical_crossentropy') {
    let m = -Infinity;
    for (let j = 0; j < k; j++) if (z[j]! > m) m = z[j]!;
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(z[j]! - m);
    const lse = m + Math.log(s);
    let total = 0;
    for (let j = 0; j < k; j++) if (y[j]! !== 0) total -= y[j]! * (z[j]! - lse);
    return total;
  }
  let total = 0;
  for (let j = 0; j < k; j++) {
    const e = a[j]! - y[j]!;
    total += e * e;
  }
  return 0.5 * total;
}

/** Checks that a loss can be used with an output activation (cross-entropy needs softmax). */
export function assertLossFits(loss: Loss, outputActivationCode: number, field = 'loss'): void {
  lossCode(loss);
  if (loss === 'categorical_crossentropy' && outputActivationCode !== ACT_SOFTMAX) {
    throw new CoreError(
      'CORE_ERR_LOSS_REQUIRES_SOFTMAX',
      'categorical_crossentropy needs a softmax last layer (it is fused with softmax for stability)',
      field,
    );
  }
}
