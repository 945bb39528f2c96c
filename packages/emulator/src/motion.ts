import { STANDARD_GRAVITY } from './sensors/lsm6ds3trc.js';

/**
 * A trajectory of the board. `pose(t, out)` writes, for time t in seconds (any real t; motions
 * hold their end poses outside their span):
 *   out[0..2] position of the board in the world frame (m; x forward, y left, z up),
 *   out[3..6] orientation quaternion (w, x, y, z) mapping board-frame vectors to the world frame,
 *   out[7]    distance of a hand above the proximity sensor in cm (Infinity when none).
 * Pose functions must be smooth (C2) so that differentiating them gives physical signals.
 */
export interface Motion {
  /** Span in seconds during which the motion moves (informational; pose is defined for all t). */
  readonly durationS: number;
  /** True when position and orientation never change (lets the sampler skip differentiation). */
  readonly still?: boolean;
  pose(t: number, out: Float64Array): void;
}

export const POSE_SIZE = 8;
/** Step of the central differences used to turn poses into sensor truth (s). */
export const DIFF_STEP_S = 1e-3;

/**
 * Largest half-width (s) of the window over which sampled truth is averaged (see
 * `sampleMotionTruth`): one sample interval at 104 Hz (9.615 ms) and above.
 */
export const MAX_SAMPLE_DIFF_STEP_S = 0.0105;

const pm = new Float64Array(POSE_SIZE);
const p0 = new Float64Array(POSE_SIZE);
const pp = new Float64Array(POSE_SIZE);

/**
 * Sensor truth at time t: specific force in the board frame f_b = R^T (a_w - g_w) with
 * g_w = (0, 0, -g) (so flat and still reads (0, 0, +g)), and the body angular rate w_b from
 * q(t-h)^-1 q(t+h), h = DIFF_STEP_S (1 ms: the instantaneous values). Writes 6 numbers (m/s^2,
 * rad/s) at out[o..o+5] and returns the hand distance.
 */
export function motionTruthAt(motion: Motion, t: number, out: Float64Array, o: number): number {
  motion.pose(t, p0);
  if (motion.still === true) {
    writeBoardFrame(p0[3]!, p0[4]!, p0[5]!, p0[6]!, 0, 0, STANDARD_GRAVITY, out, o);
    out[o + 3] = 0;
    out[o + 4] = 0;
    out[o + 5] = 0;
    return p0[7]!;
  }
  const h = DIFF_STEP_S;
  motion.pose(t - h, pm);
  motion.pose(t + h, pp);
  truthFromPoses(pm, p0, pp, h, out, o);
  return p0[7]!;
}

/** Hand distance above the proximity sensor at time t (cm): one pose evaluation. */
export function motionDistanceAt(motion: Motion, t: number): number {
  motion.pose(t, p0);
  return p0[7]!;
}

/**
 * Truth from the poses at t - h, t and t + h: specific force from the central second difference
 * of position (rotated into the board frame at t) and body rate from q(t-h)^-1 q(t+h).
 */
function truthFromPoses(a: Float64Array, b: Float64Array, c: Float64Array, h: number, out: Float64Array, o: number): void {
  const inv = 1 / (h * h);
  const ax = (c[0]! - 2 * b[0]! + a[0]!) * inv;
  const ay = (c[1]! - 2 * b[1]! + a[1]!) * inv;
  const az = (c[2]! - 2 * b[2]! + a[2]!) * inv;
  writeBoardFrame(b[3]!, b[4]!, b[5]!, b[6]!, ax, ay, az + STANDARD_GRAVITY, out, o);
  // dq = conj(q-) * q+ : rotation from t-h to t+h expressed in the body frame
  const aw = a[3]!, axq = -a[4]!, ayq = -a[5]!, azq = -a[6]!;
  const bw = c[3]!, bx = c[4]!, by = c[5]!, bz = c[6]!;
  let dw = aw * bw - axq * bx - ayq * by - azq * bz;
  let dx = aw * bx + axq * bw + ayq * bz - azq * by;
  let dy = aw * by - axq * bz + ayq * bw + azq * bx;
  let dz = aw * bz + axq * by - ayq * bx + azq * bw;
  if (dw < 0) {
    dw = -dw;
    dx = -dx;
    dy = -dy;
    dz = -dz;
  }
  const vn = Math.sqrt(dx * dx + dy * dy + dz * dz);
  // half-angle / vn = atan(x) / x / dw with x = vn / dw; below x = 0.1 (rates < ~20 rad/s at
  // 104 Hz) its series to x^8 (relative error < x^10 / 11 < 1e-11) replaces atan2
  let k: number;
  if (vn < 1e-15) k = 1 / h;
  else if (vn < 0.1 * dw) {
    const r2 = (vn * vn) / (dw * dw);
    k = (1 - r2 * (1 / 3 - r2 * (1 / 5 - r2 * (1 / 7 - r2 / 9)))) / dw / h;
  } else k = Math.atan2(vn, dw) / vn / h;
  out[o + 3] = dx * k;
  out[o + 4] = dy * k;
  out[o + 5] = dz * k;
}

