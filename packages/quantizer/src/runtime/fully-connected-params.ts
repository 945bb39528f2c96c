import type { QRounding } from './fixed-point.js';

/** The TFLM / ESP-NN FULLY_CONNECTED int8 parameter set (a leaf module: types only). */
export interface FullyConnectedParams {
  /** -input_zero_point */
  inputOffset: number;
  /** -weights_zero_point (0 for TFLite int8 weights) */
  filterOffset: number;
  /** +output_zero_point */
  outputOffset: number;
  /** Q31 multiplier: one number (per-tensor) or one per output channel. */
  outputMultiplier: number | ArrayLike<number>;
  /** Shift (positive = left): one number or one per output channel. */
  outputShift: number | ArrayLike<number>;
  activationMin: number;
  activationMax: number;
  /** Row length (accum depth). */
  inputDepth: number;
  /** Output units. */
  outputDepth: number;
  /** Requantization rounding (default 'double', the device's): see QRounding. */
  rounding?: QRounding;
}
