import { describe, expect, it } from 'vitest';
import { STANDARD_GRAVITY } from './lsm6ds3trc.js';
import { motionTruthAt } from './motion.js';
import type { Motion } from './motion.js';
import { quatAxisAngle, quatMul } from './quaternion.js';
import type { Quat, Vec3 } from './quaternion.js';

const g = STANDARD_GRAVITY;
function fixed(q: Quat, p: (t: number) => Vec3 = () => [0, 0, 0], qt?: (t: number) => Quat): Motion {
  return {
    durationS: 1,
    pose(t, out) {
      const pp = p(t);
      const qq = qt ? qt(t) : q;
      out.set([...pp, ...qq, Infinity]);
    },
  };
}
function truth(m: Motion, t = 0.5): number[] {
  const out = new Float64Array(6);
  motionTruthAt(m, t, out, 0);
  return Array.from(out);
}
const close = (a: number[], b: number[], tol = 1e-6): void => a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(tol));

describe('specific force and angular rate from a trajectory (hardware.md 1.6 axes)', () => {
  it('flat, face up reads (0, 0, +g); top edge up (+g, 0, 0); left edge up (0, +g, 0)', () => {
    close(truth(fixed([1, 0, 0, 0])), [0, 0, g, 0, 0, 0]);
    // top edge (+X) up: rotate board -90 deg about world y so board x -> world z
    close(truth(fixed(quatAxisAngle([0, 1, 0], -Math.PI / 2))), [g, 0, 0, 0, 0, 0]);
    // left edge (+Y) up: rotate +90 deg about world x so board y -> world z
    close(truth(fixed(quatAxisAngle([1, 0, 0], Math.PI / 2))), [0, g, 0, 0, 0, 0]);
  });

  it('counter-clockwise rotation seen from above reads +z on the gyro (right-hand rule)', () => {
    const w = 2;
    const t = truth(fixed([1, 0, 0, 0], undefined, (s) => quatAxisAngle([0, 0, 1], w * s)));
    close(t, [0, 0, g, 0, 0, w], 1e-5);
  });

  it('the body rate is expressed in the board frame', () => {
    // board tilted top-edge-up, then yawing about world z: in the board frame that is about board -x... check magnitude and frame
    const tilt = quatAxisAngle([0, 1, 0], -Math.PI / 2);
    const t = truth(fixed([1, 0, 0, 0], undefined, (s) => quatMul(quatAxisAngle([0, 0, 1], 1.5 * s), tilt)));
    // world z is the board's +x axis when the top edge points up
    close(t.slice(3), [1.5, 0, 0], 1e-5);
  });

  it('a horizontal acceleration adds to specific force: a circle of radius r at omega reads r omega^2 towards the centre', () => {
    const r = 0.1;
    const w = 6;
    const m = fixed([1, 0, 0, 0], (s) => [r * Math.cos(w * s), r * Math.sin(w * s), 0]);
    const s = 0.3;
    const t = truth(m, s);
    close(t, [-r * w * w * Math.cos(w * s), -r * w * w * Math.sin(w * s), g, 0, 0, 0], 1e-4);
  });

  it('free fall reads zero specific force', () => {
    const m = fixed([1, 0, 0, 0], (s) => [0, 0, -0.5 * g * s * s]);
    close(truth(m).slice(0, 3), [0, 0, 0], 1e-6);
  });
});