const ring = [new Float64Array(POSE_SIZE), new Float64Array(POSE_SIZE), new Float64Array(POSE_SIZE)] as const;

/**
 * Sensor truth of `n` samples at t0 + k * dt (s), as the sensor's output averages it: specific
 * force and body rate from poses +- h apart with h = dt / ceil(dt / MAX_SAMPLE_DIFF_STEP_S) (at
 * 104 Hz and above h = dt: the central second difference is the acceleration averaged with a
 * triangular window of half-width one sample, the mean rate over +-1 sample, so each pose is
 * evaluated once and shared by its neighbours; below 104 Hz the window stays ~10 ms wide).
 * Writes 6 per sample into `out` at `o + 6k` and, when `distance` is given, hand distances.
 * Integrating the outputs with the leapfrog rule (q[k+1] = q[k-1] exp(w[k] 2h), p[k+1] = 2 p[k] -
 * p[k-1] + a[k] h^2) reproduces the pose exactly: accelerometer and gyroscope stay consistent.
 */
export function sampleMotionTruth(motion: Motion, t0: number, dt: number, n: number, out: Float64Array | null, o: number, distance: Float64Array | null): void {
  if (n <= 0) return;
  if (motion.still === true || out === null) {
    if (out !== null) {
      motion.pose(t0, p0);
      writeBoardFrame(p0[3]!, p0[4]!, p0[5]!, p0[6]!, 0, 0, STANDARD_GRAVITY, out, o);
      out[o + 3] = 0;
      out[o + 4] = 0;
      out[o + 5] = 0;
      for (let k = 1; k < n; k++) out.copyWithin(o + 6 * k, o, o + 6);
    }
    if (distance !== null) {
      for (let k = 0; k < n; k++) {
        motion.pose(t0 + k * dt, p0);
        distance[k] = p0[7]!;
      }
    }
    return;
  }
  const m = Math.ceil(dt / MAX_SAMPLE_DIFF_STEP_S - 1e-9);
  if (m > 1) {
    const h = dt / m;
    for (let k = 0; k < n; k++) {
      const t = t0 + k * dt;
      motion.pose(t, p0);
      motion.pose(t - h, pm);
      motion.pose(t + h, pp);
      truthFromPoses(pm, p0, pp, h, out, o + 6 * k);
      if (distance !== null) distance[k] = p0[7]!;
    }
    return;
  }
  let a = ring[0];
  let b = ring[1];
  let c = ring[2];
  motion.pose(t0 - dt, a);
  motion.pose(t0, b);
  for (let k = 0; k < n; k++) {
    motion.pose(t0 + (k + 1) * dt, c);
    truthFromPoses(a, b, c, dt, out, o + 6 * k);
    if (distance !== null) distance[k] = b[7]!;
    const x = a;
    a = b;
    b = c;
    c = x;
  }
}

function writeBoardFrame(w: number, x: number, y: number, z: number, vx: number, vy: number, vz: number, out: Float64Array, o: number): void {
  // rotate by conj(q): t = 2 * cross(-q.xyz, v); v' = v + w t + cross(-q.xyz, t)
  const nx = -x, ny = -y, nz = -z;
  const tx = 2 * (ny * vz - nz * vy);
  const ty = 2 * (nz * vx - nx * vz);
  const tz = 2 * (nx * vy - ny * vx);
  out[o] = vx + w * tx + (ny * tz - nz * ty);
  out[o + 1] = vy + w * ty + (nz * tx - nx * tz);
  out[o + 2] = vz + w * tz + (nx * ty - ny * tx);
}

/**
 * Samples a motion at `n` instants t0 + k * dt (s) as the sensors do (`sampleMotionTruth`): IMU
 * truth (6 per sample) into `truth` and hand distances into `distance` (either may be null).
 */
export function sampleMotion(
  motion: Motion,
  t0: number,
  dt: number,
  n: number,
  truth: Float64Array | null,
  distance: Float64Array | null,
): void {
  sampleMotionTruth(motion, t0, dt, n, truth, 0, distance);
}
