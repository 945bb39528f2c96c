import { EmulatorError } from '../errors.js';
import type { Rng } from '../rng.js';
import { ZigguratNormal } from '../ziggurat.js';

/**
 * LSM6DS3TR-C accelerometer + gyroscope model. Every number is from the datasheet
 * (ST DocID030071 Rev 3) as summarised in hardware.md section 1:
 * sensitivities p21 Table 3, ODRs p22/p61-62, noise densities p21-22, offsets p21.
 */

export const STANDARD_GRAVITY = 9.80665;

/** Accelerometer full-scale ranges (g) and sensitivity (mg/LSB), DS p21 Table 3. */
export const ACCEL_SENSITIVITY_MG: Readonly<Record<number, number>> = { 2: 0.061, 4: 0.122, 8: 0.244, 16: 0.488 };
/** Gyroscope full-scale ranges (dps) and sensitivity (mdps/LSB), DS p21 Table 3. */
export const GYRO_SENSITIVITY_MDPS: Readonly<Record<number, number>> = { 125: 4.375, 250: 8.75, 500: 17.5, 1000: 35, 2000: 70 };
export const ACCEL_RANGES_G: readonly number[] = [2, 4, 8, 16];
export const GYRO_RANGES_DPS: readonly number[] = [125, 250, 500, 1000, 2000];
/**
 * Output data rates (Hz), DS p61 Table 52 / p62 Table 55. 1.6 Hz exists for the accelerometer
 * in low-power mode only: at 1.6 Hz the gyroscope is powered down and reads raw 0.
 */
export const IMU_RATES_HZ: readonly number[] = [1.6, 12.5, 26, 52, 104, 208, 416, 833, 1666, 3332, 6664];

/** Accel noise density in high-performance mode, ug/sqrt(Hz) (DS p21): 90 for +-2/4/8 g, 130 for +-16 g. */
export const ACCEL_NOISE_DENSITY_UG: Readonly<Record<number, number>> = { 2: 90, 4: 90, 8: 90, 16: 130 };
/** Accel RMS noise in low-power/normal mode (BW = ODR/2), mg (DS p22). Used at 1.6 Hz (LP only). */
export const ACCEL_LP_RMS_MG: Readonly<Record<number, number>> = { 2: 1.7, 4: 2.0, 8: 2.4, 16: 3.0 };
/** Gyro rate noise density in high-performance mode, mdps/sqrt(Hz) (DS p22). */
export const GYRO_NOISE_DENSITY_MDPS = 5;
/** Typical zero-g offset +-40 mg and zero-rate level +-3 dps (DS p21). */
export const ACCEL_OFFSET_SPEC_MG = 40;
export const GYRO_OFFSET_SPEC_DPS = 3;
/** Per-board bias spread (1 sigma) drawn inside the typical spec (hardware.md 1.3 judgement call). */
export const ACCEL_BIAS_SIGMA_MG = 20;
export const GYRO_BIAS_SIGMA_DPS = 1;

/** Accelerometer output data rates (Hz): 1.6 is low-power only (DS p61 Table 52). */
export const ACCEL_RATES_HZ: readonly number[] = IMU_RATES_HZ;
/** Gyroscope output data rates (Hz), DS p62 Table 55. */
export const GYRO_RATES_HZ: readonly number[] = IMU_RATES_HZ.filter((r) => r !== 1.6);

export type ImuPart = 'accelerometer' | 'gyroscope';

/** Configuration of one LSM6DS3TR-C part: rate (Hz) and full-scale range (g or dps). */
export interface ImuPartConfig {
  rateHz: number;
  range: number;
}

/** The kit's CircuitPython driver: 104 Hz, +-4 g, +-250 dps (hardware.md 1.8). */
export const DEFAULT_ACCEL_CONFIG: Readonly<ImuPartConfig> = { rateHz: 104, range: 4 };
export const DEFAULT_GYRO_CONFIG: Readonly<ImuPartConfig> = { rateHz: 104, range: 250 };

/** m/s^2 per LSB for an accel range (g). */
export function accelLsb(rangeG: number): number {
  const s = ACCEL_SENSITIVITY_MG[rangeG];
  if (s === undefined) throw unsupportedRange('accelerometer.range', rangeG, ACCEL_RANGES_G);
  return s * 1e-3 * STANDARD_GRAVITY;
}

