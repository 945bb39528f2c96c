import { createModel, createRng, train } from '@tinyspark/core';
import { expect, it } from 'vitest';
import { checkDeployment, renderCheckReport } from '../src/check/index.js';
import { generateC, generateCircuitPython } from '../src/codegen/index.js';
import { convertModel } from '../src/convert/index.js';
import { createQRunner, extractFeatures, loadQModel, type InputPipeline } from '../src/runtime/index.js';

// The README's example, as written there (imports through src instead of the package subpaths).
it('README example runs', () => {
  const pipeline: InputPipeline = { sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' };
  const readings = [[0, 35.5, 120.1], [2.625, 33.375, 127.875], [104.54, 2.375, 0], [127.875, 33.625, 5.4]];
  const labels = ['moving_closer', 'moving_away'];
  const inputs = readings.map((r) => extractFeatures(pipeline, { intervalMs: 250, axes: ['proximity'], values: r.map((v) => [v]) }));
  const targets = [[1, 0], [1, 0], [0, 1], [0, 1]];
  const model = createModel({ inputSize: 3, layers: [{ units: 4, activation: 'relu' }, { units: 2, activation: 'softmax' }] }, { rng: createRng(1) });
  train(model, { inputs, targets }, { epochs: 200, batchSize: 1, optimizer: { type: 'adam', learningRate: 0.05 }, seed: 1 });
  const { document, qmodel, warnings } = convertModel({ model, labels, pipeline }, { calibration: { inputs }, perChannel: false });
  const json = JSON.stringify(document);
  const runner = createQRunner(loadQModel(JSON.parse(json)));
  const p = runner.predict(inputs[0]!);
  expect(p.label).toBe('moving_closer');
  const report = checkDeployment(model, qmodel, { inputs, targets, convertWarnings: warnings });
  expect(report.agreement).toBe(1);
  expect(renderCheckReport(report)).toMatch(/QUANT_WARN_OUTPUT_DROPPED/);
  // on its own calibration data a logit can overshoot the calibrated edge by one int8 step (rounding):
  // reported in saturatedShare, but not a saturation warning (the calibration does cover the data)
  expect(report.layers[1]!.saturatedShare).toBeGreaterThan(0);
  expect(report.layers.every((l) => l.saturatedBeyondOneStep === 0)).toBe(true);
  expect(report.warnings.map((w) => w.code)).not.toContain('QUANT_WARN_SATURATION');
  expect(Object.keys(generateC(qmodel, { name: 'gesture' }))).toEqual(['model.h', 'model.c']);
  expect(generateCircuitPython(qmodel)).toMatch(/Prediction: \{\}, p=/);
});
