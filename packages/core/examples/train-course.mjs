// The course's proximity network, end to end: load the recordings, train the 3-2-2 linear network
// (per-sample SGD, lr 0.01, 100 epochs, inputs / 100), print the loss every 10 epochs, the final
// weights, the confusion matrix, and the model document.
// Run from the repo root after building core:  node packages/core/examples/train-course.mjs [seed]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  COURSE_PROXIMITY_PIPELINE,
  classificationReport,
  createModel,
  createRng,
  evaluate,
  modelToDocument,
  train,
} from '../dist/index.js';

const fixture = fileURLToPath(new URL('../../../fixtures/data/tutorial-proximity-gestures.json', import.meta.url));
const data = JSON.parse(readFileSync(fixture, 'utf8'));
const seed = Number(process.argv[2] ?? 1);
const inputs = [];
const targets = [];
for (const label of data.labels) {
  for (const row of data.samples[label]) {
    inputs.push(row.map((v) => v * data.input_scale));
    targets.push(data.one_hot[label]);
  }
}

const model = createModel(
  { inputSize: 3, layers: [{ units: 2, activation: 'linear', useBias: false }, { units: 2, activation: 'linear', useBias: false }] },
  { rng: createRng(seed), init: 'uniform1' },
);
const result = train(model, { inputs, targets }, {
  epochs: 100,
  batchSize: 1,
  learningRate: 0.01,
  loss: 'mse',
  seed,
  onEpochEnd: (r) => {
    if ((r.epoch + 1) % 10 === 0) console.log(`epoch ${r.epoch + 1}: loss ${r.loss.toFixed(5)}  accuracy ${(r.accuracy * 100).toFixed(0)}%  (sum of errors ${r.errorSum.toFixed(3)}, diagnostic only)`);
  },
});
for (const d of result.diagnostics) console.log(`${d.severity}: ${d.code}: ${d.message}`);
const ev = evaluate(model, { inputs, targets });
console.log(`training accuracy: ${(ev.accuracy * 100).toFixed(0)}%`);
console.log('confusion [actual][predicted]:', JSON.stringify(ev.confusion));
for (const c of classificationReport(ev.confusion, data.labels).classes) {
  console.log(`  ${c.label}: precision ${c.precision.toFixed(2)} recall ${c.recall.toFixed(2)} (${c.support} samples)`);
}
const doc = modelToDocument(model, {
  labels: data.labels,
  pipeline: COURSE_PROXIMITY_PIPELINE,
  loss: 'mse',
  training: { seed, epochs: 100, optimizer: 'sgd', learningRate: 0.01, batchSize: 1 },
});
console.log('weights1 (per hidden neuron):', JSON.stringify(doc.layers[0].weights));
console.log('weights2 (per output neuron):', JSON.stringify(doc.layers[1].weights));