/** rad/s per LSB for a gyro range (dps): the driver computes radians(raw * mdps / 1000). */
export function gyroLsb(rangeDps: number): number {
  const s = GYRO_SENSITIVITY_MDPS[rangeDps];
  if (s === undefined) throw unsupportedRange('gyroscope.range', rangeDps, GYRO_RANGES_DPS);
  return ((s / 1000) * Math.PI) / 180;
}

function unsupportedRange(field: string, value: unknown, supported: readonly number[]): EmulatorError {
  return new EmulatorError('EMU_ERR_UNSUPPORTED_RANGE', `${field}: ${String(value)} is not supported; supported: ${supported.join(', ')}`, field, {
    supported: [...supported],
  });
}

export function unsupportedRate(field: string, value: unknown, supported: readonly number[], what: string): EmulatorError {
  return new EmulatorError(
    'EMU_ERR_UNSUPPORTED_RATE',
    `${field}: ${String(value)} Hz is not supported by the ${what}; supported: ${supported.join(', ')} Hz`,
    field,
    { supported: [...supported] },
  );
}

/** Checks a part configuration, throwing EMU_ERR_UNSUPPORTED_RATE / _RANGE naming the field. */
export function validateImuPartConfig(part: ImuPart, c: ImuPartConfig): ImuPartConfig {
  const rates = part === 'accelerometer' ? ACCEL_RATES_HZ : GYRO_RATES_HZ;
  if (typeof c.rateHz !== 'number' || !rates.includes(c.rateHz)) {
    throw unsupportedRate(`${part}.rateHz`, c.rateHz, rates, `LSM6DS3TR-C ${part}`);
  }
  if (part === 'accelerometer') accelLsb(c.range);
  else gyroLsb(c.range);
  return { rateHz: c.rateHz, range: c.range };
}

/** SI units per LSB for a part at a range. */
export function imuLsb(part: ImuPart, range: number): number {
  return part === 'accelerometer' ? accelLsb(range) : gyroLsb(range);
}

/**
 * White-noise sigma per axis in SI units (m/s^2 or rad/s) for a configuration: noise density x
 * sqrt(bandwidth) with the bandwidth ODR/2 (high-performance mode, the driver's default); at
 * 1.6 Hz (accelerometer low-power only) the datasheet's LP RMS figure.
 */
export function imuNoiseSigma(part: ImuPart, c: ImuPartConfig): number {
  if (part === 'accelerometer') {
    if (c.rateHz === 1.6) return ACCEL_LP_RMS_MG[c.range]! * 1e-3 * STANDARD_GRAVITY;
    return ACCEL_NOISE_DENSITY_UG[c.range]! * 1e-6 * STANDARD_GRAVITY * Math.sqrt(c.rateHz / 2);
  }
  return ((GYRO_NOISE_DENSITY_MDPS * 1e-3 * Math.PI) / 180) * Math.sqrt(c.rateHz / 2);
}

/** Per-board constant offsets in SI units: 3 for the accelerometer (m/s^2) or gyroscope (rad/s). */
export function drawImuBias(part: ImuPart, rng: Rng): Float64Array {
  const b = new Float64Array(3);
  const [sigma, max] =
    part === 'accelerometer'
      ? [ACCEL_BIAS_SIGMA_MG * 1e-3 * STANDARD_GRAVITY, ACCEL_OFFSET_SPEC_MG * 1e-3 * STANDARD_GRAVITY]
      : [(GYRO_BIAS_SIGMA_DPS * Math.PI) / 180, (GYRO_OFFSET_SPEC_DPS * Math.PI) / 180];
  for (let i = 0; i < 3; i++) b[i] = Math.max(-max, Math.min(max, rng.normal() * sigma));
  return b;
}

/** Per-call fault state applied by the sensor. */
export interface SensorFaultState {
  /** Noise sigma multiplier (noise burst); 1 = none. */
  noiseGain: number;
  /** Force every axis to its rail (sign of the true value). */
  saturate: boolean;
  /** Axis index held at its last raw value, or -1. */
  stuckAxis: number;
}

/**
 * One part of the LSM6DS3TR-C (accelerometer or gyroscope): turns the true specific force (m/s^2)
 * or angular rate (rad/s), board frame, into the raw int16 register values: bias + white noise,
 * rounding to the LSB grid, clipping at the rails. Allocation-free per call.
 */
export class Lsm6ds3trcPart {
  private cfg: ImuPartConfig;
  private lsbSi = 0;
  private sigmaLsb = 0;
  private readonly lastRaw = new Int16Array(3);
  private readonly gauss: ZigguratNormal;

