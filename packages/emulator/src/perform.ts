import { PROXIMITY_LSB, PROXIMITY_RATE_HZ } from './sensors/apds9930.js';
import { createBoardSensors } from './sensors/board-sensors.js';
import { EmulatorError } from './errors.js';
import { createGestureMotion } from './motion/gesture-motion.js';
import type { GestureMotion } from './motion/gesture-motion.js';
import { assertGestureName } from './motion/registry.js';
import type { GestureName } from './motion/registry.js';
import type { GestureParams } from './motion/shape.js';
import type { ImuPartConfig } from './sensors/lsm6ds3trc.js';
import { motionDistanceAt, sampleMotionTruth } from './motion.js';
import { personStyle } from './motion/person-style.js';
import { createRng, hashString, mixSeeds } from './rng.js';

export type TrackSensor = 'accelerometer' | 'gyroscope' | 'proximity';

/** Raw samples of one sensor: `raw[k * axes.length + a]`, value in SI units = raw * scale. */
export interface SensorTrack {
  readonly sensor: TrackSensor;
  readonly axes: readonly string[];
  readonly rateHz: number;
  readonly intervalMs: number;
  readonly count: number;
  /** Time of the first sample relative to the recording start, ms (= intervalMs). */
  readonly firstSampleMs: number;
  readonly raw: Int16Array;
  readonly scale: number;
}

/** The quantizer runtime's `SensorRecording` shape (docs/architecture.md section 3). */
export interface SensorRecordingLike {
  label?: string;
  intervalMs: number;
  axes: string[];
  values: number[][];
}

export interface GestureRecording {
  readonly gesture: GestureName;
  readonly label: string;
  readonly person: number;
  readonly seed: number;
  readonly durationMs: number;
  /** When the gesture starts and how long it lasts inside the recording, ms. */
  readonly onsetMs: number;
  readonly gestureMs: number;
  readonly accelerometer: SensorTrack;
  readonly gyroscope: SensorTrack;
  readonly proximity: SensorTrack;
  /** Values in SI units for the quantizer's `extractFeatures` (imu: ax ay az gx gy gz). */
  toSensorRecording(group: 'imu' | 'proximity'): SensorRecordingLike;
}

export interface PerformOptions {
  /** Simulated person (style), integer >= 0. Default 0. */
  person?: number;
  /** Seed of this recording's variation and noise. Default 0. */
  seed?: number;
  /** Length of the recording, ms. Default 1000. */
  durationMs?: number;
  /** Onset of the gesture inside the recording, ms (default drawn from the seed). */
  onsetMs?: number;
  /** Board whose sensors (bias, baseline) record it. Default 0. */
  boardSeed?: number;
  accelerometer?: ImuPartConfig;
  gyroscope?: ImuPartConfig;
  params?: GestureParams;
  /**
   * Spread of the drawn variation, >= 0 (default 1: the spread of real people; 0: the canonical
   * template; above 1 every distribution widened). Same as `params.variation` (this one wins).
   */
  variation?: number;
  /** Label to attach (default: the gesture name). */
  label?: string;
}

/** Sample count of a span: exactly rate x duration (rounded down; sample k at (k+1)/rate). */
export function sampleCount(rateHz: number, durationMs: number): number {
  return Math.floor((rateHz * durationMs) / 1000 + 1e-9);
}

/**
 * Records one gesture as the board's sensors would see it. Pure: the same arguments give the
 * same samples every time (`perform('circle', { person: 3, seed: 7 })`).
 */
