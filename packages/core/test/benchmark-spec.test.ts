// The benchmark workloads W1-W4 of docs/reference/benchmark-workloads.md, which gives the accuracy and
// loss an exact implementation ends with (apps/bench runs the same workloads beside a C reference and
// TensorFlow.js): the engine must land on the same accuracy and loss.
import { describe, expect, it } from 'vitest';
import { createRng, createTrainer, DenseLayer, Model, shuffleInPlace, type Activation } from '../src/index.js';

/** glorotInit of the spec: kernels drawn [in][out], transposed into core's [out][in]; biases 0. */
function glorotModel(sizes: number[], acts: Activation[], useBias: boolean): Model {
  const rng = createRng(7);
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    const lim = Math.sqrt(6 / (fanIn + fanOut));
    const k = Float32Array.from({ length: fanIn * fanOut }, () => (2 * rng.next() - 1) * lim);
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < fanIn; i++) for (let o = 0; o < fanOut; o++) w[o * fanIn + i] = k[i * fanOut + o]!;
    layers.push(new DenseLayer({ inputSize: fanIn, units: fanOut, activation: acts[l]!, useBias, weights: w }));
  }
  return new Model(layers);
}

describe('benchmark workloads (exact results from the spec)', () => {
  it('W1: 150-32-16-6 relu/relu/softmax, batch 32, SGD 0.05, 5 epochs -> accuracy 0.7739, last-epoch loss 0.87999; W3 accuracy 0.7745', () => {
    const rng = createRng(42);
    const P = Float32Array.from({ length: 6 * 150 }, () => 2 * rng.next() - 1);
    const X = Float32Array.from({ length: 4096 * 150 }, () => 2 * rng.next() - 1);
    const Y = new Float32Array(4096 * 6);
    const labels = new Int32Array(4096);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let s = 0; s < 4096; s++) {
      let best = 0;
      let bestV = -Infinity;
      for (let c = 0; c < 6; c++) {
        let acc = 0;
        for (let f = 0; f < 150; f++) acc += P[c * 150 + f]! * X[s * 150 + f]!;
        if (acc > bestV) {
          bestV = acc;
          best = c;
        }
      }
      labels[s] = best;
      Y[s * 6 + best] = 1;
      counts[best]!++;
    }
    expect(counts).toEqual([712, 673, 642, 690, 649, 730]);

    const model = glorotModel([150, 32, 16, 6], ['relu', 'relu', 'softmax'], true);
    const tr = createTrainer(model, { optimizer: { type: 'sgd', learningRate: 0.05 } });
    expect(tr.loss).toBe('categorical_crossentropy');
    const xb = new Float32Array(32 * 150);
    const yb = new Float32Array(32 * 6);
    const perm = new Int32Array(4096);
    let lastLoss = 0;
    for (let e = 0; e < 5; e++) {
      for (let i = 0; i < 4096; i++) perm[i] = i;
      shuffleInPlace(perm, createRng(1000 + e));
      let sum = 0;
      for (let b = 0; b < 128; b++) {
        for (let s = 0; s < 32; s++) {
          const src = perm[b * 32 + s]!;
          xb.set(X.subarray(src * 150, src * 150 + 150), s * 150);
          yb.set(Y.subarray(src * 6, src * 6 + 6), s * 6);
        }
        sum += tr.step(xb, yb, 32);
      }
      lastLoss = sum / 128;
    }
    const out = model.predictBatch(X, 4096);
    let hits = 0;
    for (let s = 0; s < 4096; s++) {
      let b = 0;
      for (let j = 1; j < 6; j++) if (out[s * 6 + j]! > out[s * 6 + b]!) b = j;
      if (b === labels[s]) hits++;
    }
    expect(hits).toBe(3170);
    expect(lastLoss).toBeCloseTo(0.87999, 5);
    let hits3 = 0;
    for (let i = 0; i < 20000; i++) {
      const s = i % 4096;
      const o = model.predict(X.subarray(s * 150, s * 150 + 150));
      let b = 0;
      for (let j = 1; j < 6; j++) if (o[j]! > o[b]!) b = j;
      if (b === labels[s]) hits3++;
    }
    expect(hits3 / 20000).toBeCloseTo(0.7745, 4);
  });

  it('W2: 3-2-2 linear without bias, per-sample SGD 0.01, 1000 epochs -> final mean loss 0.00124', () => {
    const rng = createRng(42);
    const M = Float32Array.from({ length: 6 }, () => 2 * rng.next() - 1);
    const X = Float32Array.from({ length: 30 }, () => 2 * rng.next() - 1);
    const Y = new Float32Array(20);
    for (let s = 0; s < 10; s++) {
      for (let j = 0; j < 2; j++) {
        let a = 0;
        for (let i = 0; i < 3; i++) a += X[s * 3 + i]! * M[i * 2 + j]!;
        Y[s * 2 + j] = a;
      }
    }
    const model = glorotModel([3, 2, 2], ['linear', 'linear'], false);
    const tr = createTrainer(model, { loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.01 }, maxBatchSize: 1 });
    const xs = Array.from({ length: 10 }, (_, s) => X.subarray(s * 3, s * 3 + 3));
    const ys = Array.from({ length: 10 }, (_, s) => Y.subarray(s * 2, s * 2 + 2));
    for (let e = 0; e < 1000; e++) for (let s = 0; s < 10; s++) tr.step(xs[s]!, ys[s]!, 1);
    let loss = 0;
    for (let s = 0; s < 10; s++) {
      const o = model.predict(xs[s]!);
      for (let j = 0; j < 2; j++) loss += 0.5 * (o[j]! - ys[s]![j]!) ** 2;
    }
    expect(loss / 10).toBeCloseTo(0.00124, 5);
  });
});
