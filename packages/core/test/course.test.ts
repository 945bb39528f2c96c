// The engine against the course's own numbers (seed chapter and tinyspark-tutorial.md, with errata).
import { describe, expect, it } from 'vitest';
import { createModel, createRng, createTrainer, DenseLayer, evaluate, explainStep, Model, renderExplanation, train } from '../src/index.js';
import { course, courseDataset } from './course-data.js';

describe("the seed chapter's single neuron", () => {
  const neuron = (): Model =>
    new Model([new DenseLayer({ inputSize: 2, units: 1, activation: 'linear', useBias: false, weights: [0.3, 0.9] })]);

  it('trainer: forward 0.75, deltas 0.035 and 0.28, new weights 0.265 and 0.62, new output 0.5225', () => {
    const m = neuron();
    const x = Float32Array.from([0.1, 0.8]);
    expect(m.predict(x)[0]).toBeCloseTo(0.75, 6);
    const tr = createTrainer(m, { loss: 'mse', optimizer: { type: 'sgd', learningRate: 1 } });
    const loss = tr.step(x, Float32Array.from([0.4]), 1);
    expect(loss).toBeCloseTo(0.5 * 0.35 * 0.35, 6); // 1/2 x error^2
    expect(tr.grads[0]![0]).toBeCloseTo(0.035, 6);
    expect(tr.grads[0]![1]).toBeCloseTo(0.28, 6);
    expect(m.layers[0]!.weights[0]).toBeCloseTo(0.265, 6);
    expect(m.layers[0]!.weights[1]).toBeCloseTo(0.62, 6);
    expect(m.predict(x)[0]).toBeCloseTo(0.5225, 6);
  });

  it('explainStep: the same numbers, and the new error 0.1225', () => {
    const e = explainStep(neuron(), [0.1, 0.8], [0.4], { learningRate: 1 });
    expect(e.output[0]).toBeCloseTo(0.75, 6);
    expect(e.errors[0]).toBeCloseTo(0.35, 6);
    expect(e.layers[0]!.weightGradients[0]![0]).toBeCloseTo(0.035, 6);
    expect(e.layers[0]!.weightGradients[0]![1]).toBeCloseTo(0.28, 6);
    expect(e.layers[0]!.newWeights[0]![0]).toBeCloseTo(0.265, 6);
    expect(e.layers[0]!.newWeights[0]![1]).toBeCloseTo(0.62, 6);
    expect(e.after.output[0]).toBeCloseTo(0.5225, 6);
    expect(e.after.errors[0]).toBeCloseTo(0.1225, 6);
    const text = renderExplanation(e);
    expect(text).toContain('sum1 = 0.30000 * 0.10000 + 0.90000 * 0.80000 = 0.75000');
    expect(text).toContain('error1 = 0.75000 - 0.40000 = 0.35000');
    expect(text).toContain('= 0.03500;  new = 0.30000 - 1 * 0.03500 = 0.26500');
    expect(text).toContain('out1 = 0.52250   error1 = 0.12250');
  });
});

describe("the course's 3-2-2 worked example", () => {
  const ex = course.worked_example;
  const model = (): Model =>
    new Model([
      new DenseLayer({ inputSize: 3, units: 2, activation: 'linear', useBias: false, weights: ex.weights1 }),
      new DenseLayer({ inputSize: 2, units: 2, activation: 'linear', useBias: false, weights: ex.weights2 }),
    ]);
  const input = ex.measurement.map((v) => v / 100);
  const explain = () => explainStep(model(), input, ex.expected, { learningRate: ex.learning_rate });

  it('forward numbers exactly as the course has them', () => {
    const e = explain();
    const close = (got: number[], want: number[]): void => got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    close(e.layers[0]!.activations, [-1.01931, -0.48191]);
    close(e.output, [-0.88385, 0.41126]);
    close(e.errors, [-1.88385, 0.41126]);
  });

  it('output-layer gradients: the exact values (the course carries the typo -1.8893)', () => {
    const e = explain();
    [1.92023, 0.90785, -0.4192, -0.19819].forEach((v, i) => expect(e.layers[1]!.weightGradients.flat()[i]).toBeCloseTo(v, 5));
  });

  it('hidden-layer gradients as the chain rule gives them, not as the course formula does', () => {
    const e = explain();
    const correct = [-0.07622, -0.69792, -1.80084, -0.0329, -0.30122, -0.77725];
    const courseFormula = [0.07655, 0.70098, 1.80874, 0.03619, 0.33141, 0.85514];
    e.layers[0]!.weightGradients.flat().forEach((v, i) => expect(v).toBeCloseTo(correct[i]!, 5));
    e.courseHiddenGradients!.flat().forEach((v, i) => expect(v).toBeCloseTo(courseFormula[i]!, 5));
  });

  it("the trainer's gradients equal explainStep's (float32 vs float64) and match a finite difference of the loss", () => {
    const m = model();
    const e = explainStep(m, input, ex.expected);
    const tr = createTrainer(m, { loss: 'mse', learningRate: 0.01 });
    tr.step(Float32Array.from(input), Float32Array.from(ex.expected), 1);
    tr.grads[0]!.forEach((g, i) => expect(g).toBeCloseTo(e.layers[0]!.weightGradients.flat()[i]!, 4));
    tr.grads[1]!.forEach((g, i) => expect(g).toBeCloseTo(e.layers[1]!.weightGradients.flat()[i]!, 4));
    // finite difference on w1[0][2] (input 3 -> hidden 1) settles the errata: -1.80084, not +1.80874
    const lossAt = (w: number): number => {
      const mm = model();
      mm.layers[0]!.weights[2] = w;
      return explainStep(mm, input, ex.expected).lossValue;
    };
    const w0 = model().layers[0]!.weights[2]!;
    const h = 1e-3;
    expect((lossAt(w0 + h) - lossAt(w0 - h)) / (2 * h)).toBeCloseTo(-1.80084, 3);
  });

  it('the text rendering shows the correct hidden deltas and the course formula beside them', () => {
    const text = renderExplanation(explain());
    expect(text).toContain('sum1 = (-0.50000) * 0.05100 + 0.22000 * 0.46700 + (-0.91000) * 1.20500 = -1.01931');
    expect(text).toContain('= -1.80084;');
    expect(text).toContain("The course's hidden-layer formula");
    expect(text).toContain('0.07655, 0.70098, 1.80874');
  });
});

