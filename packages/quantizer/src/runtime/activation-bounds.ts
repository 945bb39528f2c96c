import { roundHalfAwayFromZero } from './rounding.js';

/** Fused activations the int8 FULLY_CONNECTED supports as clamp bounds. */
export type QActivation = 'none' | 'relu' | 'relu6';

/**
 * TFLM CalculateActivationRangeQuantized for int8: NONE [-128,127]; RELU [max(-128, zp), 127];
 * RELU6 [max(-128, zp), min(127, zp + roundf(6.0f / scale))] with the division in float32.
 */
export function activationBounds(activation: QActivation, outputScale: number, outputZeroPoint: number): { min: number; max: number } {
  if (activation === 'none') return { min: -128, max: 127 };
  const min = Math.max(-128, outputZeroPoint);
  if (activation === 'relu') return { min, max: 127 };
  const six = roundHalfAwayFromZero(Math.fround(6 / Math.fround(outputScale)));
  return { min, max: Math.min(127, outputZeroPoint + six) };
}