export function perform(gesture: GestureName | string, options: PerformOptions = {}): GestureRecording {
  const name = assertGestureName(gesture);
  const person = options.person ?? 0;
  const seed = options.seed ?? 0;
  const durationMs = options.durationMs ?? 1000;
  if (!(durationMs > 0 && durationMs <= 600_000)) {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', `durationMs: must be in (0, 600000], got ${durationMs}`, 'durationMs');
  }
  const boardSeed = options.boardSeed ?? 0;
  const recSeed = mixSeeds(mixSeeds(seed >>> 0, person >>> 0), hashString(name));
  const variation = createRng(recSeed, 1);
  const style = personStyle(person);
  const motion = createGestureMotion(name, style, variation, {
    windowS: durationMs / 1000,
    ...(options.onsetMs !== undefined ? { onsetS: options.onsetMs / 1000 } : {}),
    ...(options.params !== undefined || options.variation !== undefined ? { params: { ...options.params, ...(options.variation !== undefined ? { variation: options.variation } : {}) } } : {}),
  });
  const sensors = createBoardSensors(boardSeed, {
    noiseRng: createRng(recSeed, 2),
    ...(options.accelerometer ? { accelerometer: options.accelerometer } : {}),
    ...(options.gyroscope ? { gyroscope: options.gyroscope } : {}),
  });
  const acc = sensors.accelerometer;
  const gyr = sensors.gyroscope;
  const accelerometer = imuTrack(motion, 'accelerometer', acc.config.rateHz, durationMs, acc.lsb, (truth, n, out) => acc.sample(truth, 0, 6, n, out, 0));
  const gyroscope = imuTrack(motion, 'gyroscope', gyr.config.rateHz, durationMs, gyr.lsb, (truth, n, out) => gyr.sample(truth, 3, 6, n, out, 0));
  const pn = sampleCount(PROXIMITY_RATE_HZ, durationMs);
  const dist = new Float64Array(pn);
  for (let k = 0; k < pn; k++) dist[k] = motionDistanceAt(motion, (k + 1) / PROXIMITY_RATE_HZ);
  const praw = new Int16Array(pn);
  sensors.proximity.sample(dist, motion.reflectance, pn, praw, 0);
  const proximity: SensorTrack = {
    sensor: 'proximity',
    axes: ['proximity'],
    rateHz: PROXIMITY_RATE_HZ,
    intervalMs: 1000 / PROXIMITY_RATE_HZ,
    count: pn,
    firstSampleMs: 1000 / PROXIMITY_RATE_HZ,
    raw: praw,
    scale: PROXIMITY_LSB,
  };
  const label = options.label ?? name;
  return {
    gesture: name,
    label,
    person,
    seed,
    durationMs,
    onsetMs: motion.onsetS * 1000,
    gestureMs: motion.gestureS * 1000,
    accelerometer,
    gyroscope,
    proximity,
    toSensorRecording(group) {
      return group === 'imu' ? imuRecording(accelerometer, gyroscope, label) : trackRecording(proximity, label);
    },
  };
}

function imuTrack(
  motion: GestureMotion,
  sensor: 'accelerometer' | 'gyroscope',
  rateHz: number,
  durationMs: number,
  scale: number,
  convert: (truth: Float64Array, n: number, out: Int16Array) => void,
): SensorTrack {
  const n = sampleCount(rateHz, durationMs);
  const truth = new Float64Array(6 * n);
  sampleMotionTruth(motion, 1 / rateHz, 1 / rateHz, n, truth, 0, null);
  const raw = new Int16Array(3 * n);
  convert(truth, n, raw);
  return {
    sensor,
    axes: sensor === 'accelerometer' ? ['ax', 'ay', 'az'] : ['gx', 'gy', 'gz'],
    rateHz,
    intervalMs: 1000 / rateHz,
    count: n,
    firstSampleMs: 1000 / rateHz,
    raw,
    scale,
  };
}

/** Converts a raw track to SI values, [sample][axis]. */
export function trackValues(t: SensorTrack): number[][] {
  const a = t.axes.length;
  const out: number[][] = [];
  for (let k = 0; k < t.count; k++) {
    const row: number[] = [];
    for (let j = 0; j < a; j++) row.push(t.raw[k * a + j]! * t.scale);
    out.push(row);
  }
  return out;
}

function trackRecording(t: SensorTrack, label: string): SensorRecordingLike {
  return { label, intervalMs: t.intervalMs, axes: [...t.axes], values: trackValues(t) };
}

/** Joins accelerometer and gyroscope (gyro resampled to the accel's sample times, nearest sample). */
export function imuRecording(acc: SensorTrack, gyr: SensorTrack, label?: string): SensorRecordingLike {
  const values: number[][] = [];
  for (let k = 0; k < acc.count; k++) {
    const t = acc.firstSampleMs + k * acc.intervalMs;
    let g = Math.round((t - gyr.firstSampleMs) / gyr.intervalMs);
    g = Math.max(0, Math.min(gyr.count - 1, g));
    values.push([
      acc.raw[3 * k]! * acc.scale,
      acc.raw[3 * k + 1]! * acc.scale,
      acc.raw[3 * k + 2]! * acc.scale,
      (gyr.raw[3 * g] ?? 0) * gyr.scale,
      (gyr.raw[3 * g + 1] ?? 0) * gyr.scale,
      (gyr.raw[3 * g + 2] ?? 0) * gyr.scale,
    ]);
  }
  const rec: SensorRecordingLike = { intervalMs: acc.intervalMs, axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'], values };
  if (label !== undefined) rec.label = label;
  return rec;
}
