import { describe, expect, it } from 'vitest';
import { median } from './median.js';
import { repeatTimed } from './repeat-timed.js';

/** A virtual clock that advances by a scripted step on every body call. */
function scripted(durations: number[]): { now: () => number; body: () => void } {
  let t = 0;
  let i = 0;
  return { now: () => t, body: () => void (t += durations[i++ % durations.length]!) };
}

describe('repeatTimed (virtual clock)', () => {
  it('repeats at least minReps times and reports the median', async () => {
    const c = scripted([5, 1, 3]);
    const r = await repeatTimed({ minReps: 3, minSeconds: 1, maxReps: 200 }, c.now, c.body);
    expect(r.reps).toBe(3);
    expect(r.seconds).toBe(3);
  });

  it('keeps repeating until minSeconds has built up, capped at maxReps', async () => {
    const fast = scripted([0.25]);
    expect((await repeatTimed({ minReps: 3, minSeconds: 1, maxReps: 200 }, fast.now, fast.body)).reps).toBe(4);
    const tiny = scripted([0.001]);
    expect((await repeatTimed({ minReps: 3, minSeconds: 1, maxReps: 200 }, tiny.now, tiny.body)).reps).toBe(200);
  });

  it('median of an even count is the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
