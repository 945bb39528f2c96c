import { quatFromEuler } from '../quaternion.js';
import type { Quat } from '../quaternion.js';
import type { Motion } from '../motion.js';
import type { Rng } from '../rng.js';
import { EmulatorError } from '../errors.js';
import type { PersonStyle } from './person-style.js';
import { assertGestureName, gestureDefinition } from './registry.js';
import type { GestureName } from './registry.js';
import { DEG } from './shape.js';
import type { GestureParams, GestureShape, ShapeContext } from './shape.js';
import { Sway } from './sway.js';

/**
 * The draws every gesture shares, in a fixed order (amplitude, tempo, hold roll/pitch/yaw), then
 * the gesture's own shape function from the table.
 */
export function gestureShape(name: GestureName, style: PersonStyle, rng: Rng, params: GestureParams, maxDurationS: number): GestureShape {
  const def = gestureDefinition(assertGestureName(name));
  const v = params.variation ?? 1;
  if (!(v >= 0 && Number.isFinite(v))) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `params.variation: must be a finite number >= 0, got ${v}`, { field: 'params.variation' });
  const bias = style.gestureBias(name);
  // the person's and the recording's multipliers widened (or narrowed) by the variation: x ** v
  const amp = Math.pow(style.amplitude * bias.amplitude * Math.exp(0.12 * rng.normal()), v) * (params.amplitude ?? 1);
  const tempo = Math.pow(style.tempo * bias.tempo * Math.exp(0.1 * rng.normal()), v) / (params.tempo ?? 1);
  const holdAngles = [v * (style.holdRoll + 6 * DEG * rng.normal()), v * (style.holdPitch + 6 * DEG * rng.normal()), v * (style.holdYaw + 8 * DEG * rng.normal())] as const;
  const paramAngles = [(params.rollDeg ?? 0) * DEG, (params.pitchDeg ?? 0) * DEG, (params.yawDeg ?? 0) * DEG] as const;
  const hold: Quat = quatFromEuler(holdAngles[0] + paramAngles[0], holdAngles[1] + paramAngles[1], holdAngles[2] + paramAngles[2]);
  const fixed = params.durationMs !== undefined ? params.durationMs / 1000 : undefined;
  const z = (habit: number | undefined, share: number): number => {
    const fresh = rng.normal();
    if (habit === undefined) return fresh;
    return Math.sqrt(share) * bias.habit[habit & 3]! + Math.sqrt(1 - share) * fresh;
  };
  const ctx: ShapeContext = {
    gesture: name,
    style,
    rng,
    params,
    variation: v,
    amp,
    tempo,
    hold,
    holdAngles,
    paramAngles,
    habit: bias.habit,
    maxDurationS,
    fit: (t) => Math.min(fixed ?? t, maxDurationS),
    spread: (median, sigma, habit, share = 0.5) => median * Math.exp(v * sigma * z(habit, share)),
    around: (mean, sd, habit, share = 0.5) => mean + v * sd * z(habit, share),
  };
  return def!.shape(ctx);
}

/** A gesture placed in time: `onsetS` after the motion's start, lasting `gestureS`. */
export interface GestureMotion extends Motion {
  readonly gesture: GestureName;
  readonly onsetS: number;
  readonly gestureS: number;
  /** Hand reflectance for the proximity sensor. */
  readonly reflectance: number;
  /** Pose at the start and end of the motion (for transitions). */
  readonly startHold: Quat;
}

export interface GestureMotionOptions {
  /** Total span of the motion (s): idle/rest before and after the gesture. */
  windowS: number;
  /** Onset of the gesture inside the window (s); drawn from the seed when omitted. */
  onsetS?: number;
  params?: GestureParams;
}

/**
 * Builds the trajectory of `gesture` performed by a person with `style`, with variation drawn
 * from `rng` (amplitude, tempo, orientation in the hand, onset, phases of sway and tremor).
 */
export function createGestureMotion(gesture: GestureName, style: PersonStyle, rng: Rng, options: GestureMotionOptions): GestureMotion {
  const windowS = options.windowS;
  const sh = gestureShape(gesture, style, rng, options.params ?? {}, Math.max(0.05, windowS * 0.92));
  const T = sh.durationS;
  const slack = Math.max(0, windowS - T);
  const onsetS = options.onsetS ?? (T > 0 ? slack * rng.uniform(0.1, 0.9) : 0);
  const sway = sh.handheld ? new Sway(style, rng) : null;
  const hold = sh.hold;
  const rho = style.reflectance * Math.exp(0.08 * rng.normal());
  const still = sway === null;
  const distanceCm = sh.distanceCm;
  const gpose = sh.pose;
  // gesture pose at the last tau (before and after the gesture tau is clamped: computed once)
  const gp = Float64Array.of(0, 0, 0, hold[0], hold[1], hold[2], hold[3], Infinity);
  let lastTau = NaN;
  const sw = new Float64Array(7);
  const motion: GestureMotion = {
    gesture,
    durationS: windowS,
    still,
    onsetS,
    gestureS: T,
    reflectance: rho,
    startHold: hold,
    pose(t: number, out: Float64Array): void {
      const tau = Math.min(Math.max(t - onsetS, 0), T);
      if (tau !== lastTau) {
        lastTau = tau;
        if (gpose !== undefined) gpose(tau, gp);
        gp[7] = distanceCm !== undefined ? distanceCm(tau) : Infinity;
      }
      out[7] = gp[7]!;
      if (sway === null) {
        for (let i = 0; i < 7; i++) out[i] = gp[i]!;
        return;
      }
      sway.write(t, sw);
      out[0] = gp[0]! + sw[0]!;
      out[1] = gp[1]! + sw[1]!;
      out[2] = gp[2]! + sw[2]!;
      // q = q_sway * q_gesture
      const aw = sw[3]!, ax = sw[4]!, ay = sw[5]!, az = sw[6]!;
      const bw = gp[3]!, bx = gp[4]!, by = gp[5]!, bz = gp[6]!;
      out[3] = aw * bw - ax * bx - ay * by - az * bz;
      out[4] = aw * bx + ax * bw + ay * bz - az * by;
      out[5] = aw * by - ax * bz + ay * bw + az * bx;
      out[6] = aw * bz + ax * by - ay * bx + az * bw;
    },
  };
  return motion;
}
