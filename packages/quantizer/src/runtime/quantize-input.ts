import { roundHalfAwayFromZero } from './rounding.js';

/**
 * TFLM QUANTIZE (AffineQuantize) for one float32 value: `roundf(value / scale) + zeroPoint` with the
 * division in float32, rounded half away from zero, clamped to [-128, 127]. NaN maps to the zero point.
 */
export function quantizeValueInt8(value: number, scale: number, zeroPoint: number): number {
  const q = Math.fround(Math.fround(value) / Math.fround(scale));
  if (q !== q) return zeroPoint;
  const r = roundHalfAwayFromZero(q) + zeroPoint;
  return r < -128 ? -128 : r > 127 ? 127 : r;
}

/** Dequantize one int8 value: `scale * (q - zeroPoint)` as a float32 (TFLM DEQUANTIZE). */
export function dequantizeValue(q: number, scale: number, zeroPoint: number): number {
  return Math.fround(Math.fround(scale) * (q - zeroPoint));
}
