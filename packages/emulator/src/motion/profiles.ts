/** Smooth time profiles used to build trajectories (all C2-continuous on the real line). */

function clamp01(s: number): number {
  return s <= 0 ? 0 : s >= 1 ? 1 : s;
}

/** Minimum-jerk rise from 0 to 1 over s in [0, 1]: 10 s^3 - 15 s^4 + 6 s^5. */
export function minJerk(s: number): number {
  const u = clamp01(s);
  return u * u * u * (10 + u * (-15 + 6 * u));
}

/** Bump from 0 up to 1 (at s = 0.5) and back to 0 over [0, 1]: 64 s^3 (1 - s)^3. */
export function bump(s: number): number {
  const u = clamp01(s);
  const v = u * (1 - u);
  return 64 * v * v * v;
}

/** Flat-top window: minimum-jerk ramps of width `ramp` (fraction of the span) at both ends. */
export function flatTop(s: number, ramp: number): number {
  if (s <= 0 || s >= 1) return 0;
  return minJerk(s / ramp) * minJerk((1 - s) / ramp);
}

/** Rise over [0, rise], hold, fall over [1 - fall, 1] (fractions of the span). */
export function riseHoldFall(s: number, rise: number, fall: number): number {
  if (s <= 0 || s >= 1) return 0;
  return Math.min(minJerk(s / rise), minJerk((1 - s) / fall));
}

/**
 * A jerky one-way step from 0 to 1 over [0, moveS (0.7 + rebound)]: a minimum-jerk move that
 * overshoots to 1 + overshoot and a minimum-jerk rebound of `rebound` x moveS starting at 0.7 x
 * moveS that brings it back to 1 (C2: a sum of C2 steps). Returns the position; the acceleration is a
 * push, a harder brake and a small rebound, as real hands move. `skew` in [0, 1) runs the move on the
 * warped time w(s) = s + skew s (1 - s) (smooth, monotone, w(0) = 0, w(1) = 1): the push gets shorter
 * and sharper, the brake longer, as in real one-way moves (a flick, then a coast to a stop).
 */
export function jerkyStep(t: number, moveS: number, overshoot: number, rebound: number, skew = 0): number {
  const s = clamp01(t / moveS);
  return (1 + overshoot) * minJerk(s + skew * s * (1 - s)) - overshoot * minJerk((t - 0.7 * moveS) / (rebound * moveS));
}

/** Length of a jerkyStep (s): the later of the move's and the rebound's ends. */
export function jerkyStepS(moveS: number, rebound: number): number {
  return Math.max(moveS, (0.7 + rebound) * moveS);
}

/** Integral of minJerk over [0, x], x in [0, 1]: x^4 (2.5 - 3 x + x^2). */
function minJerkArea(x: number): number {
  const u = clamp01(x);
  const u2 = u * u;
  return u2 * u2 * (2.5 + u * (-3 + u));
}

/**
 * Progress 0 -> 1 over s in [0, 1] at a steady speed, speeding up from rest over the first `ramp`
 * share of the span and slowing down to rest over the last (minimum-jerk speed ramps; C3): a
 * circle drawn at an even pace, whose centripetal pull lasts the whole turn.
 */
export function rampedProgress(s: number, ramp: number): number {
  if (s <= 0) return 0;
  if (s >= 1) return 1;
  const total = 1 - ramp;
  let u: number;
  if (s < ramp) u = ramp * minJerkArea(s / ramp);
  else if (s > 1 - ramp) u = total - ramp * minJerkArea((1 - s) / ramp);
  else u = 0.5 * ramp + (s - ramp);
  return u / total;
}
