// tfjs LayersModel export/import checked against the real thing: @tensorflow/tfjs 4.22 (pure JS, cpu
// backend) loads what toTfjsLayersModel writes, and what tfjs saves imports into core. Seeded networks.
//
// Tolerance: both sides compute in float32 but sum the dot products in different orders (tfjs' cpu
// matMul is blocked; core sums in its fixed order, docs/decisions/0008) and use different exp/tanh
// code paths, so outputs differ by a few float32 ulps of the partial sums. With inputs in [-1, 1],
// weights of Glorot size and <= 64 inputs per layer the partial sums stay below ~10, where a float32
// ulp is ~1e-6: TOL = 1e-5 absolute leaves headroom; the measured maximum is printed.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRng,
  DenseLayer,
  fromTfjsLayersModel,
  Model,
  TFJS_WEIGHTS_FILE,
  TfjsModelError,
  toTfjsLayersModel,
  type Activation,
  type Rng,
  type TfjsModelJson,
} from '../src/index.js';

const TOL = 1e-5;

interface Arch {
  sizes: number[];
  acts: Activation[];
  useBias: boolean;
}

const ARCHS: Arch[] = [
  { sizes: [150, 32, 16, 6], acts: ['relu', 'relu', 'softmax'], useBias: true },
  { sizes: [12, 8, 3], acts: ['tanh', 'sigmoid'], useBias: true },
  { sizes: [5, 7, 4, 2], acts: ['sigmoid', 'linear', 'tanh'], useBias: false },
  { sizes: [20, 1], acts: ['linear'], useBias: true },
  { sizes: [64, 64, 10], acts: ['relu', 'softmax'], useBias: false },
  { sizes: [9, 16, 16, 16, 4], acts: ['tanh', 'relu', 'sigmoid', 'softmax'], useBias: true },
];

function randomModel(arch: Arch, rng: Rng): Model {
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < arch.sizes.length; l++) {
    const nIn = arch.sizes[l]!;
    const nOut = arch.sizes[l + 1]!;
    const lim = Math.sqrt(6 / (nIn + nOut));
    layers.push(
      new DenseLayer({
        inputSize: nIn,
        units: nOut,
        activation: arch.acts[l]!,
        useBias: arch.useBias,
        weights: Float32Array.from({ length: nIn * nOut }, () => (2 * rng.next() - 1) * lim),
        bias: Float32Array.from({ length: nOut }, () => (2 * rng.next() - 1) * 0.5),
      }),
    );
  }
  return new Model(layers);
}

function randomInputs(n: number, size: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n * size }, () => 2 * rng.next() - 1);
}

async function loadInTfjs(json: TfjsModelJson, weightData: ArrayBuffer): Promise<tf.LayersModel> {
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology as unknown as tf.io.ModelJSON['modelTopology'], weightSpecs: json.weightsManifest[0]!.weights, weightData }),
  );
}

function tfjsPredict(m: tf.LayersModel, x: Float32Array, n: number, size: number): Float32Array {
  return tf.tidy(() => (m.predict(tf.tensor2d(x, [n, size])) as tf.Tensor).dataSync() as Float32Array).slice();
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** What tfjs' save handlers write as model.json for saved artifacts (the browser/file handlers' layout). */
function modelJsonOf(artifacts: tf.io.ModelArtifacts): Record<string, unknown> {
  return {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: artifacts.weightSpecs }],
  };
}

