/**
 * The TensorFlow.js LayersModel format (`model.json` + binary weights), both ways, for a Sequential
 * stack of Dense layers: the bridge to tfjs and, through `tensorflowjs_converter`, to Keras.
 *
 * Layout: core stores a layer's weights per output unit, `w[u * in + i]` (docs/decisions/0002);
 * Keras/tfjs store the kernel `[in][out]`, `kernel[i * out + u]`. Export and import transpose.
 * The weight bytes are little-endian float32, in the order of the weights manifest.
 */
import type { Activation } from './activation.js';
import { DenseLayer } from './dense-layer.js';
import { CoreError, TfjsModelError, type CoreErrorCode } from './errors.js';
import { Model } from './model.js';

/** The weights file name `toTfjsLayersModel` puts in the manifest (what tfjs' file handlers write). */
export const TFJS_WEIGHTS_FILE = 'group1-shard1of1.bin';
/** The tfjs-layers version whose `model.json` this writer reproduces (and whose loader it was tested with). */
export const TFJS_LAYERS_VERSION = '4.22.0';

/** A JSON value inside a layer config. */
export type TfjsJson = null | boolean | number | string | TfjsJson[] | { [key: string]: TfjsJson };

/** One entry of a weights manifest group. */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** A weights manifest group: its shard files and the weights they hold, in byte order. */
export interface TfjsWeightsGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

/** One layer of `modelTopology.config.layers`. */
export interface TfjsLayerJson {
  class_name: 'InputLayer' | 'Dense';
  config: { [key: string]: TfjsJson };
}

/** The `model.json` of a tfjs LayersModel as `toTfjsLayersModel` writes it. */
export interface TfjsModelJson {
  modelTopology: {
    class_name: 'Sequential';
    config: { name: string; layers: TfjsLayerJson[] };
    keras_version: string;
    backend: string;
  };
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  weightsManifest: TfjsWeightsGroup[];
}

/** What `toTfjsLayersModel` returns: write `modelJson` as `model.json` and `weightData` as the file named in its manifest. */
export interface TfjsLayersModelExport {
  modelJson: TfjsModelJson;
  /** Little-endian float32 values, one weight after the other in manifest order. */
  weightData: ArrayBuffer;
}

export interface ToTfjsOptions {
  /** The Sequential model's name (default `sequential`). */
  name?: string;
  /**
   * true (default): the input shape is an explicit first `InputLayer` (`batch_input_shape: [null, n]`),
   * which tfjs and Keras 3 both read. false: on the first Dense layer, exactly as tfjs' own
   * `model.save` writes a model built with `inputShape`; Keras 3's legacy loader misreads that form
   * (it takes `[null, n]` as the per-sample shape).
   */
  inputLayer?: boolean;
  /** The weights file named in the manifest (default `group1-shard1of1.bin`). */
  weightsPath?: string;
}

/** The weight bytes: one buffer, or the shards of the manifest's paths in manifest order (concatenated). */
export type TfjsWeightBytes = ArrayBuffer | ArrayBufferView | readonly (ArrayBuffer | ArrayBufferView)[];

/** Core's activation names are the Keras/tfjs names: the mapping is the identity for these five. */
const TFJS_TO_CORE: Readonly<Record<string, Activation>> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
};

function fail(code: CoreErrorCode, field: string, message: string, cause?: unknown): never {
  throw new TfjsModelError(code, message, cause === undefined ? { field } : { field, cause });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The config tfjs-layers 4.22 writes for a Dense layer (same keys, same order). */
function denseConfig(layer: DenseLayer, name: string, first: boolean): { [key: string]: TfjsJson } {
  const config: { [key: string]: TfjsJson } = {
    units: layer.units,
    activation: layer.activation,
    use_bias: layer.useBias,
    kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } },
    bias_initializer: { class_name: 'Zeros', config: {} },
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
    name,
    trainable: true,
  };
  if (first) config.batch_input_shape = [null, layer.inputSize];
  config.dtype = 'float32';
  return config;
}

/**
 * Export a core model as a tfjs LayersModel: `model.json` (Sequential: an InputLayer `input_1`, then
 * Dense layers `dense_1`, `dense_2`, ...; kernels `[in][out]`) and its weights (little-endian float32).
 * `tf.loadLayersModel` reads the pair; `tensorflowjs_converter --input_format tfjs_layers_model
 * --output_format keras` turns it into a Keras model. Throws TfjsModelError
 * (CORE_ERR_MODEL_NON_FINITE) for a NaN or infinite parameter.
 */
