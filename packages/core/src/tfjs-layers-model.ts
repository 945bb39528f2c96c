/**
 * The TensorFlow.js LayersModel format (`model.json` + binary weights), both ways, for a Sequential
 * stack of Dense layers: the bridge to tfjs and, through `tensorflowjs_converter`, to Keras.
 *
 * Layout: core stores a layer's weights per output unit, `w[u * in + i]` (docs/decisions/0002);
 * Keras/tfjs store the kernel `[in][out]`, `kernel[i * out + u]`. Export and import transpose.
 * The weight bytes are little-endian float32, in the order of the weights manifest.
 */
import { DenseLayer } from './dense-layer.js';
import { CoreError } from './errors.js';
import { Model } from './model.js';
import { fail, findWeight, isRecord, parseManifest, parseTopology, toBytes, type TfjsWeightBytes } from './tfjs-layers-parse.js';

export type { TfjsWeightBytes } from './tfjs-layers-parse.js';

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
