// Export a core model as a tfjs LayersModel (model.json + group1-shard1of1.bin), load it with
// @tensorflow/tfjs, compare the predictions, and import the files back into core.
// Run from the repo root after building core:  node packages/core/examples/tfjs-export.mjs [out-dir]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createModel, createRng, fromTfjsLayersModel, TFJS_WEIGHTS_FILE, toTfjsLayersModel } from '../dist/index.js';

const dir = process.argv[2] ?? join(tmpdir(), 'tinyspark-tfjs-model');
const model = createModel(
  { inputSize: 4, layers: [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }] },
  { rng: createRng(1) },
);

// 1. export: two files, exactly what tfjs' own save handlers write
const { modelJson, weightData } = toTfjsLayersModel(model);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson, null, 2));
writeFileSync(join(dir, TFJS_WEIGHTS_FILE), new Uint8Array(weightData));
console.log(`wrote ${join(dir, 'model.json')} and ${TFJS_WEIGHTS_FILE}`);

// 2. load in tfjs. In a browser: await tf.loadLayersModel('https://.../model.json'). In Node without
// @tensorflow/tfjs-node there is no file:// handler, so hand tfjs the files from memory.
const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
const bin = readFileSync(join(dir, TFJS_WEIGHTS_FILE));
const weights = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
await tf.setBackend('cpu');
const tfModel = await tf.loadLayersModel(
  tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights }),
);
const x = [0.1, -0.2, 0.3, 0.9];
console.log('core', Array.from(model.predict(x)));
console.log('tfjs', Array.from(tfModel.predict(tf.tensor2d([x])).dataSync()));

// 3. and back: a model.json + weights (from tfjs, or from Keras via tensorflowjs_converter) into core
const back = fromTfjsLayersModel(json, bin);
console.log('core, imported', Array.from(back.predict(x)));
