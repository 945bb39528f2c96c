import { quatFromEuler } from '../quaternion.js';
import type { Quat } from '../quaternion.js';
import type { Motion } from '../motion.js';
import type { Rng } from '../rng.js';
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
  const bias = style.gestureBias(name);
  const amp = style.amplitude * bias.amplitude * Math.exp(0.12 * rng.normal()) * (params.amplitude ?? 1);
  const tempo = (style.tempo * bias.tempo * Math.exp(0.1 * rng.normal())) / (params.tempo ?? 1);
  const hold: Quat = quatFromEuler(
    style.holdRoll + 6 * DEG * rng.normal() + (params.rollDeg ?? 0) * DEG,
    style.holdPitch + 6 * DEG * rng.normal() + (params.pitchDeg ?? 0) * DEG,
    style.holdYaw + 8 * DEG * rng.normal() + (params.yawDeg ?? 0) * DEG,
  );
  const fixed = params.durationMs !== undefined ? params.durationMs / 1000 : undefined;
  const ctx: ShapeContext = {
    gesture: name,
    style,
    rng,
    params,
    variation: params.variation ?? 1,
    amp,
    tempo,
    hold,
    fit: (t) => Math.min(fixed ?? t, maxDurationS),
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
