import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Activation } from './activation.js';
import { createModel } from './create-model.js';
import { CoreError } from './errors.js';
import type { Loss } from './loss.js';
import { createRng } from './rng.js';
import { numericGradients, refLayers } from './test-reference.js';
import { createTrainer } from './trainer.js';
import { DenseLayer } from './dense-layer.js';
import { Model } from './model.js';

const HIDDEN: Activation[] = ['linear', 'relu', 'sigmoid', 'tanh'];
const OUTPUTS: [Activation, Loss][] = [
  ['linear', 'mse'],
  ['relu', 'mse'],
  ['sigmoid', 'mse'],
  ['tanh', 'mse'],
  ['softmax', 'mse'],
  ['softmax', 'categorical_crossentropy'],
];

function batchData(seed: number, n: number, inSize: number, outSize: number, oneHot: boolean): { xs: number[][]; ys: number[][] } {
  const r = createRng(seed);
  const xs = Array.from({ length: n }, () => Array.from({ length: inSize }, () => 2 * r.next() - 1));
  const ys = Array.from({ length: n }, (_, s) =>
    Array.from({ length: outSize }, (_, j) => (oneHot ? (j === s % outSize ? 1 : 0) : Math.fround(2 * r.next() - 1))),
  );
  return { xs, ys };
}

describe('gradients: finite-difference check of every layer/activation/loss combination', () => {
  const cases: [Activation, Activation, Loss, boolean][] = [];
  for (const h of HIDDEN) for (const [o, loss] of OUTPUTS) for (const bias of [true, false]) cases.push([h, o, loss, bias]);

  it.each(cases)('hidden %s -> output %s with %s (bias %s)', (hidden, output, loss, useBias) => {
    // The first seed whose gradients are not all ~0 (a relu output can start dead for all 5 samples).
    const { xs, ys } = batchData(3, 5, 4, 3, loss === 'categorical_crossentropy' || output === 'softmax');
    let model: Model | undefined;
    let numeric: number[][] = [];
    for (let seed = 11; seed < 40 && model === undefined; seed++) {
      const m = createModel(
        {
          inputSize: 4,
          layers: [
            { units: 5, activation: hidden, useBias },
            { units: 4, activation: hidden, useBias },
            { units: 3, activation: output, useBias },
          ],
        },
        { rng: createRng(seed), init: 'uniform1' },
      );
      numeric = numericGradients(loss, refLayers(m), xs, ys);
      if (numeric.every((g) => g.some((v) => Math.abs(v) > 1e-3))) model = m;
    }
    if (model === undefined) throw new Error('no seed gave non-trivial gradients');
    const trainer = createTrainer(model, { loss, optimizer: { type: 'sgd', learningRate: 1e-9 } });
    trainer.step(Float32Array.from(xs.flat()), Float32Array.from(ys.flat()), xs.length);
    expect(trainer.grads.length).toBe(numeric.length);
    trainer.grads.forEach((g, p) => {
      const num = numeric[p]!;
      expect(g.length).toBe(num.length);
      g.forEach((v, i) => {
        expect(Math.abs(v - num[i]!)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(num[i]!));
      });
    });
  });
});

