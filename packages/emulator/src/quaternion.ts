/**
 * Unit quaternions (w, x, y, z) as plain tuples. A pose's quaternion maps board-frame vectors to
 * the world frame (x forward, y left, z up; gravity points to -z).
 */
export type Quat = [number, number, number, number];
export type Vec3 = [number, number, number];

export const IDENTITY: Readonly<Quat> = [1, 0, 0, 0];

export function quatMul(a: Readonly<Quat>, b: Readonly<Quat>): Quat {
  const [aw, ax, ay, az] = a;
  const [bw, bx, by, bz] = b;
  return [
    aw * bw - ax * bx - ay * by - az * bz,
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
  ];
}

export function quatConj(q: Readonly<Quat>): Quat {
  return [q[0], -q[1], -q[2], -q[3]];
}

/** Rotation by `angle` radians about a unit `axis` (right-hand rule). */
export function quatAxisAngle(axis: Readonly<Vec3>, angle: number): Quat {
  const h = angle / 2;
  const s = Math.sin(h);
  return [Math.cos(h), axis[0] * s, axis[1] * s, axis[2] * s];
}

/** Intrinsic z-y-x (yaw, then pitch, then roll) rotation. */
export function quatFromEuler(roll: number, pitch: number, yaw: number): Quat {
  return quatMul(quatMul(quatAxisAngle([0, 0, 1], yaw), quatAxisAngle([0, 1, 0], pitch)), quatAxisAngle([1, 0, 0], roll));
}

/** v' = q v q* (board -> world for a pose quaternion). */
export function rotate(q: Readonly<Quat>, v: Readonly<Vec3>): Vec3 {
  const [w, x, y, z] = q;
  // t = 2 * cross(q.xyz, v); v' = v + w t + cross(q.xyz, t)
  const tx = 2 * (y * v[2] - z * v[1]);
  const ty = 2 * (z * v[0] - x * v[2]);
  const tz = 2 * (x * v[1] - y * v[0]);
  return [v[0] + w * tx + (y * tz - z * ty), v[1] + w * ty + (z * tx - x * tz), v[2] + w * tz + (x * ty - y * tx)];
}

/** v' = q* v q (world -> board). */
export function rotateInverse(q: Readonly<Quat>, v: Readonly<Vec3>): Vec3 {
  return rotate(quatConj(q), v);
}

export function quatNormalize(q: Readonly<Quat>): Quat {
  const n = Math.hypot(q[0], q[1], q[2], q[3]);
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

/** Spherical interpolation from a to b, u in [0, 1]. */
export function slerp(a: Readonly<Quat>, b: Readonly<Quat>, u: number): Quat {
  let d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  let bb: Quat = [b[0], b[1], b[2], b[3]];
  if (d < 0) {
    d = -d;
    bb = [-b[0], -b[1], -b[2], -b[3]];
  }
  if (d > 0.9995) {
    return quatNormalize([a[0] + u * (bb[0] - a[0]), a[1] + u * (bb[1] - a[1]), a[2] + u * (bb[2] - a[2]), a[3] + u * (bb[3] - a[3])]);
  }
  const th = Math.acos(d);
  const s = Math.sin(th);
  const wa = Math.sin((1 - u) * th) / s;
  const wb = Math.sin(u * th) / s;
  return [wa * a[0] + wb * bb[0], wa * a[1] + wb * bb[1], wa * a[2] + wb * bb[2], wa * a[3] + wb * bb[3]];
}

/** slerp(a, b, u) written to out[o..o+3] without allocating (same result as `slerp`). */
export function slerpInto(a: Readonly<Quat>, b: Readonly<Quat>, u: number, out: Float64Array, o: number): void {
  let d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  let sgn = 1;
  if (d < 0) {
    d = -d;
    sgn = -1;
  }
  const b0 = sgn * b[0], b1 = sgn * b[1], b2 = sgn * b[2], b3 = sgn * b[3];
  if (d > 0.9995) {
    const w = a[0] + u * (b0 - a[0]), x = a[1] + u * (b1 - a[1]), y = a[2] + u * (b2 - a[2]), z = a[3] + u * (b3 - a[3]);
    const n = Math.hypot(w, x, y, z);
    out[o] = w / n;
    out[o + 1] = x / n;
    out[o + 2] = y / n;
    out[o + 3] = z / n;
    return;
  }
  const th = Math.acos(d);
  const s = Math.sin(th);
  const wa = Math.sin((1 - u) * th) / s;
  const wb = Math.sin(u * th) / s;
  out[o] = wa * a[0] + wb * b0;
  out[o + 1] = wa * a[1] + wb * b1;
  out[o + 2] = wa * a[2] + wb * b2;
  out[o + 3] = wa * a[3] + wb * b3;
}
