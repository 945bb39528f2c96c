import type { QActivation } from './activation-bounds.js';
import { activationBounds } from './activation-bounds.js';
import type { QuantizerErrorCode } from './errors.js';
import type { QRounding } from './fixed-point.js';
import { QModelFormatError } from './errors.js';
import type { FullyConnectedParams } from './fully-connected-params.js';
import type { InputPipeline } from './input-pipeline.js';
import { pipelineInputSize, validatePipeline } from './input-pipeline.js';
import { fullyConnectedRealMultiplier, quantizeMultiplier } from './quantize-multiplier.js';
import { validateFullyConnected } from './validate-fully-connected.js';

export const QMODEL_FORMAT = 'tinyspark.qmodel';
/**
 * The newest tinyspark.qmodel version this package reads and writes. Version 2 adds `rounding`.
 * The writer emits version 1 (no `rounding` field) for a double-rounding model, so every v1
 * reader still runs it, and version 2 with `"rounding": "single"` otherwise, so a v1-only reader
 * (which would run it with the wrong rounding) rejects it.
 */
export const QMODEL_VERSION = 2;
/** Versions loadQModel accepts: 1 (always double rounding) and 2 (`rounding` field). */
export type QModelVersion = 1 | 2;

/** Quantization of a tensor: real = scale * (q - zeroPoint). scale is a float32 value. */
export interface QTensorParams {
  scale: number;
  zeroPoint: number;
}

/** One int8 FULLY_CONNECTED layer, in memory (typed arrays). */
export interface QLayer {
  type: 'fully_connected';
  inputDepth: number;
  outputDepth: number;
  /** int8, outputDepth*inputDepth, row-major [unit][input]. */
  weights: Int8Array;
  /** float32, length 1 (per-tensor) or outputDepth (per-channel). */
  weightScales: Float32Array;
  /** int32 at scale inputScale*weightScale, or null. */
  bias: Int32Array | null;
  inputScale: number;
  inputZeroPoint: number;
  outputScale: number;
  outputZeroPoint: number;
  /** Q31, same length as weightScales. */
  outputMultiplier: Int32Array;
  outputShift: Int32Array;
  activation: QActivation;
  activationMin: number;
  activationMax: number;
}

/** A validated quantized model (what loadQModel returns). */
export interface QModel {
  format: typeof QMODEL_FORMAT;
  /** 1 for a double-rounding model, 2 for single (what qmodelToDocument writes). */
  version: QModelVersion;
  /** Requantization rounding every layer uses: 'double' (TFLM / ESP-NN, the default) or 'single' (TFLITE_SINGLE_ROUNDING). */
  rounding: QRounding;
  labels: string[];
  pipeline: InputPipeline;
  input: QTensorParams;
  layers: QLayer[];
  output: QTensorParams;
  source?: Record<string, unknown>;
}

/** The JSON form (tinyspark.qmodel v1) of one layer. */
export interface QLayerDocument {
  type: 'fully_connected';
  inputDepth: number;
  outputDepth: number;
  weights: number[];
  weightScales: number[];
  bias: number[] | null;
  inputScale: number;
  inputZeroPoint: number;
  outputScale: number;
  outputZeroPoint: number;
  outputMultiplier: number[];
  outputShift: number[];
  activation: QActivation;
  activationMin: number;
  activationMax: number;
}

