import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { perform } from '../perform.js';
import { gestureShape } from './gesture-motion.js';
import { personStyle } from './person-style.js';

const GESTURES = ['up', 'down', 'left', 'right', 'toward', 'away', 'pick_up', 'circle_left', 'circle_right', 'shake', 'moving_away'] as const;

function shapeAt(gesture: string, person: number, seed: number, variation: number): number[] {
  const sh = gestureShape(gesture, personStyle(person), createRng(seed, 1), { variation }, 5);
  const out: number[] = [sh.durationS];
  const o = new Float64Array(8);
  for (const f of [0.2, 0.5, 0.8]) {
    if (sh.pose) {
      sh.pose(f * sh.durationS, o);
      out.push(...Array.from(o.subarray(0, 7)));
    } else out.push(sh.distanceCm!(f * sh.durationS));
  }
  return out;
}

function logSpread(xs: number[]): number {
  const l = xs.map(Math.log);
  const m = l.reduce((a, b) => a + b, 0) / l.length;
  return Math.sqrt(l.reduce((a, b) => a + (b - m) ** 2, 0) / l.length);
}

describe('variation', () => {
  it('0 is the canonical template: every person and seed performs the same trajectory', () => {
    for (const g of GESTURES) {
      const ref = shapeAt(g, 0, 1, 0);
      for (const [person, seed] of [[3, 2], [17, 99]] as const) {
        shapeAt(g, person, seed, 0).forEach((x, i) => expect(x, `${g}[${i}]`).toBeCloseTo(ref[i]!, 12));
      }
    }
  });

  it('1 is the default, and above 1 widens the spread of durations and sizes', () => {
    const a = perform('left', { person: 2, seed: 5 });
    const b = perform('left', { person: 2, seed: 5, variation: 1 });
    expect(Array.from(b.accelerometer.raw)).toEqual(Array.from(a.accelerometer.raw));
    for (const g of ['up', 'left', 'shake', 'circle_right'] as const) {
      const spread = (v: number) => logSpread(Array.from({ length: 120 }, (_, i) => gestureShape(g, personStyle(i % 12), createRng(i, 1), { variation: v }, 30).durationS));
      const [s05, s1, s2] = [spread(0.5), spread(1), spread(2)];
      expect(s05, g).toBeLessThan(s1);
      expect(s2, g).toBeGreaterThan(s1 * 1.5);
    }
  });

  it('refuses a negative or non-finite variation with EMU_ERR_INVALID_OPTION naming params.variation', () => {
    for (const v of [-0.5, Number.NaN, Infinity]) {
      expect(() => perform('up', { variation: v })).toThrowError(expect.objectContaining({ code: 'EMU_ERR_INVALID_OPTION', field: 'params.variation' }));
    }
  });
});
