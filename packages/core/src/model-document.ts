/**
 * The float model document `tinyspark.model` v1 (docs/architecture.md section 1; field by field in
 * the package README). Writing picks, for every float32 parameter, the shortest decimal that reads
 * back as the same float32, so a document round-trips bit-exactly and the course's 0.22 stays 0.22.
 */
import { isActivation, type Activation } from './activation.js';
import { DenseLayer } from './dense-layer.js';
import { CoreError, ModelFormatError } from './errors.js';
import { assertLossFits, isLoss, LOSSES, type Loss } from './loss.js';
import { Model } from './model.js';
import { pipelineInputSize, validatePipeline, type InputPipeline, type ReadonlyInputPipeline } from './pipeline.js';

export const MODEL_FORMAT = 'tinyspark.model';
export const MODEL_VERSION = 1;

/** JSON-compatible value (the informational `training` block). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface DenseLayerDocument {
  type: 'dense';
  inputSize: number;
  units: number;
  activation: Activation;
  useBias: boolean;
  /** weights[unit][input] */
  weights: number[][];
  /** number[units] when useBias, else null */
  bias: number[] | null;
}

export interface ModelDocument {
  format: 'tinyspark.model';
  version: 1;
  labels: string[];
  pipeline: InputPipeline;
  layers: DenseLayerDocument[];
  loss: Loss;
  training?: { [key: string]: JsonValue };
}

export interface ModelMeta {
  labels: readonly string[];
  pipeline: ReadonlyInputPipeline;
  loss: Loss;
  training?: { [key: string]: JsonValue };
}

export interface LoadedModel {
  model: Model;
  labels: string[];
  pipeline: InputPipeline;
  loss: Loss;
  training: { [key: string]: JsonValue } | undefined;
}

