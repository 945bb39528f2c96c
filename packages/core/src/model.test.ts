import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Activation } from './activation.js';
import { createModel } from './create-model.js';
import { DenseLayer } from './dense-layer.js';
import { CoreError } from './errors.js';
import { forwardTrace } from './forward-trace.js';
import { Model } from './model.js';
import { createRng } from './rng.js';
import { refForward, refLayers } from './test-reference.js';

function net(): Model {
  return createModel(
    { inputSize: 5, layers: [{ units: 7, activation: 'relu' }, { units: 6, activation: 'tanh' }, { units: 3, activation: 'softmax' }] },
    { rng: createRng(3), init: 'uniform1' },
  );
}

describe('Model', () => {
  it('predict matches the float64 reference and accepts number[] or Float32Array', () => {
    const m = net();
    const x = [0.3, -1.2, 0.8, 0.05, -0.4];
    const ref = refForward(refLayers(m), x).a;
    const a = Array.from(m.predict(x));
    a.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 6));
    expect(Array.from(m.predict(Float32Array.from(x)))).toEqual(a);
  });

  it('predict returns a reused buffer (documented: copy to keep)', () => {
    const m = net();
    const a = m.predict([1, 2, 3, 4, 5]);
    const b = m.predict([0, 0, 0, 0, 0]);
    expect(a).toBe(b);
  });

  it('predictBatch equals predict per sample (bit-identical) for any batch size', () => {
    const m = net();
    const r = createRng(1);
    for (const n of [1, 3, 4, 9]) {
      const xs = Float32Array.from({ length: n * 5 }, () => 2 * r.next() - 1);
      const out = Array.from(m.predictBatch(xs, n));
      expect(out).toHaveLength(n * 3);
      for (let s = 0; s < n; s++) expect(out.slice(s * 3, s * 3 + 3)).toEqual(Array.from(m.predict(xs.subarray(s * 5, s * 5 + 5))));
    }
  });

  it('rejects wrong shapes with typed errors', () => {
    const m = net();
    expect(() => m.predict([1, 2])).toThrow(CoreError);
    expect(() => m.predictBatch(new Float32Array(9), 2)).toThrow(/inputsFlat/);
    expect(() => new Model([])).toThrow(/layers/);
    const a = new DenseLayer({ inputSize: 2, units: 3, activation: 'softmax' });
    const b = new DenseLayer({ inputSize: 3, units: 1, activation: 'linear' });
    expect(() => new Model([a, b])).toThrow(/CORE_ERR_SOFTMAX_NOT_LAST/);
    expect(() => new Model([b, a])).toThrow(/layers\[1\]\.inputSize/);
    expect(() => new DenseLayer({ inputSize: 2, units: 1, activation: 'gelu' as never })).toThrow(/CORE_ERR_UNKNOWN_ACTIVATION/);
    expect(() => new DenseLayer({ inputSize: 2, units: 1, activation: 'linear', weights: [1] })).toThrow(/weights/);
  });

  it('clone and copyWeightsFrom copy parameters, not references', () => {
    const m = net();
    const c = m.clone();
    c.layers[0]!.weights[0] = 42;
    expect(m.layers[0]!.weights[0]).not.toBe(42);
    m.copyWeightsFrom(c);
    expect(m.layers[0]!.weights[0]).toBe(42);
    expect(m.paramCount).toBe(5 * 7 + 7 + 7 * 6 + 6 + 6 * 3 + 3);
  });

  it('classify returns the argmax (first wins ties)', () => {
    const m = new Model([new DenseLayer({ inputSize: 1, units: 3, activation: 'linear', useBias: false, weights: [1, 2, 2] })]);
    expect(m.classify([1])).toBe(1);
    expect(m.classify([-1])).toBe(0);
  });
});

describe('forwardTrace', () => {
  it('returns fresh per-layer sums and outputs that agree with predict', () => {
    const m = net();
    const x = [0.3, -1.2, 0.8, 0.05, -0.4];
    const t = forwardTrace(m, x);
    expect(t.preActivations.map((z) => z.length)).toEqual([7, 6, 3]);
    expect(t.activations[0]).toEqual(t.preActivations[0]!.map((v) => (v > 0 ? v : 0)));
    expect(Array.from(t.activations[2]!)).toEqual(Array.from(m.predict(x)));
    expect(t.activations[2]).not.toBe(m.predict(x));
    expect(() => forwardTrace(m, [1])).toThrow(/input/);
  });
});

