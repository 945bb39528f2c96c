import type { Quat, Vec3 } from '../quaternion.js';

/** Rotation vector (axis x angle, rad) of a unit quaternion (the shorter way round). */
export function quatToRotvec(q: Readonly<Quat>): Vec3 {
  let [w, x, y, z] = q;
  if (w < 0) {
    w = -w;
    x = -x;
    y = -y;
    z = -z;
  }
  const s = Math.hypot(x, y, z);
  if (s < 1e-12) return [2 * x, 2 * y, 2 * z];
  const k = (2 * Math.atan2(s, w)) / s;
  return [x * k, y * k, z * k];
}

/** Unit quaternion of a rotation vector, written to out[o..o+3]. */
export function rotvecToQuatInto(rx: number, ry: number, rz: number, out: Float64Array, o: number): void {
  const a = Math.hypot(rx, ry, rz);
  const h = a / 2;
  // sin(h)/a with its series near 0
  const k = a < 1e-6 ? 0.5 - (a * a) / 48 : Math.sin(h) / a;
  out[o] = Math.cos(h);
  out[o + 1] = rx * k;
  out[o + 2] = ry * k;
  out[o + 3] = rz * k;
}

/** The tilt (zero yaw) that makes a board read gravity along `u` (board frame): R with R u = +z. */
export function tiltFromGravity(ux: number, uy: number, uz: number): Quat {
  const n = Math.hypot(ux, uy, uz) || 1;
  const x = ux / n;
  const y = uy / n;
  const z = uz / n;
  const roll = Math.atan2(y, z);
  const pitch = Math.atan2(-x, Math.hypot(y, z));
  // R = Ry(pitch) Rx(roll): q = qy * qx
  const cr = Math.cos(roll / 2);
  const sr = Math.sin(roll / 2);
  const cp = Math.cos(pitch / 2);
  const sp = Math.sin(pitch / 2);
  return [cp * cr, cp * sr, sp * cr, -sp * sr];
}
