import { describe, expect, it } from 'vitest';
import { DEFAULT_LEARNED_CUT, generateLearned } from '../src/sim2real/learned.js';

// the cut does not depend on the gesture being a learned one: a built-in gesture keeps the test small
const gen = (p: number) => generateLearned('right', 'right', 12, [501, 502, 503], 4, 1, { ...DEFAULT_LEARNED_CUT, p });

describe('generateLearned: the press and release cut', () => {
  const offG = (row: readonly number[]): number => Math.abs(Math.hypot(row[0]!, row[1]!, row[2]!) - 9.80665);
  const endsOffG = (recs: { values: number[][] }[]): number => recs.reduce((s, r) => s + offG(r.values[0]!) + offG(r.values.at(-1)!), 0) / (2 * recs.length);

  it('is seeded, and with p = 0 the ends are (nearly) at rest; with p = 1 they are mostly in motion', () => {
    const a = gen(0);
    expect(gen(0)).toEqual(a);
    expect(gen(1)).toEqual(gen(1));
    expect(endsOffG(a)).toBeLessThan(1);
    expect(endsOffG(gen(1))).toBeGreaterThan(3 * endsOffG(a));
  });

  it('with p = 1 each recording is the same performance cut inside it, at most start + end of it lost', () => {
    const whole = gen(0);
    const cut = gen(1);
    let shorter = 0;
    cut.forEach((r, i) => {
      const w = whole[i]!.values;
      expect(r.seed).toBe(whole[i]!.seed);
      // a contiguous slice of the uncut recording (the same performance: the cut has its own rng stream)
      const k = w.findIndex((row) => row.every((x, c) => x === r.values[0]![c]));
      expect(k).toBeGreaterThanOrEqual(0);
      expect(w.slice(k, k + r.values.length)).toEqual(r.values);
      expect(r.values.length).toBeGreaterThanOrEqual(Math.floor((1 - DEFAULT_LEARNED_CUT.start - DEFAULT_LEARNED_CUT.end) * (w.length - 20)));
      if (r.values.length < w.length) shorter++;
    });
    expect(shorter).toBe(cut.length);
  });
});
