/**
 * Time alignment of two learned performances (dynamic time warping on their knots): for each knot
 * of `a`, the (fractional) knot of `b` that performs the same part of the movement. Examples of a
 * gesture are normalised to the same span, but people pause, hurry and swing at different moments
 * inside it; blending them knot by knot would smear the swings (the phases of a shake cancel out).
 */

/** Rows are interleaved 3-channel knots: accelerations (m/s^2) and rotation vectors (rad). */
export interface KnotTrack {
  readonly a: Float64Array;
  readonly r: Float64Array;
}

/** Weight of a radian of rotation against 1 m/s^2 of acceleration in the alignment cost. */
const ROTATION_WEIGHT = 10;

/**
 * The DTW path between `a` and `b` (K knots each; a Sakoe-Chiba band of `band` knots keeps the
 * warp plausible), turned into a monotone map from a's knots to b's: the mean b-knot matched to each
 * a-knot, made non-decreasing, ends pinned (0 -> 0, K-1 -> K-1).
 */
export function alignKnots(a: KnotTrack, b: KnotTrack, K: number, band = Math.max(2, Math.round(K / 4))): Float64Array {
  const INF = Number.POSITIVE_INFINITY;
  const cost = new Float64Array(K * K).fill(INF);
  const d = (i: number, j: number): number => {
    let s = 0;
    for (let c = 0; c < 3; c++) {
      s += (a.a[3 * i + c]! - b.a[3 * j + c]!) ** 2;
      s += ROTATION_WEIGHT * ROTATION_WEIGHT * (a.r[3 * i + c]! - b.r[3 * j + c]!) ** 2;
    }
    return Math.sqrt(s);
  };
  for (let i = 0; i < K; i++) {
    for (let j = Math.max(0, i - band); j <= Math.min(K - 1, i + band); j++) {
      const prev = i === 0 && j === 0 ? 0 : Math.min(i > 0 ? cost[(i - 1) * K + j]! : INF, j > 0 ? cost[i * K + j - 1]! : INF, i > 0 && j > 0 ? cost[(i - 1) * K + j - 1]! : INF);
      cost[i * K + j] = prev + d(i, j);
    }
  }
  // backtrack from (K-1, K-1)
  const sum = new Float64Array(K);
  const cnt = new Float64Array(K);
  let i = K - 1;
  let j = K - 1;
  for (;;) {
    sum[i] += j;
    cnt[i] += 1;
    if (i === 0 && j === 0) break;
    const up = i > 0 ? cost[(i - 1) * K + j]! : INF;
    const left = j > 0 ? cost[i * K + j - 1]! : INF;
    const diag = i > 0 && j > 0 ? cost[(i - 1) * K + j - 1]! : INF;
    if (diag <= up && diag <= left) {
      i--;
      j--;
    } else if (up <= left) i--;
    else j--;
  }
  const map = new Float64Array(K);
  for (let k = 0; k < K; k++) map[k] = sum[k]! / cnt[k]!;
  map[0] = 0;
  map[K - 1] = K - 1;
  for (let k = 1; k < K; k++) map[k] = Math.max(map[k]!, map[k - 1]!);
  return map;
}
