import type { Model } from '@tinyspark/core';
import { forwardTrace, modelFromDocument } from '@tinyspark/core';
import type { QModel } from '../runtime/index.js';
import { argmaxInt8, createQRunner, QuantizerError, requantizeWithRounding } from '../runtime/index.js';

/** Latency model: cycles = MACs * cyclesPerMac + output units * cyclesPerOutput + layers * cyclesPerLayer + cyclesPerInvoke. */
export interface LatencyModel {
  clockMHz: number;
  cyclesPerMac: number;
  cyclesPerOutput: number;
  cyclesPerLayer: number;
  cyclesPerInvoke: number;
}

/**
 * Default latency assumption: ESP32-S3 at 240 MHz, 1 cycle per MAC (scalar ANSI-C ESP-NN path; the
 * SIMD path for rows of 16+ bytes is several times faster), 40 cycles per output requantization,
 * 1500 cycles per layer (TFLM op dispatch) and 3000 per invoke (input quantize, argmax).
 */
export const DEFAULT_LATENCY_MODEL: Readonly<LatencyModel> = Object.freeze({
  clockMHz: 240,
  cyclesPerMac: 1,
  cyclesPerOutput: 40,
  cyclesPerLayer: 1500,
  cyclesPerInvoke: 3000,
});

export interface CheckOptions {
  /** Network inputs (features after the pipeline). */
  inputs: readonly ArrayLike<number>[];
  /** Optional truth: one-hot vectors or class indices, for the accuracy of each model. */
  targets?: readonly (ArrayLike<number> | number)[];
  /** Warn when argmax agreement is below this (default 0.99). */
  agreementThreshold?: number;
  /** Warn when a layer saturates (beyond -128/127) on more than this share of its outputs (default 0.01). */
  saturationThreshold?: number;
  latency?: Partial<LatencyModel>;
  /** Warnings from convertModel to repeat in the report. */
  convertWarnings?: readonly { code: string; field: string; message: string }[];
}

export interface LayerCheck {
  index: number;
  inputDepth: number;
  outputDepth: number;
  activation: string;
  outputScale: number;
  outputZeroPoint: number;
  /** |dequantized int8 output - float value| over all samples and units. */
  maxAbsError: number;
  meanAbsError: number;
  /** The float values' range over the dataset, for scale. */
  floatMin: number;
  floatMax: number;
  /** Share of outputs whose requantized value fell outside [-128, 127] and was clamped (ReLU's floor does not count). */
  saturatedShare: number;
  saturatedLow: number;
  saturatedHigh: number;
  /**
   * Share of outputs clamped by more than one int8 step (requantized value < -129 or > 128). A
   * one-step overshoot happens at the very edges of the calibrated range (zero-point rounding and
   * the int8 arithmetic's own rounding) and costs no more than rounding; QUANT_WARN_SATURATION is
   * raised on this share.
   */
  saturatedBeyondOneStep: number;
}

export interface CheckWarning {
  /** QUANT_WARN_LOW_AGREEMENT | QUANT_WARN_SATURATION | QUANT_WARN_DEGENERATE_SCALE | QUANT_WARN_ESPNN_EDGE, or a convert warning code. */
  code: string;
  field: string;
  message: string;
}

export interface CheckReport {
  samples: number;
  /** Share of samples where float argmax == int8 argmax. */
  agreement: number;
  agreeing: number;
  /** Indices of the first (up to 20) disagreeing samples. */
  disagreements: number[];
  floatAccuracy: number | null;
  int8Accuracy: number | null;
  layers: LayerCheck[];
  memory: {
    /** int8 weights: flash bytes. */
    weightBytes: number;
    /** int32 biases + multipliers + shifts. */
    parameterBytes: number;
    flashBytes: number;
    /** The largest input+output activation buffer pair alive at once (int8 bytes, RAM). */
    largestActivationPairBytes: number;
    largestActivationPairLayer: number;
  };
  macs: number;
  latency: { cycles: number; microseconds: number; assumption: string; model: LatencyModel };
  warnings: CheckWarning[];
}

function floatModelOf(source: unknown): Model {
  if (typeof source === 'object' && source !== null && 'model' in source) return (source as { model: Model }).model;
  if (typeof source === 'object' && source !== null && 'layers' in source && 'predict' in source) return source as Model;
  return modelFromDocument(source).model;
}

function classOf(t: ArrayLike<number> | number): number {
  if (typeof t === 'number') return t;
  let best = 0;
  for (let i = 1; i < t.length; i++) if (t[i]! > t[best]!) best = i;
  return best;
}

/**
 * The deployment check: run the float model and the int8 model on the same inputs and report
 * agreement, accuracy, per-layer error and saturation, memory, MACs and estimated latency.
 * `floatSource` is a core Model, a { model } (core LoadedModel / FloatModelSource) or a tinyspark.model document.
 */
