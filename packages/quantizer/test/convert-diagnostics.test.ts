// Every convert/check error and warning code named in the README, produced by a model built to
// trigger it, with the field it names.
import { DenseLayer, Model } from '@tinyspark/core';
import { describe, expect, it } from 'vitest';
import { checkDeployment } from '../src/check/index.js';
import { convertModel } from '../src/convert/index.js';
import { QuantizerError } from '../src/runtime/index.js';
import { courseProximity, PROXIMITY_PIPELINE } from './support/datasets.js';

const set = courseProximity();
const two = (w0: number[], w1: number[], opts: { bias0?: number[]; act0?: 'relu' | 'linear' } = {}): Model =>
  new Model([
    new DenseLayer({ inputSize: 3, units: 2, activation: opts.act0 ?? 'relu', weights: w0, bias: opts.bias0 ?? [0, 0] }),
    new DenseLayer({ inputSize: 2, units: 2, activation: 'linear', weights: w1, bias: [0.1, -0.1] }),
  ]);
const src = (model: Model) => ({ model, labels: set.labels, pipeline: PROXIMITY_PIPELINE });
const thrown = (f: () => unknown): QuantizerError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(QuantizerError);
    return e as QuantizerError;
  }
  throw new Error('expected a QuantizerError');
};

describe('convert errors', () => {
  const ok = two([0.5, -0.3, 0.8, 0.1, 0.4, -0.6], [0.7, -0.4, 0.2, 0.9]);
  it('QUANT_ERR_EMPTY_CALIBRATION names calibration.inputs', () => {
    const e = thrown(() => convertModel(src(ok), { calibration: { inputs: [] } }));
    expect([e.code, e.field]).toEqual(['QUANT_ERR_EMPTY_CALIBRATION', 'calibration.inputs']);
  });
  it('QUANT_ERR_NON_FINITE_CALIBRATION names the sample and index', () => {
    const e = thrown(() => convertModel(src(ok), { calibration: { inputs: [[0.1, 0.2, 0.3], [0.1, Infinity, 0.3]] } }));
    expect([e.code, e.field]).toEqual(['QUANT_ERR_NON_FINITE_CALIBRATION', 'calibration.inputs[1][1]']);
  });
  it('QUANT_ERR_MULTIPLIER_OUT_OF_RANGE when s_in * s_w / s_out needs a left shift above 30', () => {
    // huge weights whose outputs cancel exactly: s_w ~ 1e13/127 while the output range is the unit fallback
    const m = new Model([new DenseLayer({ inputSize: 3, units: 1, activation: 'linear', weights: [1e13, -1e13, 0], bias: [0] })]);
    const e = thrown(() =>
      convertModel({ model: m, labels: ['only'], pipeline: PROXIMITY_PIPELINE }, { calibration: { inputs: [[0.5, 0.5, 0.1], [1, 1, 0.2]] } }),
    );
    expect([e.code, e.field]).toEqual(['QUANT_ERR_MULTIPLIER_OUT_OF_RANGE', 'layers[0].outputShift[0]']);
  });
  it('QUANT_ERR_SHAPE_MISMATCH for labels that do not fit the outputs', () => {
    const e = thrown(() => convertModel({ ...src(ok), labels: ['a', 'b', 'c'] }, { calibration: set }));
    expect([e.code, e.field]).toEqual(['QUANT_ERR_SHAPE_MISMATCH', 'labels']);
  });
});

describe('convert warnings', () => {
  it('QUANT_WARN_DEGENERATE_RANGE: a ReLU layer that is 0 on every calibration sample', () => {
    const dead = two([0.5, -0.3, 0.8, 0.1, 0.4, -0.6], [0.7, -0.4, 0.2, 0.9], { bias0: [-100, -100] });
    const r = convertModel(src(dead), { calibration: set });
    const w = r.warnings.filter((x) => x.code === 'QUANT_WARN_DEGENERATE_RANGE');
    expect(w.map((x) => x.field)).toEqual(['layers[0]']);
  });
  it('QUANT_WARN_ZERO_WEIGHTS: per tensor names the layer, per channel the unit', () => {
    const zero = two([0, 0, 0, 0, 0, 0], [0.7, -0.4, 0.2, 0.9], { bias0: [0.2, 0.3], act0: 'linear' });
    const pt = convertModel(src(zero), { calibration: set });
    expect(pt.warnings.filter((x) => x.code === 'QUANT_WARN_ZERO_WEIGHTS').map((x) => x.field)).toEqual(['layers[0].weights']);
    const half = two([0.5, -0.3, 0.8, 0, 0, 0], [0.7, -0.4, 0.2, 0.9]);
    const pc = convertModel(src(half), { calibration: set, perChannel: true });
    const w = pc.warnings.filter((x) => x.code === 'QUANT_WARN_ZERO_WEIGHTS');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toMatch(/unit 1/);
  });
  it('QUANT_WARN_MULTIPLIER_FLUSHED (per channel, a unit with ~1e-12 weights) and the check repeats it as a degenerate scale', () => {
    const tiny = two([0.5, -0.3, 0.8, 1e-12, -1e-12, 1e-12], [0.7, -0.4, 0.2, 0.9], { act0: 'linear' });
    const r = convertModel(src(tiny), { calibration: set, perChannel: true });
    const w = r.warnings.filter((x) => x.code === 'QUANT_WARN_MULTIPLIER_FLUSHED');
    expect(w.map((x) => x.field)).toEqual(['layers[0].outputMultiplier[1]']);
    expect(r.qmodel.layers[0]!.outputMultiplier[1]).toBe(0);
    expect(r.qmodel.layers[0]!.outputShift[1]).toBe(0);
    const report = checkDeployment(tiny, r.qmodel, { inputs: set.inputs, convertWarnings: r.warnings });
    const codes = report.warnings.map((x) => `${x.code} ${x.field}`);
    expect(codes).toContain('QUANT_WARN_DEGENERATE_SCALE layers[0].outputMultiplier[1]');
    expect(codes).toContain('QUANT_WARN_MULTIPLIER_FLUSHED layers[0].outputMultiplier[1]');
  });
});

describe('check errors', () => {
  it('QUANT_ERR_EMPTY_DATASET names inputs; mismatched targets name targets', () => {
    const m = two([0.5, -0.3, 0.8, 0.1, 0.4, -0.6], [0.7, -0.4, 0.2, 0.9]);
    const q = convertModel(src(m), { calibration: set }).qmodel;
    const e = thrown(() => checkDeployment(m, q, { inputs: [] }));
    expect([e.code, e.field]).toEqual(['QUANT_ERR_EMPTY_DATASET', 'inputs']);
    const t = thrown(() => checkDeployment(m, q, { inputs: set.inputs, targets: [0, 1] }));
    expect([t.code, t.field]).toEqual(['QUANT_ERR_SHAPE_MISMATCH', 'targets']);
  });
});
