import { describe, expect, it } from 'vitest';
import { openAfter, planScenario } from './scenario.js';
import { Timeline } from './timeline.js';

describe('planScenario windowStart', () => {
  // a gap before the first step and the second, the third back to back with the second
  const steps = [
    { atMs: 300, gesture: 'wave', person: 1, seed: 1 },
    { atMs: 2000, gesture: 'punch', person: 1, seed: 2 },
    { atMs: 3000, gesture: 'shake', person: 1, seed: 3 },
  ];
  const timeline = (windowStart: 'at' | 'after') => {
    const planned = planScenario(steps, 5000, 7, undefined, windowStart);
    const t = new Timeline();
    for (const s of planned.segments) t.put(s);
    return { planned, t };
  };

  it("'after' leaves each step's motion and truth as 'at' plans them, and hands its start instant to what came before", () => {
    const at = timeline('at');
    const after = timeline('after');
    expect(after.planned.truth).toEqual(at.planned.truth);
    expect(after.planned.endMs).toBe(at.planned.endMs);
    expect(after.planned.segments.map((s) => [s.originMs, s.motion.durationS])).toEqual(at.planned.segments.map((s) => [s.originMs, s.motion.durationS]));
    // with 'at' each step owns its start instant
    for (const start of [5300, 7000, 8000]) expect(at.t.at(start)?.originMs).toBe(start);
    // with 'after': after a gap the transition's end still holds it, back to back nobody (rest)
    expect(after.t.at(5300)?.originMs).toBe(5000);
    expect(after.t.at(7000)?.originMs).toBe(6300);
    expect(after.t.at(8000)).toBeUndefined();
    // and a moment later the step has taken over
    for (const start of [5300, 7000, 8000]) expect(after.t.at(openAfter(start))?.originMs).toBe(start);
  });

  it('opens a window a little after its start at any board time', () => {
    for (const t of [0, 1000, 86_400_000, 1e12, 2 ** 52]) {
      expect(openAfter(t)).toBeGreaterThan(t);
      expect(openAfter(t) - t).toBeLessThan(Math.max(1e-3, t * 1e-15));
    }
  });
});