export function checkDeployment(floatSource: unknown, qmodel: QModel, options: CheckOptions): CheckReport {
  const model = floatModelOf(floatSource);
  const { inputs } = options;
  if (inputs.length === 0) throw new QuantizerError('QUANT_ERR_EMPTY_DATASET', 'needs at least one sample', { field: 'inputs' });
  if (model.layers.length !== qmodel.layers.length) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `has ${qmodel.layers.length} layers, the float model ${model.layers.length}`, { field: 'qmodel.layers' });
  }
  if (options.targets !== undefined && options.targets.length !== inputs.length) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `has ${options.targets.length} entries for ${inputs.length} inputs`, { field: 'targets' });
  }
  const threshold = options.agreementThreshold ?? 0.99;
  const satThreshold = options.saturationThreshold ?? 0.01;
  const runner = createQRunner(qmodel);
  const nL = qmodel.layers.length;
  const lastFloatAct = model.layers[nL - 1]!.activation;
  const errSum = new Float64Array(nL);
  const errMax = new Float64Array(nL);
  const fMin = new Float64Array(nL).fill(Infinity);
  const fMax = new Float64Array(nL).fill(-Infinity);
  const satLow = new Float64Array(nL);
  const satHigh = new Float64Array(nL);
  const satFar = new Float64Array(nL);
  let agreeing = 0;
  let floatCorrect = 0;
  let intCorrect = 0;
  const disagreements: number[] = [];
  for (let s = 0; s < inputs.length; s++) {
    const trace = forwardTrace(model, inputs[s]!);
    let x = runner.quantizeInput(inputs[s]!);
    runner.invoke(x);
    for (let l = 0; l < nL; l++) {
      const q = qmodel.layers[l]!;
      const out = runner.layerOutputs[l]!;
      const dropped = l === nL - 1 && lastFloatAct !== 'linear' && lastFloatAct !== 'relu';
      const ref = dropped ? trace.preActivations[l]! : trace.activations[l]!;
      for (let o = 0; o < q.outputDepth; o++) {
        // unclamped requantized value, to count saturation
        let acc = q.bias ? q.bias[o]! : 0;
        for (let d = 0; d < q.inputDepth; d++) acc += q.weights[o * q.inputDepth + d]! * (x[d]! - q.inputZeroPoint);
        const c = q.outputMultiplier.length > 1 ? o : 0;
        const y = requantizeWithRounding(acc, q.outputMultiplier[c]!, q.outputShift[c]!, qmodel.rounding) + q.outputZeroPoint;
        if (y < -128 && q.activation === 'none') {
          satLow[l]!++; // below the ReLU floor is the activation, not saturation
          if (y < -129) satFar[l]!++;
        }
        if (y > 127) {
          satHigh[l]!++;
          if (y > 128) satFar[l]!++;
        }
        const deq = q.outputScale * (out[o]! - q.outputZeroPoint);
        const e = Math.abs(deq - ref[o]!);
        errSum[l]! += e;
        if (e > errMax[l]!) errMax[l] = e;
        if (ref[o]! < fMin[l]!) fMin[l] = ref[o]!;
        if (ref[o]! > fMax[l]!) fMax[l] = ref[o]!;
      }
      x = out;
    }
    const fPred = classOf(trace.activations[nL - 1]!);
    const qPred = argmaxInt8(runner.layerOutputs[nL - 1]!);
    if (fPred === qPred) agreeing++;
    else if (disagreements.length < 20) disagreements.push(s);
    if (options.targets !== undefined) {
      const truth = classOf(options.targets[s]!);
      if (fPred === truth) floatCorrect++;
      if (qPred === truth) intCorrect++;
    }
  }
  const n = inputs.length;
  const warnings: CheckWarning[] = (options.convertWarnings ?? []).map((w) => ({ ...w }));
  const layers: LayerCheck[] = qmodel.layers.map((q, l) => {
    const count = n * q.outputDepth;
    const lc: LayerCheck = {
      index: l,
      inputDepth: q.inputDepth,
      outputDepth: q.outputDepth,
      activation: q.activation,
      outputScale: q.outputScale,
      outputZeroPoint: q.outputZeroPoint,
      maxAbsError: errMax[l]!,
      meanAbsError: errSum[l]! / count,
      floatMin: fMin[l]!,
      floatMax: fMax[l]!,
      saturatedShare: (satLow[l]! + satHigh[l]!) / count,
      saturatedLow: satLow[l]! / count,
      saturatedHigh: satHigh[l]! / count,
      saturatedBeyondOneStep: satFar[l]! / count,
    };
    if (lc.saturatedBeyondOneStep > satThreshold) {
      warnings.push({
        code: 'QUANT_WARN_SATURATION',
        field: `layers[${l}]`,
        message:
          `${(lc.saturatedShare * 100).toFixed(1)}% of the outputs are clamped at -128/127 ` +
          `(${(lc.saturatedBeyondOneStep * 100).toFixed(1)}% by more than one step): the calibration data does not cover this data's range`,
      });
    }
    for (let c = 0; c < q.outputMultiplier.length; c++) {
      if (q.outputMultiplier[c] === 0) {
        warnings.push({ code: 'QUANT_WARN_DEGENERATE_SCALE', field: `layers[${l}].outputMultiplier[${c}]`, message: 'the multiplier is 0: this output is constant' });
      }
    }
    // ESP-NN's S3 assembly requantization adds its rounding term without overflow protection and
    // handles the left shift in its own way: only the TFLM/ANSI arithmetic is proven near the int32 edges
    const maxAbsX = Math.max(127 - q.inputZeroPoint, q.inputZeroPoint + 128);
    let worstAcc = 0;
    for (let o = 0; o < q.outputDepth; o++) {
      let w = q.bias ? Math.abs(q.bias[o]!) : 0;
      for (let d = 0; d < q.inputDepth; d++) w += Math.abs(q.weights[o * q.inputDepth + d]!) * maxAbsX;
      worstAcc = Math.max(worstAcc, w);
    }
    if (worstAcc >= 2 ** 30 || Array.from(q.outputShift).some((sh) => sh > 0)) {
      warnings.push({
        code: 'QUANT_WARN_ESPNN_EDGE',
        field: `layers[${l}]`,
        message: `worst-case accumulator ${worstAcc} or a multiplier >= 1: ESP-NN's S3 assembly may round differently from TFLM here`,
      });
    }
    const levels = (lc.floatMax - lc.floatMin) / q.outputScale;
    if (Number.isFinite(levels) && levels < 16) {
      warnings.push({
        code: 'QUANT_WARN_DEGENERATE_SCALE',
        field: `layers[${l}].outputScale`,
        message: `the data spans only ${levels.toFixed(1)} of 255 int8 steps: the calibration range is much wider than this data`,
      });
    }
    return lc;
  });
  const agreement = agreeing / n;
  if (agreement < threshold) {
    const worst = layers.reduce((a, b) => (b.meanAbsError / (b.floatMax - b.floatMin || 1) > a.meanAbsError / (a.floatMax - a.floatMin || 1) ? b : a));
    const sat = layers.filter((l) => l.saturatedBeyondOneStep > satThreshold).map((l) => l.index);
    warnings.push({
      code: 'QUANT_WARN_LOW_AGREEMENT',
      field: 'agreement',
      message:
        `int8 and float agree on ${(agreement * 100).toFixed(1)}% of samples (< ${(threshold * 100).toFixed(1)}%): ` +
        (sat.length > 0
          ? `layer(s) ${sat.join(', ')} saturate; recalibrate with data covering the full input range`
          : `the largest relative error is in layer ${worst.index} (mean ${worst.meanAbsError.toPrecision(3)} on a range of ${(worst.floatMax - worst.floatMin).toPrecision(3)}); ` +
            'the float model\'s top two outputs are closer than the int8 resolution on the disagreeing samples (try per-channel weights)'),
    });
  }
  let weightBytes = 0;
  let parameterBytes = 0;
  let macs = 0;
  let pairBytes = 0;
  let pairLayer = 0;
  let outputs = 0;
  for (let l = 0; l < nL; l++) {
    const q = qmodel.layers[l]!;
    weightBytes += q.weights.length;
    parameterBytes += (q.bias ? 4 * q.bias.length : 0) + 8 * q.outputMultiplier.length;
    macs += q.inputDepth * q.outputDepth;
    outputs += q.outputDepth;
    if (q.inputDepth + q.outputDepth > pairBytes) {
      pairBytes = q.inputDepth + q.outputDepth;
      pairLayer = l;
    }
  }
  const lm: LatencyModel = { ...DEFAULT_LATENCY_MODEL, ...(options.latency ?? {}) };
  const cycles = macs * lm.cyclesPerMac + outputs * lm.cyclesPerOutput + nL * lm.cyclesPerLayer + lm.cyclesPerInvoke;
  return {
    samples: n,
    agreement,
    agreeing,
    disagreements,
    floatAccuracy: options.targets !== undefined ? floatCorrect / n : null,
    int8Accuracy: options.targets !== undefined ? intCorrect / n : null,
    layers,
    memory: { weightBytes, parameterBytes, flashBytes: weightBytes + parameterBytes, largestActivationPairBytes: pairBytes, largestActivationPairLayer: pairLayer },
    macs,
    latency: {
      cycles,
      microseconds: cycles / lm.clockMHz,
      assumption:
        `estimate at ${lm.clockMHz} MHz: ${lm.cyclesPerMac} cycle(s)/MAC, ${lm.cyclesPerOutput} cycles/output requantization, ` +
        `${lm.cyclesPerLayer} cycles/layer dispatch, ${lm.cyclesPerInvoke} cycles/invoke; not measured on a board`,
      model: lm,
    },
    warnings,
  };
}
