import { QuantizerError } from './errors.js';
import { multiplyByQuantizedMultiplier } from './fixed-point.js';

/** The TFLM / ESP-NN FULLY_CONNECTED int8 parameter set. */
export interface FullyConnectedParams {
  /** -input_zero_point */
  inputOffset: number;
  /** -weights_zero_point (0 for TFLite int8 weights) */
  filterOffset: number;
  /** +output_zero_point */
  outputOffset: number;
  /** Q31 multiplier: one number (per-tensor) or one per output channel. */
  outputMultiplier: number | ArrayLike<number>;
  /** Shift (positive = left): one number or one per output channel. */
  outputShift: number | ArrayLike<number>;
  activationMin: number;
  activationMax: number;
  /** Row length (accum depth). */
  inputDepth: number;
  /** Output units. */
  outputDepth: number;
}

function channelCount(v: number | ArrayLike<number>, outputDepth: number, field: string): void {
  if (typeof v === 'number') return;
  if (v.length !== 1 && v.length !== outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', field, `needs 1 or ${outputDepth} entries, got ${v.length}`);
  }
}

/**
 * Reference int8 fully connected layer (TFLM `reference_integer_ops::FullyConnected`, bit-exact
 * with ESP-NN's `esp_nn_fully_connected_s8` / `_per_ch_s8` for accumulators within int32).
 * For each batch b and unit o:
 *   acc = sum_d (w[o,d] + filterOffset) * (x[b,d] + inputOffset) + bias[o]   (int32, wrapping)
 *   y = clamp(MBQM(acc, M[o], shift[o]) + outputOffset, activationMin, activationMax)
 * Batch count = input.length / inputDepth. `bias` may be null. Allocates nothing.
 */
export function fullyConnectedInt8(
  params: FullyConnectedParams,
  input: Int8Array,
  weights: Int8Array,
  bias: Int32Array | null,
  output: Int8Array,
): void {
  const { inputOffset, filterOffset, outputOffset, outputMultiplier, outputShift, activationMin, activationMax, inputDepth, outputDepth } =
    params;
  if (!Number.isInteger(inputDepth) || inputDepth < 1) {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', 'params.inputDepth', `must be a positive integer, got ${String(inputDepth)}`);
  }
  if (!Number.isInteger(outputDepth) || outputDepth < 1) {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', 'params.outputDepth', `must be a positive integer, got ${String(outputDepth)}`);
  }
  const batches = input.length / inputDepth;
  if (!Number.isInteger(batches)) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', 'input', `length ${input.length} is not a multiple of inputDepth ${inputDepth}`);
  }
  if (weights.length !== inputDepth * outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', 'weights', `needs ${inputDepth * outputDepth} values, got ${weights.length}`);
  }
  if (bias !== null && bias.length !== outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', 'bias', `needs ${outputDepth} values, got ${bias.length}`);
  }
  if (output.length < batches * outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', 'output', `needs ${batches * outputDepth} values, got ${output.length}`);
  }
  channelCount(outputMultiplier, outputDepth, 'params.outputMultiplier');
  channelCount(outputShift, outputDepth, 'params.outputShift');
  const mScalar = typeof outputMultiplier === 'number';
  const sScalar = typeof outputShift === 'number';
  const mPer = !mScalar && outputMultiplier.length > 1;
  const sPer = !sScalar && outputShift.length > 1;
  for (let b = 0; b < batches; b++) {
    const xBase = b * inputDepth;
    for (let o = 0; o < outputDepth; o++) {
      const wBase = o * inputDepth;
      let acc = 0;
      for (let d = 0; d < inputDepth; d++) {
        // each product is below 2^17 in magnitude: exact; the sum wraps like int32
        acc = (acc + (weights[wBase + d]! + filterOffset) * (input[xBase + d]! + inputOffset)) | 0;
      }
      if (bias !== null) acc = (acc + bias[o]!) | 0;
      const m = mScalar ? outputMultiplier : outputMultiplier[mPer ? o : 0]!;
      const s = sScalar ? outputShift : outputShift[sPer ? o : 0]!;
      let y = (multiplyByQuantizedMultiplier(acc, m, s) + outputOffset) | 0;
      if (y < activationMin) y = activationMin;
      if (y > activationMax) y = activationMax;
      output[b * outputDepth + o] = y;
    }
  }
}