describe("training the course's proximity network", () => {
  const spec = {
    inputSize: 3,
    layers: [
      { units: 2, activation: 'linear' as const, useBias: false },
      { units: 2, activation: 'linear' as const, useBias: false },
    ],
  };
  const options = { epochs: 100, batchSize: 1, learningRate: 0.01, loss: 'mse' as const };

  it('3-2-2 linear, uniform(-1,1), per-sample SGD lr 0.01, 100 epochs, shuffled: 100% training accuracy', () => {
    const data = courseDataset();
    const m = createModel(spec, { rng: createRng(1), init: 'uniform1' });
    const before = evaluate(m, data);
    const r = train(m, data, { ...options, seed: 1 });
    const after = evaluate(m, data);
    expect(after.accuracy).toBe(1);
    expect(after.confusion).toEqual([
      [5, 0],
      [0, 5],
    ]);
    expect(after.loss).toBeLessThan(before.loss);
    expect(r.history).toHaveLength(100);
    expect(r.history[99]!.loss).toBeLessThan(r.history[0]!.loss);
  });

  it('every one of 100 seeded initialisations reaches 100% within 200 epochs (about 0.7% of inits need more than 100)', () => {
    const data = courseDataset();
    let at100 = 0;
    for (let seed = 0; seed < 100; seed++) {
      const m = createModel(spec, { rng: createRng(seed), init: 'uniform1' });
      let reached = -1;
      train(m, data, {
        ...options,
        epochs: 200,
        seed,
        diagnostics: { plateauPatience: 0 },
        onEpochEnd: (rec) => {
          if (reached < 0 && evaluate(m, data).accuracy === 1) reached = rec.epoch;
        },
      });
      expect(evaluate(m, data).accuracy).toBe(1);
      if (reached >= 0 && reached < 100) at100++;
    }
    expect(at100).toBeGreaterThanOrEqual(97);
  });

  it('a seeded run is bit-identical twice (weights and history)', () => {
    const run = () => {
      const data = courseDataset();
      const m = createModel(spec, { rng: createRng(42), init: 'uniform1' });
      const r = train(m, data, { ...options, seed: 7 });
      return { w: m.layers.map((l) => Array.from(l.weights)), h: r.history };
    };
    const a = run();
    const b = run();
    expect(b.w).toEqual(a.w);
    expect(b.h).toEqual(a.h);
    const c = (() => {
      const m = createModel(spec, { rng: createRng(42), init: 'uniform1' });
      train(m, courseDataset(), { ...options, seed: 8 });
      return m.layers.map((l) => Array.from(l.weights));
    })();
    expect(c).not.toEqual(a.w); // the shuffle seed matters
  });

  it("the course's published trained weights classify all 10 recordings (checked independently in Python: 10/10)", () => {
    const [w1, w2] = course.tutorial_trained_weights;
    const m = new Model([
      new DenseLayer({ inputSize: 3, units: 2, activation: 'linear', useBias: false, weights: w1! }),
      new DenseLayer({ inputSize: 2, units: 2, activation: 'linear', useBias: false, weights: w2! }),
    ]);
    const ev = evaluate(m, courseDataset());
    expect(ev.accuracy).toBe(1);
    expect(m.predict([0, 0.355, 1.201])[0]).toBeCloseTo(0.46, 2); // Python: [0.460, 0.284]
  });
});
