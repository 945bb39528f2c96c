import { extractFeatures } from '@tinyspark/quantizer/runtime';
import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import { describe, expect, it } from 'vitest';
import { GESTURES, PROXIMITY_GESTURES, gestureDefinition } from './registry.js';
import type { GestureName } from './registry.js';
import { perform } from '../perform.js';
import { personStyle } from './person-style.js';
import { createRng } from '../rng.js';
import { TinyMlp } from '../../test/support/tiny-mlp.js';

const IMU_PIPELINE: InputPipeline = {
  sensor: 'imu',
  axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'],
  windowLength: 26,
  intervalMs: 38.4615,
  scale: [0.1, 0.1, 0.1, 1, 1, 1],
  offset: [0, 0, 0, 0, 0, 0],
  layout: 'time-major',
};

describe('gesture performer', () => {
  it('is a pure function of (gesture, person, seed): the same recording every time', () => {
    const a = perform('circle', { person: 3, seed: 7 });
    const b = perform('circle', { person: 3, seed: 7 });
    expect(Array.from(a.accelerometer.raw)).toEqual(Array.from(b.accelerometer.raw));
    expect(Array.from(a.gyroscope.raw)).toEqual(Array.from(b.gyroscope.raw));
    expect(Array.from(a.proximity.raw)).toEqual(Array.from(b.proximity.raw));
    const c = perform('circle', { person: 3, seed: 8 });
    expect(Array.from(c.accelerometer.raw)).not.toEqual(Array.from(a.accelerometer.raw));
  });

  it('derives a consistent style per person, and people differ', () => {
    expect(personStyle(4)).toEqual(expect.objectContaining({ amplitude: personStyle(4).amplitude, holdRoll: personStyle(4).holdRoll }));
    const amps = Array.from({ length: 20 }, (_, p) => personStyle(p).amplitude);
    expect(new Set(amps.map((x) => x.toFixed(6))).size).toBe(20);
    expect(Math.min(...amps)).toBeLessThan(0.9);
    expect(Math.max(...amps)).toBeGreaterThan(1.1);
  });

  it('rest is only noise and bias: flat, face up, still', () => {
    const r = perform('rest', { seed: 1 }).toSensorRecording('imu');
    for (const v of r.values) {
      expect(Math.abs(v[2]! - 9.80665)).toBeLessThan(0.5);
      expect(Math.hypot(v[3]!, v[4]!, v[5]!)).toBeLessThan(0.1);
    }
  });

  it('every gesture moves the board (or the hand) more than rest does', () => {
    const energy = (g: GestureName): number => {
      const r = perform(g, { person: 2, seed: 3 });
      if (PROXIMITY_GESTURES.includes(g)) {
        const p = Array.from(r.proximity.raw);
        return Math.max(...p) - Math.min(...p);
      }
      const v = r.toSensorRecording('imu').values;
      return Math.max(...v.map((x) => Math.hypot(x[3]!, x[4]!, x[5]!)));
    };
    const rest = energy('rest');
    for (const g of GESTURES) if (g !== 'rest') expect(energy(g), g).toBeGreaterThan(rest * 3);
  });

  it('unknown gestures fail with EMU_ERR_UNKNOWN_GESTURE', () => {
    expect(() => perform('juggle')).toThrowError(expect.objectContaining({ code: 'EMU_ERR_UNKNOWN_GESTURE', field: 'gesture' }));
  });

  it('is learnable by a 6-axis x 26-sample MLP on a held-out person, but not trivially', () => {
    // every hand-held gesture once (aliases such as swipe_left = left are the same gesture)
    const labels = GESTURES.filter((g) => !PROXIMITY_GESTURES.includes(g) && gestureDefinition(g)?.aliasOf === undefined);
    const data = (persons: number[], seeds: number): { xs: Float32Array[]; ys: number[] } => {
      const xs: Float32Array[] = [];
      const ys: number[] = [];
      for (const person of persons) {
        for (let seed = 0; seed < seeds; seed++) {
          labels.forEach((g, y) => {
            xs.push(extractFeatures(IMU_PIPELINE, perform(g, { person, seed: 1000 * person + seed }).toSensorRecording('imu')));
            ys.push(y);
          });
        }
      }
      return { xs, ys };
    };
    const train = data([0, 1, 2, 3, 4, 5, 6, 7], 10);
    const test = data([12, 13, 14, 15, 16, 17], 6);
    const rng = createRng(3);
    const mlp = new TinyMlp(156, 32, labels.length, rng);
    mlp.train(train.xs, train.ys, 30, 0.01, rng);
    const acc = (d: { xs: Float32Array[]; ys: number[] }): number => d.ys.filter((y, i) => mlp.predict(d.xs[i]!) === y).length / d.ys.length;
    const heldOut = acc(test);
    console.log(`MLP accuracy: train ${acc(train)} held-out ${heldOut}`);
    // 17 hand-held gestures with the spread of real people (docs/decisions/0009): learnable, far from
    // the 99.9 % of the uncalibrated vocabulary that made the emulated task too easy (issue 10)
    expect(heldOut).toBeGreaterThanOrEqual(0.7);
    expect(heldOut).toBeLessThan(0.98);
  });
});
