import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Activation } from './activation.js';
import { createModel } from './create-model.js';
import { DenseLayer } from './dense-layer.js';
import { ModelFormatError } from './errors.js';
import { Model } from './model.js';
import { modelFromDocument, modelToDocument, shortestFloat32, type ModelDocument } from './model-document.js';
import { COURSE_PROXIMITY_PIPELINE } from './pipeline.js';
import { createRng } from './rng.js';

function courseModel(): Model {
  return new Model([
    new DenseLayer({ inputSize: 3, units: 2, activation: 'linear', useBias: false, weights: [-0.5, 0.22, -0.91, 0.61, 0.14, -0.48] }),
    new DenseLayer({ inputSize: 2, units: 2, activation: 'linear', useBias: false, weights: [0.73, 0.29, -0.29, -0.24] }),
  ]);
}

const meta = { labels: ['moving_closer', 'moving_away'], pipeline: COURSE_PROXIMITY_PIPELINE, loss: 'mse' as const };

function validDoc(): ModelDocument {
  return modelToDocument(courseModel(), meta);
}

function expectFormatError(mutate: (d: Record<string, unknown>) => void, code: string, field: string): void {
  const d = JSON.parse(JSON.stringify(validDoc())) as Record<string, unknown>;
  mutate(d);
  let err: unknown;
  try {
    modelFromDocument(d);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ModelFormatError);
  expect((err as ModelFormatError).code).toBe(code);
  expect((err as ModelFormatError).field).toBe(field);
  expect((err as ModelFormatError).message).toContain(field);
}

