import { glorotInit, type LayerInit } from './glorot-init.js';
import { mulberry32, signedUniform } from './mulberry32.js';

/** W2 "seed-3-2-2" constants (benchmarks.md). */
export const W2 = {
  samples: 10,
  inputs: 3,
  outputs: 2,
  sizes: [3, 2, 2] as readonly number[],
  learningRate: 0.01,
  epochs: 1000,
  initSeed: 7,
  dataSeed: 42,
  /** forward FLOPs per sample: 2*(3*2 + 2*2) */
  forwardFlops: 20,
  /** nominal training FLOPs per sample (forward + ~2x forward backward), as W1 counts them */
  trainFlops: 60,
  expectedFinalLoss: 0.00124,
} as const;

export interface W2Data {
  readonly samples: number;
  /** X[10][3] */
  readonly x: Float32Array;
  /** y = x.M, [10][2] */
  readonly y: Float32Array;
}

/** One mulberry32(42) stream: M[3][2] then X[10][3]; y = x.M accumulated in float64, stored float32. */
export function makeW2Data(): W2Data {
  const next = mulberry32(W2.dataSeed);
  const m = new Float32Array(W2.inputs * W2.outputs);
  for (let i = 0; i < m.length; i++) m[i] = signedUniform(next);
  const x = new Float32Array(W2.samples * W2.inputs);
  for (let i = 0; i < x.length; i++) x[i] = signedUniform(next);
  const y = new Float32Array(W2.samples * W2.outputs);
  for (let s = 0; s < W2.samples; s++) {
    for (let j = 0; j < W2.outputs; j++) {
      let acc = 0;
      for (let i = 0; i < W2.inputs; i++) acc += x[s * W2.inputs + i]! * m[i * W2.outputs + j]!;
      y[s * W2.outputs + j] = acc;
    }
  }
  return { samples: W2.samples, x, y };
}

/** `glorotInit([3,2,2], 7)` (no biases are used). */
export function w2InitialWeights(): LayerInit[] {
  return glorotInit(W2.sizes, W2.initSeed);
}

/** Mean over the samples of 0.5*sum_j (yhat_j - y_j)^2, `predict` giving yhat for sample s. */
export function w2MeanLoss(data: W2Data, predict: (s: number) => ArrayLike<number>): number {
  let total = 0;
  for (let s = 0; s < data.samples; s++) {
    const yhat = predict(s);
    for (let j = 0; j < W2.outputs; j++) {
      const d = yhat[j]! - data.y[s * W2.outputs + j]!;
      total += 0.5 * d * d;
    }
  }
  return total / data.samples;
}

/** Per-sample views of the W2 inputs and targets (made once per run, so a step allocates nothing). */
export function w2Rows(data: W2Data): { xs: Float32Array[]; ys: Float32Array[] } {
  const xs: Float32Array[] = [];
  const ys: Float32Array[] = [];
  for (let s = 0; s < data.samples; s++) {
    xs.push(data.x.subarray(s * W2.inputs, (s + 1) * W2.inputs));
    ys.push(data.y.subarray(s * W2.outputs, (s + 1) * W2.outputs));
  }
  return { xs, ys };
}
