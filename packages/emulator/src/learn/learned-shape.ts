import type { GestureDefinition, GestureShape, ShapeContext } from '../motion/shape.js';
import type { LearnedGestureDoc, LearnedPerformance } from './gesture-file.js';
import { alignKnots } from './align.js';
import { shapeFromKnots } from './learned-pose.js';

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
 * The lead-in and lead-out rest around the move (the recording runs from a button press to its
 * release, and the classifier sees the last 1.44 s before the release, so where the move sits
 * matters): each drawn performance rescales the first example's rest before and after its move by
 * a log-normal factor whose log-sd is the spread of log(0.05 s + rest) across the examples, times
 * LEAD_TAIL_SPREAD, at least LEAD_TAIL_MIN_SD. Measured in ADR 0010.
 */
export const LEAD_TAIL_SPREAD = 1;
export const LEAD_TAIL_MIN_SD = 0.5;

/** Exploration knobs of the variation model (defaults: the documented model). */
export interface LearnedVariation {
  /** Time warp sd and clamp. */
  warpSd?: number;
  warpMax?: number;
  /** Spread of the lead-in and lead-out rest (times the examples' own log-sd; 0 off). */
  timing?: number;
  /** Floor of the timing log-sd. */
  timingMin?: number;
  /** Energy threshold (fraction of the peak) marking the move inside an example. */
  moveThreshold?: number;
}

/** Where the move sits in an example: first and last knot whose acceleration exceeds `thr` of the peak. */
function moveSpan(a: Float64Array, K: number, thr: number): [number, number] {
  const e = Array.from({ length: K }, (_, k) => Math.hypot(a[3 * k]!, a[3 * k + 1]!, a[3 * k + 2]!));
  const peak = Math.max(...e);
  let i = 0;
  while (i < K - 1 && e[i]! < thr * peak) i++;
  let j = K - 1;
  while (j > i && e[j]! < thr * peak) j--;
  return [i / (K - 1), j / (K - 1)];
}

const sdOf = (x: readonly number[]): number => {
  if (x.length < 2) return 0;
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1));
};

/**
 * How a learned gesture is performed by a simulated person: one learned example drawn uniformly,
 * blended with a second one time-aligned to it by dynamic time warping (weight uniform in
 * [0, BLEND_MAX x variation], at most 1; variation 0 is the template), a smooth random time warp
 * (spread by `variation`), the rest before and after the move redrawn (LEAD_TAIL_SPREAD), then the emulator's person layers (see {@link shapeFromKnots}) and,
 * added by the gesture motion, sway and tremor.
 */
export function learnedDefinition(doc: LearnedGestureDoc, opts: LearnedVariation = {}): GestureDefinition {
  const warpSd = opts.warpSd ?? 0.15;
  const warpMax = opts.warpMax ?? 0.3;
  const timing = opts.timing ?? LEAD_TAIL_SPREAD;
  const K = doc.knots;
  const ex = doc.examples.map((p) => ({ d: p.durationS, a: flat(p), r: flatRot(p) }));
  const spans = ex.map((e) => moveSpan(e.a, K, opts.moveThreshold ?? 0.2));
  const REST0 = 0.05;
  const leadSd = Math.max(opts.timingMin ?? LEAD_TAIL_MIN_SD, sdOf(spans.map(([a], j) => Math.log(REST0 + a * ex[j]!.d))));
  const tailSd = Math.max(opts.timingMin ?? LEAD_TAIL_MIN_SD, sdOf(spans.map(([, b], j) => Math.log(REST0 + (1 - b) * ex[j]!.d))));
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
  const drawWarp = (ctx: ShapeContext): number => Math.max(-warpMax, Math.min(warpMax, warpSd * ctx.variation * ctx.rng.normal()));
  const warped = (s0: number, warp: number): number => s0 + (warp * Math.sin(Math.PI * s0)) / Math.PI;

  return {
    kind: 'handheld',
    description: `learned from ${doc.examples.length} recording(s) (tinyspark.gesture v1)`,
    shape(ctx: ShapeContext): GestureShape {
      const { rng, variation } = ctx;
      const n = ex.length;
      // one example drawn uniformly, blended with a second one time-aligned to it (DTW) by weight b;
      // three draws when varied, none at variation 0 (the template)
      const i0 = variation > 0 ? Math.min(n - 1, Math.floor(rng.next() * n)) : 0;
      const j0 = variation > 0 ? Math.min(n - 1, Math.floor(rng.next() * n)) : 0;
      const u = variation > 0 ? rng.next() : 0;
      const first = variation > 0 ? ex[i0]! : template;
      const second = variation > 0 && j0 !== i0 ? ex[j0]! : undefined;
      const b = second === undefined ? 0 : Math.min(1, variation * BLEND_MAX * u);
      const map = second === undefined || b === 0 ? undefined : aligned(i0, j0);
      const warp = drawWarp(ctx);
      let d0 = Math.max(0.1, second === undefined ? first.d : (1 - b) * first.d + b * second.d);
      // lead-in and lead-out rest redrawn around the first example's (spread measured on the examples)
      let remap = (s0: number): number => s0;
      if (timing > 0 && variation > 0) {
        const [sa, sb] = spans[i0]!;
        const lead = sa * d0;
        const move = (sb - sa) * d0;
        const tail = (1 - sb) * d0;
        const lead2 = Math.max(0, (REST0 + lead) * Math.exp(timing * variation * leadSd * rng.normal()) - REST0);
        const tail2 = Math.max(0, (REST0 + tail) * Math.exp(timing * variation * tailSd * rng.normal()) - REST0);
        const d2 = Math.max(0.1, lead2 + move + tail2);
        remap = (s0: number): number => {
          const t = s0 * d2;
          if (t < lead2) return lead2 > 0 ? (sa * t) / lead2 : sa;
          if (t < lead2 + move) return sa + (move > 0 ? ((sb - sa) * (t - lead2)) / move : 0);
          return tail2 > 0 ? sb + ((1 - sb) * (t - lead2 - move)) / tail2 : sb;
        };
        d0 = d2;
      }
      // blended, warped knots
      const acc = new Float64Array(3 * K);
      const rot = new Float64Array(3 * K);
      for (let j = 0; j < K; j++) {
        const s = remap(warped(j / (K - 1), warp));
        const s2 = map === undefined ? s : at1(map, K, s) / (K - 1);
        for (let c = 0; c < 3; c++) {
          let av = at(first.a, K, s, c);
          let rv = at(first.r, K, s, c);
          if (map !== undefined && second !== undefined) {
            av += b * (at(second.a, K, s2, c) - av);
            rv += b * (at(second.r, K, s2, c) - rv);
          }
          acc[3 * j + c] = av;
          rot[3 * j + c] = rv;
        }
      }
      return shapeFromKnots(ctx, K, acc, rot, d0);
    },
  };
}