type AnyRec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('modelToDocument', () => {
  it('writes the documented v1 format, weights[unit][input], short decimals', () => {
    const doc = validDoc();
    expect(doc).toEqual({
      format: 'tinyspark.model',
      version: 1,
      labels: ['moving_closer', 'moving_away'],
      pipeline: { sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' },
      layers: [
        { type: 'dense', inputSize: 3, units: 2, activation: 'linear', useBias: false, weights: [[-0.5, 0.22, -0.91], [0.61, 0.14, -0.48]], bias: null },
        { type: 'dense', inputSize: 2, units: 2, activation: 'linear', useBias: false, weights: [[0.73, 0.29], [-0.29, -0.24]], bias: null },
      ],
      loss: 'mse',
    });
  });

  it('rejects labels that do not match the outputs and a pipeline of the wrong width', () => {
    expect(() => modelToDocument(courseModel(), { ...meta, labels: ['a'] })).toThrow(/labels/);
    expect(() => modelToDocument(courseModel(), { ...meta, pipeline: { ...meta.pipeline, windowLength: 4 } })).toThrow(/CORE_ERR_MODEL_SHAPE/);
    const bad = courseModel();
    bad.layers[1]!.weights[3] = Number.NaN;
    expect(() => modelToDocument(bad, meta)).toThrow(/layers\[1\]\.weights\[1\]\[1\]/);
  });

  it('shortestFloat32 picks the shortest decimal that reads back as the same float32', () => {
    expect(shortestFloat32(Math.fround(0.22))).toBe(0.22);
    expect(shortestFloat32(Math.fround(-0.91))).toBe(-0.91);
    expect(shortestFloat32(0)).toBe(0);
    const x = Math.fround(1 / 3);
    expect(Math.fround(shortestFloat32(x))).toBe(x);
  });
});

describe('round trip', () => {
  const activation = fc.constantFrom<Activation>('linear', 'relu', 'sigmoid', 'tanh');
  test.prop([
    fc.integer({ min: 1, max: 6 }),
    fc.array(fc.record({ units: fc.integer({ min: 1, max: 6 }), activation, useBias: fc.boolean() }), { minLength: 0, maxLength: 3 }),
    fc.boolean(),
    fc.integer(),
  ])('model -> document -> JSON text -> model is bit-exact', (inputSize, hidden, softmax, seed) => {
    const layers = [...hidden, { units: 3, activation: (softmax ? 'softmax' : 'linear') as Activation, useBias: true }];
    const m = createModel({ inputSize, layers }, { rng: createRng(seed), init: 'uniform1' });
    const doc = modelToDocument(m, {
      labels: ['a', 'b', 'c'],
      pipeline: { sensor: 'imu', axes: ['ax'], windowLength: inputSize, intervalMs: 10, scale: [1], offset: [0], layout: 'time-major' },
      loss: softmax ? 'categorical_crossentropy' : 'mse',
      training: { seed, epochs: 3 },
    });
    const back = modelFromDocument(JSON.parse(JSON.stringify(doc)));
    expect(back.labels).toEqual(['a', 'b', 'c']);
    expect(back.training).toEqual({ seed, epochs: 3 });
    expect(back.model.layers.length).toBe(m.layers.length);
    back.model.layers.forEach((l, i) => {
      const o = m.layers[i]!;
      expect([l.inputSize, l.units, l.activation, l.useBias]).toEqual([o.inputSize, o.units, o.activation, o.useBias]);
      expect(Array.from(l.weights)).toEqual(Array.from(o.weights));
      expect(Array.from(l.bias)).toEqual(Array.from(o.bias));
    });
    expect(modelToDocument(back.model, { labels: back.labels, pipeline: back.pipeline, loss: back.loss, training: back.training! })).toEqual(doc);
  });
});

describe('modelFromDocument validation: a typed error naming the field', () => {
  it.each<[string, (d: AnyRec) => void, string, string]>([
    ['not the format', (d) => (d.format = 'other'), 'CORE_ERR_MODEL_FORMAT', 'format'],
    ['a future version', (d) => (d.version = 2), 'CORE_ERR_MODEL_VERSION', 'version'],
    ['a bad version', (d) => (d.version = '1'), 'CORE_ERR_MODEL_VERSION', 'version'],
    ['no layers', (d) => (d.layers = []), 'CORE_ERR_MODEL_FORMAT', 'layers'],
    ['a layer type', (d) => (d.layers[0].type = 'conv'), 'CORE_ERR_MODEL_FORMAT', 'layers[0].type'],
    ['an unknown activation', (d) => (d.layers[1].activation = 'gelu'), 'CORE_ERR_UNKNOWN_ACTIVATION', 'layers[1].activation'],
    ['softmax not last', (d) => (d.layers[0].activation = 'softmax'), 'CORE_ERR_SOFTMAX_NOT_LAST', 'layers[0].activation'],
    ['a missing row', (d) => d.layers[0].weights.pop(), 'CORE_ERR_MODEL_SHAPE', 'layers[0].weights'],
    ['a short row', (d) => d.layers[0].weights[1].pop(), 'CORE_ERR_MODEL_SHAPE', 'layers[0].weights[1]'],
    ['a NaN written as null', (d) => (d.layers[1].weights[0][1] = null), 'CORE_ERR_MODEL_NON_FINITE', 'layers[1].weights[0][1]'],
    ['a number beyond float32', (d) => (d.layers[1].weights[1][0] = 1e39), 'CORE_ERR_MODEL_NON_FINITE', 'layers[1].weights[1][0]'],
    ['a string weight', (d) => (d.layers[0].weights[0][0] = '0.5'), 'CORE_ERR_MODEL_FORMAT', 'layers[0].weights[0][0]'],
    ['chained shapes', (d) => (d.layers[1].inputSize = 3), 'CORE_ERR_MODEL_SHAPE', 'layers[1].inputSize'],
    ['input vs pipeline', (d) => (d.layers[0].inputSize = 4), 'CORE_ERR_MODEL_SHAPE', 'layers[0].inputSize'],
    ['a bias without useBias', (d) => (d.layers[0].bias = [0, 0]), 'CORE_ERR_MODEL_SHAPE', 'layers[0].bias'],
    ['useBias without bias', (d) => (d.layers[0].useBias = true), 'CORE_ERR_MODEL_SHAPE', 'layers[0].bias'],
    ['a non-finite bias', (d) => ((d.layers[0].useBias = true), (d.layers[0].bias = [0, null])), 'CORE_ERR_MODEL_NON_FINITE', 'layers[0].bias[1]'],
    ['labels count', (d) => d.labels.push('x'), 'CORE_ERR_MODEL_SHAPE', 'labels'],
    ['duplicate labels', (d) => (d.labels[1] = d.labels[0]), 'CORE_ERR_MODEL_FORMAT', 'labels[1]'],
    ['an unknown loss', (d) => (d.loss = 'hinge'), 'CORE_ERR_UNKNOWN_LOSS', 'loss'],
    ['cross-entropy without softmax', (d) => (d.loss = 'categorical_crossentropy'), 'CORE_ERR_LOSS_REQUIRES_SOFTMAX', 'loss'],
    ['no pipeline', (d) => delete d.pipeline, 'CORE_ERR_INVALID_PIPELINE', 'pipeline'],
    ['a pipeline sensor', (d) => (d.pipeline.sensor = 'camera'), 'CORE_ERR_INVALID_PIPELINE', 'pipeline.sensor'],
    ['pipeline axes', (d) => (d.pipeline.axes = []), 'CORE_ERR_INVALID_PIPELINE', 'pipeline.axes'],
    ['pipeline window', (d) => (d.pipeline.windowLength = 2.5), 'CORE_ERR_INVALID_PIPELINE', 'pipeline.windowLength'],
    ['pipeline interval', (d) => (d.pipeline.intervalMs = 0), 'CORE_ERR_INVALID_PIPELINE', 'pipeline.intervalMs'],
    ['pipeline scale length', (d) => (d.pipeline.scale = [1, 2]), 'CORE_ERR_INVALID_PIPELINE', 'pipeline.scale'],
    ['pipeline offset value', (d) => (d.pipeline.offset = [null]), 'CORE_ERR_MODEL_NON_FINITE', 'pipeline.offset[0]'],
    ['pipeline layout', (d) => (d.pipeline.layout = 'axis-major'), 'CORE_ERR_INVALID_PIPELINE', 'pipeline.layout'],
    ['training not an object', (d) => (d.training = 5), 'CORE_ERR_MODEL_FORMAT', 'training'],
  ])('%s', (_name, mutate, code, field) => {
    expectFormatError(mutate as (d: Record<string, unknown>) => void, code, field);
  });

  it('rejects a document that is not an object', () => {
    expect(() => modelFromDocument('{}')).toThrow(ModelFormatError);
    expect(() => modelFromDocument(null)).toThrow(/CORE_ERR_MODEL_FORMAT/);
  });

  it('loads a valid document and predicts like the original', () => {
    const { model, labels, pipeline, loss } = modelFromDocument(validDoc());
    expect(labels).toEqual(['moving_closer', 'moving_away']);
    expect(pipeline.scale).toEqual([0.01]);
    expect(loss).toBe('mse');
    expect(Array.from(model.predict([0.051, 0.467, 1.205]))).toEqual(Array.from(courseModel().predict([0.051, 0.467, 1.205])));
  });
});
