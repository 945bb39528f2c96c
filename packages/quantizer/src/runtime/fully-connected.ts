import { QuantizerError } from './errors.js';
import { requantizeWithRounding } from './fixed-point.js';
import type { FullyConnectedParams } from './fully-connected-params.js';

export type { FullyConnectedParams } from './fully-connected-params.js';

/** The largest |sum| for which plain float64 accumulation stays exact (bias included, below 2^53). */
const EXACT_SUM_LIMIT = 4503599627370496; // 2^52

/** Per-unit value of a per-tensor (number or 1 entry) or per-channel parameter. */
function channelValue(v: number | ArrayLike<number>, o: number): number {
  return typeof v === 'number' ? v : v[v.length > 1 ? o : 0]!;
}

/**
 * Reference int8 fully connected layer (TFLM `reference_integer_ops::FullyConnected`, bit-exact
 * with ESP-NN's `esp_nn_fully_connected_s8` / `_per_ch_s8` for accumulators within int32).
 * For each batch b and unit o:
 *   acc = sum_d (w[o,d] + filterOffset) * (x[b,d] + inputOffset) + bias[o]   (int32, wrapping)
 *   y = clamp(MBQM(acc, M[o], shift[o]) + outputOffset, activationMin, activationMax)
 * with MBQM the double rounding (default) or the single rounding (`params.rounding`).
 * Batch count = input.length / inputDepth. `bias` may be null. Allocates nothing. This is the eval
 * step: it checks only the lengths its loops index (depths, input, weights, bias, output); the
 * parameters themselves are checked once by validateFullyConnected (prepare / load). With integer offsets the sum is exact in float64 (every partial sum is
 * below 2^53), so it is wrapped to int32 once per unit, which equals wrapping every addition;
 * four units share each pass over the input row. (createQRunner uses the prepared variant in
 * fully-connected-prepared.ts, which gives the same results.)
 */
export function fullyConnectedInt8(
  params: FullyConnectedParams,
  input: Int8Array,
  weights: Int8Array,
  bias: Int32Array | null,
  output: Int8Array,
): void {
  const { inputOffset, filterOffset, inputDepth, outputDepth } = params;
  if (!Number.isInteger(inputDepth) || inputDepth < 1) {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be a positive integer, got ${String(inputDepth)}`, { field: 'params.inputDepth' });
  }
  if (!Number.isInteger(outputDepth) || outputDepth < 1) {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be a positive integer, got ${String(outputDepth)}`, { field: 'params.outputDepth' });
  }
  const batches = input.length / inputDepth;
  if (!Number.isInteger(batches)) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `length ${input.length} is not a multiple of inputDepth ${inputDepth}`, { field: 'input' });
  }
  if (weights.length !== inputDepth * outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `needs ${inputDepth * outputDepth} values, got ${weights.length}`, { field: 'weights' });
  }
  if (bias !== null && bias.length !== outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `needs ${outputDepth} values, got ${bias.length}`, { field: 'bias' });
  }
  if (output.length < batches * outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `needs ${batches * outputDepth} values, got ${output.length}`, { field: 'output' });
  }
  const exact =
    Number.isInteger(inputOffset) &&
    Number.isInteger(filterOffset) &&
    inputDepth * (128 + Math.abs(filterOffset)) * (128 + Math.abs(inputOffset)) <= EXACT_SUM_LIMIT;
  if (!exact) {
    fullyConnectedWrapEveryAdd(params, batches, input, weights, bias, output);
    return;
  }
  for (let b = 0; b < batches; b++) {
    const xBase = b * inputDepth;
    const zBase = b * outputDepth;
    let o = 0;
    for (; o + 3 < outputDepth; o += 4) {
      const r0 = o * inputDepth;
      const r1 = r0 + inputDepth;
      const r2 = r1 + inputDepth;
      const r3 = r2 + inputDepth;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let d = 0; d < inputDepth; d++) {
        const xd = input[xBase + d]! + inputOffset;
        s0 += (weights[r0 + d]! + filterOffset) * xd;
        s1 += (weights[r1 + d]! + filterOffset) * xd;
        s2 += (weights[r2 + d]! + filterOffset) * xd;
        s3 += (weights[r3 + d]! + filterOffset) * xd;
      }
      output[zBase + o] = requantizeUnit(params, s0, bias, o);
      output[zBase + o + 1] = requantizeUnit(params, s1, bias, o + 1);
      output[zBase + o + 2] = requantizeUnit(params, s2, bias, o + 2);
      output[zBase + o + 3] = requantizeUnit(params, s3, bias, o + 3);
    }
    for (; o < outputDepth; o++) {
      const r = o * inputDepth;
      let s = 0;
      for (let d = 0; d < inputDepth; d++) s += (weights[r + d]! + filterOffset) * (input[xBase + d]! + inputOffset);
      output[zBase + o] = requantizeUnit(params, s, bias, o);
    }
  }
}

/** Unit o's output from its exact weighted sum: add the bias, wrap to int32, requantize, clamp. */
function requantizeUnit(params: FullyConnectedParams, sum: number, bias: Int32Array | null, o: number): number {
  const acc = (sum + (bias === null ? 0 : bias[o]!)) | 0;
  let y = (requantizeWithRounding(acc, channelValue(params.outputMultiplier, o), channelValue(params.outputShift, o), params.rounding ?? 'double') + params.outputOffset) | 0;
  if (y < params.activationMin) y = params.activationMin;
  if (y > params.activationMax) y = params.activationMax;
  return y;
}

/** Fallback for offsets too large (or not integers) for exact float64 sums: wrap every addition. */
function fullyConnectedWrapEveryAdd(
  params: FullyConnectedParams,
  batches: number,
  input: Int8Array,
  weights: Int8Array,
  bias: Int32Array | null,
  output: Int8Array,
): void {
  const { inputOffset, filterOffset, inputDepth, outputDepth } = params;
  for (let b = 0; b < batches; b++) {
    const xBase = b * inputDepth;
    for (let o = 0; o < outputDepth; o++) {
      const wBase = o * inputDepth;
      let acc = 0;
      for (let d = 0; d < inputDepth; d++) {
        acc = (acc + (weights[wBase + d]! + filterOffset) * (input[xBase + d]! + inputOffset)) | 0;
      }
      output[b * outputDepth + o] = requantizeUnit(params, acc, bias, o);
    }
  }
}
