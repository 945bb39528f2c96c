import { createModel, createRng } from '@tinyspark/core';
import { describe, expect, it } from 'vitest';
import { checkDeployment, renderCheckReport } from '../src/check/index.js';
import { convertModel } from '../src/convert/index.js';
import { augmentedProximity, courseProximity, gestureDataset, PROXIMITY_PIPELINE, trainFloat } from './support/datasets.js';

describe('deployment check: agreement on the course proximity data', () => {
  const train = augmentedProximity(400, 5);
  const model = trainFloat(train, [{ units: 8, activation: 'relu' }, { units: 2, activation: 'softmax' }], 30, 7);
  for (const perChannel of [false, true]) {
    it(`>= 99% on the course samples and 2000 augmented ones (${perChannel ? 'per-channel' : 'per-tensor'})`, () => {
      const conv = convertModel({ model, labels: train.labels, pipeline: PROXIMITY_PIPELINE }, { calibration: train, perChannel });
      const course = courseProximity();
      const r1 = checkDeployment(model, conv.qmodel, { inputs: course.inputs, targets: course.targets });
      expect(r1.agreement).toBe(1);
      const test = augmentedProximity(2000, 99);
      const r2 = checkDeployment({ model }, conv.qmodel, { inputs: test.inputs, targets: test.classes, convertWarnings: conv.warnings });
      console.log(`proximity ${perChannel ? 'per-channel' : 'per-tensor'}: agreement ${r2.agreement}, float acc ${r2.floatAccuracy}, int8 acc ${r2.int8Accuracy}`);
      expect(r2.agreement).toBeGreaterThanOrEqual(0.99);
      expect(r2.floatAccuracy!).toBeGreaterThan(0.9);
    });
  }
});

describe('deployment check: agreement on generated gesture data (6 axes x 26 samples)', () => {
  const train = gestureDataset(600, 21);
  const model = trainFloat(train, [{ units: 24, activation: 'relu' }, { units: 5, activation: 'softmax' }], 15, 3);
  const test = gestureDataset(800, 77);
  for (const perChannel of [false, true]) {
    it(`>= 99% agreement (${perChannel ? 'per-channel' : 'per-tensor'})`, () => {
      const conv = convertModel({ model, labels: train.labels, pipeline: train.pipeline }, { calibration: train, perChannel });
      const r = checkDeployment(model, conv.qmodel, { inputs: test.inputs, targets: test.classes });
      console.log(`gesture ${perChannel ? 'per-channel' : 'per-tensor'}: agreement ${r.agreement}, float acc ${r.floatAccuracy}, int8 acc ${r.int8Accuracy}`);
      console.log(renderCheckReport(r));
      expect(r.agreement).toBeGreaterThanOrEqual(0.99);
      expect(r.floatAccuracy!).toBeGreaterThan(0.8);
      expect(r.macs).toBe(156 * 24 + 24 * 5);
      expect(r.memory.weightBytes).toBe(156 * 24 + 24 * 5);
      expect(r.memory.largestActivationPairBytes).toBe(156 + 24);
      expect(r.layers[0]!.maxAbsError).toBeLessThan(r.layers[0]!.outputScale * 8);
    });
  }
});

describe('deployment check: the report itself', () => {
  const set = courseProximity();
  it('computes memory, MACs, latency and the error of each layer', () => {
    const model = createModel({ inputSize: 3, layers: [{ units: 4, activation: 'relu' }, { units: 2, activation: 'linear' }] }, { rng: createRng(2) });
    const conv = convertModel({ model, labels: set.labels, pipeline: PROXIMITY_PIPELINE }, { calibration: set });
    const r = checkDeployment(model, conv.qmodel, { inputs: set.inputs });
    expect(r.macs).toBe(3 * 4 + 4 * 2);
    expect(r.memory.weightBytes).toBe(20);
    expect(r.memory.parameterBytes).toBe(4 * 4 + 4 * 2 + 8 + 8);
    expect(r.latency.cycles).toBe(20 * 1 + 6 * 40 + 2 * 1500 + 3000);
    expect(r.latency.microseconds).toBeCloseTo(r.latency.cycles / 240, 9);
    expect(r.latency.assumption).toMatch(/240 MHz/);
    expect(r.floatAccuracy).toBeNull();
    // the per-layer error is at most about a step or two of the output scale
    for (const l of r.layers) {
      expect(l.maxAbsError).toBeGreaterThan(0);
      expect(l.maxAbsError).toBeLessThan(4 * l.outputScale);
    }
    expect(r.warnings.map((w) => w.code)).not.toContain('QUANT_WARN_ESPNN_EDGE');
    // a multiplier >= 1 (positive shift) is where ESP-NN's S3 assembly is not proven equal
    conv.qmodel.layers[1]!.outputShift[0] = 1;
    const edge = checkDeployment(model, conv.qmodel, { inputs: set.inputs });
    expect(edge.warnings.find((w) => w.code === 'QUANT_WARN_ESPNN_EDGE')?.field).toBe('layers[1]');
    const text = renderCheckReport(r);
    expect(text).toMatch(/argmax agreement int8 vs float: 100\.0% \(10\/10\)/);
    expect(text).toMatch(/MACs per inference: 20/);
  });
  it('warns on saturation and low agreement, and says why', () => {
    const model = createModel({ inputSize: 3, layers: [{ units: 4, activation: 'relu' }, { units: 2, activation: 'linear' }] }, { rng: createRng(2) });
    // calibrate on tiny inputs, then check on the real (much larger) ones: the layers saturate
    const tiny = set.inputs.map((x) => Array.from(x, (v) => v * 0.02));
    const conv = convertModel({ model, labels: set.labels, pipeline: PROXIMITY_PIPELINE }, { calibration: { inputs: tiny } });
    const big = set.inputs.flatMap((x) => [x, Array.from(x, (v) => v * 0.5), Array.from(x, (v) => v * 0.9)]);
    const r = checkDeployment(model, conv.qmodel, { inputs: big, agreementThreshold: 1.01 });
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toContain('QUANT_WARN_SATURATION');
    expect(codes).toContain('QUANT_WARN_LOW_AGREEMENT');
    expect(r.warnings.find((w) => w.code === 'QUANT_WARN_LOW_AGREEMENT')!.message).toMatch(/saturate/);
    expect(r.layers.some((l) => l.saturatedShare > 0.1)).toBe(true);
    expect(renderCheckReport(r)).toMatch(/WARNING QUANT_WARN_SATURATION layers\[\d\]/);
  });
});
