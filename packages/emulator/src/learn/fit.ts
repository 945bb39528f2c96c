import { EmulatorError } from '../errors.js';
import { quatMul, quatNormalize, rotate, rotateInverse } from '../quaternion.js';
import type { Quat, Vec3 } from '../quaternion.js';
import type { ReplayRecording } from '../replay/import-recording.js';
import { interpolateAt } from '../replay/resample.js';
import { STANDARD_GRAVITY } from '../sensors/lsm6ds3trc.js';
import { GESTURE_FORMAT, GESTURE_VERSION } from './gesture-file.js';
import type { LearnedGestureDoc, LearnedPerformance } from './gesture-file.js';
import { quatToRotvec, tiltFromGravity } from './rotation.js';

/**
 * Default accelerometer-only gravity cutoff (Hz). 0.5 Hz, not 1.5: a one-way move of a hand lasts
 * about a second, so at 1.5 Hz the tilt estimate followed the move itself (the push read as a turn
 * towards it, and |f| > g as an upward pull) and the rest-at-ends correction then had to cancel a
 * large spurious velocity, distorting the learned specific force (measured in ADR 0010).
 */
export const DEFAULT_TILT_CUTOFF_HZ = 0.5;

export interface LearnOptions {
  /** Gesture name (identifier). */
  name: string;
  /** Instants per performance (default 96). */
  knots?: number;
  /**
   * Accelerometer-only split of the specific force into gravity (tilt) and motion: the part below
   * this frequency is taken as gravity (default {@link DEFAULT_TILT_CUTOFF_HZ}). With a gyroscope it only corrects drift.
   */
  tiltCutoffHz?: number;
  /** Source description kept in the file. */
  source?: LearnedGestureDoc['source'];
  /** Called after each recording is fitted (progress). */
  onProgress?: (done: number, total: number) => void;
}

/** What a fit can recover from the sensors it has, and what it has to assume. */
export interface Identifiability {
  readonly identifiable: readonly string[];
  readonly assumed: readonly string[];
}

/**
 * What is identifiable from an accelerometer (and a gyroscope) and what a learned gesture assumes.
 * The accelerometer measures specific force f = R^T (a - g): gravity and motion mixed, in the board
 * frame. A gyroscope measures the body rate, which fixes the orientation up to its start.
 */
export function identifiability(hasGyro: boolean, tiltCutoffHz: number): Identifiability {
  return hasGyro
    ? {
        identifiable: [
          'the specific force (gravity + linear acceleration) in the board frame, sample by sample',
          'the change of orientation about all three axes (the integrated gyroscope)',
          'the starting tilt (roll, pitch) from gravity while the board is still',
          'the duration and the timing of the movement',
        ],
        assumed: [
          'yaw (heading) at the start is 0: the gyroscope gives turns relative to the start, gravity does not fix the heading',
          `the tilt drift of the integrated gyroscope is pulled slowly towards the gravity direction below ${tiltCutoffHz} Hz (complementary filter)`,
          'the hand starts and ends at rest (velocity forced to zero at both ends); the path is not observable beyond that double integral',
        ],
      }
    : {
        identifiable: [
          'the specific force (gravity + linear acceleration) in the board frame, sample by sample',
          'the duration and the timing of the movement',
          'the tilt (roll, pitch) when the board moves slowly: the direction of gravity',
        ],
        assumed: [
          `the split of the specific force into gravity (tilt) and linear acceleration: the part below ${tiltCutoffHz} Hz is taken as gravity; fast turns and slow pushes are not separable without a gyroscope`,
          'yaw is not observable from an accelerometer and is taken as constant (0): turns about the vertical are lost',
          'the hand starts and ends at rest (velocity forced to zero at both ends), so it ends displaced but still',
        ],
      };
}

/** Zero-phase Gaussian smoothing of an interleaved 3-channel track, sigma in samples; ends held. */
function smooth3(v: Float64Array, n: number, sigma: number): Float64Array {
  const half = Math.max(1, Math.ceil(3 * sigma));
  const w: number[] = [];
  let ws = 0;
  for (let j = -half; j <= half; j++) {
    const x = Math.exp(-0.5 * (j / sigma) ** 2);
    w.push(x);
    ws += x;
  }
  const out = new Float64Array(n * 3);
  for (let k = 0; k < n; k++) {
    for (let j = -half; j <= half; j++) {
      const i = Math.min(n - 1, Math.max(0, k + j));
      const c = w[j + half]! / ws;
      out[3 * k] += c * v[3 * i]!;
      out[3 * k + 1] += c * v[3 * i + 1]!;
      out[3 * k + 2] += c * v[3 * i + 2]!;
    }
  }
  return out;
}

