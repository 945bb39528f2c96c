import { describe, expect, it } from 'vitest';
import { calculateInputRadius, preprocessSoftmaxScaling } from './softmax-scaling.js';

describe('softmax Prepare helpers (quantization.md vectors 19 and 21, and the derived softmax example)', () => {
  it('#19 PreprocessSoftmaxScaling, double rounding', () => {
    const r = (b: number, s: number, bits: number): [number, number] => {
      const q = preprocessSoftmaxScaling(b, s, bits);
      return [q.multiplier, q.shift];
    };
    expect(r(1, 16, 4)).toEqual([2147483647, 31]);
    expect(r(1, 8, 4)).toEqual([1073741824, 31]);
    expect(r(2, 16, 5)).toEqual([2147483647, 31]);
    expect(r(2, 8, 5)).toEqual([1073741824, 31]);
  });
  it('#21 CalculateInputRadius', () => {
    expect([calculateInputRadius(4, 27), calculateInputRadius(3, 27), calculateInputRadius(3, 28), calculateInputRadius(4, 2)]).toEqual([15, 14, 7, 503316480]);
  });
  it('beta=1, s_in=0.1f: M=1717986944, shift=23, diff_min=-248', () => {
    const q = preprocessSoftmaxScaling(1, Math.fround(0.1), 5);
    expect([q.multiplier, q.shift]).toEqual([1717986944, 23]);
    expect(-calculateInputRadius(5, q.shift)).toBe(-248);
  });
});
