import { describe, expect, it } from 'vitest';
import { latencySummary, scorePredictions } from './score-predictions.js';

describe('scorePredictions', () => {
  it('takes the window that overlaps each labelled segment the most, skips unlabelled ones', () => {
    const segs = [
      { label: 'a', gesture: 'a', startMs: 0, endMs: 1000 },
      { label: null, gesture: 'idle', startMs: 1000, endMs: 1500 },
      { label: 'b', gesture: 'b', startMs: 1500, endMs: 2500 },
      { label: 'c', gesture: 'c', startMs: 9000, endMs: 9500 },
    ];
    const preds = [
      { label: 'x', windowEnd: 500, latencyUs: 10 },
      { label: 'a', windowEnd: 1000, latencyUs: 20 },
      { label: 'z', windowEnd: 1500, latencyUs: 30 },
      { label: 'b', windowEnd: 2400, latencyUs: 40 },
      { label: 'q', windowEnd: 3000, latencyUs: 50 },
    ];
    const s = scorePredictions(segs, preds, 1000);
    expect(s.map((g) => [g.truth, g.predicted])).toEqual([['a', 'a'], ['b', 'b'], ['c', null]]);
  });
  it('summarises latency', () => {
    const l = latencySummary([30, 10, 20, 40].map((latencyUs) => ({ label: 'a', windowEnd: 0, latencyUs })));
    expect(l).toEqual({ count: 4, medianUs: 30, p95Us: 40, maxUs: 40 });
  });
});

describe('scorePredictions with a gesture shorter than the window', () => {
  it('prefers the window centred on the gesture', () => {
    const segs = [{ label: 'tap', gesture: 'tap', startMs: 1400, endMs: 1600 }];
    const preds = [1600, 1800, 2000, 2200, 2400].map((windowEnd) => ({ label: windowEnd === 2000 ? 'tap' : 'idle', windowEnd, latencyUs: 1 }));
    expect(scorePredictions(segs, preds, 1000)[0]?.predicted).toBe('tap');
  });
});
