import { glorotInit, type LayerInit } from './glorot-init.js';
import { mulberry32, signedUniform } from './mulberry32.js';

/** W1 "gesture-mlp" constants (benchmarks.md). */
export const W1 = {
  samples: 4096,
  features: 150,
  classes: 6,
  sizes: [150, 32, 16, 6] as readonly number[],
  activations: ['relu', 'relu', 'softmax'] as const,
  learningRate: 0.05,
  batchSize: 32,
  epochs: 5,
  initSeed: 7,
  dataSeed: 42,
  /** forward FLOPs per sample, a multiply-add counted as 2 */
  forwardFlops: 10_816,
  /** nominal training FLOPs per sample (forward + backward ~ 2x forward) */
  trainFlops: 32_448,
  expectedAccuracy: 0.7739,
  expectedLastEpochLoss: 0.87999,
} as const;

export interface W1Data {
  readonly samples: number;
  readonly features: number;
  readonly classes: number;
  /** X[samples][features] row-major */
  readonly x: Float32Array;
  /** class index per sample */
  readonly labels: Int32Array;
  /** one-hot targets [samples][classes] */
  readonly oneHot: Float32Array;
}

/**
 * One mulberry32(42) stream: first P[6][150], then X[4096][150]; label = argmax_c sum_f P[c][f]*X[i][f]
 * accumulated in float64 over f ascending, ties to the lowest c.
 */
export function makeW1Data(): W1Data {
  const { samples, features, classes } = W1;
  const next = mulberry32(W1.dataSeed);
  const p = new Float32Array(classes * features);
  for (let i = 0; i < p.length; i++) p[i] = signedUniform(next);
  const x = new Float32Array(samples * features);
  for (let i = 0; i < x.length; i++) x[i] = signedUniform(next);
  const labels = new Int32Array(samples);
  const oneHot = new Float32Array(samples * classes);
  for (let i = 0; i < samples; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let f = 0; f < features; f++) s += p[c * features + f]! * x[i * features + f]!;
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    labels[i] = best;
    oneHot[i * classes + best] = 1;
  }
  return { samples, features, classes, x, labels, oneHot };
}

/** `glorotInit([150,32,16,6], 7)`. */
export function w1InitialWeights(): LayerInit[] {
  return glorotInit(W1.sizes, W1.initSeed);
}
