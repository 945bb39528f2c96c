import type { QModel } from '../../src/runtime/index.js';
import { extractFeatures } from '../../src/runtime/index.js';

const view = new DataView(new ArrayBuffer(4));
/** The float32 `k` ulps away from float32 v (towards larger magnitude for k > 0). */
function ulps(v: number, k: number): number {
  if (v === 0) return v;
  view.setFloat32(0, v);
  view.setInt32(0, view.getInt32(0) + k);
  return view.getFloat32(0);
}

export interface NearTieWindows {
  /** Raw windows, [sample][pipeline axis], float32 values in SI units, oldest first. */
  windows: number[][][];
  /** How many features landed exactly on a quantization tie (k + 0.5) in float32. */
  exactTies: number;
}

/**
 * Raw sensor windows whose features, after the pipeline's float32 `(v - offset) * scale` and the
 * input quantization's float32 division, lie on or within a few float32 steps of a rounding tie.
 * Computing any of those steps in double, with other rounding or a perturbed scale moves some of
 * them to the other integer, so exporters that get the float rules wrong fail on these windows.
 */
export function nearTieWindows(qmodel: QModel, count: number, rng: { next(): number; int(lo: number, hi: number): number }): NearTieWindows {
  const p = qmodel.pipeline;
  const sIn = qmodel.input.scale;
  const zp = qmodel.input.zeroPoint;
  const windows: number[][][] = [];
  let exactTies = 0;
  for (let w = 0; w < count; w++) {
    const window: number[][] = [];
    for (let t = 0; t < p.windowLength; t++) {
      window.push(
        p.axes.map((_, a) => {
          const k = rng.int(-128, 126) - zp; // the tie between q = k + zp and k + zp + 1
          const raw = Math.fround(((k + 0.5) * sIn) / p.scale[a]! + p.offset[a]!);
          return ulps(raw, rng.int(-3, 3));
        }),
      );
    }
    const feats = extractFeatures(p, { intervalMs: p.intervalMs, axes: p.axes, values: window });
    for (const f of feats) {
      const q = Math.fround(f / sIn);
      if (Math.abs(q - Math.trunc(q)) === 0.5) exactTies++;
    }
    windows.push(window);
  }
  return { windows, exactTies };
}
