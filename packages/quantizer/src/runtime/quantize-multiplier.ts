import { QuantizerError } from './errors.js';
import { roundHalfAwayFromZero } from './rounding.js';

/** A real multiplier as the device stores it: real ~= multiplier * 2^(shift - 31). */
export interface QuantizedMultiplier {
  multiplier: number;
  shift: number;
}

const TWO_31 = 2147483648;
const frexpView = new DataView(new ArrayBuffer(8));

/**
 * C `frexp` from the IEEE-754 bits: value = mantissa * 2^exponent with |mantissa| in [0.5, 1).
 * Exact for every finite double, subnormals included. frexp(0) = { 0, 0 }.
 */
export function frexp(value: number): { mantissa: number; exponent: number } {
  if (value === 0 || !Number.isFinite(value)) return { mantissa: value, exponent: 0 };
  frexpView.setFloat64(0, value);
  const hi = frexpView.getUint32(0);
  let biased = (hi >>> 20) & 0x7ff;
  let adjust = 0;
  if (biased === 0) {
    // subnormal: scale up by 2^64 (exact), then read again
    frexpView.setFloat64(0, value * 18446744073709551616);
    biased = (frexpView.getUint32(0) >>> 20) & 0x7ff;
    adjust = -64;
  }
  // set the biased exponent to 1022 so the magnitude is in [0.5, 1)
  const h = frexpView.getUint32(0);
  frexpView.setUint32(0, (h & 0x800fffff) | (1022 << 20));
  return { mantissa: frexpView.getFloat64(0), exponent: biased - 1022 + adjust };
}

/**
 * TFLM QuantizeMultiplier(double): frexp, Q31 mantissa rounded half away from zero, the
 * 2^31 -> 2^30 fix-up (shift + 1) and the flush of multipliers below ~2^-32 to (0, 0).
 * Negative reals give negative multipliers (allowed under double rounding); as in the C code only
 * the positive 2^31 is fixed up.
 */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (typeof real !== 'number' || !Number.isFinite(real)) {
    throw new QuantizerError('QUANT_ERR_NON_FINITE_MULTIPLIER', `must be a finite number, got ${String(real)}`, { field: 'real' });
  }
  if (real === 0) return { multiplier: 0, shift: 0 };
  const { mantissa, exponent } = frexp(real);
  let shift = exponent;
  let qFixed = roundHalfAwayFromZero(mantissa * TWO_31);
  if (qFixed === TWO_31) {
    qFixed /= 2;
    shift += 1;
  }
  if (shift < -31) {
    shift = 0;
    qFixed = 0;
  }
  return { multiplier: qFixed, shift };
}

/**
 * The FULLY_CONNECTED output multiplier exactly as TFLM's Prepare computes it from float32 scales.
 * Per-tensor (`perChannel` false): (double)(float32)(sIn * sW) / (double)sOut.
 * Per-channel: (double)sIn * (double)sW / (double)sOut.
 */
export function fullyConnectedRealMultiplier(inputScale: number, weightScale: number, outputScale: number, perChannel: boolean): number {
  const sIn = Math.fround(inputScale);
  const sW = Math.fround(weightScale);
  const sOut = Math.fround(outputScale);
  return perChannel ? (sIn * sW) / sOut : Math.fround(sIn * sW) / sOut;
}
