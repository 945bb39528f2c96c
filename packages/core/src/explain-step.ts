/**
 * One training step laid out like the course's worked examples, as data: every sum, activation,
 * error, the loss, every gradient and every updated weight. Computed in float64 from the model's
 * float32 parameters, with plain SGD on one sample. The model is not changed unless `apply` is set.
 */
import type { Activation } from './activation.js';
import { CoreError } from './errors.js';
import { assertLossFits, type Loss } from './loss.js';
import type { Model } from './model.js';
import { defaultLoss } from './trainer.js';

export interface ExplainOptions {
  /** SGD learning rate of the step (default 0.01, the course's). */
  learningRate?: number;
  /** Default: as train() picks it (cross-entropy for a softmax output, else mse). */
  loss?: Loss;
  /** Write the updated weights into the model (default false). */
  apply?: boolean;
}

export interface ExplainedLayer {
  index: number;
  activation: Activation;
  useBias: boolean;
  /** The layer's input x (the previous layer's outputs, or the sample). */
  inputs: number[];
  /** weights[unit][input] before the step. */
  weights: number[][];
  bias: number[] | null;
  /** z = bias + sum_i w[u][i] x[i] (the course's "sum"). */
  sums: number[];
  /** a = f(z). */
  activations: number[];
  /** f'(z) per unit (for softmax: the diagonal a(1-a); the full Jacobian is used for the deltas). */
  derivatives: number[];
  /** dLoss/da per unit: the error for the output layer, sum_k delta_k w[k][u] for hidden layers. */
  upstream: number[];
  /** dLoss/dz per unit ("delta"). */
  deltas: number[];
  /** dLoss/dw[u][i] = delta_u x_i (the course's delta_weight). */
  weightGradients: number[][];
  biasGradients: number[] | null;
  /** w - learningRate * gradient. */
  newWeights: number[][];
  newBias: number[] | null;
}

export interface Explanation {
  loss: Loss;
  learningRate: number;
  input: number[];
  target: number[];
  output: number[];
  /** output - target (the course's error). */
  errors: number[];
  /** The loss of this sample (mse: 1/2 sum error^2). */
  lossValue: number;
  /** The course's "sum of errors": a diagnostic only, positive and negative errors cancel. */
  errorSum: number;
  layers: ExplainedLayer[];
  /** The same sample through the updated weights. */
  after: { output: number[]; errors: number[]; lossValue: number };
  /**
   * For a two-layer mse network: the hidden-layer "deltas" as the course's formula computes them,
   * (sum_k error_k) x f'(z_j) x h_j x x_i, which is NOT the gradient (see docs/learn/backprop-errata.md).
   */
  courseHiddenGradients?: number[][];
}

function act(a: Activation, z: number[]): number[] {
  switch (a) {
    case 'linear':
      return z.slice();
    case 'relu':
      return z.map((v) => (v > 0 ? v : 0));
    case 'sigmoid':
      return z.map((v) => 1 / (1 + Math.exp(-v)));
    case 'tanh':
      return z.map((v) => Math.tanh(v));
    case 'softmax': {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((p, q) => p + q, 0);
      return e.map((v) => v / s);
    }
  }
}

function deriv(a: Activation, out: number[]): number[] {
  switch (a) {
    case 'linear':
      return out.map(() => 1);
    case 'relu':
      return out.map((v) => (v > 0 ? 1 : 0));
    case 'sigmoid':
    case 'softmax':
      return out.map((v) => v * (1 - v));
    case 'tanh':
      return out.map((v) => 1 - v * v);
  }
}

interface Fwd {
  inputs: number[][];
  sums: number[][];
  acts: number[][];
}

function forward64(weights: number[][][], biases: (number[] | null)[], activations: Activation[], input: number[]): Fwd {
  const inputs: number[][] = [];
  const sums: number[][] = [];
  const acts: number[][] = [];
  let x = input;
  for (let l = 0; l < weights.length; l++) {
    const w = weights[l]!;
    const b = biases[l];
    const z = w.map((row, u) => row.reduce((s, wi, i) => s + wi * x[i]!, 0) + (b ? b[u]! : 0));
    const a = act(activations[l]!, z);
    inputs.push(x);
    sums.push(z);
    acts.push(a);
    x = a;
  }
  return { inputs, sums, acts };
}

function lossOf(loss: Loss, z: number[], a: number[], y: number[]): number {
  if (loss === 'categorical_crossentropy') {
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    return -y.reduce((s, t, j) => s + (t === 0 ? 0 : t * (z[j]! - lse)), 0);
  }
  return 0.5 * a.reduce((s, v, j) => s + (v - y[j]!) ** 2, 0);
}

