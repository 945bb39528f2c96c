import { QuantizerError } from './errors.js';
import type { QRounding } from './fixed-point.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierRightShift, multiplyByQuantizedMultiplierSingleRounding } from './fixed-point.js';
import type { FullyConnectedParams } from './fully-connected-params.js';
import { validateFullyConnected } from './validate-fully-connected.js';

/**
 * An int8 FULLY_CONNECTED layer prepared once (like TFLM's Prepare) for fast repeated invokes.
 * It is a snapshot: later changes to the weights or bias are not seen.
 *
 * Two units share one float64 multiply-add ("two lanes"): the weights of units 2p and 2p+1 are
 * stored as `w' = (w[2p,d] + filterOffset) + (w[2p+1,d] + filterOffset) * laneScale`, so
 * `sum_d w'[p,d] * x[d] = S0 + S1 * laneScale` with S0, S1 the two units' integer sums. laneScale
 * is a power of two above twice the largest |S0| possible for int8 inputs, and the largest
 * |S0 + S1 * laneScale| stays below 2^53, so every partial sum is an exact integer and
 * `S1 = round(sum / laneScale)`, `S0 = sum - S1 * laneScale` recover both sums exactly.
 * The input offset is folded into a per-unit constant: `acc = S + bias + inputOffset * sum_d w'`.
 */
export interface PreparedFullyConnectedInt8 {
  readonly inputDepth: number;
  readonly outputDepth: number;
  /** ceil(outputDepth / 2) rows of inputDepth two-lane weights (the odd last unit's lane is 0). */
  readonly pairedWeights: Float64Array;
  /** A power of two. */
  readonly laneScale: number;
  /** bias[o] + inputOffset * sum_d (w[o,d] + filterOffset), per unit (exact integers). */
  readonly unitConstant: Float64Array;
  /** Per unit (a per-tensor multiplier is repeated). */
  readonly multiplier: Int32Array;
  readonly shift: Int32Array;
  readonly outputOffset: number;
  readonly activationMin: number;
  readonly activationMax: number;
  readonly rounding: QRounding;
}

const TWO_53 = 9007199254740992;

/**
 * The checks of prepareFullyConnectedInt8 (and of the WebAssembly network, fc-int8-network.ts):
 * validateFullyConnected, and integer input/filter offsets in [-65536, 65536].
 */