export function toTfjsLayersModel(model: Model, options: ToTfjsOptions = {}): TfjsLayersModelExport {
  if (!(model instanceof Model)) throw new CoreError('CORE_ERR_INVALID_ARGUMENT', 'must be a core Model', 'model');
  const specs: TfjsWeightSpec[] = [];
  const layers: TfjsLayerJson[] = [];
  let total = 0;
  for (const layer of model.layers) total += layer.paramCount;
  const weightData = new ArrayBuffer(total * 4);
  const view = new DataView(weightData);
  let off = 0;
  const inputLayer = options.inputLayer ?? true;
  if (inputLayer) {
    layers.push({ class_name: 'InputLayer', config: { batch_input_shape: [null, model.inputSize], dtype: 'float32', sparse: false, name: 'input_1' } });
  }
  model.layers.forEach((layer, l) => {
    const name = `dense_${l + 1}`;
    layers.push({ class_name: 'Dense', config: denseConfig(layer, name, l === 0 && !inputLayer) });
    const { inputSize: nIn, units: nOut } = layer;
    specs.push({ name: `${name}/kernel`, shape: [nIn, nOut], dtype: 'float32' });
    for (let i = 0; i < nIn; i++) {
      for (let u = 0; u < nOut; u++) {
        const v = layer.weights[u * nIn + i]!;
        if (!Number.isFinite(v)) fail('CORE_ERR_MODEL_NON_FINITE', `layers[${l}].weights[${u}][${i}]`, `is ${v}`);
        view.setFloat32(off, v, true);
        off += 4;
      }
    }
    if (layer.useBias) {
      specs.push({ name: `${name}/bias`, shape: [nOut], dtype: 'float32' });
      for (let u = 0; u < nOut; u++) {
        const v = layer.bias[u]!;
        if (!Number.isFinite(v)) fail('CORE_ERR_MODEL_NON_FINITE', `layers[${l}].bias[${u}]`, `is ${v}`);
        view.setFloat32(off, v, true);
        off += 4;
      }
    }
  });
  const modelJson: TfjsModelJson = {
    modelTopology: {
      class_name: 'Sequential',
      config: { name: options.name ?? 'sequential', layers },
      keras_version: `tfjs-layers ${TFJS_LAYERS_VERSION}`,
      backend: 'tensor_flow.js',
    },
    format: 'layers-model',
    generatedBy: 'tinyspark @tinyspark/core',
    convertedBy: null,
    weightsManifest: [{ paths: [options.weightsPath ?? TFJS_WEIGHTS_FILE], weights: specs }],
  };
  return { modelJson, weightData };
}

// ---------------------------------------------------------------------------------------------
// Import

interface ParsedDense {
  name: string;
  units: number;
  activation: Activation;
  useBias: boolean;
  /** Input size from batch_input_shape / an InputLayer, when the topology states it. */
  inputSize: number | undefined;
  field: string;
}

interface WeightEntry {
  offset: number;
  shape: number[];
  field: string;
}

/** Accepts a float32 dtype: the string, a Keras 3 DTypePolicy object, or absent. */
function checkDtype(v: unknown, field: string): void {
  if (v === undefined || v === null || v === 'float32') return;
  if (isRecord(v) && isRecord(v.config) && v.config.name === 'float32') return;
  const shown = isRecord(v) && isRecord(v.config) ? v.config.name : v;
  fail('CORE_ERR_TFJS_UNSUPPORTED', field, `dtype ${JSON.stringify(shown)} is not supported (only float32)`);
}

/** The input size of a rank-1 batch shape `[null, n]`, or undefined when absent. */
function batchShapeSize(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail('CORE_ERR_TFJS_FORMAT', field, `must be an array like [null, n], got ${JSON.stringify(v)}`);
  if (v.length !== 2) {
    fail('CORE_ERR_TFJS_UNSUPPORTED', field, `input shape ${JSON.stringify(v)} is not supported (only a flat input [null, n])`);
  }
  const n: unknown = v[1];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail('CORE_ERR_TFJS_SHAPE', `${field}[1]`, `must be a positive integer, got ${JSON.stringify(n)}`);
  return n;
}

