import type { Model } from '@tinyspark/core';
import { forwardTrace } from '@tinyspark/core';
import { QuantizerError } from '../runtime/index.js';

/** min/max seen at the input and at each layer's quantized output during calibration. */
export interface CalibrationRanges {
  input: { min: number; max: number };
  /** Per layer: the range of what the int8 layer outputs (post-ReLU, or the logits of the last layer). */
  layers: { min: number; max: number }[];
  samples: number;
}

/** Which float value each layer's int8 output stands for. */
export type LayerTap = 'activation' | 'preActivation';

/**
 * The float32 forward pass calibration runs:
 * - 'tinyspark' (default): core's own forward pass (forwardTrace: float32, four lane sums over
 *   i mod 4 met as (s0 + s1) + (s2 + s3), the n mod 4 tail, then the bias; ADR 0008), i.e. the
 *   arithmetic the float model was trained, evaluated and checked with.
 * - 'tflite': the order of TFLite's optimized float FULLY_CONNECTED on x86 (the Eigen AVX matrix-vector
 *   product TF's converter calibrates with): eight lane sums over i mod 8 for i < n - n mod 8,
 *   reduced as ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)), then the n mod 8 tail ascending,
 *   then the bias; every product and sum rounded to float32, no fused multiply-add; ReLU = max(z, 0).
 *   With the same calibration data this reproduces the ranges, so the scales and zero points, of
 *   TF's converter (checked against TF 2.21's calibrator on the fixtures/tflite models).
 */
export type CalibrationForward = 'tinyspark' | 'tflite';

const fr = Math.fround;

/** One dense layer's pre-activations in TFLite's optimized (Eigen AVX) float order. */
function denseTfliteOrder(w: Float32Array, bias: Float32Array | null, x: Float32Array, n: number, units: number, z: Float32Array): void {
  const n8 = n - (n % 8);
  const lane = new Float64Array(8);
  for (let u = 0; u < units; u++) {
    const r = u * n;
    lane.fill(0);
    for (let j = 0; j < n8; j += 8) for (let l = 0; l < 8; l++) lane[l] = fr(lane[l]! + fr(w[r + j + l]! * x[j + l]!));
    let t = fr(fr(fr(lane[0]! + lane[4]!) + fr(lane[2]! + lane[6]!)) + fr(fr(lane[1]! + lane[5]!) + fr(lane[3]! + lane[7]!)));
    for (let j = n8; j < n; j++) t = fr(t + fr(w[r + j]! * x[j]!));
    z[u] = bias === null ? t : fr(t + bias[u]!);
  }
}

/** The pre-activations and activations of every layer in TFLite's order (linear / relu layers; others via core). */
function forwardTflite(model: Model, input: ArrayLike<number>): { preActivations: Float32Array[]; activations: Float32Array[] } {
  let x = Float32Array.from(input);
  const preActivations: Float32Array[] = [];
  const activations: Float32Array[] = [];
  for (const layer of model.layers) {
    const z = new Float32Array(layer.units);
    denseTfliteOrder(layer.weights, layer.useBias ? layer.bias : null, x, layer.inputSize, layer.units, z);
    const a = layer.activation === 'relu' ? z.map((v) => (v > 0 ? v : 0)) : layer.activation === 'linear' ? z : null;
    preActivations.push(z);
    // softmax / sigmoid / tanh are only ever dropped last layers here (their pre-activations are tapped)
    activations.push(a ?? z);
    x = a ?? z;
  }
  return { preActivations, activations };
}

/**
 * Run the calibration inputs through the float model (core's forwardTrace, or TFLite's order with
 * `forward` 'tflite') and record the ranges.
 * `taps[l]` chooses the activations (linear, relu) or the pre-activations (last layer whose
 * softmax/sigmoid/tanh is dropped: the logits).
 */
export function calibrate(model: Model, inputs: readonly ArrayLike<number>[], taps: readonly LayerTap[], forward: CalibrationForward = 'tinyspark'): CalibrationRanges {
  if (forward !== 'tinyspark' && forward !== 'tflite') {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be "tinyspark" or "tflite", got ${JSON.stringify(forward)}`, { field: 'calibration.forward' });
  }
  if (inputs.length === 0) throw new QuantizerError('QUANT_ERR_EMPTY_CALIBRATION', 'needs at least one sample', { field: 'calibration.inputs' });
  const ranges: CalibrationRanges = {
    input: { min: Infinity, max: -Infinity },
    layers: model.layers.map(() => ({ min: Infinity, max: -Infinity })),
    samples: inputs.length,
  };
  for (let s = 0; s < inputs.length; s++) {
    const x = inputs[s]!;
    if (x.length !== model.inputSize) {
      throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `needs ${model.inputSize} values, got ${x.length}`, { field: `calibration.inputs[${s}]` });
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (!Number.isFinite(v)) throw new QuantizerError('QUANT_ERR_NON_FINITE_CALIBRATION', `must be finite, got ${v}`, { field: `calibration.inputs[${s}][${i}]` });
      if (v < ranges.input.min) ranges.input.min = v;
      if (v > ranges.input.max) ranges.input.max = v;
    }
    const trace = forward === 'tflite' ? forwardTflite(model, x) : forwardTrace(model, x);
    for (let l = 0; l < model.layers.length; l++) {
      const values = taps[l] === 'preActivation' ? trace.preActivations[l]! : trace.activations[l]!;
      const r = ranges.layers[l]!;
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isFinite(v)) {
          throw new QuantizerError('QUANT_ERR_NON_FINITE_CALIBRATION', `produced a non-finite value for calibration sample ${s}`, { field: `layers[${l}]` });
        }
        if (v < r.min) r.min = v;
        if (v > r.max) r.max = v;
      }
    }
  }
  return ranges;
}
