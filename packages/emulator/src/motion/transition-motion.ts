import { Sway } from './sway.js';
import type { Motion } from '../motion.js';
import type { PersonStyle } from './person-style.js';
import { minJerk } from './profiles.js';
import { quatFromEuler, quatMul, slerp, slerpInto } from '../quaternion.js';
import type { Quat, Vec3 } from '../quaternion.js';
import type { Rng } from '../rng.js';

export interface PoseSnapshot {
  readonly p: Vec3;
  readonly q: Quat;
}

/** Pose of a motion at time t (s). */
export function poseOf(motion: Motion, t: number): PoseSnapshot {
  const out = new Float64Array(8);
  motion.pose(t, out);
  return { p: [out[0]!, out[1]!, out[2]!], q: [out[3]!, out[4]!, out[5]!, out[6]!] };
}

const DEG = Math.PI / 180;

/**
 * Unlabelled motion between two gestures: the hand moves from pose `from` through a random
 * intermediate pose to pose `to` (minimum-jerk legs, slerped orientation) and then holds, with
 * the person's sway and tremor on top. Smooth (C2) apart from the sway's small offsets.
 */
export function createTransitionMotion(from: PoseSnapshot, to: PoseSnapshot, durationS: number, style: PersonStyle, rng: Rng): Motion {
  const moveS = Math.min(durationS, rng.uniform(0.35, 0.9));
  const via: PoseSnapshot =
    moveS > 0.45
      ? {
          p: [
            (from.p[0] + to.p[0]) / 2 + rng.uniform(-0.08, 0.08),
            (from.p[1] + to.p[1]) / 2 + rng.uniform(-0.08, 0.08),
            (from.p[2] + to.p[2]) / 2 + rng.uniform(-0.05, 0.08),
          ],
          q: quatMul(quatFromEuler(rng.uniform(-20, 20) * DEG, rng.uniform(-20, 20) * DEG, rng.uniform(-25, 25) * DEG), slerp(from.q, to.q, 0.5)),
        }
      : { p: [(from.p[0] + to.p[0]) / 2, (from.p[1] + to.p[1]) / 2, (from.p[2] + to.p[2]) / 2], q: slerp(from.q, to.q, 0.5) };
  const sway = new Sway(style, rng);
  const half = moveS / 2;
  // planned pose at the last time asked (constant once the hand holds: computed once)
  const base = new Float64Array(7);
  let lastU = NaN;
  let lastLeg = -1;
  const sw = new Float64Array(7);
  return {
    durationS,
    pose(t: number, out: Float64Array): void {
      const leg = t < half ? 0 : 1;
      const u = leg === 0 ? minJerk(t / half) : minJerk((t - half) / half);
      if (u !== lastU || leg !== lastLeg) {
        lastU = u;
        lastLeg = leg;
        const a = leg === 0 ? from : via;
        const b = leg === 0 ? via : to;
        base[0] = a.p[0] + (b.p[0] - a.p[0]) * u;
        base[1] = a.p[1] + (b.p[1] - a.p[1]) * u;
        base[2] = a.p[2] + (b.p[2] - a.p[2]) * u;
        slerpInto(a.q, b.q, u, base, 3);
      }
      sway.write(t, sw);
      out[0] = base[0]! + sw[0]!;
      out[1] = base[1]! + sw[1]!;
      out[2] = base[2]! + sw[2]!;
      const aw = sw[3]!, ax = sw[4]!, ay = sw[5]!, az = sw[6]!;
      const bw = base[3]!, bx = base[4]!, by = base[5]!, bz = base[6]!;
      out[3] = aw * bw - ax * bx - ay * by - az * bz;
      out[4] = aw * bx + ax * bw + ay * bz - az * by;
      out[5] = aw * by - ax * bz + ay * bw + az * bx;
      out[6] = aw * bz + ax * by - ay * bx + az * bw;
      out[7] = Infinity;
    },
  };
}