function parseTopology(json: Record<string, unknown>): ParsedDense[] {
  let topo: unknown = json.modelTopology;
  let tf = 'modelTopology';
  if (!isRecord(topo)) fail('CORE_ERR_TFJS_FORMAT', tf, 'must be an object (the Keras model config)');
  // tensorflowjs_converter from Keras writes { keras_version, backend, model_config: {...}, training_config }
  if (isRecord(topo.model_config)) {
    topo = topo.model_config;
    tf = 'modelTopology.model_config';
  }
  const t = topo as Record<string, unknown>;
  if (t.class_name !== 'Sequential') {
    if (t.class_name === 'Model' || t.class_name === 'Functional') {
      fail('CORE_ERR_TFJS_UNSUPPORTED', `${tf}.class_name`, `a functional model (${t.class_name}) is not supported: only Sequential models of Dense layers`);
    }
    fail('CORE_ERR_TFJS_UNSUPPORTED', `${tf}.class_name`, `${JSON.stringify(t.class_name)} is not supported: only Sequential models of Dense layers`);
  }
  // Keras 2.0-2.2 wrote the Sequential config as the bare list of layers.
  let list: unknown;
  let lf: string;
  if (Array.isArray(t.config)) {
    list = t.config;
    lf = `${tf}.config`;
  } else if (isRecord(t.config)) {
    list = t.config.layers;
    lf = `${tf}.config.layers`;
  } else {
    fail('CORE_ERR_TFJS_FORMAT', `${tf}.config`, 'must be an object with a layers array');
  }
  if (!Array.isArray(list)) fail('CORE_ERR_TFJS_FORMAT', lf, 'must be an array of layers');
  const dense: ParsedDense[] = [];
  let pendingInput: number | undefined;
  list.forEach((entry: unknown, k: number) => {
    const f = `${lf}[${k}]`;
    if (!isRecord(entry)) fail('CORE_ERR_TFJS_FORMAT', f, 'must be an object with class_name and config');
    const cls = entry.class_name;
    const config = entry.config;
    if (typeof cls !== 'string') fail('CORE_ERR_TFJS_FORMAT', `${f}.class_name`, 'must be a string');
    if (!isRecord(config)) fail('CORE_ERR_TFJS_FORMAT', `${f}.config`, 'must be an object');
    if (cls === 'InputLayer') {
      if (dense.length > 0) fail('CORE_ERR_TFJS_UNSUPPORTED', `${f}.class_name`, 'an InputLayer after a Dense layer is not supported');
      checkDtype(config.dtype, `${f}.config.dtype`);
      const bf = config.batch_shape !== undefined ? 'batch_shape' : 'batch_input_shape';
      pendingInput = batchShapeSize(config[bf], `${f}.config.${bf}`);
      return;
    }
    if (cls === 'Dropout') return; // identity at inference
    if (cls !== 'Dense') {
      fail('CORE_ERR_TFJS_UNSUPPORTED', `${f}.class_name`, `${cls} layers are not supported: only Dense (plus InputLayer and Dropout)`);
    }
    const name = config.name;
    if (typeof name !== 'string' || name.length === 0) fail('CORE_ERR_TFJS_FORMAT', `${f}.config.name`, 'must be a non-empty string (the weights are found by it)');
    const units = config.units;
    if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) {
      fail('CORE_ERR_TFJS_SHAPE', `${f}.config.units`, `must be a positive integer, got ${JSON.stringify(units)}`);
    }
    const act = config.activation ?? 'linear'; // tfjs' and Keras' default
    if (typeof act !== 'string' || !Object.hasOwn(TFJS_TO_CORE, act)) {
      fail('CORE_ERR_UNKNOWN_ACTIVATION', `${f}.config.activation`, `activation ${JSON.stringify(act)} is not supported (core has ${Object.keys(TFJS_TO_CORE).join(', ')})`);
    }
    const activation = TFJS_TO_CORE[act]!;
    const useBias = config.use_bias ?? true;
    if (typeof useBias !== 'boolean') fail('CORE_ERR_TFJS_FORMAT', `${f}.config.use_bias`, 'must be true or false');
    checkDtype(config.dtype, `${f}.config.dtype`);
    let inputSize = pendingInput;
    pendingInput = undefined;
    if (dense.length === 0) {
      const bf = config.batch_shape !== undefined ? 'batch_shape' : 'batch_input_shape';
      inputSize = batchShapeSize(config[bf], `${f}.config.${bf}`) ?? inputSize;
    }
    dense.push({ name, units, activation, useBias, inputSize, field: f });
  });
  if (dense.length === 0) fail('CORE_ERR_TFJS_UNSUPPORTED', lf, 'the model has no Dense layer');
  dense.forEach((d, l) => {
    if (d.activation === 'softmax' && l !== dense.length - 1) {
      fail('CORE_ERR_SOFTMAX_NOT_LAST', `${d.field}.config.activation`, 'softmax is only supported on the last layer');
    }
  });
  return dense;
}