/** The JSON document tinyspark.qmodel v1 / v2 (docs/architecture.md section 2). */
export interface QModelDocument {
  format: typeof QMODEL_FORMAT;
  version: QModelVersion;
  /** v2 only (optional there, default "double"); a v1 document is always double rounding. */
  rounding?: QRounding;
  labels: string[];
  pipeline: InputPipeline;
  input: QTensorParams;
  layers: QLayerDocument[];
  output: QTensorParams;
  source?: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(code: QuantizerErrorCode, field: string, message: string): never {
  throw new QModelFormatError(code, message, { field });
}

function intIn(v: unknown, lo: number, hi: number, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail('QUANT_ERR_INVALID_FIELD', field, `must be an integer, got ${JSON.stringify(v)}`);
  if (v < lo || v > hi) fail('QUANT_ERR_INTEGER_RANGE', field, `must be in [${lo}, ${hi}], got ${v}`);
  return v;
}

function scaleOf(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail('QUANT_ERR_INVALID_FIELD', field, `must be a finite number, got ${JSON.stringify(v)}`);
  const f = Math.fround(v);
  if (!(f > 0) || !Number.isFinite(f)) fail('QUANT_ERR_SCALE_NOT_POSITIVE', field, `must be a positive float32, got ${v}`);
  return f;
}

function intArray<T extends Int8Array | Int32Array>(
  v: unknown,
  length: number | readonly number[],
  lo: number,
  hi: number,
  field: string,
  make: (n: number) => T,
): T {
  if (!Array.isArray(v)) fail('QUANT_ERR_INVALID_FIELD', field, 'must be an array of integers');
  const ok = typeof length === 'number' ? v.length === length : length.includes(v.length);
  if (!ok) fail('QUANT_ERR_SHAPE_MISMATCH', field, `must have ${typeof length === 'number' ? length : length.join(' or ')} entries, got ${v.length}`);
  const out = make(v.length);
  for (let i = 0; i < v.length; i++) out[i] = intIn(v[i], lo, hi, `${field}[${i}]`);
  return out;
}

function tensorParams(v: unknown, field: string): QTensorParams {
  if (!isRecord(v)) fail('QUANT_ERR_INVALID_FIELD', field, 'must be an object { scale, zeroPoint }');
  return { scale: scaleOf(v.scale, `${field}.scale`), zeroPoint: intIn(v.zeroPoint, -128, 127, `${field}.zeroPoint`) };
}

const INT32_MAX = 2147483647;

function loadLayer(v: unknown, f: string, rounding: QRounding): QLayer {
  if (!isRecord(v)) fail('QUANT_ERR_INVALID_FIELD', f, 'must be an object');
  if (v.type !== 'fully_connected') fail('QUANT_ERR_UNSUPPORTED_LAYER', `${f}.type`, `must be "fully_connected", got ${JSON.stringify(v.type)}`);
  const inputDepth = intIn(v.inputDepth, 1, 65535, `${f}.inputDepth`);
  const outputDepth = intIn(v.outputDepth, 1, 65535, `${f}.outputDepth`);
  const weights = intArray(v.weights, inputDepth * outputDepth, -128, 127, `${f}.weights`, (n) => new Int8Array(n));
  if (!Array.isArray(v.weightScales)) fail('QUANT_ERR_INVALID_FIELD', `${f}.weightScales`, 'must be an array of positive numbers');
  if (v.weightScales.length !== 1 && v.weightScales.length !== outputDepth) {
    fail('QUANT_ERR_SHAPE_MISMATCH', `${f}.weightScales`, `must have 1 or ${outputDepth} entries, got ${v.weightScales.length}`);
  }
  const weightScales = Float32Array.from((v.weightScales as unknown[]).map((s, i) => scaleOf(s, `${f}.weightScales[${i}]`)));
  const bias = v.bias === null ? null : intArray(v.bias, outputDepth, -2147483648, INT32_MAX, `${f}.bias`, (n) => new Int32Array(n));
  const inputScale = scaleOf(v.inputScale, `${f}.inputScale`);
  const inputZeroPoint = intIn(v.inputZeroPoint, -128, 127, `${f}.inputZeroPoint`);
  const outputScale = scaleOf(v.outputScale, `${f}.outputScale`);
  const outputZeroPoint = intIn(v.outputZeroPoint, -128, 127, `${f}.outputZeroPoint`);
  const nCh = weightScales.length;
  const outputMultiplier = intArray(v.outputMultiplier, nCh, -2147483648, INT32_MAX, `${f}.outputMultiplier`, (n) => new Int32Array(n));
  const outputShift = intArray(v.outputShift, nCh, -31, 30, `${f}.outputShift`, (n) => new Int32Array(n));
  const perChannel = nCh > 1;
  for (let c = 0; c < nCh; c++) {
    const { multiplier, shift } = quantizeMultiplier(fullyConnectedRealMultiplier(inputScale, weightScales[c]!, outputScale, perChannel));
    if (multiplier !== outputMultiplier[c] || shift !== outputShift[c]) {
      fail(
        'QUANT_ERR_MULTIPLIER_MISMATCH',
        `${f}.outputMultiplier[${c}]`,
        `(${outputMultiplier[c]!}, ${outputShift[c]!}) is not what the device computes from the scales: (${multiplier}, ${shift})`,
      );
    }
  }
  const activation = v.activation;
  if (activation !== 'none' && activation !== 'relu' && activation !== 'relu6') {
    fail('QUANT_ERR_UNSUPPORTED_ACTIVATION', `${f}.activation`, `must be "none", "relu" or "relu6", got ${JSON.stringify(activation)}`);
  }
  const activationMin = intIn(v.activationMin, -128, 127, `${f}.activationMin`);
  const activationMax = intIn(v.activationMax, -128, 127, `${f}.activationMax`);
  const bounds = activationBounds(activation, outputScale, outputZeroPoint);
  if (activationMin !== bounds.min) fail('QUANT_ERR_ACTIVATION_BOUNDS', `${f}.activationMin`, `must be ${bounds.min} for ${activation}, got ${activationMin}`);
  if (activationMax !== bounds.max) fail('QUANT_ERR_ACTIVATION_BOUNDS', `${f}.activationMax`, `must be ${bounds.max} for ${activation}, got ${activationMax}`);
  // the C accumulator is int32: reject a layer whose worst case could overflow it
  const maxAbsX = Math.max(127 - inputZeroPoint, inputZeroPoint + 128);
  for (let o = 0; o < outputDepth; o++) {
    let worst = bias === null ? 0 : Math.abs(bias[o]!);
    for (let d = 0; d < inputDepth; d++) worst += Math.abs(weights[o * inputDepth + d]!) * maxAbsX;
    if (worst > INT32_MAX) fail('QUANT_ERR_ACCUMULATOR_OVERFLOW', `${f}.weights`, `unit ${o} can overflow the int32 accumulator (worst case ${worst})`);
  }
  const layer: QLayer = {
    type: 'fully_connected',
    inputDepth,
    outputDepth,
    weights,
    weightScales,
    bias,
    inputScale,
    inputZeroPoint,
    outputScale,
    outputZeroPoint,
    outputMultiplier,
    outputShift,
    activation,
    activationMin,
    activationMax,
  };
  validateFullyConnected({ ...fullyConnectedParamsOf(layer), rounding }, weights, bias, f);
  return layer;
}

/** The kernel parameters of a layer (TFLite int8 weights: filterOffset 0). */
export function fullyConnectedParamsOf(layer: QLayer, rounding: QRounding = 'double'): FullyConnectedParams {
  return {
    inputOffset: -layer.inputZeroPoint,
    filterOffset: 0,
    outputOffset: layer.outputZeroPoint,
    outputMultiplier: layer.outputMultiplier.slice(),
    outputShift: layer.outputShift.slice(),
    activationMin: layer.activationMin,
    activationMax: layer.activationMax,
    inputDepth: layer.inputDepth,
    outputDepth: layer.outputDepth,
    rounding,
  };
}

/**
 * Validate a tinyspark.qmodel v1 or v2 document (parsed JSON) and return it with typed arrays.
 * Every violation throws QModelFormatError { code, field } naming the field, e.g.
 * `layers[1].outputShift[0]`. Scales are read as float32 (Math.fround), as the device stores them.
 */
export function loadQModel(doc: unknown): QModel {
  if (!isRecord(doc)) fail('QUANT_ERR_INVALID_DOCUMENT', '(document)', 'must be a JSON object');
  if (doc.format !== QMODEL_FORMAT) fail('QUANT_ERR_INVALID_DOCUMENT', 'format', `must be "${QMODEL_FORMAT}", got ${JSON.stringify(doc.format)}`);
  if (doc.version !== 1 && doc.version !== 2) fail('QUANT_ERR_UNSUPPORTED_VERSION', 'version', `must be 1 or 2, got ${JSON.stringify(doc.version)}`);
  const version: QModelVersion = doc.version;
  let rounding: QRounding = 'double';
  if (doc.rounding !== undefined) {
    if (doc.rounding !== 'double' && doc.rounding !== 'single') fail('QUANT_ERR_INVALID_FIELD', 'rounding', `must be "double" or "single", got ${JSON.stringify(doc.rounding)}`);
    if (version === 1) fail('QUANT_ERR_UNSUPPORTED_VERSION', 'rounding', 'needs "version": 2 (a version 1 document is always double rounding)');
    rounding = doc.rounding;
  }
  const pipeline = validatePipeline(doc.pipeline, 'pipeline', (field, message) => new QModelFormatError('QUANT_ERR_INVALID_PIPELINE', message, { field }));
  const input = tensorParams(doc.input, 'input');
  const output = tensorParams(doc.output, 'output');
  if (!Array.isArray(doc.layers) || doc.layers.length === 0) fail('QUANT_ERR_INVALID_FIELD', 'layers', 'must be a non-empty array');
  const layers = (doc.layers as unknown[]).map((l, i) => loadLayer(l, `layers[${i}]`, rounding));
  let prev: QTensorParams = input;
  let prevField = 'input';
  let prevDepth = pipelineInputSize(pipeline);
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    if (l.inputDepth !== prevDepth) {
      fail('QUANT_ERR_SHAPE_MISMATCH', `layers[${i}].inputDepth`, `must be ${prevDepth} (${i === 0 ? 'the pipeline input size' : 'the previous outputDepth'}), got ${l.inputDepth}`);
    }
    if (l.inputScale !== prev.scale) fail('QUANT_ERR_CHAIN_MISMATCH', `layers[${i}].inputScale`, `must equal ${prevField} scale ${prev.scale}, got ${l.inputScale}`);
    if (l.inputZeroPoint !== prev.zeroPoint) {
      fail('QUANT_ERR_CHAIN_MISMATCH', `layers[${i}].inputZeroPoint`, `must equal ${prevField} zero point ${prev.zeroPoint}, got ${l.inputZeroPoint}`);
    }
    prev = { scale: l.outputScale, zeroPoint: l.outputZeroPoint };
    prevField = `layers[${i}].output`;
    prevDepth = l.outputDepth;
  }
  if (output.scale !== prev.scale) fail('QUANT_ERR_CHAIN_MISMATCH', 'output.scale', `must equal the last layer's outputScale ${prev.scale}`);
  if (output.zeroPoint !== prev.zeroPoint) fail('QUANT_ERR_CHAIN_MISMATCH', 'output.zeroPoint', `must equal the last layer's outputZeroPoint ${prev.zeroPoint}`);
  if (!Array.isArray(doc.labels) || !doc.labels.every((s) => typeof s === 'string')) fail('QUANT_ERR_INVALID_FIELD', 'labels', 'must be an array of strings');
  if (doc.labels.length !== prevDepth) fail('QUANT_ERR_SHAPE_MISMATCH', 'labels', `must have one label per output unit (${prevDepth}), got ${doc.labels.length}`);
  if (doc.source !== undefined && !isRecord(doc.source)) fail('QUANT_ERR_INVALID_FIELD', 'source', 'must be an object when present');
  const model: QModel = {
    format: QMODEL_FORMAT,
    version: rounding === 'single' ? 2 : 1,
    rounding,
    labels: [...(doc.labels as string[])],
    pipeline,
    input,
    layers,
    output,
  };
  if (doc.source !== undefined) model.source = { ...(doc.source as Record<string, unknown>) };
  return model;
}

