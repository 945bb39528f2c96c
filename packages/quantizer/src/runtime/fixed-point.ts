/**
 * gemmlowp / TFLM fixed-point primitives, int32 semantics as the C code on the device.
 * Arguments are int32 values (numbers); results are int32 values.
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_16 = 65536;
const TWO_15 = 32768;
const TWO_30 = 1073741824;
const TWO_31 = 2147483648;

/**
 * SaturatingRoundingDoublingHighMul(a, b): the high 32 bits of 2*a*b, rounded half up
 * (`floor((a*b + 2^30) / 2^31)`), INT32_MAX for (INT32_MIN, INT32_MIN). Exact without BigInt:
 * the 62-bit product is split into 16-bit halves so every partial sum stays below 2^53.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const al = a & 0xffff;
  const ah = a >> 16;
  const bl = b & 0xffff;
  const bh = b >> 16;
  // a*b = ah*bh*2^32 + mid*2^16 + al*bl
  const mid = ah * bl + al * bh;
  const midHigh = Math.floor(mid / TWO_15);
  const midLow = mid - midHigh * TWO_15; // in [0, 2^15)
  const rest = midLow * TWO_16 + al * bl + TWO_30; // in [0, 2^34)
  return 2 * (ah * bh) + midHigh + Math.floor(rest / TWO_31);
}

/**
 * RoundingDivideByPOT(x, exponent): x / 2^exponent rounded to nearest, ties away from zero
 * (gemmlowp's remainder/threshold rule). exponent in [0, 31].
 */
export function roundingDivideByPOT(x: number, exponent: number): number {
  const mask = exponent >= 31 ? INT32_MAX : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * MultiplyByQuantizedMultiplier(x, multiplier, shift), TFLM's default double rounding:
 * `RDBPOT(SRDHM(x * 2^max(shift,0), M), max(-shift,0))`. The left shift is a wrapping int32
 * multiply as on the device. shift in [-31, 31].
 */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const leftShift = shift > 0 ? shift : 0;
  const rightShift = shift > 0 ? 0 : -shift;
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(Math.imul(x, 1 << leftShift), multiplier), rightShift);
}

/**
 * MultiplyByQuantizedMultiplier specialised for the common case `shift <= 0` with a non-negative
 * multiplier (every multiplier below 1, i.e. every valid int8 FC layer): equal to
 * `multiplyByQuantizedMultiplier(x, multiplier, -rightShift)` for x int32, multiplier in
 * [0, 2^31), rightShift in [0, 31]. No saturation case (it needs a negative multiplier), no left
 * shift; the 62-bit product is split at the multiplier's 16-bit halves so every term is exact.
 */
export function multiplyByQuantizedMultiplierRightShift(x: number, multiplier: number, rightShift: number): number {
  // x*M + 2^30 = q*2^31 + (r*2^16 + x*mLow + 2^30), with x*mHigh = q*2^15 + r, r in [0, 2^15)
  const p = x * (multiplier >>> 16); // |p| < 2^46
  const q = Math.floor(p / TWO_15);
  const t = (p - q * TWO_15) * TWO_16 + x * (multiplier & 0xffff) + TWO_30; // |t| < 2^48
  const high = q + Math.floor(t / TWO_31); // SRDHM(x, M), an int32
  const mask = rightShift >= 31 ? INT32_MAX : (1 << rightShift) - 1;
  const threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (high >> rightShift) + ((high & mask) > threshold ? 1 : 0);
}

/**
 * The two requantization roundings of TFLite's MultiplyByQuantizedMultiplier (int32 x, Q31 M, shift):
 * - `'double'` (TFLite Micro, ESP-NN, CMSIS-NN default; the device):
 *   `RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * 2^max(shift,0), M), max(-shift,0))`.
 * - `'single'` (TFLite built with TFLITE_SINGLE_ROUNDING, CMSIS_NN_USE_SINGLE_ROUNDING):
 *   `(x * M + 2^(30 - shift)) >> (31 - shift)` in int64 (arithmetic shift: ties round up),
 *   saturated to int32.
 */
export type QRounding = 'double' | 'single';


/**
 * MultiplyByQuantizedMultiplier with TFLITE_SINGLE_ROUNDING: `total = 31 - shift`,
 * `y = (x * (int64)M + 2^(total-1)) >> total` (floor shift, so ties round toward +infinity), then
 * saturated to [INT32_MIN, INT32_MAX] (TFLite only DCHECKs the range; a valid layer never reaches
 * it). Requires M >= 0 and shift in [-31, 30] as TFLite does. Exact: the 62-bit product is split at
 * M's 16-bit halves (no BigInt) for 16 <= total <= 52, BigInt otherwise.
 */
export function multiplyByQuantizedMultiplierSingleRounding(x: number, multiplier: number, shift: number): number {
  const total = 31 - shift;
  let y: number;
  if (total >= 16 && total <= 52) {
    // x*M + 2^(total-1) = q*2^total + rest, with x*mHigh = q*2^(total-16) + pr, pr in [0, 2^(total-16))
    const t16 = 2 ** (total - 16);
    const p = x * (multiplier >>> 16); // |p| < 2^47
    const q = Math.floor(p / t16);
    const rest = (p - q * t16) * TWO_16 + x * (multiplier & 0xffff) + 2 ** (total - 1); // |rest| < 2^53
    y = q + Math.floor(rest / 2 ** total);
  } else {
    y = Number((BigInt(x) * BigInt(multiplier) + (1n << BigInt(total - 1))) >> BigInt(total));
  }
  return y < INT32_MIN ? INT32_MIN : y > INT32_MAX ? INT32_MAX : y;
}

/** MultiplyByQuantizedMultiplier with the given rounding (see {@link QRounding}). */
export function requantizeWithRounding(x: number, multiplier: number, shift: number, rounding: QRounding): number {
  return rounding === 'single' ? multiplyByQuantizedMultiplierSingleRounding(x, multiplier, shift) : multiplyByQuantizedMultiplier(x, multiplier, shift);
}
