import type { InputPipeline, Model, ModelDocument } from '@tinyspark/core';
import { modelFromDocument } from '@tinyspark/core';
import type { QActivation, QModel, QModelDocument, QRounding } from '../runtime/index.js';
import {
  QuantizerError,
  activationBounds,
  fullyConnectedRealMultiplier,
  loadQModel,
  pipelineInputSize,
  qmodelToDocument,
  quantizeMultiplier,
} from '../runtime/index.js';
import { chooseActivationParams } from './activation-params.js';
import type { CalibrationForward, CalibrationRanges, LayerTap } from './calibrate.js';
import { calibrate } from './calibrate.js';
import { quantizeBias, quantizeWeightsSymmetric } from './weight-quantization.js';

/** A float model with its metadata (core's LoadedModel has this shape). */
export interface FloatModelSource {
  model: Model;
  labels: string[];
  pipeline: InputPipeline;
}

export interface ConvertOptions {
  /**
   * Calibration samples: network inputs (features, after the pipeline). Targets are ignored.
   * `forward` (default 'tinyspark': core's float32 forward pass) 'tflite' runs the float model in
   * the order of TF's converter, so the same data gives TF's scales and zero points (see
   * CalibrationForward).
   */
  calibration: { inputs: readonly ArrayLike<number>[]; forward?: CalibrationForward };
  /** One weight scale per output unit (default false: one per layer). */
  perChannel?: boolean;
  /** Copied into the qmodel's `source` (e.g. the float model's hash or name). */
  source?: Record<string, unknown>;
  /**
   * Requantization rounding of the int8 model (default 'double': TFLite Micro / ESP-NN on the
   * device). 'single' is TFLITE_SINGLE_ROUNDING (desktop TFLite's reference kernels); it makes a
   * version 2 qmodel.
   */
  rounding?: QRounding;
}

/** A conversion note the deployment check repeats. */
export interface ConvertWarning {
  code: 'QUANT_WARN_DEGENERATE_RANGE' | 'QUANT_WARN_ZERO_WEIGHTS' | 'QUANT_WARN_MULTIPLIER_FLUSHED' | 'QUANT_WARN_OUTPUT_DROPPED';
  field: string;
  message: string;
}

export interface ConvertResult {
  qmodel: QModel;
  /** The tinyspark.qmodel v1 JSON document (write it with JSON.stringify). */
  document: QModelDocument;
  ranges: CalibrationRanges;
  warnings: ConvertWarning[];
}

function isFloatSource(v: unknown): v is FloatModelSource {
  return typeof v === 'object' && v !== null && 'model' in v && 'labels' in v && 'pipeline' in v;
}

/**
 * Post-training int8 quantization of a float model (tinyspark.model document, or { model, labels,
 * pipeline }). Activations asymmetric int8 (TFLite's rule, range widened to include 0), weights
 * symmetric [-127, 127] per tensor or per channel, int32 biases at s_in*s_w, ReLU fused into the
 * clamp, multipliers as the device computes them. The int8 model ends at the logits: a final
 * softmax/sigmoid/tanh is dropped (argmax decides); a hidden sigmoid/tanh layer is rejected with
 * QUANT_ERR_UNSUPPORTED_ACTIVATION. The result is validated with loadQModel.
 */
