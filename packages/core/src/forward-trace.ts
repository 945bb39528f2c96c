import { CoreError } from './errors.js';
import { applyActivation } from './kernels/activation-kernels.js';
import { denseForwardSample } from './kernels/dense-forward.js';
import type { Model } from './model.js';

/** Every layer's sums and outputs for one sample (fresh arrays, safe to keep). */
export interface ForwardTrace {
  /** The input as float32. */
  input: Float32Array;
  /** z per layer: bias + weighted sum, before the activation. */
  preActivations: Float32Array[];
  /** a per layer: f(z). The last one is the model's output. */
  activations: Float32Array[];
}

/** Run one sample forward and keep every intermediate value (allocates; for analysis, not hot loops). */
export function forwardTrace(model: Model, input: ArrayLike<number>): ForwardTrace {
  if (input.length !== model.inputSize) {
    throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `expected ${model.inputSize} values, got ${input.length}`, 'input');
  }
  const x0 = Float32Array.from(input);
  const preActivations: Float32Array[] = [];
  const activations: Float32Array[] = [];
  let x = x0;
  for (const layer of model.layers) {
    const z = new Float32Array(layer.units);
    denseForwardSample(layer.weights, layer.useBias ? layer.bias : null, x, 0, layer.inputSize, layer.units, z, 0);
    const a = new Float32Array(layer.units);
    applyActivation(layer.activationCode, z, a, layer.units, layer.units);
    preActivations.push(z);
    activations.push(a);
    x = a;
  }
  return { input: x0, preActivations, activations };
}
