import { activationCode, isActivation, type Activation } from './activation.js';
import { CoreError } from './errors.js';

/** Construction parameters of a DenseLayer. Missing weights/bias start at zero. */
export interface DenseLayerInit {
  inputSize: number;
  units: number;
  activation: Activation;
  useBias?: boolean;
  /** units*inputSize values, row-major per unit: weights[u*inputSize + i]. Copied. */
  weights?: ArrayLike<number>;
  /** units values (ignored and kept at zero when useBias is false). Copied. */
  bias?: ArrayLike<number>;
}

/**
 * A fully connected layer: z[u] = bias[u] + sum_i weights[u*inputSize + i] * x[i]; a = f(z).
 * `weights` is one contiguous Float32Array, row-major per output unit (the course's
 * weights[unit][input]). `bias` always has `units` entries; it stays zero when `useBias` is false.
 * The arrays are the live parameters: writing to them changes the model.
 *
 * Inside a Model, where WebAssembly SIMD is available, the arrays become views of the model's
 * WebAssembly memory at its first predict or trainer (the values are kept): the kernels then read
 * and update them in place, nothing copied per call. When a larger batch than any before makes
 * that memory grow, the model re-points `weights`/`bias` to new views (an old view is then
 * detached, length 0): read them from the layer rather than keeping the array across calls.
 */
export class DenseLayer {
  readonly inputSize: number;
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  /** Internal activation code (see activation.ts). */
  readonly activationCode: number;

  constructor(init: DenseLayerInit) {
    const { inputSize, units, activation } = init;
    if (!Number.isInteger(inputSize) || inputSize < 1) {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a positive integer, got ${String(inputSize)}`, 'inputSize');
    }
    if (!Number.isInteger(units) || units < 1) {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a positive integer, got ${String(units)}`, 'units');
    }
    if (!isActivation(activation)) {
      throw new CoreError('CORE_ERR_UNKNOWN_ACTIVATION', `unknown activation ${JSON.stringify(activation)}`, 'activation');
    }
    this.inputSize = inputSize;
    this.units = units;
    this.activation = activation;
    this.activationCode = activationCode(activation);
    this.useBias = init.useBias ?? true;
    this.weights = new Float32Array(units * inputSize);
    this.bias = new Float32Array(units);
    if (init.weights !== undefined) {
      if (init.weights.length !== this.weights.length) {
        throw new CoreError(
          'CORE_ERR_SHAPE_MISMATCH',
          `expected ${this.weights.length} values (units ${units} x inputSize ${inputSize}), got ${init.weights.length}`,
          'weights',
        );
      }
      this.weights.set(init.weights);
    }
    if (init.bias !== undefined && this.useBias) {
      if (init.bias.length !== units) {
        throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `expected ${units} values, got ${init.bias.length}`, 'bias');
      }
      this.bias.set(init.bias);
    }
  }

  /** Number of trainable parameters (weights, plus biases when useBias). */
  get paramCount(): number {
    return this.weights.length + (this.useBias ? this.units : 0);
  }

  /** The weight from input `input` to unit `unit` (the course's weights[unit][input]). */
  getWeight(unit: number, input: number): number {
    return this.weights[unit * this.inputSize + input]!;
  }

  /** A deep copy. */
  clone(): DenseLayer {
    return new DenseLayer({
      inputSize: this.inputSize,
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      weights: this.weights,
      bias: this.bias,
    });
  }
}
