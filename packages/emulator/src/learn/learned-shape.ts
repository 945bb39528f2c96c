import { quatMul } from '../quaternion.js';
import type { Quat } from '../quaternion.js';
import type { Rng } from '../rng.js';
import type { GestureDefinition, GestureShape, ShapeContext } from '../motion/shape.js';
import { restAtEnds } from './fit.js';
import type { LearnedGestureDoc, LearnedPerformance } from './gesture-file.js';
import { rotvecToQuatInto } from './rotation.js';

/** Linear interpolation of knot rows at normalised time s in [0, 1]. */
function at(rows: Float64Array, knots: number, s: number, c: number): number {
  const x = Math.min(Math.max(s, 0), 1) * (knots - 1);
  const i = Math.min(knots - 2, Math.floor(x));
  const f = x - i;
  return rows[3 * i + c]! * (1 - f) + rows[3 * (i + 1) + c]! * f;
}

function flat(p: LearnedPerformance): Float64Array {
  return Float64Array.from(p.accel.flatMap((r) => [...r]));
}

function flatRot(p: LearnedPerformance): Float64Array {
  return Float64Array.from(p.rotation.flatMap((r) => [...r]));
}

/**
 * Which examples a performance is made of: at variation 0 the template alone; otherwise one
 * example drawn uniformly, blended with a second one by a weight uniform in [0, 0.25 variation]
 * (capped at 0.5): examples are not time-aligned, so wide blends of oscillating gestures would
 * cancel out; a small share of a second example varies the shape without smearing it.
 */
function blendWeights(rng: Rng, n: number, variation: number): number[] {
  const w = new Array<number>(n).fill(0);
  const i = Math.min(n - 1, Math.floor(rng.next() * n));
  const j = Math.min(n - 1, Math.floor(rng.next() * n));
  const b = Math.min(0.5, 0.25 * variation * rng.next());
  w[i] = 1 - b;
  w[j] = w[j]! + b;
  return w;
}

/**
 * How a learned gesture is performed by a simulated person: a blend of the learned examples
 * (random weights, spread by `variation`; variation 0 is the template), a smooth random time warp
 * (spread by `variation`), then the emulator's person layers: tempo (duration; accelerations scale
 * with 1 / tempo^2, the same path faster), amplitude (accelerations and the rotation away from the
 * start), grip (the drawn hold turns the board in the hand: q = q_hand * hold) and, added by the
 * gesture motion, sway and tremor. Position is the exact double integral of the piecewise-linear
 * acceleration (C2), orientation a Catmull-Rom curve through the rotation vectors (C1).
 */
export function learnedDefinition(doc: LearnedGestureDoc): GestureDefinition {
  const K = doc.knots;
  const ex = doc.examples.map((p) => ({ d: p.durationS, a: flat(p), r: flatRot(p) }));
  const template = { d: doc.template.durationS, a: flat(doc.template), r: flatRot(doc.template) };
  return {
    kind: 'handheld',
    description: `learned from ${doc.examples.length} recording(s) (tinyspark.gesture v1)`,
    shape(ctx: ShapeContext): GestureShape {
      const { rng, variation } = ctx;
      const pool = variation > 0 ? ex : [template];
      const w = variation > 0 ? blendWeights(rng, ex.length, variation) : [1];
      const warp = Math.max(-0.3, Math.min(0.3, 0.15 * variation * rng.normal()));
      let d0 = 0;
      for (let i = 0; i < pool.length; i++) d0 += w[i]! * pool[i]!.d;
      d0 = Math.max(0.1, d0);
      const T = ctx.fit(d0 * ctx.tempo);
      const stretch = T / d0;
      const ampA = ctx.amp / (stretch * stretch);
      // blended, warped knots
      const acc = new Float64Array(3 * K);
      const rot = new Float64Array(3 * K);
      for (let j = 0; j < K; j++) {
        const s0 = j / (K - 1);
        const s = s0 + (warp * Math.sin(Math.PI * s0)) / Math.PI;
        for (let c = 0; c < 3; c++) {
          let a = 0;
          let r = 0;
          for (let i = 0; i < pool.length; i++) {
            if (w[i] === 0) continue;
            a += w[i]! * at(pool[i]!.a, K, s, c);
            r += w[i]! * at(pool[i]!.r, K, s, c);
          }
          acc[3 * j + c] = a * ampA;
          rot[3 * j + c] = r;
        }
      }
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
          const r = [0, 0, 0];
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
    },
  };
}
