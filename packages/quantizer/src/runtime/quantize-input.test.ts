import { describe, expect, it } from 'vitest';
import { dequantizeValue, quantizeValueInt8 } from './quantize-input.js';
import { roundHalfAwayFromZero } from './rounding.js';

describe('roundHalfAwayFromZero (C round)', () => {
  it('differs from Math.round on negative ties', () => {
    expect([-2.5, -0.5, 0.5, 2.5, -1.4999, 0.49999999999999994].map(roundHalfAwayFromZero)).toEqual([-3, -1, 1, 3, -1, 0]);
    expect(Math.round(-2.5)).toBe(-2);
  });
});

describe('quantizeValueInt8 (TFLM AffineQuantize)', () => {
  it('divides in float32, rounds half away from zero and clamps', () => {
    expect(quantizeValueInt8(-0.25, 0.5, 0)).toBe(-1); // -0.5 -> -1
    expect(quantizeValueInt8(0.25, 0.5, 0)).toBe(1);
    expect(quantizeValueInt8(100, 0.5, 0)).toBe(127);
    expect(quantizeValueInt8(-100, 0.5, 0)).toBe(-128);
    expect(quantizeValueInt8(Number.NaN, 0.5, 7)).toBe(7);
  });
  it('float32 division differs from double division at a tie boundary', () => {
    // find a value whose float32 quotient rounds to a tie that the double quotient does not reach
    const scale = Math.fround(0.1);
    const v = Math.fround(0.25);
    const f32 = Math.fround(v / scale);
    expect(f32).toBe(2.5); // float32 rounding lands exactly on the tie
    expect(v / scale).not.toBe(2.5); // the double quotient is just below it
    expect(quantizeValueInt8(v, scale, 0)).toBe(3);
    expect(roundHalfAwayFromZero(v / scale)).toBe(2);
  });
  it('dequantizes in float32', () => {
    expect(dequantizeValue(10, 0.5, 3)).toBe(3.5);
  });
});
