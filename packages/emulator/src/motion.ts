import { STANDARD_GRAVITY } from './lsm6ds3trc.js';

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

const pm = new Float64Array(POSE_SIZE);
const p0 = new Float64Array(POSE_SIZE);
const pp = new Float64Array(POSE_SIZE);

/**
 * Sensor truth at time t: specific force in the board frame f_b = R^T (a_w - g_w) with
 * g_w = (0, 0, -g) (so flat and still reads (0, 0, +g)), and the body angular rate w_b from
 * q(t-h)^-1 q(t+h). Writes 6 numbers (m/s^2, rad/s) at out[o..o+5] and returns the hand distance.
 */
export function motionTruthAt(motion: Motion, t: number, out: Float64Array, o: number): number {
  motion.pose(t, p0);
  const qw = p0[3]!, qx = p0[4]!, qy = p0[5]!, qz = p0[6]!;
  if (motion.still === true) {
    writeBoardFrame(qw, qx, qy, qz, 0, 0, STANDARD_GRAVITY, out, o);
    out[o + 3] = 0;
    out[o + 4] = 0;
    out[o + 5] = 0;
    return p0[7]!;
  }
  const h = DIFF_STEP_S;
  motion.pose(t - h, pm);
  motion.pose(t + h, pp);
  const inv = 1 / (h * h);
  const ax = (pp[0]! - 2 * p0[0]! + pm[0]!) * inv;
  const ay = (pp[1]! - 2 * p0[1]! + pm[1]!) * inv;
  const az = (pp[2]! - 2 * p0[2]! + pm[2]!) * inv;
  writeBoardFrame(qw, qx, qy, qz, ax, ay, az + STANDARD_GRAVITY, out, o);
  // dq = conj(q-) * q+ : rotation from t-h to t+h expressed in the body frame
  const aw = pm[3]!, axq = -pm[4]!, ayq = -pm[5]!, azq = -pm[6]!;
  const bw = pp[3]!, bx = pp[4]!, by = pp[5]!, bz = pp[6]!;
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
  const vn = Math.hypot(dx, dy, dz);
  const k = vn < 1e-15 ? 2 / (2 * h) : (2 * Math.atan2(vn, dw)) / vn / (2 * h);
  out[o + 3] = dx * k;
  out[o + 4] = dy * k;
  out[o + 5] = dz * k;
  return p0[7]!;
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
 * Samples a motion at `n` instants t0 + k * dt (s): IMU truth (6 per sample) into `truth` and hand
 * distances into `distance` (either may be null).
 */
export function sampleMotion(
  motion: Motion,
  t0: number,
  dt: number,
  n: number,
  truth: Float64Array | null,
  distance: Float64Array | null,
): void {
  const tmp = new Float64Array(6);
  for (let k = 0; k < n; k++) {
    const t = t0 + k * dt;
    if (truth !== null) {
      const d = motionTruthAt(motion, t, truth, 6 * k);
      if (distance !== null) distance[k] = d;
    } else if (distance !== null) {
      distance[k] = motionTruthAt(motion, t, tmp, 0);
    }
  }
}
