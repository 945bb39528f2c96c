import { describe, expect, it } from 'vitest';
import { multiplyByQuantizedMultiplier } from './fixed-point.js';
import { frexp, fullyConnectedRealMultiplier, quantizeMultiplier } from './quantize-multiplier.js';

const qm = (m: number): [number, number] => {
  const r = quantizeMultiplier(m);
  return [r.multiplier, r.shift];
};
const ldexpF = (m: number, e: number): number => Math.fround(m) * 2 ** e;

describe('quantizeMultiplier: quantization.md vectors 1-13', () => {
  it('#1-6 (SmallerThanOneExp)', () => {
    expect(qm(0.25)).toEqual([1073741824, -1]);
    expect(qm(0.5 - 5e-9)).toEqual([2147483627, -1]);
    expect(qm(0.5 - 1e-10)).toEqual([1073741824, 0]);
    expect(qm(0.5)).toEqual([1073741824, 0]);
    expect(qm(0.75)).toEqual([1610612736, 0]);
    expect(qm(1 - 1e-9)).toEqual([2147483646, 0]);
  });
  it('#7-10 (GreaterThanOne)', () => {
    expect(qm(1 + 1e-11)).toEqual([1073741824, 1]);
    expect(qm(1.25)).toEqual([1342177280, 1]);
    expect(qm(1.5)).toEqual([1610612736, 1]);
    expect(qm(1.75)).toEqual([1879048192, 1]);
    expect(qm(2 - 1e-9)).toEqual([2147483647, 1]);
    expect(qm(2 - 1e-11)).toEqual([1073741824, 2]);
    expect(qm(2)).toEqual([1073741824, 2]);
  });
  it('#11 underflow flush', () => {
    expect(qm(ldexpF(1, -31))).toEqual([1073741824, -30]);
    expect(qm(ldexpF(1, -32))).toEqual([1073741824, -31]);
    expect(qm(ldexpF(0.99, -32))).toEqual([0, 0]);
    expect(qm(ldexpF(1, -33))).toEqual([0, 0]);
  });
  it('#12 QuantizeMultiplierArray', () => {
    const inputs = [-4, -2, -1, -0.5, -0.25, -0.125, 0, 0.125, 0.25, 0.5, 1, 2, 4];
    const sig = inputs.map((x) => quantizeMultiplier(x).multiplier);
    const shifts = inputs.map((x) => quantizeMultiplier(x).shift);
    expect(sig).toEqual([...Array(6).fill(-1073741824), 0, ...Array(6).fill(1073741824)]);
    expect(shifts).toEqual([3, 2, 1, 0, -1, -2, 0, -2, -1, 0, 1, 2, 3]);
  });
  it('#13 quantize then multiply', () => {
    const run = (x: number, m: number): number => {
      const q = quantizeMultiplier(m);
      return multiplyByQuantizedMultiplier(x, q.multiplier, q.shift);
    };
    expect([run(0, 0.1), run(1, 0), run(10000, 0.00097656), run(-10000, 0.00097656)]).toEqual([0, 0, 10, -10]);
  });
  it('rejects non-finite reals', () => {
    expect(() => quantizeMultiplier(Number.NaN)).toThrow(/QUANT_ERR_NON_FINITE_MULTIPLIER/);
    expect(() => quantizeMultiplier(Infinity)).toThrow(/real/);
  });
});

describe('frexp from the bits', () => {
  it('normal, subnormal, negative', () => {
    expect(frexp(8)).toEqual({ mantissa: 0.5, exponent: 4 });
    expect(frexp(-0.75)).toEqual({ mantissa: -0.75, exponent: 0 });
    expect(frexp(5e-324)).toEqual({ mantissa: 0.5, exponent: -1073 });
    expect(frexp(3 * 2 ** -1060)).toEqual({ mantissa: 0.75, exponent: -1058 });
    expect(frexp(Number.MAX_VALUE).exponent).toBe(1024);
  });
  it('mantissa * 2^exponent reproduces the value', () => {
    for (const v of [1e-300, 0.1, 123456.789, 2 ** 52 + 1, -7.25e-12]) {
      const { mantissa, exponent } = frexp(v);
      expect(Math.abs(mantissa)).toBeGreaterThanOrEqual(0.5);
      expect(Math.abs(mantissa)).toBeLessThan(1);
      expect(mantissa * 2 ** exponent).toBe(v);
    }
  });
});

describe('fullyConnectedRealMultiplier: where the device rounds', () => {
  it('per-tensor rounds the scale product to float32 first; per-channel stays in double', () => {
    const sIn = Math.fround(0.0123);
    const sW = Math.fround(0.00771);
    const sOut = Math.fround(0.0519);
    expect(fullyConnectedRealMultiplier(sIn, sW, sOut, false)).toBe(Math.fround(sIn * sW) / sOut);
    expect(fullyConnectedRealMultiplier(sIn, sW, sOut, true)).toBe((sIn * sW) / sOut);
  });
  it('the two formulas give different Q31 mantissas on most random triples', () => {
    let differ = 0;
    let x = 12345;
    const rnd = (): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x / 4294967296;
    };
    for (let i = 0; i < 200; i++) {
      const a = Math.fround(0.001 + rnd());
      const b = Math.fround(0.001 + rnd() * 0.1);
      const c = Math.fround(0.01 + rnd());
      const t = quantizeMultiplier(fullyConnectedRealMultiplier(a, b, c, false));
      const p = quantizeMultiplier(fullyConnectedRealMultiplier(a, b, c, true));
      if (t.multiplier !== p.multiplier || t.shift !== p.shift) differ++;
    }
    expect(differ).toBeGreaterThan(100);
  });
});
