import { DenseLayer, Model } from '@tinyspark/core';
import type { QModel } from '../../src/runtime/index.js';
import { convertModel } from '../../src/convert/index.js';
import type { LabeledSet } from './datasets.js';
import { courseProximity, gestureDataset, PROXIMITY_PIPELINE, readCourseFile, trainFloat } from './datasets.js';

export interface Fixture {
  name: string;
  qmodel: QModel;
  set: LabeledSet;
}

/** The course's trained 3-2-2 network (linear, no bias), converted per tensor. */
export function courseFixture(): Fixture {
  const f = readCourseFile();
  const [w1, w2] = f.tutorial_trained_weights;
  const model = new Model([
    new DenseLayer({ inputSize: 3, units: 2, activation: 'linear', useBias: false, weights: w1 }),
    new DenseLayer({ inputSize: 2, units: 2, activation: 'linear', useBias: false, weights: w2 }),
  ]);
  const set = courseProximity();
  return { name: 'prox', qmodel: convertModel({ model, labels: set.labels, pipeline: PROXIMITY_PIPELINE }, { calibration: set }).qmodel, set };
}

/** A 156-24-5 ReLU/softmax gesture model trained on generated data, converted per tensor or per channel. */
export function gestureFixtures(): Fixture[] {
  const train = gestureDataset(400, 21);
  const model = trainFloat(train, [{ units: 24, activation: 'relu' }, { units: 5, activation: 'softmax' }], 10, 3);
  const test = gestureDataset(300, 78);
  return [false, true].map((perChannel) => ({
    name: perChannel ? 'gest_pc' : 'gest',
    qmodel: convertModel({ model, labels: train.labels, pipeline: train.pipeline }, { calibration: train, perChannel }).qmodel,
    set: test,
  }));
}

/** The same fixture with TFLITE_SINGLE_ROUNDING (a version 2 qmodel), named `<name>_s`. */
export function singleRounding(f: Fixture): Fixture {
  return { ...f, name: `${f.name}_s`, qmodel: { ...f.qmodel, version: 2, rounding: 'single' } };
}