/** Small rotation (body frame) by a rotation vector: q * exp(r). */
function applyBodyRotation(q: Quat, rx: number, ry: number, rz: number): Quat {
  const a = Math.hypot(rx, ry, rz);
  if (a < 1e-15) return q;
  const s = Math.sin(a / 2) / a;
  return quatNormalize(quatMul(q, [Math.cos(a / 2), rx * s, ry * s, rz * s]));
}

/**
 * Makes a world acceleration track start and end at rest: a cosine taper over the first and last
 * 8% (so acceleration is continuous with the still hold before and after), then a Hann-shaped
 * correction so that its integral (the final velocity) is zero. Returns a new array.
 */
export function restAtEnds(a: Float64Array, n: number): Float64Array {
  const out = Float64Array.from(a);
  const edge = Math.max(1, Math.round(0.08 * (n - 1)));
  for (let k = 0; k < n; k++) {
    const d = Math.min(k, n - 1 - k);
    const t = d >= edge ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * d) / edge);
    for (let c = 0; c < 3; c++) out[3 * k + c] *= t;
  }
  // trapezoidal integral of a and of the Hann window
  const hann = (k: number): number => 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / (n - 1));
  let hs = 0;
  const sum = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    const wt = k === 0 || k === n - 1 ? 0.5 : 1;
    hs += wt * hann(k);
    for (let c = 0; c < 3; c++) sum[c] += wt * out[3 * k + c]!;
  }
  if (hs > 0) for (let k = 0; k < n; k++) for (let c = 0; c < 3; c++) out[3 * k + c] -= (sum[c]! / hs) * hann(k);
  return out;
}

/** Resamples an interleaved 3-channel track of n samples onto `knots` instants spanning it (band-limited). */
function toKnots(v: Float64Array, n: number, knots: number): number[][] {
  const out: number[][] = [];
  const buf = new Float64Array(3);
  const ratio = Math.min(1, (knots - 1) / Math.max(1, n - 1));
  for (let j = 0; j < knots; j++) {
    interpolateAt(v, 3, n, (j * (n - 1)) / (knots - 1), ratio, buf, 0);
    out.push([buf[0]!, buf[1]!, buf[2]!]);
  }
  return out;
}

/**
 * One recording -> its trajectory: orientation (board -> world) and world linear acceleration.
 * Accelerometer only: the tilt is the direction of the low-passed specific force (roll and pitch;
 * yaw is not observable and is taken as 0), the rest of the specific force is motion. With a
 * gyroscope: orientation is the integrated body rate, its tilt pulled slowly towards the low-passed
 * gravity direction (a complementary filter; yaw then follows the gyroscope, relative to the start).
 */
export function fitTrajectory(rec: ReplayRecording, knots: number, tiltCutoffHz: number, field: string): LearnedPerformance {
  const acc = rec.tracks.accelerometer;
  if (acc === undefined) throw new EmulatorError('EMU_ERR_BAD_RECORDING', 'has no accelerometer: a gesture is learned from the accelerometer (and the gyroscope where present)', { field });
  const n = acc.count;
  if (n < 8) throw new EmulatorError('EMU_ERR_BAD_RECORDING', `has ${n} samples; at least 8 are needed`, { field });
  const rate = acc.rateHz;
  const sigma = (0.133 / tiltCutoffHz) * rate; // Gaussian: -3 dB at ~tiltCutoffHz
  const low = smooth3(acc.values, n, sigma);
  const gyr = rec.tracks.gyroscope !== undefined && rec.tracks.gyroscope.count === n && rec.tracks.gyroscope.rateHz === rate ? rec.tracks.gyroscope : undefined;
  const q: Quat[] = [];
  let cur = tiltFromGravity(low[0]!, low[1]!, low[2]!);
  const dt = 1 / rate;
  const gain = 0.02;
  for (let k = 0; k < n; k++) {
    if (gyr === undefined) cur = tiltFromGravity(low[3 * k]!, low[3 * k + 1]!, low[3 * k + 2]!);
    else if (k > 0) {
      const w = gyr.values;
      cur = applyBodyRotation(cur, w[3 * k - 3]! * dt, w[3 * k - 2]! * dt, w[3 * k - 1]! * dt);
      // pull the tilt towards the measured gravity direction (body frame)
      const pred = rotateInverse(cur, [0, 0, 1]);
      const m = Math.hypot(low[3 * k]!, low[3 * k + 1]!, low[3 * k + 2]!) || 1;
      const meas: Vec3 = [low[3 * k]! / m, low[3 * k + 1]! / m, low[3 * k + 2]! / m];
      // rotation taking meas to pred (axis meas x pred), a fraction `gain` of it
      const ax = meas[1] * pred[2] - meas[2] * pred[1];
      const ay = meas[2] * pred[0] - meas[0] * pred[2];
      const az = meas[0] * pred[1] - meas[1] * pred[0];
      const s = Math.hypot(ax, ay, az);
      if (s > 1e-12) {
        const ang = Math.atan2(s, meas[0] * pred[0] + meas[1] * pred[1] + meas[2] * pred[2]) * gain;
        cur = applyBodyRotation(cur, (ax / s) * ang, (ay / s) * ang, (az / s) * ang);
      }
    }
    q.push(cur);
  }
  const aw = new Float64Array(n * 3);
  const rv = new Float64Array(n * 3);
  for (let k = 0; k < n; k++) {
    const f: Vec3 = [acc.values[3 * k]!, acc.values[3 * k + 1]!, acc.values[3 * k + 2]!];
    const w = rotate(q[k]!, f);
    aw[3 * k] = w[0];
    aw[3 * k + 1] = w[1];
    aw[3 * k + 2] = w[2] - STANDARD_GRAVITY;
    const r = quatToRotvec(q[k]!);
    rv[3 * k] = r[0];
    rv[3 * k + 1] = r[1];
    rv[3 * k + 2] = r[2];
  }
  return { durationS: n / rate, accel: toKnots(restAtEnds(aw, n), n, knots), rotation: toKnots(rv, n, knots) };
}

