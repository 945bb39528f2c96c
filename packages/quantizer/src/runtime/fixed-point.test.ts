import { describe, expect, it } from 'vitest';
import { mbqmC, rdbpotC, srdhmC } from '../../test/support/c-semantics.js';
import { seededRng } from '../../test/support/seeded-rng.js';
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierRightShift,
  multiplyByQuantizedMultiplierSingleRounding,
  requantizeWithRounding,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from './fixed-point.js';

const MIN = -2147483648;
const MAX = 2147483647;
const EDGES = [MIN, MIN + 1, MAX, MAX - 1, 0, 1, -1, 2, -2, 1 << 30, -(1 << 30), (1 << 30) + 1, -(1 << 30) - 1, 65535, -65536, 65536, 32767, -32768];

function int32Sample(rng: ReturnType<typeof seededRng>): number {
  const r = rng.next();
  if (r < 0.15) return EDGES[rng.int(0, EDGES.length - 1)]!;
  if (r < 0.55) return (rng.next() * 4294967296 - 2147483648) | 0; // uniform int32
  if (r < 0.8) return rng.int(-300000, 300000); // accumulator-sized
  const bits = rng.int(0, 31);
  return Math.trunc((rng.next() * 2 - 1) * 2 ** bits) | 0;
}

describe('fixed-point primitives: the published and derived vectors', () => {
  it('SRDHM saturates (MIN, MIN) and rounds half up', () => {
    expect(saturatingRoundingDoublingHighMul(MIN, MIN)).toBe(MAX);
    expect(saturatingRoundingDoublingHighMul(-1, 1 << 30)).toBe(0);
    expect(saturatingRoundingDoublingHighMul(1, 1 << 30)).toBe(1);
    expect(saturatingRoundingDoublingHighMul(-3, 1 << 30)).toBe(-1);
  });
  it('RDBPOT rounds ties away from zero', () => {
    expect([roundingDivideByPOT(-1, 1), roundingDivideByPOT(1, 1), roundingDivideByPOT(-3, 1)]).toEqual([-1, 1, -2]);
    expect([roundingDivideByPOT(-5, 2), roundingDivideByPOT(-6, 2), roundingDivideByPOT(6, 2)]).toEqual([-1, -2, 2]);
  });
  it('MBQM is the double rounding of TFLM (not single rounding)', () => {
    expect(multiplyByQuantizedMultiplier(-2, 1073741824, -1)).toBe(-1);
    expect(multiplyByQuantizedMultiplier(1000, MAX, -4)).toBe(63);
    expect(multiplyByQuantizedMultiplier(-1000, MAX, -4)).toBe(-63);
    expect(multiplyByQuantizedMultiplier(MAX, MAX, -3)).toBe(268435456);
  });
  it('vector 23 (ruy apply_multiplier_test, shift 0)', () => {
    expect(multiplyByQuantizedMultiplier(1000, (1 << 30) + (1 << 27), 0)).toBe(563);
    expect(multiplyByQuantizedMultiplier(-1000, (1 << 30) + (1 << 27), 0)).toBe(-562);
    expect(multiplyByQuantizedMultiplier(1000, MAX, 0)).toBe(1000);
    expect(multiplyByQuantizedMultiplier(-1000, 1 << 30, 0)).toBe(-500);
  });
  it('MBQM wraps the left shift like int32 C', () => {
    expect(multiplyByQuantizedMultiplier(MAX, 1 << 30, 1)).toBe(mbqmC(MAX, 1 << 30, 1));
    expect(multiplyByQuantizedMultiplier(MAX, 1 << 30, 1)).toBe(-1);
  });
});

