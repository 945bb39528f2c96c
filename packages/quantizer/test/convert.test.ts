import { createModel, createRng, DenseLayer, Model, modelToDocument } from '@tinyspark/core';
import { describe, expect, it } from 'vitest';
import { chooseActivationParams, convertModel, quantizeBias, quantizeWeightsSymmetric } from '../src/convert/index.js';
import { createQRunner, loadQModel, QuantizerError } from '../src/runtime/index.js';
import { courseProximity, PROXIMITY_PIPELINE, readCourseFile } from './support/datasets.js';

describe('chooseActivationParams (TFLite GetAsymmetricQuantizationParams, float32)', () => {
  it('widens the range to include 0 and maps real 0 exactly to the zero point', () => {
    expect(chooseActivationParams(0.5, 2.55)).toEqual({ scale: Math.fround(Math.fround(2.55) / 255), zeroPoint: -128, degenerate: false });
    const neg = chooseActivationParams(-3, -1);
    expect(neg.zeroPoint).toBe(127);
    expect(neg.scale).toBe(Math.fround(3 / 255));
    const mid = chooseActivationParams(-1, 3);
    // zp_from_min = -128 + 1/(4/255) = -64.25 -> -64
    expect(mid.zeroPoint).toBe(-64);
  });
  it('rounds the zero point half away from zero', () => {
    // scale 1: zp_from_min = -128 + 127.5 = -0.5 -> -1, and -125.5 -> -126 (Math.round: 0 and -125)
    expect(chooseActivationParams(-127.5, 127.5)).toMatchObject({ scale: 1, zeroPoint: -1 });
    expect(chooseActivationParams(-2.5, 252.5)).toMatchObject({ scale: 1, zeroPoint: -126 });
  });
  it('flags a zero range', () => {
    expect(chooseActivationParams(0, 0)).toMatchObject({ degenerate: true, zeroPoint: -128 });
  });
});

describe('symmetric weights and biases', () => {
  it('per tensor: the largest magnitude maps to +-127, never -128', () => {
    const w = Float32Array.from([0.5, -1, 0.25, 0.75]);
    const q = quantizeWeightsSymmetric(w, 2, 2, false);
    expect(Array.from(q.weights)).toEqual([64, -127, 32, 95]);
    expect(q.scales[0]).toBe(Math.fround(1 / 127));
  });
  it('per channel: one scale per unit; an all-zero unit is reported', () => {
    const q = quantizeWeightsSymmetric(Float32Array.from([0.5, -0.25, 0, 0]), 2, 2, true);
    expect(Array.from(q.weights)).toEqual([127, -64, 0, 0]);
    expect(q.zeroChannels).toEqual([1]);
  });
  it('bias at s_in * s_w', () => {
    expect(Array.from(quantizeBias(Float32Array.from([1, -0.5]), 0.5, Float32Array.from([0.25])))).toEqual([8, -4]);
  });
});

function courseModel(): Model {
  const f = readCourseFile();
  const [w1, w2] = f.tutorial_trained_weights;
  return new Model([
    new DenseLayer({ inputSize: 3, units: 2, activation: 'linear', useBias: false, weights: w1 }),
    new DenseLayer({ inputSize: 2, units: 2, activation: 'linear', useBias: false, weights: w2 }),
  ]);
}

describe('convertModel', () => {
  it("converts the course's trained 3-2-2 network and agrees on every course sample", () => {
    const set = courseProximity();
    const model = courseModel();
    const doc = modelToDocument(model, { labels: set.labels, pipeline: PROXIMITY_PIPELINE, loss: 'mse' });
    const res = convertModel(JSON.parse(JSON.stringify(doc)), { calibration: { inputs: set.inputs } });
    expect(res.document.format).toBe('tinyspark.qmodel');
    expect(res.qmodel.layers.map((l) => l.bias)).toEqual([null, null]);
    // the document reloads to the same model
    expect(loadQModel(JSON.parse(JSON.stringify(res.document)))).toEqual(res.qmodel);
    const runner = createQRunner(res.qmodel);
    for (let i = 0; i < set.inputs.length; i++) {
      const f = model.predict(set.inputs[i]!);
      expect(runner.predict(set.inputs[i]!).index).toBe(f[1]! > f[0]! ? 1 : 0);
    }
  });
  it('fuses ReLU (zero point -128 after calibration), drops a final softmax, keeps biases', () => {
    const set = courseProximity();
    const model = createModel({ inputSize: 3, layers: [{ units: 5, activation: 'relu' }, { units: 2, activation: 'softmax' }] }, { rng: createRng(3) });
    model.layers[0]!.bias.set([0.1, -0.2, 0.3, 0, 0.05]);
    const res = convertModel({ model, labels: set.labels, pipeline: PROXIMITY_PIPELINE }, { calibration: set, perChannel: true });
    const [h, o] = res.qmodel.layers;
    expect(h!.activation).toBe('relu');
    expect(h!.outputZeroPoint).toBe(-128);
    expect(h!.weightScales.length).toBe(5);
    expect(h!.bias).not.toBeNull();
    expect(o!.activation).toBe('none');
    expect(res.warnings.map((w) => w.code)).toContain('QUANT_WARN_OUTPUT_DROPPED');
    expect(res.document.source).toMatchObject({ perChannel: true, droppedOutputActivation: 'softmax', calibrationSamples: 10 });
  });
  it('rejects a hidden sigmoid/tanh layer naming it, and bad calibration data', () => {
    const set = courseProximity();
    const model = createModel({ inputSize: 3, layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'linear' }] }, { rng: createRng(1) });
    const src = { model, labels: set.labels, pipeline: PROXIMITY_PIPELINE };
    expect(() => convertModel(src, { calibration: set })).toThrow(/QUANT_ERR_UNSUPPORTED_ACTIVATION: layers\[0\]\.activation/);
    const ok = createModel({ inputSize: 3, layers: [{ units: 2, activation: 'linear' }] }, { rng: createRng(1) });
    const okSrc = { model: ok, labels: set.labels, pipeline: PROXIMITY_PIPELINE };
    expect(() => convertModel(okSrc, { calibration: { inputs: [] } })).toThrow(QuantizerError);
    expect(() => convertModel(okSrc, { calibration: { inputs: [[1, Number.NaN, 2]] } })).toThrow(/calibration\.inputs\[0\]\[1\]/);
  });
  it('computes per-tensor multipliers from the float32 product and per-channel in double', () => {
    const set = courseProximity();
    const model = courseModel();
    const src = { model, labels: set.labels, pipeline: PROXIMITY_PIPELINE };
    for (const perChannel of [false, true]) {
      const q = convertModel(src, { calibration: set, perChannel }).qmodel;
      // loadQModel re-derives every multiplier from the scales with the device's formula and would throw
      expect(() => loadQModel(JSON.parse(JSON.stringify(convertModel(src, { calibration: set, perChannel }).document)))).not.toThrow();
      expect(q.layers[0]!.outputMultiplier.length).toBe(perChannel ? 2 : 1);
    }
  });
});
