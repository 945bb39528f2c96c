import { createQRunner, extractFeatures, loadQModel } from '@tinyspark/quantizer/runtime';
import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import { describe, expect, it } from 'vitest';
import { handBuiltQModel } from '../../test/qmodel-fixture.js';
import { createRng } from '../rng.js';
import { InferenceEngine } from './inference-engine.js';

const IMU: InputPipeline = {
  sensor: 'imu',
  axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'],
  windowLength: 26,
  intervalMs: 38.4615,
  scale: [0.1, 0.1, 0.1, 1, 1, 1],
  offset: [0, 0, 0, 0, 0, 0],
  layout: 'time-major',
};

describe("the board's on-device inference honours the qmodel's rounding", () => {
  it('a version 2 "single" model runs with TFLITE_SINGLE_ROUNDING, a version 1 model with double rounding', () => {
    const doubleDoc = handBuiltQModel(IMU, [156, 24, 5], ['a', 'b', 'c', 'd', 'e'], 4, 0.0437); // a scale that is not a short fraction: some ties differ
    const singleDoc = { ...doubleDoc, version: 2, rounding: 'single' };
    const boards = { double: new InferenceEngine(), single: new InferenceEngine() };
    boards.double.deploy(doubleDoc);
    boards.single.deploy(singleDoc);
    const runners = { double: createQRunner(loadQModel(doubleDoc)), single: createQRunner(loadQModel(singleDoc)) };
    const rng = createRng(11);
    let differ = 0;
    for (let i = 0; i < 400; i++) {
      const values = Array.from({ length: 26 }, () => Array.from({ length: 6 }, (_, a) => (rng.next() - 0.5) * (a < 3 ? 8 : 0.8)));
      const rec = { intervalMs: IMU.intervalMs, axes: IMU.axes, values };
      const feats = extractFeatures(IMU, rec);
      for (const r of ['double', 'single'] as const) {
        expect(boards[r].predict(rec).logits).toEqual(Array.from(runners[r].predict(feats).logits));
      }
      if (boards.double.predict(rec).logits.join() !== boards.single.predict(rec).logits.join()) differ++;
    }
    expect(differ).toBeGreaterThan(0);
  });
});