export function validatePreparable(params: FullyConnectedParams, weights: Int8Array, bias: Int32Array | null): void {
  validateFullyConnected(params, weights, bias);
  for (const [field, v] of [
    ['params.inputOffset', params.inputOffset],
    ['params.filterOffset', params.filterOffset],
  ] as const) {
    if (!Number.isInteger(v) || Math.abs(v) > 65536) {
      throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be an integer in [-65536, 65536], got ${String(v)}`, { field });
    }
  }
}

/**
 * Prepare a layer for fullyConnectedInt8Prepared (TFLM's Prepare): validateFullyConnected, and also requires integer offsets in [-65536, 65536]. Returns null when the
 * weights are too large for exact two-lane sums (then use fullyConnectedInt8); never when every
 * unit's sum of |w[o,d] + filterOffset| is below 2^19 (e.g. rows of up to 4095 int8 weights).
 */
export function prepareFullyConnectedInt8(params: FullyConnectedParams, weights: Int8Array, bias: Int32Array | null): PreparedFullyConnectedInt8 | null {
  const { inputOffset, filterOffset, outputMultiplier, outputShift, inputDepth, outputDepth } = params;
  validatePreparable(params, weights, bias);
  const pairs = (outputDepth + 1) >> 1;
  const unitConstant = new Float64Array(outputDepth);
  const multiplier = new Int32Array(outputDepth);
  const shift = new Int32Array(outputDepth);
  let bound = 0; // largest possible |sum_d (w[o,d] + filterOffset) * x[d]| for x in [-128, 127]
  for (let o = 0; o < outputDepth; o++) {
    let sumW = 0;
    let sumAbsW = 0;
    for (let d = 0; d < inputDepth; d++) {
      const w = weights[o * inputDepth + d]! + filterOffset;
      sumW += w;
      sumAbsW += Math.abs(w);
    }
    unitConstant[o] = (bias === null ? 0 : bias[o]!) + inputOffset * sumW;
    multiplier[o] = typeof outputMultiplier === 'number' ? outputMultiplier : outputMultiplier[outputMultiplier.length > 1 ? o : 0]!;
    shift[o] = typeof outputShift === 'number' ? outputShift : outputShift[outputShift.length > 1 ? o : 0]!;
    if (sumAbsW * 128 > bound) bound = sumAbsW * 128;
  }
  let laneScale = 2;
  while (laneScale <= 2 * bound) laneScale *= 2;
  if (bound * laneScale + bound >= TWO_53) return null;
  const pairedWeights = new Float64Array(pairs * inputDepth);
  for (let p = 0; p < pairs; p++) {
    const lo = 2 * p;
    const hi = lo + 1;
    for (let d = 0; d < inputDepth; d++) {
      const wHi = hi < outputDepth ? weights[hi * inputDepth + d]! + filterOffset : 0;
      pairedWeights[p * inputDepth + d] = weights[lo * inputDepth + d]! + filterOffset + wHi * laneScale;
    }
  }
  return {
    inputDepth,
    outputDepth,
    pairedWeights,
    laneScale,
    unitConstant,
    multiplier,
    shift,
    outputOffset: params.outputOffset,
    activationMin: params.activationMin,
    activationMax: params.activationMax,
    rounding: params.rounding ?? 'double',
  };
}

/**
 * The prepared layer on `input` (batches of inputDepth int8 values) into `output`: the same int8
 * results as fullyConnectedInt8 with the parameters it was prepared from. Four two-lane rows
 * (eight units) share each pass over the input. Checks the two lengths once; allocates nothing.
 */
export function fullyConnectedInt8Prepared(prepared: PreparedFullyConnectedInt8, input: Int8Array, output: Int8Array): void {
  const { inputDepth: n, outputDepth, pairedWeights: w } = prepared;
  const batches = input.length / n;
  if (!Number.isInteger(batches)) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `length ${input.length} is not a multiple of inputDepth ${n}`, { field: 'input' });
  }
  if (output.length < batches * outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `needs ${batches * outputDepth} values, got ${output.length}`, { field: 'output' });
  }
  const pairs = (outputDepth + 1) >> 1;
  for (let b = 0; b < batches; b++) {
    const x0 = b * n;
    const z0 = b * outputDepth;
    let p = 0;
    for (; p + 3 < pairs; p += 4) {
      const r0 = p * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let d = 0; d < n; d++) {
        const xd = input[x0 + d]!;
        s0 += w[r0 + d]! * xd;
        s1 += w[r1 + d]! * xd;
        s2 += w[r2 + d]! * xd;
        s3 += w[r3 + d]! * xd;
      }
      storePair(prepared, s0, 2 * p, output, z0);
      storePair(prepared, s1, 2 * p + 2, output, z0);
      storePair(prepared, s2, 2 * p + 4, output, z0);
      storePair(prepared, s3, 2 * p + 6, output, z0);
    }
    for (; p < pairs; p++) {
      const r = p * n;
      let s = 0;
      for (let d = 0; d < n; d++) s += w[r + d]! * input[x0 + d]!;
      storePair(prepared, s, 2 * p, output, z0);
    }
  }
}

/** Split a two-lane sum into units o and o+1 (if it exists) and store their outputs. */
function storePair(prepared: PreparedFullyConnectedInt8, sum: number, o: number, output: Int8Array, z0: number): void {
  const { laneScale } = prepared;
  const high = Math.round(sum / laneScale);
  output[z0 + o] = requantize(prepared, sum - high * laneScale, o);
  if (o + 1 < prepared.outputDepth) output[z0 + o + 1] = requantize(prepared, high, o + 1);
}

/** acc = int32(sum + unitConstant[o]); clamp(MBQM(acc, M[o], shift[o]) + outputOffset), MBQM with the prepared rounding. */
function requantize(prepared: PreparedFullyConnectedInt8, sum: number, o: number): number {
  const acc = (sum + prepared.unitConstant[o]!) | 0;
  const m = prepared.multiplier[o]!;
  const s = prepared.shift[o]!;
  const scaled =
    prepared.rounding === 'single'
      ? multiplyByQuantizedMultiplierSingleRounding(acc, m, s)
      : s <= 0 && m >= 0
        ? multiplyByQuantizedMultiplierRightShift(acc, m, -s)
        : multiplyByQuantizedMultiplier(acc, m, s);
  let y = (scaled + prepared.outputOffset) | 0;
  if (y < prepared.activationMin) y = prepared.activationMin;
  if (y > prepared.activationMax) y = prepared.activationMax;
  return y;
}
