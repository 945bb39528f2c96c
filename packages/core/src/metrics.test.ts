import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, confusionMatrix } from './metrics.js';

describe('metrics', () => {
  const actual = [0, 0, 0, 1, 1, 2, 2, 2, 2];
  const predicted = [0, 0, 1, 1, 2, 2, 2, 0, 2];

  it('confusion[actual][predicted]', () => {
    expect(confusionMatrix(actual, predicted, 3)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [1, 0, 3],
    ]);
    expect(() => confusionMatrix([3], [0], 3)).toThrow(/actual\[0\]/);
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(/predicted/);
  });

  it('accuracy', () => {
    expect(accuracy(actual, predicted)).toBeCloseTo(6 / 9, 12);
    expect(accuracy([], [])).toBe(0);
  });

  it('per-class precision, recall and F1 (worked by hand)', () => {
    const r = classificationReport(confusionMatrix(actual, predicted, 3), ['a', 'b', 'c']);
    expect(r.accuracy).toBeCloseTo(6 / 9, 12);
    // class a: TP 2, predicted 3, support 3; b: TP 1, predicted 2, support 2; c: TP 3, predicted 4, support 4
    expect(r.classes.map((c) => c.label)).toEqual(['a', 'b', 'c']);
    expect(r.classes[0]!.precision).toBeCloseTo(2 / 3, 12);
    expect(r.classes[0]!.recall).toBeCloseTo(2 / 3, 12);
    expect(r.classes[1]!.precision).toBeCloseTo(1 / 2, 12);
    expect(r.classes[1]!.recall).toBeCloseTo(1 / 2, 12);
    expect(r.classes[2]!.precision).toBeCloseTo(3 / 4, 12);
    expect(r.classes[2]!.recall).toBeCloseTo(3 / 4, 12);
    expect(r.classes[2]!.f1).toBeCloseTo(3 / 4, 12);
    expect(r.classes.map((c) => c.support)).toEqual([3, 2, 4]);
    expect(r.macro.recall).toBeCloseTo((2 / 3 + 1 / 2 + 3 / 4) / 3, 12);
  });

  it('a class never predicted has precision 0, not NaN', () => {
    const r = classificationReport([
      [1, 0],
      [1, 0],
    ]);
    expect(r.classes[1]!.precision).toBe(0);
    expect(r.classes[1]!.recall).toBe(0);
    expect(r.classes[1]!.f1).toBe(0);
  });
});
