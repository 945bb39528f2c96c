import { quatMul } from '../quaternion.js';
import type { Quat } from '../quaternion.js';
import type { GestureShape, ShapeContext } from '../motion/shape.js';
import { restAtEnds } from './fit.js';
import { rotvecToQuatInto } from './rotation.js';

/**
 * The performed shape of one drawn person's knots: `acc` (world linear acceleration, m/s^2) and
 * `rot` (rotation vectors, rad), K knots each, spanning a nominal duration `d0` (s). Applies the
 * person layers: tempo (duration; accelerations scale with 1 / tempo^2, the same path faster),
 * amplitude (accelerations and the rotation away from the start) and grip (the drawn hold turns the
 * board in the hand: q = q_hand * hold). Position is the exact double integral of the
 * piecewise-linear acceleration (C2), orientation a Catmull-Rom curve through the rotation vectors (C1).
 * `acc` and `rot` are modified.
 */
export function shapeFromKnots(ctx: ShapeContext, K: number, acc: Float64Array, rot: Float64Array, d0: number): GestureShape {
  const T = ctx.fit(d0 * ctx.tempo);
  const stretch = T / d0;
  const ampA = ctx.amp / (stretch * stretch);
  for (let i = 0; i < 3 * K; i++) acc[i] *= ampA;
  const a = restAtEnds(acc, K);
  // rotation away from the start scaled by the amplitude
  for (let j = K - 1; j >= 0; j--) for (let c = 0; c < 3; c++) rot[3 * j + c] = rot[c]! + ctx.amp * (rot[3 * j + c]! - rot[c]!);
  // exact integration of the piecewise-linear acceleration: velocity and position at the knots
  const h = T / (K - 1);
  const v = new Float64Array(3 * K);
  const p = new Float64Array(3 * K);
  for (let j = 0; j < K - 1; j++) {
    for (let c = 0; c < 3; c++) {
      const a0 = a[3 * j + c]!;
      const a1 = a[3 * j + 3 + c]!;
      v[3 * j + 3 + c] = v[3 * j + c]! + ((a0 + a1) / 2) * h;
      p[3 * j + 3 + c] = p[3 * j + c]! + v[3 * j + c]! * h + (a0 / 2) * h * h + ((a1 - a0) / 6) * h * h;
    }
  }
  const grip: Quat = ctx.hold;
  const q0 = new Float64Array(4);
  rotvecToQuatInto(rot[0]!, rot[1]!, rot[2]!, q0, 0);
  const hold = quatMul([q0[0]!, q0[1]!, q0[2]!, q0[3]!], grip);
  const qh = new Float64Array(4);
  const r = [0, 0, 0];
  return {
    durationS: T,
    hold,
    handheld: true,
    pose(tau: number, o: Float64Array): void {
      const x = (Math.min(Math.max(tau, 0), T) / T) * (K - 1);
      const j = Math.min(K - 2, Math.floor(x));
      const t = (x - j) * h;
      for (let c = 0; c < 3; c++) {
        const a0 = a[3 * j + c]!;
        const a1 = a[3 * j + 3 + c]!;
        o[c] = p[3 * j + c]! + v[3 * j + c]! * t + (a0 / 2) * t * t + ((a1 - a0) / (6 * h)) * t * t * t;
      }
      // Catmull-Rom on the rotation vectors (C1: the gyroscope is continuous)
      const u = x - j;
      const jm = Math.max(0, j - 1);
      const jp = Math.min(K - 1, j + 2);
      for (let c = 0; c < 3; c++) {
        const P0 = rot[3 * jm + c]!;
        const P1 = rot[3 * j + c]!;
        const P2 = rot[3 * (j + 1) + c]!;
        const P3 = rot[3 * jp + c]!;
        r[c] = 0.5 * (2 * P1 + (-P0 + P2) * u + (2 * P0 - 5 * P1 + 4 * P2 - P3) * u * u + (-P0 + 3 * P1 - 3 * P2 + P3) * u * u * u);
      }
      rotvecToQuatInto(r[0]!, r[1]!, r[2]!, qh, 0);
      // q = q_hand * grip
      const aw = qh[0]!, ax = qh[1]!, ay = qh[2]!, az = qh[3]!;
      const [bw, bx, by, bz] = grip;
      o[3] = aw * bw - ax * bx - ay * by - az * bz;
      o[4] = aw * bx + ax * bw + ay * bz - az * by;
      o[5] = aw * by - ax * bz + ay * bw + az * bx;
      o[6] = aw * bz + ax * by - ay * bx + az * bw;
    },
  };
}