async function saveTfjs(m: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

function weightBytes(a: tf.io.ModelArtifacts): ArrayBuffer {
  const w = a.weightData!;
  return Array.isArray(w) ? tf.io.concatenateArrayBuffers(w) : (w as ArrayBuffer);
}

const N = 500;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('toTfjsLayersModel -> tf.loadLayersModel', () => {
  it('writes the model.json layout tfjs writes, kernels [in][out] little-endian float32', () => {
    const m = new Model([
      new DenseLayer({ inputSize: 2, units: 3, activation: 'relu', weights: [1, 2, 3, 4, 5, 6], bias: [0.5, -0.5, 0.25] }),
      new DenseLayer({ inputSize: 3, units: 1, activation: 'sigmoid', useBias: false, weights: [7, 8, 9] }),
    ]);
    const { modelJson, weightData } = toTfjsLayersModel(m);
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.modelTopology.class_name).toBe('Sequential');
    expect(modelJson.modelTopology.keras_version).toBe('tfjs-layers 4.22.0');
    expect(modelJson.modelTopology.backend).toBe('tensor_flow.js');
    const layers = modelJson.modelTopology.config.layers;
    expect(layers.map((l) => [l.class_name, l.config.name])).toEqual([['InputLayer', 'input_1'], ['Dense', 'dense_1'], ['Dense', 'dense_2']]);
    expect(layers[0]!.config).toEqual({ batch_input_shape: [null, 2], dtype: 'float32', sparse: false, name: 'input_1' });
    expect(layers[1]!.config.batch_input_shape).toBeUndefined();
    expect(layers[2]!.config.use_bias).toBe(false);
    // inputLayer: false = tfjs' own layout for a model built with inputShape
    const plain = toTfjsLayersModel(m, { inputLayer: false }).modelJson.modelTopology.config.layers;
    expect(plain.map((l) => l.class_name)).toEqual(['Dense', 'Dense']);
    expect(plain[0]!.config.batch_input_shape).toEqual([null, 2]);
    expect(modelJson.weightsManifest).toEqual([
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'dense_1/kernel', shape: [2, 3], dtype: 'float32' },
          { name: 'dense_1/bias', shape: [3], dtype: 'float32' },
          { name: 'dense_2/kernel', shape: [3, 1], dtype: 'float32' },
        ],
      },
    ]);
    // core rows [unit][input] = [[1,2],[3,4],[5,6]] -> kernel [input][unit] = [[1,3,5],[2,4,6]]
    const v = new DataView(weightData);
    const vals = Array.from({ length: weightData.byteLength / 4 }, (_, i) => v.getFloat32(i * 4, true));
    expect(vals).toEqual([1, 3, 5, 2, 4, 6, 0.5, -0.5, 0.25, 7, 8, 9]);
  });

  it('tfjs loads the export and predicts the same as core on random inputs (seeded networks)', async () => {
    const rng = createRng(20261202);
    let worst = 0;
    for (const [k, arch] of ARCHS.entries()) {
      const model = randomModel(arch, rng);
      const inputLayer = k % 2 === 0; // both layouts
      const { modelJson, weightData } = toTfjsLayersModel(model, { inputLayer });
      const tm = await loadInTfjs(modelJson, weightData);
      expect(tm.layers.map((l) => l.getClassName())).toEqual([...(inputLayer ? ['InputLayer'] : []), ...arch.acts.map(() => 'Dense')]);
      const x = randomInputs(N, model.inputSize, rng);
      const diff = maxAbsDiff(model.predictBatch(x, N).slice(), tfjsPredict(tm, x, N, model.inputSize));
      worst = Math.max(worst, diff);
      expect(diff, `${arch.sizes.join('-')} ${arch.acts.join('/')}`).toBeLessThanOrEqual(TOL);
      // tfjs saves back the same bytes and the same topology.
      const again = await saveTfjs(tm);
      expect(new Uint8Array(weightBytes(again))).toEqual(new Uint8Array(weightData));
      expect(again.weightSpecs).toEqual(modelJson.weightsManifest[0]!.weights);
      tm.dispose();
    }
    console.log(`[tfjs] export: max |core - tfjs| over ${ARCHS.length} networks x ${N} inputs = ${worst.toExponential(3)} (tolerance ${TOL})`);
  }, 240_000);
});

