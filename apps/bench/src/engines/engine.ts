import type { LayerInit } from '../workload/glorot-init.js';
import type { W1Data } from '../workload/w1-data.js';
import type { W2Data } from '../workload/w2-data.js';

/** A trained network as seen by the harness: input in, outputs back into JS. */
export interface Predictor {
  /** One sample (features) in, the output vector out (may be a reused buffer: read before the next call). */
  predictOne(input: Float32Array): ArrayLike<number>;
  /** `batch` rows of features in, `[batch][outputs]` out (may be a reused buffer). */
  predictBatch(inputs: Float32Array, batch: number): ArrayLike<number>;
  /** Frees library resources (tensors). */
  dispose(): void;
}

export interface TrainOutcome {
  /** W1: mean of the per-batch losses of the last epoch. W2: NaN (the harness measures the final loss). */
  readonly lastEpochLoss: number;
  readonly model: Predictor;
}

/** What a W1 training run is given: the same for every engine. */
export interface W1Job {
  readonly data: W1Data;
  readonly init: readonly LayerInit[];
  /** one Fisher-Yates seed per epoch, in order */
  readonly epochSeeds: readonly number[];
}

/** What a W2 training run is given. */
export interface W2Job {
  readonly data: W2Data;
  readonly init: readonly LayerInit[];
  readonly epochs: number;
}

/**
 * One in-process engine. Each call builds a fresh model from the given initial weights, so that the
 * harness can time it, and trains in exactly the spec's order (the shuffle and gather are part of
 * the engine's timed work).
 */
export interface Engine {
  /** stable id used in the results: "tinyspark", "tfjs-cpu", "tfjs-wasm", "js-reference" */
  readonly id: string;
  /** a human note (backend, SIMD, version) */
  readonly notes: string;
  /** Called before this engine's turn (e.g. switches the tfjs backend). */
  activate(): Promise<void>;
  trainW1(job: W1Job): Promise<TrainOutcome>;
  trainW2(job: W2Job): Promise<TrainOutcome>;
}