/**
 * The canonical template: the medoid example (the one with the least summed distance to the
 * others, accelerations and rotations on the knots). A knot-wise mean would smear examples that
 * are not time-aligned (the phases of a shake cancel out).
 */
function medoid(list: readonly LearnedPerformance[]): LearnedPerformance {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < list.length; i++) {
    let d = 0;
    for (let j = 0; j < list.length; j++) {
      if (i === j) continue;
      const a = list[i]!;
      const b = list[j]!;
      for (let k = 0; k < a.accel.length; k++) {
        for (let c = 0; c < 3; c++) d += (a.accel[k]![c]! - b.accel[k]![c]!) ** 2 + 100 * (a.rotation[k]![c]! - b.rotation[k]![c]!) ** 2;
      }
    }
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return list[best]!;
}

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Learns a gesture from a few recordings of it (board frame and units: what `importRecording`
 * returns): a trajectory per recording (see {@link fitTrajectory}), the medoid as the template and
 * the recordings themselves as its variation.
 */
export function learnGesture(recordings: readonly ReplayRecording[], options: LearnOptions): LearnedGestureDoc {
  if (typeof options.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(options.name)) {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be an identifier [A-Za-z0-9_-]{1,64}, got ${JSON.stringify(options.name)}`, { field: 'name' });
  }
  if (recordings.length === 0) throw new EmulatorError('EMU_ERR_INVALID_OPTION', 'needs at least one recording of the gesture', { field: 'recordings' });
  const knots = options.knots ?? 96;
  if (!Number.isInteger(knots) || knots < 8 || knots > 1024) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be an integer in 8..1024, got ${knots}`, { field: 'knots' });
  const fc = options.tiltCutoffHz ?? DEFAULT_TILT_CUTOFF_HZ;
  if (!(fc > 0 && fc < 50)) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be in (0, 50) Hz, got ${fc}`, { field: 'tiltCutoffHz' });
  const examples = recordings.map((r, i) => {
    const p = fitTrajectory(r, knots, fc, `recordings[${i}]`);
    options.onProgress?.(i + 1, recordings.length);
    return p;
  });
  const rounded = (p: LearnedPerformance): LearnedPerformance => ({
    durationS: round(p.durationS, 4),
    accel: p.accel.map((r) => r.map((x) => round(x, 4))),
    rotation: p.rotation.map((r) => r.map((x) => round(x, 5))),
  });
  const hasGyro = recordings.every((r) => r.tracks.gyroscope !== undefined);
  return {
    format: GESTURE_FORMAT,
    version: GESTURE_VERSION,
    name: options.name,
    kind: 'handheld',
    knots,
    template: rounded(medoid(examples)),
    examples: examples.map(rounded),
    source: { recordings: recordings.length, sensors: hasGyro ? ['accelerometer', 'gyroscope'] : ['accelerometer'], tiltCutoffHz: fc, method: hasGyro ? 'gyro integration + accel tilt (complementary)' : 'accel low-pass tilt', ...options.source },
    notes: ((): string[] => {
      const id = identifiability(hasGyro, fc);
      return [...id.identifiable.map((t) => `identifiable: ${t}`), ...id.assumed.map((t) => `assumed: ${t}`)];
    })(),
  };
}
