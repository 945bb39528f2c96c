import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Activation } from '@tinyspark/core';
import { DenseLayer, Model } from '@tinyspark/core';
import { describe, expect, it } from 'vitest';
import { convertModel } from '../src/convert/index.js';
import type { InputPipeline, QModelDocument } from '../src/runtime/index.js';
import { fromTflite } from '../src/tflite/index.js';

// TF's converter (fixtures/tflite/tf/*.tflite) against convertModel on the same Keras weights and
// calibration inputs (tf/<name>.float.json, written by regenerate.py).
const TF_DIR = fileURLToPath(new URL('../../../fixtures/tflite/tf/', import.meta.url));

interface FloatDoc {
  layers: { inputSize: number; units: number; activation: string; weights: string; bias: string }[];
  calibration: string;
  calibrationCount: number;
}

const f32 = (s: string): Float32Array => {
  const b = new Uint8Array(Buffer.from(s, 'base64')).slice();
  return new Float32Array(b.buffer);
};

function load(name: string): { model: Model; calibration: Float32Array[]; tf: QModelDocument; pipeline: InputPipeline; perChannel: boolean } {
  const fd = JSON.parse(readFileSync(`${TF_DIR}${name}.float.json`, 'utf8')) as FloatDoc;
  const ref = JSON.parse(readFileSync(`${TF_DIR}${name}.reference.json`, 'utf8')) as { pipeline: InputPipeline };
  const model = new Model(
    fd.layers.map((l) => new DenseLayer({ inputSize: l.inputSize, units: l.units, activation: l.activation as Activation, useBias: true, weights: f32(l.weights), bias: f32(l.bias) })),
  );
  const all = f32(fd.calibration);
  const n = fd.layers[0]!.inputSize;
  const calibration = Array.from({ length: fd.calibrationCount }, (_, i) => all.subarray(i * n, (i + 1) * n));
  const tf = fromTflite(new Uint8Array(readFileSync(`${TF_DIR}${name}.tflite`)), { pipeline: ref.pipeline }).document;
  return { model, calibration, tf, pipeline: ref.pipeline, perChannel: tf.layers[0]!.weightScales.length > 1 };
}

/** The fields TF's converter chose, per layer. */
const chosen = (d: QModelDocument) => ({
  input: d.input,
  layers: d.layers.map((l) => ({
    weights: l.weights,
    weightScales: l.weightScales,
    bias: l.bias,
    inputScale: l.inputScale,
    inputZeroPoint: l.inputZeroPoint,
    outputScale: l.outputScale,
    outputZeroPoint: l.outputZeroPoint,
    outputMultiplier: l.outputMultiplier,
    outputShift: l.outputShift,
    activation: l.activation,
  })),
});

// dense-relu6-per-tensor is not here: core has no relu6 layer (its import is tested in tflite-golden)
describe("--calibration tflite: convertModel reproduces TF's converter from the same weights and data", () => {
  it.each(['dense-relu-softmax', 'flatten-dense-float-io'])('%s: every scale, zero point, weight, bias and multiplier equal', (name) => {
    const { model, calibration, tf, pipeline, perChannel } = load(name);
    const labels = tf.labels;
    const mine = convertModel({ model, labels, pipeline }, { calibration: { inputs: calibration, forward: 'tflite' }, perChannel }).document;
    expect(chosen(mine)).toEqual(chosen(tf));
    expect(mine.source).toMatchObject({ calibrationForward: 'tflite' });
  });
  it('rejects an unknown forward pass', () => {
    const { model, calibration, tf, pipeline } = load('dense-relu-softmax');
    expect(() => convertModel({ model, labels: tf.labels, pipeline }, { calibration: { inputs: calibration, forward: 'float64' as never } })).toThrow(
      /QUANT_ERR_INVALID_ARGUMENT: calibration\.forward/,
    );
  });
});

describe('the default forward pass (core float32 order) on the same data', () => {
  it.each(['dense-relu-softmax', 'flatten-dense-float-io'])('%s: how many activation scales / zero points differ from TF', (name) => {
    const { model, calibration, tf, pipeline, perChannel } = load(name);
    const mine = convertModel({ model, labels: tf.labels, pipeline }, { calibration: { inputs: calibration }, perChannel }).document;
    const differ = mine.layers.filter((l, i) => l.outputScale !== tf.layers[i]!.outputScale || l.outputZeroPoint !== tf.layers[i]!.outputZeroPoint).length;
    if (process.env.TINYSPARK_REPORT === '1') console.log(`${name}: ${differ} of ${mine.layers.length} layer output (scale, zero point) differ with the default forward pass`);
    // the same input parameters and weights; the activation ranges are one float32 ulp off somewhere
    expect(mine.input).toEqual(tf.input);
    expect(mine.layers.map((l) => l.weights)).toEqual(tf.layers.map((l) => l.weights));
    expect(differ).toBeGreaterThan(0);
  });
});
