import type { Engine, Predictor, TrainOutcome, W1Job, W2Job } from './engine.js';
import { BenchError } from '../errors.js';
import { kernelToUnitMajor, type LayerInit } from '../workload/glorot-init.js';
import { runW1Epochs } from '../workload/w1-epochs.js';
import { W1 } from '../workload/w1-data.js';
import { W2, w2Rows } from '../workload/w2-data.js';

/**
 * The slice of `@tinyspark/core` the harness drives (docs/architecture.md section 1). Declared here
 * and checked at run time, so the harness builds and degrades gracefully while core is in progress.
 */
interface CoreLayer {
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}
export interface CoreModel {
  readonly layers: readonly CoreLayer[];
  predict(input: ArrayLike<number>): Float32Array;
  predictBatch(inputsFlat: Float32Array, batchSize: number): Float32Array;
}
interface CoreTrainer {
  step(inputsFlat: Float32Array, targetsFlat: Float32Array, batchSize: number): unknown;
}
export interface CoreModule {
  createRng(seed: number): unknown;
  createModel(
    spec: { inputSize: number; layers: { units: number; activation: string; useBias?: boolean }[] },
    options: { rng: unknown },
  ): CoreModel;
  createTrainer(model: CoreModel, options: { loss: string; optimizer: { type: 'sgd'; learningRate: number } }): CoreTrainer;
}

/** Loads `@tinyspark/core` and checks that it exposes what the harness needs; the reason when not. */
export async function loadCore(): Promise<CoreModule | string> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import('@tinyspark/core')) as unknown as Record<string, unknown>;
  } catch (e) {
    return `@tinyspark/core failed to load (${(e as Error).message.split('\n')[0]})`;
  }
  const missing = ['createRng', 'createModel', 'createTrainer'].filter((k) => typeof mod[k] !== 'function');
  if (missing.length > 0) return `@tinyspark/core does not export ${missing.join(', ')} yet`;
  return mod as unknown as CoreModule;
}

/** The loss value a trainer step returns (a number, or an object with `loss`). */
function stepLoss(r: unknown): number {
  if (typeof r === 'number') return r;
  if (r !== null && typeof r === 'object' && typeof (r as { loss?: unknown }).loss === 'number') return (r as { loss: number }).loss;
  return NaN;
}

function buildModel(
  core: CoreModule,
  init: readonly LayerInit[],
  activations: readonly string[],
  useBias: boolean,
): CoreModel {
  const model = core.createModel(
    { inputSize: init[0]!.fanIn, layers: init.map((l, i) => ({ units: l.fanOut, activation: activations[i]!, useBias })) },
    { rng: core.createRng(1) },
  );
  init.forEach((l, i) => {
    const layer = model.layers[i]!;
    if (layer.weights.length !== l.fanIn * l.fanOut) {
      throw new BenchError('BENCH_ERR_MISMATCH', `tinyspark layers[${i}].weights: expected ${l.fanIn * l.fanOut} values`);
    }
    layer.weights.set(kernelToUnitMajor(l));
    layer.bias.fill(0);
  });
  return model;
}

function predictorOf(model: CoreModel): Predictor {
  return {
    predictOne: (input) => model.predict(input),
    predictBatch: (inputs, batch) => model.predictBatch(inputs, batch),
    dispose: () => undefined,
  };
}

/** Trains the W1 network with core in the spec's order; returns the core model itself. */
export function trainW1Core(core: CoreModule, job: W1Job): { lastEpochLoss: number; model: CoreModel } {
  const { data } = job;
  const model = buildModel(core, job.init, W1.activations, true);
  const trainer = core.createTrainer(model, {
    loss: 'categorical_crossentropy',
    optimizer: { type: 'sgd', learningRate: W1.learningRate },
  });
  const lastEpochLoss = runW1Epochs(data, job.epochSeeds, W1.batchSize, (xb, yb, n) => stepLoss(trainer.step(xb, yb, n)));
  return { lastEpochLoss, model };
}

/**
 * tinyspark core driven through `createTrainer(model, opts).step(inputsFlat, targetsFlat, batchSize)`
 * in the spec's sample order; the initial weights are written into `DenseLayer.weights` ([unit][input]).
 */
export async function createTinysparkEngine(): Promise<Engine> {
  const core = await loadCore();
  if (typeof core === 'string') throw new BenchError('BENCH_ERR_ENGINE_UNAVAILABLE', `engine tinyspark: ${core}`);
  return {
    id: 'tinyspark',
    notes: '@tinyspark/core (Float32Array; training: createTrainer.step, inference: Model.predict / predictBatch)',
    activate: () => Promise.resolve(),
    trainW1(job: W1Job): Promise<TrainOutcome> {
      const { lastEpochLoss, model } = trainW1Core(core, job);
      return Promise.resolve({ lastEpochLoss, model: predictorOf(model) });
    },
    trainW2(job: W2Job): Promise<TrainOutcome> {
      const model = buildModel(core, job.init, ['linear', 'linear'], false);
      const trainer = core.createTrainer(model, { loss: 'mse', optimizer: { type: 'sgd', learningRate: W2.learningRate } });
      const { xs, ys } = w2Rows(job.data);
      for (let e = 0; e < job.epochs; e++) {
        for (let s = 0; s < job.data.samples; s++) trainer.step(xs[s]!, ys[s]!, 1);
      }
      return Promise.resolve({ lastEpochLoss: NaN, model: predictorOf(model) });
    },
  };
}