  constructor(
    readonly part: ImuPart,
    private readonly rng: Rng,
    readonly bias: Float64Array,
    config?: ImuPartConfig,
  ) {
    this.gauss = new ZigguratNormal(rng);
    this.cfg = validateImuPartConfig(part, config ?? (part === 'accelerometer' ? DEFAULT_ACCEL_CONFIG : DEFAULT_GYRO_CONFIG));
    this.recompute();
  }

  get config(): ImuPartConfig {
    return { ...this.cfg };
  }

  /** SI units per LSB at the current range. */
  get lsb(): number {
    return this.lsbSi;
  }

  /** Noise sigma in SI units at the current configuration. */
  get noiseSigma(): number {
    return imuNoiseSigma(this.part, this.cfg);
  }

  configure(config: Partial<ImuPartConfig>): ImuPartConfig {
    this.cfg = validateImuPartConfig(this.part, { ...this.cfg, ...config });
    this.recompute();
    return this.config;
  }

  private recompute(): void {
    this.lsbSi = imuLsb(this.part, this.cfg.range);
    this.sigmaLsb = imuNoiseSigma(this.part, this.cfg) / this.lsbSi;
  }

  /**
   * Converts `n` samples of truth (x, y, z at `truth[truthOffset + k * truthStride]`; stride 0 for
   * a constant truth) into raw int16 written to `out` at `outOffset` (3 per sample). `clean`:
   * no bias and no noise (the noise generator is still drawn from, so the stream stays in step).
   */
  sample(truth: Float64Array, truthOffset: number, truthStride: number, n: number, out: Int16Array, outOffset: number, fault?: SensorFaultState, clean = false): void {
    // clean (a replayed recording that already carries its own sensor's noise and bias): the LSB
    // grid and the rails only
    const sig = clean ? 0 : this.sigmaLsb * (fault ? fault.noiseGain : 1);
    const inv = 1 / this.lsbSi;
    const b0 = clean ? 0 : this.bias[0]! * inv;
    const b1 = clean ? 0 : this.bias[1]! * inv;
    const b2 = clean ? 0 : this.bias[2]! * inv;
    // the deviates in one batch (written to a typed array: no boxed numbers in the loop), in one
    // scratch buffer for every part (it stays in the cache however many boards take turns)
    if (noise.length < 3 * n) noise = new Float64Array(Math.max(3 * n, 2 * noise.length));
    const z = noise;
    this.gauss.fill(z, 3 * n);
    let ti = truthOffset;
    let oi = outOffset;
    if (fault === undefined) {
      // the common case, kept free of fault checks. Clipping to the int16 rails before rounding
      // gives what q16 gives (rounding never crosses a rail; NaN stays NaN and stores as 0)
      for (let k = 0, zi = 0; k < n; k++, zi += 3) {
        let x = truth[ti]! * inv + b0 + sig * z[zi]!;
        out[oi] = Math.round(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
        x = truth[ti + 1]! * inv + b1 + sig * z[zi + 1]!;
        out[oi + 1] = Math.round(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
        x = truth[ti + 2]! * inv + b2 + sig * z[zi + 2]!;
        out[oi + 2] = Math.round(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
        ti += truthStride;
        oi += 3;
      }
    } else {
      for (let k = 0; k < n; k++) {
        out[oi] = q16(truth[ti]! * inv + b0 + sig * z[3 * k]!);
        out[oi + 1] = q16(truth[ti + 1]! * inv + b1 + sig * z[3 * k + 1]!);
        out[oi + 2] = q16(truth[ti + 2]! * inv + b2 + sig * z[3 * k + 2]!);
        if (fault.saturate) for (let a = 0; a < 3; a++) out[oi + a] = truth[ti + a]! < 0 ? -32768 : 32767;
        if (fault.stuckAxis >= 0 && fault.stuckAxis < 3) out[oi + fault.stuckAxis] = this.lastRaw[fault.stuckAxis]!;
        ti += truthStride;
        oi += 3;
      }
    }
    if (n > 0) for (let a = 0; a < 3; a++) this.lastRaw[a] = out[oi - 3 + a]!;
  }
}

/** Scratch of Lsm6ds3trcPart.sample: the noise deviates of one call (used within the call only). */
let noise = new Float64Array(3 * 1024);

/** Rounds to the nearest integer and clips to the int16 rails. */
function q16(x: number): number {
  const r = Math.round(x);
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}