/** The shortest decimal (as a JS number) that reads back as the same float32 as `x`. */
export function shortestFloat32(x: number): number {
  const f = Math.fround(x);
  if (f === 0 || !Number.isFinite(f)) return f;
  for (let p = 1; p <= 9; p++) {
    const v = Number(f.toPrecision(p));
    if (Math.fround(v) === f) return v;
  }
  return f;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkLabels(labels: unknown, outputSize: number, field: string): string[] {
  if (!Array.isArray(labels)) throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', field, 'must be an array of strings');
  if (labels.length !== outputSize) {
    throw new ModelFormatError('CORE_ERR_MODEL_SHAPE', field, `must have one label per output unit (${outputSize}), got ${labels.length}`);
  }
  const seen = new Set<string>();
  labels.forEach((l, i) => {
    if (typeof l !== 'string' || l.length === 0) throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', `${field}[${i}]`, 'must be a non-empty string');
    if (seen.has(l)) throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', `${field}[${i}]`, `duplicate label ${JSON.stringify(l)}`);
    seen.add(l);
  });
  return [...(labels as string[])];
}

/** Serialise a model with its labels, input pipeline and loss into a plain JSON document. */
export function modelToDocument(model: Model, meta: ModelMeta): ModelDocument {
  const labels = checkLabels(meta.labels, model.outputSize, 'labels');
  const pipeline = validatePipeline(meta.pipeline);
  if (pipelineInputSize(pipeline) !== model.inputSize) {
    throw new ModelFormatError(
      'CORE_ERR_MODEL_SHAPE',
      'pipeline',
      `produces ${pipelineInputSize(pipeline)} inputs (windowLength x axes), the model takes ${model.inputSize}`,
    );
  }
  if (!isLoss(meta.loss)) throw new ModelFormatError('CORE_ERR_UNKNOWN_LOSS', 'loss', `unknown loss ${JSON.stringify(meta.loss)} (use ${LOSSES.join(', ')})`);
  const lastCode = model.layers[model.layers.length - 1]!.activationCode;
  try {
    assertLossFits(meta.loss, lastCode);
  } catch (e) {
    if (e instanceof CoreError) throw new ModelFormatError(e.code, 'loss', e.detail);
    throw e;
  }
  const layers = model.layers.map((layer, l): DenseLayerDocument => {
    const weights: number[][] = [];
    for (let u = 0; u < layer.units; u++) {
      const row: number[] = [];
      for (let i = 0; i < layer.inputSize; i++) {
        const v = layer.weights[u * layer.inputSize + i]!;
        if (!Number.isFinite(v)) throw new ModelFormatError('CORE_ERR_MODEL_NON_FINITE', `layers[${l}].weights[${u}][${i}]`, `is ${v}`);
        row.push(shortestFloat32(v));
      }
      weights.push(row);
    }
    let bias: number[] | null = null;
    if (layer.useBias) {
      bias = [];
      for (let u = 0; u < layer.units; u++) {
        const v = layer.bias[u]!;
        if (!Number.isFinite(v)) throw new ModelFormatError('CORE_ERR_MODEL_NON_FINITE', `layers[${l}].bias[${u}]`, `is ${v}`);
        bias.push(shortestFloat32(v));
      }
    }
    return { type: 'dense', inputSize: layer.inputSize, units: layer.units, activation: layer.activation, useBias: layer.useBias, weights, bias };
  });
  const doc: ModelDocument = { format: MODEL_FORMAT, version: MODEL_VERSION, labels, pipeline, layers, loss: meta.loss };
  if (meta.training !== undefined) {
    if (!isRecord(meta.training)) throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', 'training', 'must be an object');
    doc.training = JSON.parse(JSON.stringify(meta.training)) as { [key: string]: JsonValue };
  }
  return doc;
}

function positiveInt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ModelFormatError('CORE_ERR_MODEL_SHAPE', field, `must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

function finiteNumber(v: unknown, field: string): number {
  if (v === null) {
    throw new ModelFormatError('CORE_ERR_MODEL_NON_FINITE', field, 'is null (JSON.stringify writes NaN and Infinity as null)');
  }
  if (typeof v !== 'number') throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', field, `must be a number, got ${JSON.stringify(v)}`);
  if (!Number.isFinite(v) || !Number.isFinite(Math.fround(v))) {
    throw new ModelFormatError('CORE_ERR_MODEL_NON_FINITE', field, `must be a finite float32 number, got ${v}`);
  }
  return v;
}

function readLayer(v: unknown, l: number, expectedInput: number, isLast: boolean): DenseLayer {
  const f = `layers[${l}]`;
  if (!isRecord(v)) throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', f, 'must be an object');
  if (v.type !== 'dense') throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', `${f}.type`, `must be "dense", got ${JSON.stringify(v.type)}`);
  const inputSize = positiveInt(v.inputSize, `${f}.inputSize`);
  const units = positiveInt(v.units, `${f}.units`);
  if (inputSize !== expectedInput) {
    throw new ModelFormatError(
      'CORE_ERR_MODEL_SHAPE',
      `${f}.inputSize`,
      l === 0
        ? `is ${inputSize} but the pipeline produces ${expectedInput} inputs`
        : `is ${inputSize} but layers[${l - 1}].units is ${expectedInput}`,
    );
  }
  if (!isActivation(v.activation)) {
    throw new ModelFormatError('CORE_ERR_UNKNOWN_ACTIVATION', `${f}.activation`, `unknown activation ${JSON.stringify(v.activation)} (use linear, relu, sigmoid, tanh, softmax)`);
  }
  if (v.activation === 'softmax' && !isLast) {
    throw new ModelFormatError('CORE_ERR_SOFTMAX_NOT_LAST', `${f}.activation`, 'softmax is only allowed on the last layer');
  }
  if (typeof v.useBias !== 'boolean') throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', `${f}.useBias`, 'must be true or false');
  if (!Array.isArray(v.weights)) throw new ModelFormatError('CORE_ERR_MODEL_SHAPE', `${f}.weights`, 'must be an array of rows (weights[unit][input])');
  if (v.weights.length !== units) {
    throw new ModelFormatError('CORE_ERR_MODEL_SHAPE', `${f}.weights`, `must have ${units} rows (one per unit), got ${v.weights.length}`);
  }
  const weights = new Float32Array(units * inputSize);
  for (let u = 0; u < units; u++) {
    const row: unknown = v.weights[u];
    if (!Array.isArray(row) || row.length !== inputSize) {
      throw new ModelFormatError('CORE_ERR_MODEL_SHAPE', `${f}.weights[${u}]`, `must be an array of ${inputSize} numbers (one per input)`);
    }
    for (let i = 0; i < inputSize; i++) weights[u * inputSize + i] = finiteNumber(row[i], `${f}.weights[${u}][${i}]`);
  }
  let bias: Float32Array | undefined;
  if (v.useBias) {
    if (!Array.isArray(v.bias) || v.bias.length !== units) {
      throw new ModelFormatError('CORE_ERR_MODEL_SHAPE', `${f}.bias`, `must be an array of ${units} numbers when useBias is true`);
    }
    bias = new Float32Array(units);
    for (let u = 0; u < units; u++) bias[u] = finiteNumber(v.bias[u], `${f}.bias[${u}]`);
  } else if (v.bias !== null) {
    throw new ModelFormatError('CORE_ERR_MODEL_SHAPE', `${f}.bias`, 'must be null when useBias is false');
  }
  return new DenseLayer({ inputSize, units, activation: v.activation, useBias: v.useBias, weights, ...(bias ? { bias } : {}) });
}

/**
 * Load and validate a `tinyspark.model` document (an already-parsed JSON value). Throws
 * ModelFormatError with a code and the offending field for anything wrong.
 */
export function modelFromDocument(doc: unknown): LoadedModel {
  if (!isRecord(doc)) throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', '$', 'a model document must be a JSON object');
  if (doc.format !== MODEL_FORMAT) {
    throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', 'format', `must be "${MODEL_FORMAT}", got ${JSON.stringify(doc.format)}`);
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ModelFormatError('CORE_ERR_MODEL_VERSION', 'version', `must be a positive integer, got ${JSON.stringify(version)}`);
  }
  if (version > MODEL_VERSION) {
    throw new ModelFormatError(
      'CORE_ERR_MODEL_VERSION',
      'version',
      `is ${version}, written by a newer tinyspark; this engine reads version ${MODEL_VERSION}`,
    );
  }
  const pipeline = validatePipeline(doc.pipeline);
  if (!Array.isArray(doc.layers) || doc.layers.length === 0) {
    throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', 'layers', 'must be a non-empty array of layers');
  }
  const layerDocs = doc.layers as unknown[];
  const layers: DenseLayer[] = [];
  let expected = pipelineInputSize(pipeline);
  layerDocs.forEach((ld, l) => {
    const layer = readLayer(ld, l, expected, l === layerDocs.length - 1);
    layers.push(layer);
    expected = layer.units;
  });
  const model = new Model(layers);
  const labels = checkLabels(doc.labels, model.outputSize, 'labels');
  if (!isLoss(doc.loss)) {
    throw new ModelFormatError('CORE_ERR_UNKNOWN_LOSS', 'loss', `unknown loss ${JSON.stringify(doc.loss)} (use ${LOSSES.join(', ')})`);
  }
  const loss = doc.loss;
  if (loss === 'categorical_crossentropy' && layers[layers.length - 1]!.activation !== 'softmax') {
    throw new ModelFormatError('CORE_ERR_LOSS_REQUIRES_SOFTMAX', 'loss', 'categorical_crossentropy needs a softmax last layer');
  }
  let training: { [key: string]: JsonValue } | undefined;
  if (doc.training !== undefined && doc.training !== null) {
    if (!isRecord(doc.training)) throw new ModelFormatError('CORE_ERR_MODEL_FORMAT', 'training', 'must be an object when present');
    training = doc.training as { [key: string]: JsonValue };
  }
  return { model, labels, pipeline, loss, training };
}
