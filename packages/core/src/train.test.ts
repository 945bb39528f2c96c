import { describe, expect, it } from 'vitest';
import { createModel } from './create-model.js';
import type { Dataset } from './dataset.js';
import type { Diagnostic } from './diagnostics.js';
import { CoreError, TrainingError } from './errors.js';
import { evaluate } from './evaluate.js';
import type { Model } from './model.js';
import { createRng } from './rng.js';
import { train } from './train.js';

// A small two-class problem: class 0 when x0 > x1.
function toyData(n: number, seed: number): Dataset {
  const r = createRng(seed);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < n; i++) {
    const x = [2 * r.next() - 1, 2 * r.next() - 1];
    inputs.push(x);
    targets.push(x[0]! > x[1]! ? [1, 0] : [0, 1]);
  }
  return { inputs, targets };
}

function mlp(seed: number, hidden: 'relu' | 'tanh' = 'tanh', out: 'softmax' | 'linear' = 'softmax'): Model {
  return createModel(
    { inputSize: 2, layers: [{ units: 6, activation: hidden }, { units: 2, activation: out }] },
    { rng: createRng(seed), init: hidden === 'relu' ? 'he' : 'glorot' },
  );
}

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => d.code);

describe('train', () => {
  it('learns a separable problem with each optimizer and mini-batches', () => {
    const data = toyData(200, 1);
    for (const optimizer of [
      { type: 'sgd', learningRate: 0.5 },
      { type: 'momentum', learningRate: 0.1 },
      { type: 'adam', learningRate: 0.02 },
    ] as const) {
      const m = mlp(2);
      const r = train(m, data, { epochs: 40, batchSize: 16, optimizer, seed: 3 });
      expect(r.stopReason).toBe('completed');
      expect(r.history[39]!.loss).toBeLessThan(r.history[0]!.loss);
      expect(evaluate(m, data).accuracy).toBeGreaterThan(0.95);
    }
  });

  it('reports per-epoch records with the course sum of errors as a diagnostic', () => {
    const m = mlp(2, 'tanh', 'linear');
    const data = toyData(20, 4);
    const r = train(m, data, { epochs: 2, batchSize: 5, loss: 'mse', seed: 1 });
    expect(r.history.map((h) => h.epoch)).toEqual([0, 1]);
    for (const h of r.history) {
      expect(Number.isFinite(h.errorSum)).toBe(true);
      expect(h.maxAbsWeight).toBeGreaterThan(0);
      expect(h.accuracy).toBeGreaterThanOrEqual(0);
    }
  });

  it('calls onBatchEnd per step and onEpochEnd per epoch, and stops when asked', () => {
    const batches: number[] = [];
    let seen = 0;
    const r = train(mlp(1), toyData(10, 2), {
      epochs: 5,
      batchSize: 4,
      onBatchEnd: (p) => {
        batches.push(p.batch);
        seen = p.samplesSeen;
        expect(p.batches).toBe(3);
      },
      onEpochEnd: (rec) => (rec.epoch === 1 ? 'stop' : undefined),
    });
    expect(batches).toEqual([0, 1, 2, 0, 1, 2]);
    expect(seen).toBe(20);
    expect(r.stopReason).toBe('callback');
    expect(r.epochsRun).toBe(2);
  });

  it('holds out the LAST fraction for validation and reports val loss/accuracy', () => {
    const data = toyData(50, 5);
    const r = train(mlp(1), data, { epochs: 3, validationSplit: 0.2 });
    expect(r.trainSamples).toBe(40);
    expect(r.validationSamples).toBe(10);
    expect(r.history.every((h) => h.valLoss !== undefined && h.valAccuracy !== undefined)).toBe(true);
    const explicit = train(mlp(1), data, { epochs: 1, validationData: toyData(7, 9) });
    expect(explicit.validationSamples).toBe(7);
    expect(() => train(mlp(1), data, { epochs: 1, validationSplit: 1.5 })).toThrow(/validationSplit/);
  });

  it('early stopping: stops after `patience` epochs without improvement and restores the best weights', () => {
    const data = toyData(30, 6);
    const m = mlp(3, 'tanh', 'linear');
    const snapshots: number[][] = [];
    const r = train(m, data, {
      epochs: 50,
      batchSize: 30,
      loss: 'mse',
      learningRate: 3, // diverges: epoch 0 is the best
      weightClip: 20,
      earlyStopping: { monitor: 'loss', patience: 2 },
      diagnostics: { plateauPatience: 0 },
      onEpochEnd: () => {
        snapshots.push(m.layers.flatMap((l) => [...l.weights, ...l.bias]));
      },
    });
    expect(r.stopReason).toBe('early_stopping');
    expect(r.history.slice(1).every((h) => h.loss >= r.history[r.bestEpoch]!.loss)).toBe(true);
    expect(r.epochsRun).toBe(r.bestEpoch + 3);
    expect(r.bestEpoch).toBeLessThan(r.epochsRun - 1);
    const final = m.layers.flatMap((l) => [...l.weights, ...l.bias]);
    expect(final).toEqual(snapshots[r.bestEpoch]);
    expect(final).not.toEqual(snapshots.at(-1));
    expect(() => train(mlp(1), data, { epochs: 1, earlyStopping: { monitor: 'val_loss', patience: 1 } })).toThrow(/earlyStopping.monitor/);
  });

  it('is deterministic: same seed, same history; shuffle=false ignores the rng', () => {
    const data = toyData(40, 7);
    const run = (seed: number, shuffle = true) => {
      const m = mlp(5);
      return { h: train(m, data, { epochs: 3, batchSize: 8, seed, shuffle }).history, w: Array.from(m.layers[0]!.weights) };
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1).w).not.toEqual(run(2).w);
    expect(run(1, false)).toEqual(run(2, false));
  });

  it('validates the data with the offending sample named', () => {
    const bad = toyData(3, 1);
    (bad.inputs[1] as number[])[1] = Number.NaN;
    expect(() => train(mlp(1), bad, { epochs: 1 })).toThrow(/data\.inputs\[1\]\[1\]/);
    expect(() => train(mlp(1), { inputs: [], targets: [] }, { epochs: 1 })).toThrow(/CORE_ERR_EMPTY_DATASET/);
    expect(() => train(mlp(1), { inputs: [[1, 2, 3]], targets: [[1, 0]] }, { epochs: 1 })).toThrow(/CORE_ERR_SHAPE_MISMATCH/);
    expect(() => train(mlp(1), toyData(3, 1), { epochs: -1 })).toThrow(CoreError);
  });
});

