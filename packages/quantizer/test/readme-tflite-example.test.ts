import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel, createRng, train } from '@tinyspark/core';
import { afterAll, expect, it } from 'vitest';
import { estimateTflmArena, generateTflmC } from '../src/codegen/index.js';
import { convertModel } from '../src/convert/index.js';
import { createQRunner, qmodelToDocument, type InputPipeline } from '../src/runtime/index.js';
import { fromTflite, readTflite, toTflite } from '../src/tflite/index.js';

// The README's `./tflite` example, as written there (imports through src instead of the package
// subpaths; a temporary folder instead of tmpdir() itself).
const dir = mkdtempSync(join(tmpdir(), 'tinyspark-readme-tflite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('README ./tflite example runs', () => {
  const pipeline: InputPipeline = { sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' };
  const labels = ['moving_closer', 'moving_away'];
  const inputs = [[0, 0.355, 1.201], [0.026, 0.334, 1.279], [1.045, 0.024, 0], [1.279, 0.336, 0.054]];
  const targets = [[1, 0], [1, 0], [0, 1], [0, 1]];
  const model = createModel({ inputSize: 3, layers: [{ units: 4, activation: 'relu' }, { units: 2, activation: 'softmax' }] }, { rng: createRng(1) });
  train(model, { inputs, targets }, { epochs: 200, batchSize: 1, optimizer: { type: 'adam', learningRate: 0.05 }, seed: 1 });

  const { qmodel } = convertModel({ model, labels, pipeline }, { calibration: { inputs, forward: 'tflite' }, perChannel: true });
  writeFileSync(join(dir, 'model.tflite'), toTflite(qmodel));
  writeFileSync(join(dir, 'model-float-io.tflite'), toTflite(qmodel, { io: 'float32' }));

  const bytes = new Uint8Array(readFileSync(join(dir, 'model.tflite')));
  const back = fromTflite(bytes);
  expect(back.hadTinysparkMetadata).toBe(true);
  expect(back.qmodel.labels).toEqual(labels);
  expect(readTflite(bytes).subgraphs[0]!.operators.length).toBe(2);
  expect(back.document).toEqual(qmodelToDocument(qmodel));
  expect(fromTflite(new Uint8Array(readFileSync(join(dir, 'model-float-io.tflite')))).floatInput).toBe(true);

  const files = generateTflmC(qmodel, { name: 'g_model' });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  expect(Object.keys(files)).toEqual(['model_data.h', 'model_data.cc', 'README.md']);
  expect(files['README.md']).toContain(`${estimateTflmArena(qmodel).arenaBytes} bytes`);

  const single = convertModel({ model, labels, pipeline }, { calibration: { inputs, forward: 'tflite' }, perChannel: true, rounding: 'single' }).qmodel;
  expect(single.rounding).toBe('single');
  expect(qmodel.rounding).toBe('double');
  for (const q of [qmodel, single]) expect(createQRunner(q).predict(inputs[2]!).label).toBe('moving_away');
});
