import { QuantizerError } from './errors.js';
import type { QuantizedMultiplier } from './quantize-multiplier.js';
import { quantizeMultiplier } from './quantize-multiplier.js';

/**
 * TFLM PreprocessSoftmaxScaling (double-rounding build): the input multiplier of an int8 SOFTMAX,
 * `quantizeMultiplier(min(beta * inputScale * 2^(31 - inputIntegerBits), 2^31 - 1))`, shift >= 0.
 * The int8 model never runs softmax (argmax decides); this is the Prepare step of a future port.
 */
export function preprocessSoftmaxScaling(beta: number, inputScale: number, inputIntegerBits: number): QuantizedMultiplier {
  if (!Number.isInteger(inputIntegerBits) || inputIntegerBits < 0 || inputIntegerBits > 31) {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be an integer in [0, 31], got ${String(inputIntegerBits)}`, { field: 'inputIntegerBits' });
  }
  const real = Math.min(beta * inputScale * 2 ** (31 - inputIntegerBits), 2147483647);
  if (!(real > 1)) throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `beta * inputScale * 2^(31 - bits) must exceed 1, got ${real}`, { field: 'beta' });
  return quantizeMultiplier(real);
}

/**
 * TFLM CalculateInputRadius: floor((2^bits - 1) * 2^(totalSignedBits - bits) / 2^leftShift), the
 * largest input difference a fixed-point SOFTMAX/LOGISTIC still resolves.
 */
export function calculateInputRadius(inputIntegerBits: number, inputLeftShift: number, totalSignedBits = 31): number {
  return Math.floor(((2 ** inputIntegerBits - 1) * 2 ** (totalSignedBits - inputIntegerBits)) / 2 ** inputLeftShift);
}