describe('fixed-point primitives equal a BigInt transcription of the C code (1e5 seeded cases each)', () => {
  const N = 100_000;
  it('saturatingRoundingDoublingHighMul', () => {
    const rng = seededRng(1);
    let bad = 0;
    for (let i = 0; i < N; i++) {
      const a = int32Sample(rng);
      const b = int32Sample(rng);
      if (saturatingRoundingDoublingHighMul(a, b) !== srdhmC(a, b)) bad++;
    }
    for (const a of EDGES) for (const b of EDGES) expect(saturatingRoundingDoublingHighMul(a, b)).toBe(srdhmC(a, b));
    expect(bad).toBe(0);
  });
  it('roundingDivideByPOT, exponent 0..31', () => {
    const rng = seededRng(2);
    let bad = 0;
    for (let i = 0; i < N; i++) {
      const x = int32Sample(rng);
      const e = rng.int(0, 31);
      if (roundingDivideByPOT(x, e) !== rdbpotC(x, e)) bad++;
    }
    for (const x of EDGES) for (let e = 0; e <= 31; e++) expect(roundingDivideByPOT(x, e)).toBe(rdbpotC(x, e));
    expect(bad).toBe(0);
  });
  it('multiplyByQuantizedMultiplier, shift -31..30, any int32 multiplier', () => {
    const rng = seededRng(3);
    let bad = 0;
    for (let i = 0; i < N; i++) {
      const x = int32Sample(rng);
      const m = rng.next() < 0.7 ? rng.int(1 << 30, MAX) : int32Sample(rng);
      const s = rng.int(-31, 30);
      if (multiplyByQuantizedMultiplier(x, m, s) !== mbqmC(x, m, s)) bad++;
    }
    expect(bad).toBe(0);
  });
  it('multiplyByQuantizedMultiplierRightShift (shift <= 0, multiplier >= 0) equals the C code and the general path', () => {
    const rng = seededRng(4);
    const mEdges = [0, 1, 2, 65535, 65536, 1 << 30, (1 << 30) + 1, MAX - 1, MAX];
    let bad = 0;
    for (let i = 0; i < N; i++) {
      const x = int32Sample(rng);
      const r = rng.next();
      const m = r < 0.6 ? rng.int(1 << 30, MAX) : r < 0.8 ? rng.int(0, MAX) : mEdges[rng.int(0, mEdges.length - 1)]!;
      const e = rng.int(0, 31);
      const got = multiplyByQuantizedMultiplierRightShift(x, m, e);
      if (got !== mbqmC(x, m, -e) || got !== multiplyByQuantizedMultiplier(x, m, -e)) bad++;
    }
    for (const x of EDGES) {
      for (const m of mEdges) for (let e = 0; e <= 31; e++) expect(multiplyByQuantizedMultiplierRightShift(x, m, e)).toBe(mbqmC(x, m, -e));
    }
    expect(bad).toBe(0);
  });
});

/** TFLite's TFLITE_SINGLE_ROUNDING MultiplyByQuantizedMultiplier in int64 (BigInt), saturated. */
function singleRoundingC(x: number, m: number, shift: number): number {
  const total = BigInt(31 - shift);
  const y = (BigInt(x) * BigInt(m) + (1n << (total - 1n))) >> total;
  return Number(y < -2147483648n ? -2147483648n : y > 2147483647n ? 2147483647n : y);
}

describe('single rounding (TFLITE_SINGLE_ROUNDING)', () => {
  it('the published and derived vectors', () => {
    expect(multiplyByQuantizedMultiplierSingleRounding(-2, 1073741824, -1)).toBe(0);
    expect(multiplyByQuantizedMultiplierSingleRounding(1000, MAX, -4)).toBe(62);
    expect(multiplyByQuantizedMultiplierSingleRounding(-1000, MAX, -4)).toBe(-62);
    // ties round toward +infinity: 0.5 -> 1, -0.5 -> 0, -1.5 -> -1
    expect(multiplyByQuantizedMultiplierSingleRounding(1, 1 << 30, 0)).toBe(1);
    expect(multiplyByQuantizedMultiplierSingleRounding(-1, 1 << 30, 0)).toBe(0);
    expect(multiplyByQuantizedMultiplierSingleRounding(-3, 1 << 30, 0)).toBe(-1);
    // ruy's (single-rounding) vectors: 563, -562, 1000, -500
    expect(multiplyByQuantizedMultiplierSingleRounding(1000, (1 << 30) + (1 << 27), 0)).toBe(563);
    expect(multiplyByQuantizedMultiplierSingleRounding(-1000, (1 << 30) + (1 << 27), 0)).toBe(-562);
    expect(multiplyByQuantizedMultiplierSingleRounding(1000, MAX, 0)).toBe(1000);
    expect(multiplyByQuantizedMultiplierSingleRounding(-1000, 1 << 30, 0)).toBe(-500);
    // saturates instead of wrapping
    expect(multiplyByQuantizedMultiplierSingleRounding(MAX, MAX, 30)).toBe(MAX);
    expect(multiplyByQuantizedMultiplierSingleRounding(MIN, MAX, 30)).toBe(MIN);
    expect(requantizeWithRounding(-2, 1073741824, -1, 'double')).toBe(-1);
    expect(requantizeWithRounding(-2, 1073741824, -1, 'single')).toBe(0);
  });
  it('equals the int64 formula on 300k random (x, M, shift), every shift in [-31, 30]', () => {
    const rng = seededRng(31);
    let bad = 0;
    let differsFromDouble = 0;
    for (let i = 0; i < 300_000; i++) {
      const x = int32Sample(rng);
      const m = i % 7 === 0 ? EDGES[rng.int(0, EDGES.length - 1)]! & MAX : rng.int(0, MAX);
      const shift = i % 3 === 0 ? rng.int(-31, 30) : rng.int(-14, 0);
      const got = multiplyByQuantizedMultiplierSingleRounding(x, m, shift);
      if (got !== singleRoundingC(x, m, shift)) bad++;
      if (shift <= 0 && got !== multiplyByQuantizedMultiplier(x, m, shift)) differsFromDouble++;
    }
    expect(bad).toBe(0);
    expect(differsFromDouble).toBeGreaterThan(0);
  });
});