export function convertModel(source: FloatModelSource | ModelDocument | unknown, options: ConvertOptions): ConvertResult {
  const src: FloatModelSource = isFloatSource(source) ? source : modelFromDocument(source);
  const { model, labels, pipeline } = src;
  const perChannel = options.perChannel ?? false;
  const warnings: ConvertWarning[] = [];
  if (pipelineInputSize(pipeline) !== model.inputSize) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `produces ${pipelineInputSize(pipeline)} inputs, the model takes ${model.inputSize}`, { field: 'pipeline' });
  }
  if (labels.length !== model.outputSize) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `has ${labels.length} labels for ${model.outputSize} outputs`, { field: 'labels' });
  }
  const last = model.layers.length - 1;
  const taps: LayerTap[] = [];
  const acts: QActivation[] = [];
  model.layers.forEach((layer, l) => {
    const a = layer.activation;
    if (a === 'linear') {
      taps.push('activation');
      acts.push('none');
    } else if (a === 'relu') {
      taps.push('activation');
      acts.push('relu');
    } else if (l === last) {
      taps.push('preActivation');
      acts.push('none');
      warnings.push({
        code: 'QUANT_WARN_OUTPUT_DROPPED',
        field: `layers[${l}].activation`,
        message: `${a} on the last layer is not run in int8: the model ends at the logits and argmax decides`,
      });
    } else {
      throw new QuantizerError(
        'QUANT_ERR_UNSUPPORTED_ACTIVATION', `${a} in a hidden layer has no exact int8 equivalent here (supported: linear, relu; softmax/sigmoid/tanh only on the last layer)`, { field: `layers[${l}].activation` },
      );
    }
  });
  const forward = options.calibration.forward ?? 'tinyspark';
  const ranges = calibrate(model, options.calibration.inputs, taps, forward);
  const inParams = chooseActivationParams(ranges.input.min, ranges.input.max);
  if (inParams.degenerate) warnings.push({ code: 'QUANT_WARN_DEGENERATE_RANGE', field: 'input', message: 'the calibration inputs are all 0: a unit range was used' });
  let prev = { scale: inParams.scale, zeroPoint: inParams.zeroPoint };
  const layers: QModelDocument['layers'] = model.layers.map((layer, l) => {
    const outParams = chooseActivationParams(ranges.layers[l]!.min, ranges.layers[l]!.max);
    if (outParams.degenerate) {
      warnings.push({ code: 'QUANT_WARN_DEGENERATE_RANGE', field: `layers[${l}]`, message: 'the layer output was 0 on every calibration sample: a unit range was used' });
    }
    const qw = quantizeWeightsSymmetric(layer.weights, layer.units, layer.inputSize, perChannel);
    for (const c of qw.zeroChannels) {
      warnings.push({ code: 'QUANT_WARN_ZERO_WEIGHTS', field: `layers[${l}].weights`, message: `${perChannel ? `unit ${c}` : 'the layer'} has only zero weights` });
    }
    const bias = layer.useBias ? Array.from(quantizeBias(layer.bias, prev.scale, qw.scales)) : null;
    const mult: number[] = [];
    const shift: number[] = [];
    for (let c = 0; c < qw.scales.length; c++) {
      const real = fullyConnectedRealMultiplier(prev.scale, qw.scales[c]!, outParams.scale, qw.scales.length > 1);
      const q = quantizeMultiplier(real);
      if (q.shift > 30) {
        throw new QuantizerError('QUANT_ERR_MULTIPLIER_OUT_OF_RANGE', `the real multiplier ${real} needs a left shift above 30`, { field: `layers[${l}].outputShift[${c}]` });
      }
      if (q.multiplier === 0) {
        warnings.push({ code: 'QUANT_WARN_MULTIPLIER_FLUSHED', field: `layers[${l}].outputMultiplier[${c}]`, message: `the real multiplier ${real} is below 2^-32: flushed to 0` });
      }
      mult.push(q.multiplier);
      shift.push(q.shift);
    }
    const bounds = activationBounds(acts[l]!, outParams.scale, outParams.zeroPoint);
    const doc: QModelDocument['layers'][number] = {
      type: 'fully_connected',
      inputDepth: layer.inputSize,
      outputDepth: layer.units,
      weights: Array.from(qw.weights),
      weightScales: Array.from(qw.scales),
      bias,
      inputScale: prev.scale,
      inputZeroPoint: prev.zeroPoint,
      outputScale: outParams.scale,
      outputZeroPoint: outParams.zeroPoint,
      outputMultiplier: mult,
      outputShift: shift,
      activation: acts[l]!,
      activationMin: bounds.min,
      activationMax: bounds.max,
    };
    prev = { scale: outParams.scale, zeroPoint: outParams.zeroPoint };
    return doc;
  });
  const rounding = options.rounding ?? 'double';
  const document: QModelDocument = {
    format: 'tinyspark.qmodel',
    version: rounding === 'single' ? 2 : 1,
    ...(rounding === 'single' ? { rounding } : {}),
    labels: [...labels],
    pipeline: { ...pipeline, axes: [...pipeline.axes], scale: [...pipeline.scale], offset: [...pipeline.offset] },
    input: { scale: inParams.scale, zeroPoint: inParams.zeroPoint },
    layers,
    output: { ...prev },
    source: {
      ...(options.source ?? {}),
      from: 'tinyspark.model',
      perChannel,
      calibrationSamples: ranges.samples,
      ...(forward === 'tflite' ? { calibrationForward: forward } : {}),
      droppedOutputActivation: model.layers[last]!.activation === 'linear' || model.layers[last]!.activation === 'relu' ? null : model.layers[last]!.activation,
    },
  };
  const qmodel = loadQModel(document);
  return { qmodel, document: qmodelToDocument(qmodel), ranges, warnings };
}