/**
 * The plain JSON document of a QModel (inverse of loadQModel): version 1 without `rounding` for a
 * double-rounding model (unchanged for every v1 reader), version 2 with `"rounding": "single"`.
 */
export function qmodelToDocument(model: QModel): QModelDocument {
  const single = model.rounding === 'single';
  const doc: QModelDocument = {
    format: QMODEL_FORMAT,
    version: single ? 2 : 1,
    ...(single ? { rounding: 'single' as const } : {}),
    labels: [...model.labels],
    pipeline: { ...model.pipeline, axes: [...model.pipeline.axes], scale: [...model.pipeline.scale], offset: [...model.pipeline.offset] },
    input: { ...model.input },
    layers: model.layers.map((l) => ({
      type: 'fully_connected',
      inputDepth: l.inputDepth,
      outputDepth: l.outputDepth,
      weights: Array.from(l.weights),
      weightScales: Array.from(l.weightScales),
      bias: l.bias === null ? null : Array.from(l.bias),
      inputScale: l.inputScale,
      inputZeroPoint: l.inputZeroPoint,
      outputScale: l.outputScale,
      outputZeroPoint: l.outputZeroPoint,
      outputMultiplier: Array.from(l.outputMultiplier),
      outputShift: Array.from(l.outputShift),
      activation: l.activation,
      activationMin: l.activationMin,
      activationMax: l.activationMax,
    })),
    output: { ...model.output },
  };
  if (model.source !== undefined) doc.source = { ...model.source };
  return doc;
}
