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
 * Run the calibration inputs through the float model (core's forwardTrace) and record the ranges.
 * `taps[l]` chooses the activations (linear, relu) or the pre-activations (last layer whose
 * softmax/sigmoid/tanh is dropped: the logits).
 */
export function calibrate(model: Model, inputs: readonly ArrayLike<number>[], taps: readonly LayerTap[]): CalibrationRanges {
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
    const trace = forwardTrace(model, x);
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
