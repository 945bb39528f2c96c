import { Sway } from './gestures.js';
import type { Motion } from './motion.js';
import type { PersonStyle } from './person-style.js';
import { minJerk } from './profiles.js';
import { quatFromEuler, quatMul, slerp } from './quaternion.js';
import type { Quat, Vec3 } from './quaternion.js';
import type { Rng } from './rng.js';

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
  return {
    durationS,
    pose(t: number, out: Float64Array): void {
      let p: Vec3;
      let q: Quat;
      if (t < half) {
        const u = minJerk(t / half);
        p = [from.p[0] + (via.p[0] - from.p[0]) * u, from.p[1] + (via.p[1] - from.p[1]) * u, from.p[2] + (via.p[2] - from.p[2]) * u];
        q = slerp(from.q, via.q, u);
      } else {
        const u = minJerk((t - half) / half);
        p = [via.p[0] + (to.p[0] - via.p[0]) * u, via.p[1] + (to.p[1] - via.p[1]) * u, via.p[2] + (to.p[2] - via.p[2]) * u];
        q = slerp(via.q, to.q, u);
      }
      const s = sway.at(t);
      q = quatMul(s.q, q);
      out[0] = p[0] + s.p[0];
      out[1] = p[1] + s.p[1];
      out[2] = p[2] + s.p[2];
      out[3] = q[0];
      out[4] = q[1];
      out[5] = q[2];
      out[6] = q[3];
      out[7] = Infinity;
    },
  };
}