describe('createTrainer', () => {
  function tiny(): Model {
    return new Model([
      new DenseLayer({ inputSize: 2, units: 2, activation: 'tanh', weights: [0.5, -0.3, 0.8, 0.1], bias: [0.1, -0.2] }),
      new DenseLayer({ inputSize: 2, units: 1, activation: 'linear', weights: [0.7, -0.4], bias: [0.05] }),
    ]);
  }

  it('averages gradients over the batch: one batch step == the mean of per-sample gradients', () => {
    const xs = [
      [0.3, -0.2],
      [1.1, 0.4],
      [-0.6, 0.9],
    ];
    const ys = [[0.5], [-0.2], [0.9]];
    const batch = createTrainer(tiny(), { learningRate: 1e-9 });
    batch.step(Float32Array.from(xs.flat()), Float32Array.from(ys.flat()), 3);
    const sums = batch.grads.map((g) => new Float64Array(g.length));
    for (let s = 0; s < 3; s++) {
      const one = createTrainer(tiny(), { learningRate: 1e-9 });
      one.step(Float32Array.from(xs[s]!), Float32Array.from(ys[s]!), 1);
      one.grads.forEach((g, p) => g.forEach((v, i) => (sums[p]![i] = sums[p]![i]! + v / 3)));
    }
    batch.grads.forEach((g, p) => g.forEach((v, i) => expect(v).toBeCloseTo(sums[p]![i]!, 6)));
  });

  it('returns the mean loss of the batch before the update', () => {
    const m = tiny();
    const tr = createTrainer(m, { learningRate: 0.1 });
    const x = Float32Array.from([0.3, -0.2, 1.1, 0.4]);
    const y = Float32Array.from([0.5, -0.2]);
    const before = [m.predict(x.subarray(0, 2))[0]!, m.predict(x.subarray(2, 4))[0]!];
    const expected = (0.5 * (before[0]! - 0.5) ** 2 + 0.5 * (before[1]! + 0.2) ** 2) / 2;
    expect(tr.step(x, y, 2)).toBeCloseTo(expected, 6);
  });

  it('grows its buffers for a larger batch than maxBatchSize', () => {
    const tr = createTrainer(tiny(), { maxBatchSize: 1 });
    const l = tr.step(new Float32Array(10), new Float32Array(5), 5);
    expect(Number.isFinite(l)).toBe(true);
  });

  it('clips gradients by value and by global norm, and weights by value', () => {
    const m = tiny();
    const tr = createTrainer(m, { learningRate: 1, gradientClipValue: 0.01, weightClip: 0.6 });
    tr.step(Float32Array.from([5, -5]), Float32Array.from([100]), 1);
    for (const g of tr.grads) for (const v of g) expect(Math.abs(v)).toBeLessThanOrEqual(0.01 + 1e-9);
    for (const layer of m.layers) for (const v of [...layer.weights, ...layer.bias]) expect(Math.abs(v)).toBeLessThanOrEqual(0.6 + 1e-7);
    expect(m.layers[0]!.weights[2]).toBeCloseTo(0.6, 6); // 0.8 was clamped
    const tn = createTrainer(tiny(), { learningRate: 1e-9, gradientClipNorm: 0.5 });
    tn.step(Float32Array.from([5, -5]), Float32Array.from([100]), 1);
    let s = 0;
    for (const g of tn.grads) for (const v of g) s += v * v;
    expect(Math.sqrt(s)).toBeCloseTo(0.5, 5);
  });

  it('rejects bad options and shapes with typed errors naming the field', () => {
    expect(() => createTrainer(tiny(), { loss: 'categorical_crossentropy' })).toThrow(/CORE_ERR_LOSS_REQUIRES_SOFTMAX/);
    expect(() => createTrainer(tiny(), { weightClip: -1 })).toThrow(/weightClip/);
    expect(() => createTrainer(tiny(), { optimizer: { type: 'sgd', learningRate: 0 } })).toThrow(CoreError);
    const tr = createTrainer(tiny());
    expect(() => tr.step(new Float32Array(3), new Float32Array(2), 2)).toThrow(/inputsFlat/);
    expect(() => tr.step(new Float32Array(4), new Float32Array(1), 2)).toThrow(/targetsFlat/);
    expect(() => tr.step(new Float32Array(4), new Float32Array(2), 0)).toThrow(/batchSize/);
  });
});

describe('gradients: property check over random architectures', () => {
  const act = fc.constantFrom<Activation>('linear', 'sigmoid', 'tanh');
  test.prop(
    [
      fc.integer({ min: 1, max: 5 }),
      fc.array(fc.record({ units: fc.integer({ min: 1, max: 6 }), activation: act, useBias: fc.boolean() }), { minLength: 0, maxLength: 3 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 7 }),
      fc.integer(),
    ],
    { numRuns: 40 },
  )('trainer gradients equal central finite differences (smooth activations, mse)', (inSize, hidden, outUnits, batch, seed) => {
    const m = createModel({ inputSize: inSize, layers: [...hidden, { units: outUnits, activation: 'tanh', useBias: true }] }, { rng: createRng(seed), init: 'uniform1' });
    const { xs, ys } = batchData(seed ^ 0x5bd1, batch, inSize, outUnits, false);
    const numeric = numericGradients('mse', refLayers(m), xs, ys);
    const tr = createTrainer(m, { loss: 'mse', learningRate: 1e-9 });
    tr.step(Float32Array.from(xs.flat()), Float32Array.from(ys.flat()), batch);
    tr.grads.forEach((g, p) => g.forEach((v, i) => expect(Math.abs(v - numeric[p]![i]!)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(numeric[p]![i]!))));
  });
});
