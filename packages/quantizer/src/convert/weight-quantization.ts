import { roundHalfAwayFromZero } from '../runtime/index.js';

/** Symmetric int8 weights of one layer. */
export interface QuantizedWeights {
  weights: Int8Array;
  /** float32 scales: one (per-tensor) or one per output unit (per-channel). */
  scales: Float32Array;
  /** Channels (or the tensor) whose weights were all zero: scale 1/127 substituted. */
  zeroChannels: number[];
}

/**
 * Symmetric narrow-range int8 weights (TFLite: zero point 0, values in [-127, 127]):
 * half_range = max |w| (per tensor or per output unit), scale = half_range / 127 in float32, and
 * q = round(w * (127 / half_range)) with the inverse in float32, clamped to [-127, 127].
 */
export function quantizeWeightsSymmetric(weights: Float32Array, units: number, inputSize: number, perChannel: boolean): QuantizedWeights {
  const nCh = perChannel ? units : 1;
  const rowsPerCh = perChannel ? 1 : units;
  const out = new Int8Array(units * inputSize);
  const scales = new Float32Array(nCh);
  const zeroChannels: number[] = [];
  for (let c = 0; c < nCh; c++) {
    const start = c * rowsPerCh * inputSize;
    const end = start + rowsPerCh * inputSize;
    let half = 0;
    for (let i = start; i < end; i++) half = Math.max(half, Math.abs(weights[i]!));
    half = Math.fround(half);
    if (half === 0) {
      zeroChannels.push(c);
      scales[c] = Math.fround(1 / 127);
      continue; // the int8 weights stay 0
    }
    scales[c] = Math.fround(half / 127);
    const inv = Math.fround(127 / half);
    for (let i = start; i < end; i++) {
      const q = roundHalfAwayFromZero(Math.fround(weights[i]! * inv));
      out[i] = Math.max(-127, Math.min(127, q));
    }
  }
  return { weights: out, scales, zeroChannels };
}

/**
 * int32 biases at scale s_in * s_w[c] (float32 product, zero point 0), rounded half away from
 * zero and clamped to +-(2^31 - 1), as TFLite's SymmetricPerChannelBiasQuantize.
 */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): Int32Array {
  const out = new Int32Array(bias.length);
  for (let o = 0; o < bias.length; o++) {
    const s = Math.fround(inputScale * weightScales[weightScales.length > 1 ? o : 0]!);
    const q = roundHalfAwayFromZero(Math.fround(bias[o]! * Math.fround(1 / s)));
    out[o] = Math.max(-2147483647, Math.min(2147483647, q));
  }
  return out;
}
