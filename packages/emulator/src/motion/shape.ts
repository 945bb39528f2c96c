import type { Quat } from '../quaternion.js';
import type { Rng } from '../rng.js';
import type { PersonStyle } from './person-style.js';

export const DEG = Math.PI / 180;

/** Explicit overrides of the drawn variation (all optional). */
export interface GestureParams {
  /** Amplitude multiplier on top of person and seed variation. */
  amplitude?: number;
  /** Speed multiplier on top of person and seed variation (> 1 faster, as in the protocol). */
  tempo?: number;
  /** Duration of the gesture itself, ms (overrides tempo). */
  durationMs?: number;
  /** Extra rotation of the board in the hand, degrees. */
  rollDeg?: number;
  pitchDeg?: number;
  yawDeg?: number;
  /**
   * Spread of the drawn variation, >= 0 (default 1: the spread of real people; 0: the canonical
   * template; above 1 wider than any calibrated person, for domain randomisation).
   */
  variation?: number;
}

/** What a gesture contributes: its own pose over local time, before sway/tremor. */
export interface GestureShape {
  readonly durationS: number;
  /** Proximity gesture: hand distance (cm) over local time; the board lies flat and still. */
  readonly distanceCm?: (tau: number) => number;
  /**
   * Hand-held gesture: position offset (o[0..2], m, world frame) and orientation (o[3..6]) at local
   * time tau (clamped to [0, T]), written into `o` (no allocation: evaluated for every sample).
   * Must be smooth (C2) in tau: the accelerometer and gyroscope are its derivatives.
   */
  readonly pose?: (tau: number, o: Float64Array) => void;
  /** Board hold at the gesture's start (world frame). */
  readonly hold: Quat;
  /** Held in a hand (sway and tremor on top); false: lying on the table. */
  readonly handheld: boolean;
}

/**
 * What a shape function gets: the person, the recording's rng (already advanced past the common
 * draws), the explicit params, and the common draws themselves.
 */
export interface ShapeContext {
  readonly gesture: string;
  readonly style: PersonStyle;
  readonly rng: Rng;
  readonly params: GestureParams;
  /** Spread multiplier of every distribution (params.variation, default 1). */
  readonly variation: number;
  /** Drawn amplitude multiplier (person x person-gesture bias x recording x params.amplitude). */
  readonly amp: number;
  /** Drawn duration multiplier (> 1 slower). */
  readonly tempo: number;
  /** Drawn board hold at the gesture's start (world frame). */
  readonly hold: Quat;
  /**
   * The drawn hold's angles (rad): roll, pitch, yaw deviations of this person and recording, already
   * multiplied by the variation (sd about 10, 10 and 17 degrees at variation 1), without params.
   */
  readonly holdAngles: readonly [number, number, number];
  /** params.rollDeg, pitchDeg, yawDeg in rad (0 when absent). */
  readonly paramAngles: readonly [number, number, number];
  /** A nominal duration (s) clamped to params.durationMs (when given) and to the window. */
  fit(nominalS: number): number;
  /** The window the gesture must fit in (s): the longest `fit` returns. */
  readonly maxDurationS: number;
  /** This person's four standard normal habits for this gesture (PersonStyle.gestureBias). */
  readonly habit: readonly [number, number, number, number];
  /**
   * A log-normal draw with `median` and log-sd `sigma`, scaled by the variation: median *
   * exp(variation * sigma * z). Without `habit` z is one fresh normal from the rng; with `habit` = i
   * z mixes this person's habit i and a fresh normal (sqrt(share) and sqrt(1 - share) of the
   * variance, share default 0.5: half of the spread between people, half between recordings).
   * Always consumes one rng normal, whatever the variation.
   */
  spread(median: number, sigma: number, habit?: number, share?: number): number;
  /** A normal draw mean + variation * sd * z (z as in `spread`). */
  around(mean: number, sd: number, habit?: number, share?: number): number;
}

/** A gesture's shape function: draws its own variation from `ctx.rng` and returns the shape. */
export type GestureShapeFn = (ctx: ShapeContext) => GestureShape;

/** An entry of the gesture table. */
export interface GestureDefinition {
  /** `handheld`: the board moves in a hand (IMU); `proximity`: a hand moves above the board lying still. */
  readonly kind: 'handheld' | 'proximity' | 'still';
  readonly shape: GestureShapeFn;
  /** One line for docs and listings. */
  readonly description?: string;
  /** Another name of the same gesture (the same shape function), e.g. swipe_left of left. */
  readonly aliasOf?: string;
}

export function setP(o: Float64Array, x: number, y: number, z: number): void {
  o[0] = x;
  o[1] = y;
  o[2] = z;
}

/** o[3..6] = (rotation by `angle` about world axis 0 = x, 1 = y, 2 = z) * (w, x, y, z). */
export function rotInto(o: Float64Array, axis: 0 | 1 | 2, angle: number, w: number, x: number, y: number, z: number): void {
  const c = Math.cos(angle / 2);
  const s = Math.sin(angle / 2);
  if (axis === 0) {
    o[3] = c * w - s * x;
    o[4] = c * x + s * w;
    o[5] = c * y - s * z;
    o[6] = c * z + s * y;
  } else if (axis === 1) {
    o[3] = c * w - s * y;
    o[4] = c * x + s * z;
    o[5] = c * y + s * w;
    o[6] = c * z - s * x;
  } else {
    o[3] = c * w - s * z;
    o[4] = c * x - s * y;
    o[5] = c * y + s * x;
    o[6] = c * z + s * w;
  }
}
