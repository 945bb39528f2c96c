import type { Rng } from '../rng.js';

/**
 * APDS-9930 proximity as the kit's driver reports it (hardware.md section 2).
 * The driver sets PPULSE = 8, PDRIVE = 100 mA, PGAIN = 8x, PTIME = 0xFF (10-bit, full scale 1023
 * counts) and returns PDATA / 8: 0 .. 127.875 in steps of 0.125.
 * Fall-off (DS p11 Fig. 11, fitted in hardware.md): counts ~ C0 + A * rho / d^2 with
 * A ~ 7e4 counts cm^2 per unit reflectance at 4x gain, so 1.4e5 at the driver's 8x gain.
 * One proximity cycle is 2.73 + 0.128 + 2.73 + 2.73 + 2.73 + 2.73 ms (DS p13) = 13.778 ms: ~72.58 Hz.
 */
export const PROXIMITY_FULL_SCALE = 1023;
export const PROXIMITY_GAIN = 8;
export const PROXIMITY_LSB = 1 / PROXIMITY_GAIN;
export const PROXIMITY_CYCLE_MS = 2.73 * 5 + 8 * 0.016;
export const PROXIMITY_RATE_HZ = 1000 / PROXIMITY_CYCLE_MS;
/** counts * cm^2 per unit reflectance at PGAIN 8x, 8 pulses, 100 mA. */
export const PROXIMITY_FALLOFF_A = 2 * 7e4;
/** Noise sigma in raw counts (judgement: a few counts, growing slightly with the signal). */
export const PROXIMITY_NOISE_COUNTS = 1.5;
export const PROXIMITY_NOISE_REL = 0.01;
/** Below this distance (cm) the signal collapses towards 0 (object touching the window, DS Fig. 11 18 % card). */
export const PROXIMITY_CONTACT_CM = 1;

export interface ProximityFault {
  noiseGain: number;
  saturate: boolean;
  stuck: boolean;
}

export class Apds9930 {
  private last = 0;

  /** `baseline`: the board's no-object offset in raw counts (crosstalk), drawn per board. */
  constructor(
    private readonly rng: Rng,
    readonly baseline: number,
  ) {}

  /** Expected raw counts (no noise, not clipped) for a target at `distanceCm` with reflectance `rho`. */
  static expectedCounts(distanceCm: number, rho: number, baseline = 0): number {
    if (!Number.isFinite(distanceCm)) return baseline;
    const d = Math.max(distanceCm, PROXIMITY_CONTACT_CM);
    let signal = (PROXIMITY_FALLOFF_A * rho) / (d * d);
    if (distanceCm < PROXIMITY_CONTACT_CM) signal *= Math.max(0, distanceCm) / PROXIMITY_CONTACT_CM;
    return baseline + signal;
  }

  /**
   * Writes `n` raw PDATA readings (integers 0..1023) for the distances in `distanceCm`
   * (cm, Infinity = no object) into `out`.
   */
  sample(distanceCm: Float64Array, rho: number, n: number, out: Int16Array, outOffset: number, fault?: ProximityFault): void {
    const gain = fault ? fault.noiseGain : 1;
    for (let k = 0; k < n; k++) {
      const mu = Apds9930.expectedCounts(distanceCm[k]!, rho, this.baseline);
      const sigma = gain * (PROXIMITY_NOISE_COUNTS + PROXIMITY_NOISE_REL * Math.min(mu, PROXIMITY_FULL_SCALE));
      let r = Math.round(mu + sigma * this.rng.normal());
      if (r < 0) r = 0;
      if (r > PROXIMITY_FULL_SCALE) r = PROXIMITY_FULL_SCALE;
      if (fault?.saturate) r = PROXIMITY_FULL_SCALE;
      if (fault?.stuck) r = this.last;
      out[outOffset + k] = r;
      this.last = r;
    }
  }
}

/** Driver value (what `apds.proximity` returns) for a raw count. */
export function proximityValue(raw: number): number {
  return raw / PROXIMITY_GAIN;
}