function parseManifest(json: Record<string, unknown>): { entries: Map<string, WeightEntry>; bytes: number } {
  const m = json.weightsManifest;
  if (!Array.isArray(m)) fail('CORE_ERR_TFJS_FORMAT', 'weightsManifest', 'must be an array of { paths, weights } groups');
  const entries = new Map<string, WeightEntry>();
  let offset = 0;
  m.forEach((group: unknown, g: number) => {
    const gf = `weightsManifest[${g}]`;
    if (!isRecord(group)) fail('CORE_ERR_TFJS_FORMAT', gf, 'must be an object with paths and weights');
    if (!Array.isArray(group.weights)) fail('CORE_ERR_TFJS_FORMAT', `${gf}.weights`, 'must be an array');
    group.weights.forEach((spec: unknown, k: number) => {
      const f = `${gf}.weights[${k}]`;
      if (!isRecord(spec)) fail('CORE_ERR_TFJS_FORMAT', f, 'must be an object with name, shape, dtype');
      if (typeof spec.name !== 'string') fail('CORE_ERR_TFJS_FORMAT', `${f}.name`, 'must be a string');
      if (spec.quantization !== undefined) {
        fail('CORE_ERR_TFJS_UNSUPPORTED', `${f}.quantization`, 'quantized weights are not supported (convert without --quantize_*)');
      }
      if (spec.dtype !== 'float32') fail('CORE_ERR_TFJS_UNSUPPORTED', `${f}.dtype`, `dtype ${JSON.stringify(spec.dtype)} is not supported (only float32)`);
      const shape = spec.shape;
      if (!Array.isArray(shape) || !shape.every((d: unknown) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
        fail('CORE_ERR_TFJS_FORMAT', `${f}.shape`, `must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
      }
      const dims = shape as number[];
      if (entries.has(spec.name)) fail('CORE_ERR_TFJS_FORMAT', `${f}.name`, `duplicate weight ${JSON.stringify(spec.name)}`);
      entries.set(spec.name, { offset, shape: dims, field: f });
      offset += dims.reduce((a, b) => a * b, 1) * 4;
    });
  });
  return { entries, bytes: offset };
}

function toBytes(weights: TfjsWeightBytes): Uint8Array {
  const one = (b: ArrayBuffer | ArrayBufferView): Uint8Array =>
    b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (weights instanceof ArrayBuffer || ArrayBuffer.isView(weights)) return one(weights as ArrayBuffer | ArrayBufferView);
  if (!Array.isArray(weights)) fail('CORE_ERR_TFJS_WEIGHTS', 'weightData', 'must be an ArrayBuffer, a typed array or an array of them');
  const parts = (weights as readonly unknown[]).map((p, i) => {
    if (!(p instanceof ArrayBuffer) && !ArrayBuffer.isView(p)) fail('CORE_ERR_TFJS_WEIGHTS', `weightData[${i}]`, 'must be an ArrayBuffer or a typed array');
    return one(p as ArrayBuffer | ArrayBufferView);
  });
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The manifest entry of a Dense layer's weight: `name/kernel`, else the one entry ending in `/name/kernel`. */
function findWeight(entries: Map<string, WeightEntry>, layer: string, what: 'kernel' | 'bias', field: string): WeightEntry {
  const exact = entries.get(`${layer}/${what}`);
  if (exact) return exact;
  const suffix = `/${layer}/${what}`;
  const hits = [...entries.keys()].filter((k) => k.endsWith(suffix));
  if (hits.length === 1) return entries.get(hits[0]!)!;
  fail(
    'CORE_ERR_TFJS_WEIGHTS',
    'weightsManifest',
    hits.length === 0
      ? `no weight "${layer}/${what}" for ${field} (the manifest has ${[...entries.keys()].map((k) => JSON.stringify(k)).join(', ') || 'no weights'})`
      : `several weights match "${layer}/${what}" for ${field}: ${hits.join(', ')}`,
  );
}

/**
 * Import a tfjs LayersModel: `json` is the parsed `model.json` (as tfjs or tensorflowjs_converter
 * write it), `weights` the bytes of its weight files (one buffer, or the shards in manifest order).
 * Supported: a Sequential of Dense layers (an InputLayer and Dropout layers are accepted; Dropout is
 * the identity at inference) with activations linear, relu, sigmoid, tanh, softmax (last layer only),
 * float32 weights, a flat input. Anything else throws TfjsModelError naming the field.
 */
export function fromTfjsLayersModel(json: unknown, weights: TfjsWeightBytes): Model {
  if (!isRecord(json)) fail('CORE_ERR_TFJS_FORMAT', '$', 'model.json must be a JSON object');
  if (json.format !== undefined && json.format !== 'layers-model') {
    fail('CORE_ERR_TFJS_UNSUPPORTED', 'format', `${JSON.stringify(json.format)} is not supported (only "layers-model"; a graph model cannot be imported)`);
  }
  const dense = parseTopology(json);
  const { entries, bytes } = parseManifest(json);
  const data = toBytes(weights);
  if (data.length !== bytes) {
    fail('CORE_ERR_TFJS_WEIGHTS', 'weightData', `has ${data.length} bytes, the weights manifest describes ${bytes} (${bytes / 4} float32 values)`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const layers: DenseLayer[] = [];
  let prevUnits: number | undefined;
  dense.forEach((d, l) => {
    const k = findWeight(entries, d.name, 'kernel', d.field);
    if (k.shape.length !== 2 || k.shape[1] !== d.units) {
      fail('CORE_ERR_TFJS_SHAPE', `${k.field}.shape`, `must be [inputs, ${d.units}] for ${d.field} (units ${d.units}), got ${JSON.stringify(k.shape)}`);
    }
    const nIn = k.shape[0]!;
    const nOut = d.units;
    if (nIn < 1) fail('CORE_ERR_TFJS_SHAPE', `${k.field}.shape`, `has no inputs: ${JSON.stringify(k.shape)}`);
    const expected = prevUnits ?? d.inputSize;
    if (expected !== undefined && nIn !== expected) {
      fail(
        'CORE_ERR_TFJS_SHAPE',
        `${k.field}.shape`,
        `is ${JSON.stringify(k.shape)} but ${l === 0 ? 'the input shape says' : 'the previous Dense layer has'} ${expected} ${l === 0 ? 'inputs' : 'units'}`,
      );
    }
    const w = new Float32Array(nIn * nOut);
    for (let i = 0; i < nIn; i++) {
      for (let u = 0; u < nOut; u++) {
        const v = view.getFloat32(k.offset + (i * nOut + u) * 4, true);
        if (!Number.isFinite(v)) fail('CORE_ERR_MODEL_NON_FINITE', `${k.field}`, `value [${i}][${u}] is ${v}`);
        w[u * nIn + i] = v;
      }
    }
    let bias: Float32Array | undefined;
    if (d.useBias) {
      const b = findWeight(entries, d.name, 'bias', d.field);
      if (b.shape.length !== 1 || b.shape[0] !== nOut) {
        fail('CORE_ERR_TFJS_SHAPE', `${b.field}.shape`, `must be [${nOut}] for ${d.field}, got ${JSON.stringify(b.shape)}`);
      }
      bias = new Float32Array(nOut);
      for (let u = 0; u < nOut; u++) {
        const v = view.getFloat32(b.offset + u * 4, true);
        if (!Number.isFinite(v)) fail('CORE_ERR_MODEL_NON_FINITE', `${b.field}`, `value [${u}] is ${v}`);
        bias[u] = v;
      }
    }
    layers.push(new DenseLayer({ inputSize: nIn, units: nOut, activation: d.activation, useBias: d.useBias, weights: w, ...(bias ? { bias } : {}) }));
    prevUnits = nOut;
  });
  return new Model(layers);
}