describe('createModel and initialisation', () => {
  it('draws every weight from the rng in storage order with the documented limits', () => {
    for (const [init, limit] of [
      ['uniform1', () => 1],
      ['uniform0.1', () => 0.1],
      ['glorot', (i: number, o: number) => Math.sqrt(6 / (i + o))],
      ['he', (i: number) => Math.sqrt(6 / i)],
    ] as const) {
      const m = createModel({ inputSize: 4, layers: [{ units: 3, activation: 'relu' }, { units: 2, activation: 'linear', useBias: false }] }, { rng: createRng(9), init });
      const r = createRng(9);
      const l0 = limit(4, 3);
      for (let i = 0; i < 12; i++) expect(m.layers[0]!.weights[i]).toBe(Math.fround((2 * r.next() - 1) * l0));
      const uniformBias = init === 'uniform1' || init === 'uniform0.1';
      for (let u = 0; u < 3; u++) expect(m.layers[0]!.bias[u]).toBe(uniformBias ? Math.fround((2 * r.next() - 1) * l0) : 0);
      const l1 = limit(3, 2);
      for (let i = 0; i < 6; i++) expect(m.layers[1]!.weights[i]).toBe(Math.fround((2 * r.next() - 1) * l1));
      expect(Array.from(m.layers[1]!.bias)).toEqual([0, 0]);
    }
  });

  it('the same seed gives bit-identical weights; another seed does not', () => {
    const spec = { inputSize: 3, layers: [{ units: 4, activation: 'tanh' as const }, { units: 2, activation: 'softmax' as const }] };
    const a = createModel(spec, { rng: createRng(1) });
    const b = createModel(spec, { rng: createRng(1) });
    const c = createModel(spec, { rng: createRng(2) });
    expect(Array.from(a.layers[1]!.weights)).toEqual(Array.from(b.layers[1]!.weights));
    expect(Array.from(a.layers[1]!.weights)).not.toEqual(Array.from(c.layers[1]!.weights));
  });

  it('rejects bad specs with the field named', () => {
    expect(() => createModel({ inputSize: 3, layers: [] }, { rng: createRng(1) })).toThrow(/spec.layers/);
    expect(() => createModel({ inputSize: 3, layers: [{ units: 0, activation: 'relu' }] }, { rng: createRng(1) })).toThrow(/spec.layers\[0\].units/);
    expect(() => createModel({ inputSize: 3, layers: [{ units: 2, activation: 'relu' }] }, { rng: createRng(1), init: 'xavier' as never })).toThrow(/init/);
  });
});

describe('Model properties', () => {
  const act = fc.constantFrom<Activation>('linear', 'relu', 'sigmoid', 'tanh');
  test.prop(
    [
      fc.integer({ min: 1, max: 20 }),
      fc.array(fc.record({ units: fc.integer({ min: 1, max: 20 }), activation: act, useBias: fc.boolean() }), { minLength: 0, maxLength: 3 }),
      fc.integer({ min: 1, max: 11 }),
      fc.integer(),
    ],
    { numRuns: 50 },
  )('predictBatch is bit-identical to predict per sample, and both match the float64 reference', (inSize, hidden, batch, seed) => {
    const m = createModel({ inputSize: inSize, layers: [...hidden, { units: 3, activation: 'softmax' }] }, { rng: createRng(seed), init: 'glorot' });
    const r = createRng(seed ^ 0x9e37);
    const xs = Float32Array.from({ length: batch * inSize }, () => 4 * r.next() - 2);
    const out = m.predictBatch(xs, batch).slice();
    for (let s = 0; s < batch; s++) {
      const x = xs.subarray(s * inSize, (s + 1) * inSize);
      const one = Array.from(m.predict(x));
      expect(Array.from(out.subarray(s * 3, s * 3 + 3))).toEqual(one);
      const ref = refForward(refLayers(m), Array.from(x)).a;
      one.forEach((v, j) => expect(v).toBeCloseTo(ref[j]!, 5));
    }
  });
});