describe('training diagnostics', () => {
  it('non-finite loss: a TrainingError naming the epoch and step (not NaN printed)', () => {
    const data = toyData(20, 8);
    const seen: Diagnostic[] = [];
    let err: unknown;
    try {
      train(mlp(1, 'tanh', 'linear'), data, { epochs: 200, batchSize: 1, loss: 'mse', learningRate: 1e4, onDiagnostic: (d) => seen.push(d) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    const te = err as TrainingError;
    expect(['CORE_ERR_NON_FINITE_LOSS', 'CORE_ERR_NON_FINITE_WEIGHTS']).toContain(te.code);
    expect(te.epoch).toBeGreaterThanOrEqual(0);
    expect(te.message).toMatch(/learning rate/);
    expect(te.history).toHaveLength(te.epoch!);
    expect(te.diagnostics!.at(-1)!.code).toBe(te.code);
    expect(seen.at(-1)!.severity).toBe('error');
    expect(seen.at(-1)!.epoch).toBe(te.epoch);
  });

  it('non-finite weights: reported at the step whose update produced them, while the loss was still finite', () => {
    let err: unknown;
    const steps: number[] = [];
    try {
      // lr 1e300: the first update overflows float32 to +-Infinity; the loss of that step (computed before it) is finite
      train(mlp(1, 'tanh', 'linear'), toyData(12, 8), { epochs: 3, batchSize: 4, loss: 'mse', learningRate: 1e300, onBatchEnd: (p) => steps.push(p.batch) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    const te = err as TrainingError;
    expect(te.code).toBe('CORE_ERR_NON_FINITE_WEIGHTS');
    expect([te.epoch, te.step]).toEqual([0, 0]);
    expect(steps).toEqual([]); // no progress reported for the broken step
    expect(te.message).toMatch(/epoch 0, step 0; first non-finite parameter: layers\[\d\]\.(weights|bias)\[\d+\]/);
    const stopped = train(mlp(1, 'tanh', 'linear'), toyData(12, 8), { epochs: 3, batchSize: 4, loss: 'mse', learningRate: 1e300, onNonFinite: 'stop' });
    expect(stopped.stopReason).toBe('non_finite');
    expect(stopped.diagnostics.at(-1)).toMatchObject({ code: 'CORE_ERR_NON_FINITE_WEIGHTS', severity: 'error', epoch: 0, step: 0 });
    expect(stopped.history).toEqual([]);
  });

  it("non-finite with onNonFinite 'stop': training ends, the result says why", () => {
    const r = train(mlp(1, 'tanh', 'linear'), toyData(20, 8), { epochs: 200, batchSize: 1, loss: 'mse', learningRate: 1e4, onNonFinite: 'stop' });
    expect(r.stopReason).toBe('non_finite');
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.code).toMatch(/^CORE_ERR_NON_FINITE_/);
    expect(d.step === undefined || d.step >= 0).toBe(true);
  });

  it('exploding weights: a warning at the epoch it happens (weightClip keeps them finite)', () => {
    const r = train(mlp(3, 'tanh', 'linear'), toyData(30, 6), {
      epochs: 5,
      batchSize: 1,
      loss: 'mse',
      learningRate: 3,
      weightClip: 50,
      diagnostics: { explodingWeightThreshold: 10 },
    });
    const d = r.diagnostics.find((x) => x.code === 'CORE_WARN_EXPLODING_WEIGHTS')!;
    expect(d).toBeDefined();
    expect(r.history[d.epoch]!.maxAbsWeight).toBeGreaterThan(10);
    expect(Math.max(...r.history.map((h) => h.maxAbsWeight))).toBeLessThanOrEqual(50);
  });

  it('loss plateau: a warning after plateauPatience epochs without improvement', () => {
    const r = train(mlp(1), toyData(20, 1), { epochs: 6, learningRate: 1e-12, diagnostics: { plateauPatience: 3 } });
    const d = r.diagnostics.filter((x) => x.code === 'CORE_WARN_LOSS_PLATEAU');
    expect(d).toHaveLength(1);
    expect(d[0]!.epoch).toBe(3);
    const ok = train(mlp(1), toyData(20, 1), { epochs: 6, learningRate: 0.5, diagnostics: { plateauPatience: 3 } });
    expect(codes(ok.diagnostics)).not.toContain('CORE_WARN_LOSS_PLATEAU');
  });

  it('dead ReLU layer: all units output 0 for every checked sample', () => {
    const m = mlp(1, 'relu');
    m.layers[0]!.bias.fill(-100);
    const r = train(m, toyData(20, 1), { epochs: 1 });
    const d = r.diagnostics.find((x) => x.code === 'CORE_WARN_DEAD_RELU_LAYER')!;
    expect(d.epoch).toBe(0);
    expect(d.details.layer).toBe(0);
    const half = mlp(1, 'relu');
    half.layers[0]!.bias.fill(-100, 0, 4);
    expect(codes(train(half, toyData(20, 1), { epochs: 1 }).diagnostics)).toContain('CORE_WARN_DEAD_RELU_UNITS');
    expect(codes(train(mlp(1, 'relu'), toyData(20, 1), { epochs: 1 }).diagnostics).filter((c) => c.includes('RELU'))).toEqual([]);
  });

  it('dead ReLU check: a unit that fires only for a late sample is alive; the check covers every sample when units stay dead', () => {
    // 100 samples at (-1, -1), one at (1, 1) late in the set: only it makes the units fire
    const inputs = Array.from({ length: 100 }, (_, i) => (i === 90 ? [1, 1] : [-1, -1]));
    const data = { inputs, targets: inputs.map((_, i) => (i % 2 === 0 ? [1, 0] : [0, 1])) };
    const m = mlp(1, 'relu');
    m.layers[0]!.weights.fill(1);
    m.layers[0]!.bias.fill(-0.5);
    const opts = { epochs: 1, learningRate: 1e-12, shuffle: false } as const;
    expect(codes(train(m, data, opts).diagnostics).filter((c) => c.includes('RELU'))).toEqual([]);
    // three units that never fire: reported, after all 100 samples were checked
    const half = mlp(1, 'relu');
    half.layers[0]!.weights.fill(1);
    half.layers[0]!.bias.fill(-100, 0, 3);
    half.layers[0]!.bias.fill(-0.5, 3, 6);
    const d = train(half, data, opts).diagnostics.find((x) => x.code === 'CORE_WARN_DEAD_RELU_UNITS')!;
    expect(d.details).toMatchObject({ deadUnits: [0, 1, 2], checkedSamples: 100 });
  });

  it('class imbalance: warned before the first epoch with the counts', () => {
    const data = toyData(40, 3);
    const ones = data.targets.map((t, i) => (t[0] === 1 ? i : -1)).filter((i) => i >= 0);
    const keep = new Set(ones.slice(0, 3));
    const imb: Dataset = {
      inputs: data.inputs.filter((_, i) => data.targets[i]![1] === 1 || keep.has(i)),
      targets: data.targets.filter((t, i) => t[1] === 1 || keep.has(i)),
    };
    const r = train(mlp(1), imb, { epochs: 1 });
    const d = r.diagnostics.find((x) => x.code === 'CORE_WARN_CLASS_IMBALANCE')!;
    expect(d.epoch).toBe(-1);
    expect((d.details.counts as number[])[0]).toBe(3);
    const balanced = train(mlp(1), toyData(40, 3), { epochs: 1, diagnostics: { imbalanceRatio: 3 } });
    expect(codes(balanced.diagnostics)).not.toContain('CORE_WARN_CLASS_IMBALANCE');
  });
});
