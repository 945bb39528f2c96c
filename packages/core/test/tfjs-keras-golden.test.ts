// Golden files from the real Keras (fixtures/tfjs/regenerate.py, Keras 3.15 / TensorFlow 2.21 CPU):
// Keras reads core's tfjs export and computes what core computes; a model Keras built, in the layout
// tensorflowjs_converter writes, imports into core and computes what Keras computed. No Python here.
// Tolerance 1e-5 absolute, for the reason given in tfjs-layers-model.test.ts (float32 on both sides,
// different summation order and exp/tanh).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromTfjsLayersModel, toTfjsLayersModel } from '../src/index.js';

const TOL = 1e-5;
const dir = (name: string): string => fileURLToPath(new URL(`../../../fixtures/tfjs/${name}/`, import.meta.url));

function load(name: string): { json: unknown; bin: Buffer; x: number[][]; y: number[][] } {
  const d = dir(name);
  const expected = JSON.parse(readFileSync(`${d}expected.json`, 'utf8')) as { x: number[][]; y: number[][] };
  return { json: JSON.parse(readFileSync(`${d}model.json`, 'utf8')), bin: readFileSync(`${d}group1-shard1of1.bin`), x: expected.x, y: expected.y };
}

function maxDiff(model: ReturnType<typeof fromTfjsLayersModel>, x: number[][], y: number[][]): number {
  const n = x.length;
  const out = model.predictBatch(Float32Array.from(x.flat()), n);
  let m = 0;
  for (let s = 0; s < n; s++) for (let j = 0; j < model.outputSize; j++) m = Math.max(m, Math.abs(out[s * model.outputSize + j]! - y[s]![j]!));
  return m;
}

describe('Keras golden files', () => {
  it.each(['export-a', 'export-b'])("Keras loads core's export %s and predicts what core predicts; the export is byte-stable", (name) => {
    const f = load(name);
    const model = fromTfjsLayersModel(f.json, f.bin);
    const d = maxDiff(model, f.x, f.y);
    console.log(`[tfjs] ${name}: max |core - Keras| over ${f.x.length} inputs = ${d.toExponential(3)}`);
    expect(d).toBeLessThanOrEqual(TOL);
    const again = toTfjsLayersModel(model);
    expect(Buffer.from(again.weightData)).toEqual(f.bin);
    expect(again.modelJson).toEqual(f.json);
  });

  it('a Keras-built Sequential (InputLayer, Dense, Dropout) in the converter layout imports and predicts what Keras predicted', () => {
    const f = load('keras-a');
    const model = fromTfjsLayersModel(f.json, f.bin);
    expect(model.layers.map((l) => [l.inputSize, l.units, l.activation])).toEqual([[9, 14, 'tanh'], [14, 10, 'relu'], [10, 4, 'softmax']]);
    const d = maxDiff(model, f.x, f.y);
    console.log(`[tfjs] keras-a: max |core - Keras| over ${f.x.length} inputs = ${d.toExponential(3)}`);
    expect(d).toBeLessThanOrEqual(TOL);
  });
});
