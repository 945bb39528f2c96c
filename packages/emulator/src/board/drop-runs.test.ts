import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { keptRuns } from './drop-runs.js';

/** A source that replays the given draws and counts how many were taken. */
function draws(values: readonly number[]): { next: () => number; taken: () => number } {
  let i = 0;
  return { next: () => values[i++]!, taken: () => i };
}

describe('keptRuns (the drop fault on one chunk)', () => {
  it('keeps everything at probability 0 as one run, drawing once per sample', () => {
    const d = draws([0, 0.5, 0.99]);
    expect([...keptRuns(3, 0, d.next)]).toEqual([{ start: 0, count: 3 }]);
    expect(d.taken()).toBe(3);
  });

  it('drops everything at probability 1', () => {
    const d = draws([0, 0.5, 0.999999]);
    expect([...keptRuns(3, 1, d.next)]).toEqual([]);
    expect(d.taken()).toBe(3);
  });

  it('splits the survivors into runs at each lost sample (a draw below p is a loss)', () => {
    // samples:        0 keep, 1 lose, 2 keep, 3 keep, 4 lose, 5 lose, 6 keep
    const d = draws([0.9, 0.1, 0.5, 0.3, 0.29, 0.0, 0.3]);
    expect([...keptRuns(7, 0.3, d.next)]).toEqual([
      { start: 0, count: 1 },
      { start: 2, count: 2 },
      { start: 6, count: 1 },
    ]);
  });

  it('an empty chunk makes no draws and no runs', () => {
    const d = draws([]);
    expect([...keptRuns(0, 0.5, d.next)]).toEqual([]);
    expect(d.taken()).toBe(0);
  });

  it('yields each run as soon as the draw ending it is made (draws interleave with the caller)', () => {
    const d = draws([0.9, 0.1, 0.9, 0.9]);
    const gen = keptRuns(4, 0.5, d.next);
    expect(gen.next().value).toEqual({ start: 0, count: 1 });
    expect(d.taken()).toBe(2);
    expect(gen.next().value).toEqual({ start: 2, count: 2 });
    expect(d.taken()).toBe(4);
    expect(gen.next().done).toBe(true);
  });

  it('never loses or duplicates a sample: the runs are disjoint, ordered and inside the chunk', () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 200; trial++) {
      const n = Math.floor(rng.next() * 300);
      const p = rng.next();
      let kept = 0;
      let lost = 0;
      const runs = [...keptRuns(n, p, () => {
        const u = rng.next();
        if (u >= p) kept++;
        else lost++;
        return u;
      })];
      expect(runs.reduce((s, r) => s + r.count, 0)).toBe(kept);
      expect(kept + lost).toBe(n);
      for (let i = 0; i < runs.length; i++) {
        expect(runs[i]!.count).toBeGreaterThan(0);
        expect(runs[i]!.start + runs[i]!.count).toBeLessThanOrEqual(n);
        // two runs are always separated by at least one lost sample
        if (i > 0) expect(runs[i]!.start).toBeGreaterThan(runs[i - 1]!.start + runs[i - 1]!.count);
      }
    }
  });
});
