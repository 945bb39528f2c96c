import { quatMul } from '../quaternion.js';
import type { Quat } from '../quaternion.js';
import type { GestureDefinition, GestureShape, ShapeContext } from '../motion/shape.js';
import { restAtEnds } from './fit.js';
import type { LearnedGestureDoc, LearnedPerformance } from './gesture-file.js';
import { rotvecToQuatInto } from './rotation.js';
import { alignKnots } from './align.js';

/** Linear interpolation of knot rows at normalised time s in [0, 1]. */
function at(rows: Float64Array, knots: number, s: number, c: number): number {
  const x = Math.min(Math.max(s, 0), 1) * (knots - 1);
  const i = Math.min(knots - 2, Math.floor(x));
  const f = x - i;
  return rows[3 * i + c]! * (1 - f) + rows[3 * (i + 1) + c]! * f;
}

/** Linear interpolation of a 1-channel knot array at normalised time s in [0, 1]. */
function at1(v: Float64Array, knots: number, s: number): number {
  const x = Math.min(Math.max(s, 0), 1) * (knots - 1);
  const i = Math.min(knots - 2, Math.floor(x));
  const f = x - i;
  return v[i]! * (1 - f) + v[i + 1]! * f;
}

function flat(p: LearnedPerformance): Float64Array {
  return Float64Array.from(p.accel.flatMap((r) => [...r]));
}

function flatRot(p: LearnedPerformance): Float64Array {
  return Float64Array.from(p.rotation.flatMap((r) => [...r]));
}

/**
 * Blend weight of the second example, times the variation: uniform in [0, BLEND_MAX]; the second
 * example is time-aligned to the first (DTW, see align.ts), so a wide blend makes a new performance
 * in between instead of smearing both. Measured in ADR 0010 (0.25 without alignment before).
 */
export const BLEND_MAX = 0.6;

/**
 * How a learned gesture is performed by a simulated person: one learned example drawn uniformly,
 * blended with a second one time-aligned to it by dynamic time warping (weight uniform in
 * [0, BLEND_MAX x variation], at most 1; variation 0 is the template), a smooth random time warp
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
  const maps = new Map<number, Float64Array>();
  const aligned = (i: number, j: number): Float64Array => {
    let m = maps.get(i * ex.length + j);
    if (m === undefined) {
      m = alignKnots(ex[i]!, ex[j]!, K);
      maps.set(i * ex.length + j, m);
    }
    return m;
  };
  return {
    kind: 'handheld',
    description: `learned from ${doc.examples.length} recording(s) (tinyspark.gesture v1)`,
    shape(ctx: ShapeContext): GestureShape {
      const { rng, variation } = ctx;
      // one example drawn uniformly, blended with a second one time-aligned to it (DTW) by weight b
      const n = ex.length;
      // three draws when varied, none at variation 0 (the template)
      const i0 = variation > 0 ? Math.min(n - 1, Math.floor(rng.next() * n)) : 0;
      const j0 = variation > 0 ? Math.min(n - 1, Math.floor(rng.next() * n)) : 0;
      const u = variation > 0 ? rng.next() : 0;
      const first = variation > 0 ? ex[i0]! : template;
      const second = variation > 0 && j0 !== i0 ? ex[j0]! : undefined;
      const b = second === undefined ? 0 : Math.min(1, variation * BLEND_MAX * u);
      const map = second === undefined || b === 0 ? undefined : aligned(i0, j0);
      const warp = Math.max(-0.3, Math.min(0.3, 0.15 * variation * rng.normal()));
      const d0 = Math.max(0.1, second === undefined ? first.d : (1 - b) * first.d + b * second.d);
      const T = ctx.fit(d0 * ctx.tempo);
      const stretch = T / d0;
      const ampA = ctx.amp / (stretch * stretch);
      // blended, warped knots
      const acc = new Float64Array(3 * K);
      const rot = new Float64Array(3 * K);
      for (let j = 0; j < K; j++) {
        const s0 = j / (K - 1);
        const s = s0 + (warp * Math.sin(Math.PI * s0)) / Math.PI;
        const s2 = map === undefined ? s : at1(map, K, s) / (K - 1);
        for (let c = 0; c < 3; c++) {
          let av = at(first.a, K, s, c);
          let rv = at(first.r, K, s, c);
          if (map !== undefined && second !== undefined) {
            av += b * (at(second.a, K, s2, c) - av);
            rv += b * (at(second.r, K, s2, c) - rv);
          }
          acc[3 * j + c] = av * ampA;
          rot[3 * j + c] = rv;
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