describe('a model built and saved by tfjs -> fromTfjsLayersModel', () => {
  it('imports and predicts the same as tfjs (seeded weights), bit-exact parameters', async () => {
    const rng = createRng(7);
    let worst = 0;
    for (const arch of ARCHS) {
      const tm = tf.sequential();
      for (let l = 0; l + 1 < arch.sizes.length; l++) {
        tm.add(
          tf.layers.dense({
            units: arch.sizes[l + 1]!,
            activation: arch.acts[l]!,
            useBias: arch.useBias,
            ...(l === 0 ? { inputShape: [arch.sizes[0]!] } : {}),
          }),
        );
      }
      // seeded values instead of tfjs' own initializer randomness
      tm.setWeights(tm.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => (2 * rng.next() - 1) * 0.4), w.shape)));
      const saved = await saveTfjs(tm);
      const model = fromTfjsLayersModel(JSON.parse(JSON.stringify(modelJsonOf(saved))), weightBytes(saved));
      expect(model.layers.map((l) => l.activation)).toEqual(arch.acts);
      expect(model.layers.map((l) => l.units)).toEqual(arch.sizes.slice(1));
      expect(model.layers.every((l) => l.useBias === arch.useBias)).toBe(true);
      // parameters bit for bit: core's row [u][i] is tfjs' kernel[i][u]
      const tw = tm.getWeights().map((w) => w.dataSync());
      model.layers.forEach((layer, l) => {
        const kernel = tw[arch.useBias ? 2 * l : l]!;
        for (let i = 0; i < layer.inputSize; i++) for (let u = 0; u < layer.units; u++) expect(layer.weights[u * layer.inputSize + i]).toBe(kernel[i * layer.units + u]);
        if (arch.useBias) expect(Array.from(layer.bias)).toEqual(Array.from(tw[2 * l + 1]!));
      });
      const x = randomInputs(N, model.inputSize, rng);
      const diff = maxAbsDiff(model.predictBatch(x, N).slice(), tfjsPredict(tm, x, N, model.inputSize));
      worst = Math.max(worst, diff);
      expect(diff).toBeLessThanOrEqual(TOL);
      // and core's own export of the import is what tfjs saved, byte for byte
      expect(new Uint8Array(toTfjsLayersModel(model).weightData)).toEqual(new Uint8Array(weightBytes(saved)));
      tm.dispose();
    }
    console.log(`[tfjs] import: max |core - tfjs| over ${ARCHS.length} networks x ${N} inputs = ${worst.toExponential(3)} (tolerance ${TOL})`);
  }, 240_000);

  it('round trip core -> tfjs format -> core keeps every parameter bit for bit', () => {
    const model = randomModel(ARCHS[0]!, createRng(3));
    const { modelJson, weightData } = toTfjsLayersModel(model);
    const back = fromTfjsLayersModel(JSON.parse(JSON.stringify(modelJson)), weightData);
    back.layers.forEach((l, i) => {
      expect(l.weights).toEqual(model.layers[i]!.weights);
      expect(l.bias).toEqual(model.layers[i]!.bias);
      expect(l.activation).toBe(model.layers[i]!.activation);
    });
    // a weights buffer split into shards (several paths) reads the same
    const bytes = new Uint8Array(weightData);
    const split = fromTfjsLayersModel(modelJson, [bytes.subarray(0, 1000), bytes.subarray(1000)]);
    expect(split.layers[2]!.weights).toEqual(model.layers[2]!.weights);
  });
});

describe('Keras-converted layouts', () => {
  const kernel = new Float32Array([0.5, -1, 2, 0.25, 1.5, -0.75]); // [3][2]
  const bias = new Float32Array([0.1, -0.2]);
  const data = new Uint8Array([...new Uint8Array(kernel.buffer), ...new Uint8Array(bias.buffer)]).buffer;
  const manifest = [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'dense/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'dense/bias', shape: [2], dtype: 'float32' }] }];

  it('reads tensorflowjs_converter output: model_config wrapper, Keras 3 InputLayer batch_shape, DTypePolicy, Dropout', () => {
    const json = {
      format: 'layers-model',
      generatedBy: 'keras v3.6.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: {
        keras_version: '3.6.0',
        backend: 'tensorflow',
        model_config: {
          class_name: 'Sequential',
          config: {
            name: 'sequential',
            layers: [
              { class_name: 'InputLayer', config: { batch_shape: [null, 3], dtype: 'float32', name: 'input_layer' } },
              { class_name: 'Dropout', config: { rate: 0.2, name: 'dropout' } },
              {
                class_name: 'Dense',
                config: { name: 'dense', units: 2, activation: 'tanh', use_bias: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } } },
              },
            ],
          },
        },
        training_config: { loss: 'mse' },
      },
      weightsManifest: [{ ...manifest[0]!, weights: manifest[0]!.weights.map((w) => ({ ...w, name: `sequential/${w.name}` })) }],
    };
    const m = fromTfjsLayersModel(json, data);
    expect(m.inputSize).toBe(3);
    const out = m.predict([1, 2, 3]);
    expect(out[0]).toBeCloseTo(Math.tanh(0.5 * 1 + 2 * 2 + 1.5 * 3 + 0.1), 6);
    expect(out[1]).toBeCloseTo(Math.tanh(-1 * 1 + 0.25 * 2 - 0.75 * 3 - 0.2), 6);
  });

  it('reads the Keras 2.0 list-form Sequential config and infers the input size from the kernel', () => {
    const json = { modelTopology: { class_name: 'Sequential', config: [{ class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'linear' } }] }, weightsManifest: manifest };
    expect(fromTfjsLayersModel(json, data).inputSize).toBe(3);
  });
});

