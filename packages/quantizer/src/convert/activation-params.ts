import type { QTensorParams } from '../runtime/index.js';

/** Result of choosing asymmetric int8 parameters for a calibrated range. */
export interface ActivationParams extends QTensorParams {
  /** true when the range was empty (max == min == 0) and a unit range [0, 1] was substituted. */
  degenerate: boolean;
}

/**
 * Asymmetric int8 parameters for an activation range, as the TFLite converter's
 * GetAsymmetricQuantizationParams computes them, every step in float32:
 * min = min(min, 0), max = max(max, 0); scale = (max - min) / 255;
 * zp_from_min = -128 - min / scale; zp = clamp to [-128, 127], else round half away from zero.
 * A zero range (scale 0, which the device cannot use) is replaced by [0, 1] and flagged.
 */
export function chooseActivationParams(rangeMin: number, rangeMax: number): ActivationParams {
  let min = Math.min(Math.fround(rangeMin), 0);
  let max = Math.max(Math.fround(rangeMax), 0);
  let degenerate = false;
  if (max - min === 0) {
    min = 0;
    max = 1;
    degenerate = true;
  }
  const scale = Math.fround(Math.fround(max - min) / 255);
  const zpFromMin = Math.fround(-128 - Math.fround(min / scale));
  let zeroPoint: number;
  if (zpFromMin < -128) zeroPoint = -128;
  else if (zpFromMin > 127) zeroPoint = 127;
  else {
    const t = Math.trunc(zpFromMin);
    zeroPoint = Math.abs(zpFromMin - t) >= 0.5 ? t + Math.sign(zpFromMin) : t;
  }
  return { scale, zeroPoint, degenerate };
}
