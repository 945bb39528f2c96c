import { describe, expect, it } from 'vitest';
import { tinyQModelDocument } from '../../test/support/tiny-qmodel.js';
import { QModelFormatError } from './errors.js';
import { loadQModel, qmodelToDocument } from './qmodel.js';

type Doc = Record<string, unknown> & { layers: Record<string, unknown>[]; input: Record<string, unknown>; output: Record<string, unknown> };
const fresh = (perChannel = false): Doc => JSON.parse(JSON.stringify(tinyQModelDocument(perChannel))) as Doc;

function expectError(mutate: (d: Doc) => void, code: string, field: string): void {
  const d = fresh();
  mutate(d);
  let err: unknown;
  try {
    loadQModel(d);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(QModelFormatError);
  expect((err as QModelFormatError).code).toBe(code);
  expect((err as QModelFormatError).field).toBe(field);
}

describe('loadQModel', () => {
  it('loads per-tensor and per-channel documents and round-trips them', () => {
    for (const pc of [false, true]) {
      const doc = tinyQModelDocument(pc);
      const m = loadQModel(JSON.parse(JSON.stringify(doc)));
      expect(m.layers[0]!.weights).toBeInstanceOf(Int8Array);
      expect(m.layers[0]!.weightScales.length).toBe(pc ? 4 : 1);
      expect(JSON.parse(JSON.stringify(qmodelToDocument(m)))).toEqual(JSON.parse(JSON.stringify(doc)));
    }
  });
  it('names the field of every violation', () => {
    expectError((d) => (d.format = 'x'), 'QUANT_ERR_INVALID_DOCUMENT', 'format');
    expectError((d) => (d.version = 3), 'QUANT_ERR_UNSUPPORTED_VERSION', 'version');
    expectError((d) => ((d.pipeline as Record<string, unknown>).windowLength = 0), 'QUANT_ERR_INVALID_PIPELINE', 'pipeline.windowLength');
    expectError((d) => (d.input.scale = 0), 'QUANT_ERR_SCALE_NOT_POSITIVE', 'input.scale');
    expectError((d) => (d.input.zeroPoint = 128), 'QUANT_ERR_INTEGER_RANGE', 'input.zeroPoint');
    expectError((d) => ((d.layers[0]!.weights as number[])[5] = 200), 'QUANT_ERR_INTEGER_RANGE', 'layers[0].weights[5]');
    expectError((d) => ((d.layers[0]!.weights as number[])[5] = 1.5), 'QUANT_ERR_INVALID_FIELD', 'layers[0].weights[5]');
    expectError((d) => (d.layers[0]!.weights as number[]).pop(), 'QUANT_ERR_SHAPE_MISMATCH', 'layers[0].weights');
    expectError((d) => ((d.layers[0]!.bias as number[])[1] = 2 ** 31), 'QUANT_ERR_INTEGER_RANGE', 'layers[0].bias[1]');
    expectError((d) => (d.layers[1]!.weightScales = [-1]), 'QUANT_ERR_SCALE_NOT_POSITIVE', 'layers[1].weightScales[0]');
    expectError((d) => ((d.layers[1]!.outputMultiplier as number[])[0]! += 1), 'QUANT_ERR_MULTIPLIER_MISMATCH', 'layers[1].outputMultiplier[0]');
    expectError((d) => (d.layers[1]!.outputShift = [31]), 'QUANT_ERR_INTEGER_RANGE', 'layers[1].outputShift[0]');
    expectError((d) => (d.layers[0]!.activation = 'sigmoid'), 'QUANT_ERR_UNSUPPORTED_ACTIVATION', 'layers[0].activation');
    expectError((d) => (d.layers[0]!.activationMax = 100), 'QUANT_ERR_ACTIVATION_BOUNDS', 'layers[0].activationMax');
    expectError((d) => (d.layers[1]!.inputZeroPoint = -127), 'QUANT_ERR_CHAIN_MISMATCH', 'layers[1].inputZeroPoint');
    expectError((d) => (d.output.zeroPoint = 4), 'QUANT_ERR_CHAIN_MISMATCH', 'output.zeroPoint');
    expectError((d) => (d.labels = ['a']), 'QUANT_ERR_SHAPE_MISMATCH', 'labels');
    expectError((d) => (d.layers[0]!.type = 'conv_2d'), 'QUANT_ERR_UNSUPPORTED_LAYER', 'layers[0].type');
    expectError((d) => (d.layers[0]!.bias = [2 ** 31 - 1, 0, 0, 0]), 'QUANT_ERR_ACCUMULATOR_OVERFLOW', 'layers[0].weights');
  });
  it('rejects non-objects', () => {
    expect(() => loadQModel(null)).toThrow(QModelFormatError);
    expect(() => loadQModel([])).toThrow(/QUANT_ERR_INVALID_DOCUMENT/);
  });

  it('rounding: v1 is double, v2 carries "double" | "single", the writer emits v2 only for single', () => {
    expect(loadQModel(fresh()).rounding).toBe('double');
    const v2 = { ...fresh(), version: 2, rounding: 'single' };
    const m = loadQModel(v2);
    expect(m.rounding).toBe('single');
    expect(m.version).toBe(2);
    const back = qmodelToDocument(m);
    expect(back.version).toBe(2);
    expect(back.rounding).toBe('single');
    expect(loadQModel(JSON.parse(JSON.stringify(back))).rounding).toBe('single');
    const d2 = loadQModel({ ...fresh(), version: 2, rounding: 'double' });
    expect(d2.rounding).toBe('double');
    expect(qmodelToDocument(d2).version).toBe(1);
    expect('rounding' in qmodelToDocument(d2)).toBe(false);
    expect(loadQModel({ ...fresh(), version: 2 }).rounding).toBe('double');
    expectError((d) => {
      d.version = 2;
      d.rounding = 'half-up';
    }, 'QUANT_ERR_INVALID_FIELD', 'rounding');
    expectError((d) => {
      d.rounding = 'single';
    }, 'QUANT_ERR_UNSUPPORTED_VERSION', 'rounding');
    expectError((d) => {
      d.version = 3;
    }, 'QUANT_ERR_UNSUPPORTED_VERSION', 'version');
  });
});
