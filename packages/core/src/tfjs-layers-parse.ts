/**
 * Reading a tfjs LayersModel's `model.json` and weight bytes for `fromTfjsLayersModel`
 * (tfjs-layers-model.ts): the topology (a Sequential of Dense layers), the weights manifest, the
 * weight bytes, each checked with a TfjsModelError naming the field. Nothing here builds a model.
 */
import type { Activation } from './activation.js';
import { TfjsModelError, type CoreErrorCode } from './errors.js';

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

export function fail(code: CoreErrorCode, field: string, message: string, cause?: unknown): never {
  throw new TfjsModelError(code, message, cause === undefined ? { field } : { field, cause });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ParsedDense {
  name: string;
  units: number;
  activation: Activation;
  useBias: boolean;
  /** Input size from batch_input_shape / an InputLayer, when the topology states it. */
  inputSize: number | undefined;
  field: string;
}

export interface WeightEntry {
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

export function parseTopology(json: Record<string, unknown>): ParsedDense[] {
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

export function parseManifest(json: Record<string, unknown>): { entries: Map<string, WeightEntry>; bytes: number } {
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

export function toBytes(weights: TfjsWeightBytes): Uint8Array {
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
export function findWeight(entries: Map<string, WeightEntry>, layer: string, what: 'kernel' | 'bias', field: string): WeightEntry {
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