/** Explain one SGD step of `model` on one sample (see Explanation). */
export function explainStep(model: Model, input: ArrayLike<number>, target: ArrayLike<number>, options: ExplainOptions = {}): Explanation {
  if (input.length !== model.inputSize) {
    throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `expected ${model.inputSize} values, got ${input.length}`, 'input');
  }
  if (target.length !== model.outputSize) {
    throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `expected ${model.outputSize} values, got ${target.length}`, 'target');
  }
  const lr = options.learningRate ?? 0.01;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a finite number >= 0, got ${String(lr)}`, 'learningRate');
  }
  const loss = options.loss ?? defaultLoss(model);
  assertLossFits(loss, model.layers[model.layers.length - 1]!.activationCode);
  const x = Array.from(input, Number);
  const y = Array.from(target, Number);
  const weights = model.layers.map((layer) =>
    Array.from({ length: layer.units }, (_, u) => Array.from(layer.weights.subarray(u * layer.inputSize, (u + 1) * layer.inputSize))),
  );
  const biases = model.layers.map((layer) => (layer.useBias ? Array.from(layer.bias) : null));
  const activations = model.layers.map((layer) => layer.activation);
  const f = forward64(weights, biases, activations, x);
  const nl = model.layers.length;
  const output = f.acts[nl - 1]!;
  const errors = output.map((v, j) => v - y[j]!);
  const lossValue = lossOf(loss, f.sums[nl - 1]!, output, y);

  const layers: ExplainedLayer[] = new Array<ExplainedLayer>(nl);
  let upstream: number[] = errors.slice();
  for (let l = nl - 1; l >= 0; l--) {
    const layer = model.layers[l]!;
    const a = f.acts[l]!;
    const derivatives = deriv(layer.activation, a);
    let deltas: number[];
    if (l === nl - 1 && loss === 'categorical_crossentropy') {
      deltas = errors.slice();
      upstream = y.map((t, j) => (t === 0 ? 0 : -t / a[j]!));
    } else if (layer.activation === 'softmax') {
      const dot = upstream.reduce((s, g, j) => s + g * a[j]!, 0);
      deltas = upstream.map((g, j) => a[j]! * (g - dot));
    } else {
      deltas = upstream.map((g, j) => g * derivatives[j]!);
    }
    const xin = f.inputs[l]!;
    const weightGradients = deltas.map((d) => xin.map((xi) => d * xi));
    const biasGradients = layer.useBias ? deltas.slice() : null;
    const w = weights[l]!;
    const b = biases[l] ?? null;
    layers[l] = {
      index: l,
      activation: layer.activation,
      useBias: layer.useBias,
      inputs: xin,
      weights: w,
      bias: b,
      sums: f.sums[l]!,
      activations: a,
      derivatives,
      upstream,
      deltas,
      weightGradients,
      biasGradients,
      newWeights: w.map((row, u) => row.map((wi, i) => wi - lr * weightGradients[u]![i]!)),
      newBias: b && biasGradients ? b.map((bi, u) => bi - lr * biasGradients[u]!) : null,
    };
    upstream = xin.map((_, i) => deltas.reduce((s, d, u) => s + d * w[u]![i]!, 0));
  }

  const g = forward64(
    layers.map((L) => L.newWeights),
    layers.map((L) => L.newBias),
    activations,
    x,
  );
  const newOut = g.acts[nl - 1]!;
  const result: Explanation = {
    loss,
    learningRate: lr,
    input: x,
    target: y,
    output,
    errors,
    lossValue,
    errorSum: errors.reduce((s, e) => s + e, 0),
    layers,
    after: { output: newOut, errors: newOut.map((v, j) => v - y[j]!), lossValue: lossOf(loss, g.sums[nl - 1]!, newOut, y) },
  };
  if (nl === 2 && loss === 'mse') {
    const hidden = layers[0]!;
    const errSum = result.errorSum;
    result.courseHiddenGradients = hidden.activations.map((h, j) => hidden.inputs.map((xi) => errSum * hidden.derivatives[j]! * h * xi));
  }
  if (options.apply === true) {
    model.layers.forEach((layer, l) => {
      const L = layers[l]!;
      L.newWeights.forEach((row, u) => row.forEach((v, i) => (layer.weights[u * layer.inputSize + i] = v)));
      if (L.newBias) L.newBias.forEach((v, u) => (layer.bias[u] = v));
    });
  }
  return result;
}
