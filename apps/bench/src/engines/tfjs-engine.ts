import { createRequire } from 'node:module';
import path from 'node:path';
import type { Engine, Predictor, TrainOutcome, W1Job, W2Job } from './engine.js';
import { gatherRows } from '../workload/gather-rows.js';
import { fisherYates } from '../workload/shuffle.js';
import { W1 } from '../workload/w1-data.js';
import { W2 } from '../workload/w2-data.js';
import type { LayerInit } from '../workload/glorot-init.js';
import { BenchError } from '../errors.js';
import type * as tfjs from '@tensorflow/tfjs';
import type { Optimizer, Sequential, Tensor } from '@tensorflow/tfjs';

type Tf = typeof tfjs;
type LayersModel = Sequential;

export type TfjsBackend = 'cpu' | 'wasm';

let tfPromise: Promise<{ tf: Tf; simd: boolean; threads: boolean }> | undefined;

/** Loads tfjs once and registers the wasm backend with its .wasm files from the npm package (a file path). */
export function loadTf(): Promise<{ tf: Tf; simd: boolean; threads: boolean }> {
  tfPromise ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    wasm.setWasmPaths(path.join(dir, 'dist') + path.sep);
    tf.env().set('PROD', true);
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    return { tf, simd, threads };
  })();
  return tfPromise;
}

export function buildModel(tf: Tf, init: readonly LayerInit[], activations: readonly string[], useBias: boolean): LayersModel {
  const model = tf.sequential();
  init.forEach((layer, l) => {
    model.add(
      tf.layers.dense({
        units: layer.fanOut,
        activation: activations[l] as 'relu' | 'linear' | 'softmax',
        useBias,
        ...(l === 0 ? { inputShape: [layer.fanIn] } : {}),
      }),
    );
  });
  init.forEach((layer, l) => {
    const kernel = tf.tensor2d(layer.kernel, [layer.fanIn, layer.fanOut]);
    const weights = useBias ? [kernel, tf.tensor1d(layer.bias)] : [kernel];
    model.layers[l]!.setWeights(weights);
    for (const w of weights) w.dispose();
  });
  return model;
}

function predictorOf(tf: Tf, model: LayersModel, optimizer: Optimizer, features: number): Predictor {
  const run = (inputs: Float32Array, rows: number): Float32Array => {
    const x = tf.tensor2d(inputs.subarray(0, rows * features), [rows, features]);
    const y = model.predict(x) as Tensor;
    const out = y.dataSync() as Float32Array;
    x.dispose();
    y.dispose();
    return out;
  };
  return {
    predictOne: (input) => run(input, 1),
    predictBatch: (inputs, batch) => run(inputs, batch),
    dispose: () => {
      model.dispose();
      optimizer.dispose();
    },
  };
}

/**
 * `@tensorflow/tfjs` 4.22 on its `cpu` backend or on `@tensorflow/tfjs-backend-wasm` 4.22.
 * W1 trains with `model.fit` (batch 32, no shuffle) on each epoch's permuted copy of the data;
 * W2 with `model.fit` (batch 1, no shuffle) over the 10 samples for 1000 epochs.
 */
export async function createTfjsEngine(backend: TfjsBackend): Promise<Engine> {
  const { tf, simd, threads } = await loadTf();
  const ok = await tf.setBackend(backend);
  if (!ok) throw new BenchError('BENCH_ERR_ENGINE_UNAVAILABLE', `engine: tfjs backend "${backend}" failed to initialise`);
  const notes =
    backend === 'wasm'
      ? `tfjs ${tf.version.tfjs} wasm backend, SIMD ${simd ? 'on' : 'off'}, ${threads ? 'multi-threaded' : '1 thread'}`
      : `tfjs ${tf.version.tfjs} cpu backend (pure JS)`;
  return {
    id: `tfjs-${backend}`,
    notes,
    async activate() {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      await tf.ready();
    },
    async trainW1(job: W1Job): Promise<TrainOutcome> {
      const { data } = job;
      const model = buildModel(tf, job.init, W1.activations, true);
      const optimizer = tf.train.sgd(W1.learningRate);
      model.compile({ optimizer, loss: 'categoricalCrossentropy' });
      const order = new Int32Array(data.samples);
      const xs = new Float32Array(data.samples * data.features);
      const ys = new Float32Array(data.samples * data.classes);
      let lastEpochLoss = NaN;
      for (const seed of job.epochSeeds) {
        fisherYates(order, seed);
        gatherRows(data.x, data.features, order, 0, data.samples, xs);
        gatherRows(data.oneHot, data.classes, order, 0, data.samples, ys);
        const xt = tf.tensor2d(xs, [data.samples, data.features]);
        const yt = tf.tensor2d(ys, [data.samples, data.classes]);
        const history = await model.fit(xt, yt, {
          batchSize: W1.batchSize,
          epochs: 1,
          shuffle: false,
          verbose: 0,
          yieldEvery: 'never',
        });
        xt.dispose();
        yt.dispose();
        lastEpochLoss = Number(history.history['loss']![0]);
      }
      return { lastEpochLoss, model: predictorOf(tf, model, optimizer, data.features) };
    },
    async trainW2(job: W2Job): Promise<TrainOutcome> {
      const model = buildModel(tf, job.init, ['linear', 'linear'], false);
      const optimizer = tf.train.sgd(W2.learningRate);
      model.compile({ optimizer, loss: 'meanSquaredError' });
      const xt = tf.tensor2d(job.data.x, [job.data.samples, W2.inputs]);
      const yt = tf.tensor2d(job.data.y, [job.data.samples, W2.outputs]);
      await model.fit(xt, yt, { batchSize: 1, epochs: job.epochs, shuffle: false, verbose: 0, yieldEvery: 'never' });
      xt.dispose();
      yt.dispose();
      return { lastEpochLoss: NaN, model: predictorOf(tf, model, optimizer, W2.inputs) };
    },
  };
}