describe('errors name the field', () => {
  // the tfjs-save layout (no InputLayer): layers[k] is Dense k
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(toTfjsLayersModel(randomModel(ARCHS[1]!, createRng(5)), { inputLayer: false }).modelJson)) as Record<string, unknown>;
  const bytes = toTfjsLayersModel(randomModel(ARCHS[1]!, createRng(5))).weightData;
  type J = { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] }; class_name: string }; weightsManifest: { weights: Record<string, unknown>[] }[] };

  function expectError(json: unknown, weights: ArrayBuffer, code: string, field: string, text: RegExp): void {
    let err: unknown;
    try {
      fromTfjsLayersModel(json, weights);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TfjsModelError);
    const e = err as TfjsModelError;
    expect(e.code).toBe(code);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(new RegExp(`^\\[core\\] ${code}: ${field.replace(/[[\].$]/g, '\\$&')}: `));
    expect(e.message).toMatch(text);
  }

  it('Conv2D layer', () => {
    const j = good() as unknown as J;
    j.modelTopology.config.layers[0]!.class_name = 'Conv2D';
    expectError(j, bytes, 'CORE_ERR_TFJS_UNSUPPORTED', 'modelTopology.config.layers[0].class_name', /Conv2D layers are not supported/);
  });
  it('functional model', () => {
    const j = good() as unknown as J;
    j.modelTopology.class_name = 'Functional';
    expectError(j, bytes, 'CORE_ERR_TFJS_UNSUPPORTED', 'modelTopology.class_name', /functional model/);
  });
  it('unknown activation', () => {
    const j = good() as unknown as J;
    j.modelTopology.config.layers[1]!.config.activation = 'elu';
    expectError(j, bytes, 'CORE_ERR_UNKNOWN_ACTIVATION', 'modelTopology.config.layers[1].config.activation', /"elu" is not supported/);
  });
  it('softmax before the last layer', () => {
    const j = good() as unknown as J;
    j.modelTopology.config.layers[0]!.config.activation = 'softmax';
    expectError(j, bytes, 'CORE_ERR_SOFTMAX_NOT_LAST', 'modelTopology.config.layers[0].config.activation', /last layer/);
  });
  it('weight dtype not float32, quantized weights, layer dtype', () => {
    const j = good() as unknown as J;
    j.weightsManifest[0]!.weights[1]!.dtype = 'int32';
    expectError(j, bytes, 'CORE_ERR_TFJS_UNSUPPORTED', 'weightsManifest[0].weights[1].dtype', /"int32" is not supported \(only float32\)/);
    const q = good() as unknown as J;
    q.weightsManifest[0]!.weights[0]!.quantization = { dtype: 'uint8', scale: 0.1, min: -1 };
    expectError(q, bytes, 'CORE_ERR_TFJS_UNSUPPORTED', 'weightsManifest[0].weights[0].quantization', /quantized weights/);
    const d = good() as unknown as J;
    d.modelTopology.config.layers[0]!.config.dtype = 'float16';
    expectError(d, bytes, 'CORE_ERR_TFJS_UNSUPPORTED', 'modelTopology.config.layers[0].config.dtype', /float16/);
  });
  it('shape mismatches: kernel vs units, kernel vs previous layer, bias, non-flat input', () => {
    const j = good() as unknown as J;
    j.modelTopology.config.layers[0]!.config.units = 9;
    expectError(j, bytes, 'CORE_ERR_TFJS_SHAPE', 'weightsManifest[0].weights[0].shape', /must be \[inputs, 9\]/);
    const k = good() as unknown as J;
    k.modelTopology.config.layers[0]!.config.batch_input_shape = [null, 11];
    expectError(k, bytes, 'CORE_ERR_TFJS_SHAPE', 'weightsManifest[0].weights[0].shape', /input shape says 11 inputs/);
    const r = good() as unknown as J;
    r.modelTopology.config.layers[0]!.config.batch_input_shape = [null, 3, 4];
    expectError(r, bytes, 'CORE_ERR_TFJS_UNSUPPORTED', 'modelTopology.config.layers[0].config.batch_input_shape', /only a flat input/);
    const b = good() as unknown as J;
    b.weightsManifest[0]!.weights[1]!.shape = [2, 4];
    expectError(b, bytes, 'CORE_ERR_TFJS_SHAPE', 'weightsManifest[0].weights[1].shape', /must be \[8\]/);
  });
  it('missing weights and a wrong number of bytes', () => {
    const j = good() as unknown as J;
    j.weightsManifest[0]!.weights[2]!.name = 'other/kernel';
    expectError(j, bytes, 'CORE_ERR_TFJS_WEIGHTS', 'weightsManifest', /no weight "dense_2\/kernel" for modelTopology\.config\.layers\[1\]/);
    expectError(good(), bytes.slice(0, bytes.byteLength - 4), 'CORE_ERR_TFJS_WEIGHTS', 'weightData', /has 520 bytes, the weights manifest describes 524/);
    const n = good();
    delete n.weightsManifest;
    expectError(n, bytes, 'CORE_ERR_TFJS_FORMAT', 'weightsManifest', /must be an array/);
  });
  it('not a layers model, not an object, non-finite weights', () => {
    const g = good();
    g.format = 'graph-model';
    expectError(g, bytes, 'CORE_ERR_TFJS_UNSUPPORTED', 'format', /graph model/);
    expectError([], bytes, 'CORE_ERR_TFJS_FORMAT', '$', /JSON object/);
    const nan = bytes.slice(0);
    new DataView(nan).setFloat32(8, NaN, true);
    expectError(good(), nan, 'CORE_ERR_MODEL_NON_FINITE', 'weightsManifest[0].weights[0]', /value \[0\]\[2\] is NaN/);
  });
  it('InputLayer: shape checked, only before the Dense layers', () => {
    const withInput = (): J => JSON.parse(JSON.stringify(toTfjsLayersModel(randomModel(ARCHS[1]!, createRng(5))).modelJson)) as J;
    const a = withInput();
    a.modelTopology.config.layers[0]!.config.batch_input_shape = [null, 12, 1];
    expectError(a, bytes, 'CORE_ERR_TFJS_UNSUPPORTED', 'modelTopology.config.layers[0].config.batch_input_shape', /only a flat input/);
    const b = withInput();
    b.modelTopology.config.layers[0]!.config.batch_input_shape = [null, 13];
    expectError(b, bytes, 'CORE_ERR_TFJS_SHAPE', 'weightsManifest[0].weights[0].shape', /input shape says 13 inputs/);
    const c = withInput();
    c.modelTopology.config.layers.push({ ...c.modelTopology.config.layers[0]! });
    expectError(c, bytes, 'CORE_ERR_TFJS_UNSUPPORTED', 'modelTopology.config.layers[3].class_name', /InputLayer after a Dense/);
  });
  it('export refuses a NaN parameter', () => {
    const m = randomModel(ARCHS[1]!, createRng(1));
    m.layers[1]!.bias[2] = Infinity;
    expect(() => toTfjsLayersModel(m)).toThrow(/\[core\] CORE_ERR_MODEL_NON_FINITE: layers\[1\]\.bias\[2\]: is Infinity/);
  });
});
