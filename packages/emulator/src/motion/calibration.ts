/**
 * Fitted numbers of the calibrated gestures (docs/decisions/0009-gesture-calibration.md says where
 * each comes from). Fitted on the "fit" half of the GestureWiimote calibration recordings (every
 * second recording of each label, the half `tinyspark sim2real` calls fit), mapped to the board frame
 * (x = -y, y = x, z = z); the held-out half is only measured. Angles in degrees, times in seconds,
 * lengths in metres; `...Sigma` are log-normal sigmas, `...Sd` normal standard deviations, all at
 * variation 1 (the spread of real people) and multiplied by the variation.
 */

/**
 * How the hand is held at the button press: roll and nose-up pitch (mean, sd) of the usual starts,
 * and the share of starts tilted far beyond them (largeShare, tilted by largeDeg [min, max] more).
 */
export interface StartCalibration {
  readonly rollDeg: number;
  readonly rollSd: number;
  readonly noseUpDeg: number;
  readonly noseUpSd: number;
  readonly largeShare: number;
  readonly largeDeg: readonly [number, number];
}

/** A one-way move of the arm: an arc about the shoulder (`yaw`, `pitch`) or a push of the forearm. */
export interface OneWayCalibration {
  readonly kind: 'yaw' | 'pitch' | 'push';
  /** +1 towards +y (left), up (+z) or forward (+x); -1 the other way. */
  readonly sign: 1 | -1;
  /** The whole gesture (the button press to release less the lead-in and lead-out), median and log-sd. */
  readonly durationS: number;
  readonly durationSigma: number;
  /**
   * Mean share of the gesture's idle time after the move (the rest is before it): the real median
   * idle span after the move over the median spans before and after it (fit half).
   */
  readonly afterShare: number;
  /** The move itself (push and brake), median and log-sd; the rest of the gesture is hold before it. */
  readonly moveS: number;
  readonly moveSigma: number;
  /** Overshoot past the end point (fraction of the move) and the rebound's length (fraction of moveS). */
  readonly overshoot: number;
  readonly rebound: number;
  /**
   * Asymmetry of push and brake (profiles.jerkyStep): > 0 a short push and a longer brake (up, left,
   * right: a flick, then a coast to a stop), < 0 a long push and a short brake (down).
   */
  readonly skew: number;
  /** The hand's jerk at the move's peak (HandJerk): acceleration rms per axis, g. */
  readonly jerkG: number;
  /** Pitch arcs: a far-tilted start (largeShare) is turned back into the grip by the move (pick-up from a table). */
  readonly unwind: boolean;
  /** Radius of the arc (shoulder or elbow to the hand), m. */
  readonly radiusM: number;
  /** Size of the move: degrees of arc (yaw, pitch) or metres (push); median and log-sd. */
  readonly size: number;
  readonly sizeSigma: number;
  /** Share of the arm's turn the hand's orientation follows (yaw, pitch). */
  readonly follow: number;
  /** Arm elevation at the start (pitch arcs; from the start pose's nose-up / follow), degrees. */
  readonly startDeg: number;
  readonly startSd: number;
  /** Pitch arcs that end at a given elevation (down: level), degrees; null: the sweep is `size`. */
  readonly endDeg: number | null;
  /** The start pose (for pitch arcs on top of the arm's start elevation). */
  readonly start: StartCalibration;
  /** Wrist roll during the move (degrees at the end of the move): mean and sd. */
  readonly rollDeg: number;
  readonly rollSd: number;
  /** Wrist pitch during the move (degrees at the end of the move, nose up > 0): mean and sd. */
  readonly pitchDeg: number;
  readonly pitchSd: number;
  /**
   * Pitch arcs: the hand also comes back toward the body during the move (m, median and log-sd; 0:
   * none): a pick-up lifts the thing and brings it in (real pick-ups dip on -x first, ADR 0009).
   */
  readonly pullM: number;
  readonly pullSigma: number;
}

const ONE_WAY_COMMON = { overshoot: 0.3, rebound: 0.55, skew: 0, jerkG: 0.1, unwind: false, rollDeg: 0, rollSd: 10, pitchDeg: 0, pitchSd: 8, startDeg: 0, startSd: 0, endDeg: null, pullM: 0, pullSigma: 0 } as const;

/**
 * Start poses fitted per real label (fit half; usual starts = start tilt below 45 degrees).
 * `right`'s rollSd is refitted to the whole start-tilt spread (ADR 0009 round 5b: 14.6 measured on the
 * usual starts gave an emulated spread 30% above the real 10.2 degrees; 11 gives +21%).
 */
export const START: Readonly<Record<string, StartCalibration>> = {
  pick_up: { rollDeg: 3.0, rollSd: 9.2, noseUpDeg: -2.8, noseUpSd: 2.9, largeShare: 0.12, largeDeg: [78, 83] },
  shake: { rollDeg: 4.7, rollSd: 11.7, noseUpDeg: 9.7, noseUpSd: 11.3, largeShare: 0.3, largeDeg: [51, 142] },
  right: { rollDeg: -0.5, rollSd: 11, noseUpDeg: 7.1, noseUpSd: 6.6, largeShare: 0.07, largeDeg: [45, 45] },
  left: { rollDeg: 9.2, rollSd: 12.4, noseUpDeg: 12.6, noseUpSd: 9.5, largeShare: 0.12, largeDeg: [56, 61] },
  up: { rollDeg: 6.9, rollSd: 4.5, noseUpDeg: -2.0, noseUpSd: 5.0, largeShare: 0, largeDeg: [0, 0] },
  down: { rollDeg: 5.7, rollSd: 13.7, noseUpDeg: 15.1, noseUpSd: 7.1, largeShare: 0.38, largeDeg: [47, 159] },
  circle_left: { rollDeg: 8.6, rollSd: 7.5, noseUpDeg: 2.5, noseUpSd: 5.6, largeShare: 0.14, largeDeg: [62, 94] },
  circle_right: { rollDeg: 6.0, rollSd: 17, noseUpDeg: 3.8, noseUpSd: 15, largeShare: 0.06, largeDeg: [62, 62] },
  toward: { rollDeg: 3.1, rollSd: 10.2, noseUpDeg: 7.6, noseUpSd: 7.7, largeShare: 0.09, largeDeg: [51, 51] },
  away: { rollDeg: 6.2, rollSd: 5.1, noseUpDeg: 0.1, noseUpSd: 6.7, largeShare: 0, largeDeg: [0, 0] },
};

export const ONE_WAY: Readonly<Record<'up' | 'down' | 'left' | 'right' | 'toward' | 'away' | 'pick_up', OneWayCalibration>> = {
  up: { ...ONE_WAY_COMMON, afterShare: 0.2, kind: 'pitch', sign: 1, start: START['up']!, durationS: 0.6, durationSigma: 0.85, moveS: 0.45, moveSigma: 0.25, skew: 0.35, overshoot: 0.15, radiusM: 0.6, size: 35, sizeSigma: 0.4, follow: 0.5, jerkG: 0.1 },
  down: { ...ONE_WAY_COMMON, afterShare: 0.4, kind: 'pitch', sign: -1, start: START['down']!, durationS: 0.7, durationSigma: 0.95, moveS: 0.45, moveSigma: 0.25, skew: -0.15, radiusM: 0.55, size: 45, sizeSigma: 0.3, follow: 0.65, endDeg: -5, jerkG: 0.27 },
  left: { ...ONE_WAY_COMMON, afterShare: 0.26, kind: 'yaw', sign: 1, start: START['left']!, durationS: 0.85, durationSigma: 0.75, moveS: 0.4, moveSigma: 0.25, skew: 0.25, overshoot: 0.15, radiusM: 0.3, size: 60, sizeSigma: 0.3, follow: 0.9, rollDeg: 10, rollSd: 14, jerkG: 0.18 },
  right: { ...ONE_WAY_COMMON, afterShare: 0.65, kind: 'yaw', sign: -1, start: START['right']!, durationS: 0.5, durationSigma: 0.8, moveS: 0.4, moveSigma: 0.25, skew: 0.25, overshoot: 0.15, radiusM: 0.3, size: 60, sizeSigma: 0.3, follow: 0.9, rollDeg: 8, rollSd: 10, jerkG: 0.1 },
  toward: { ...ONE_WAY_COMMON, afterShare: 0.42, kind: 'push', sign: 1, start: START['toward']!, durationS: 0.45, durationSigma: 0.7, moveS: 0.4, moveSigma: 0.25, radiusM: 0, size: 0.19, sizeSigma: 0.3, follow: 0, pitchDeg: -15, pitchSd: 12, jerkG: 0.19 },
  away: { ...ONE_WAY_COMMON, afterShare: 0.39, kind: 'push', sign: -1, start: START['away']!, durationS: 0.85, durationSigma: 0.6, moveS: 0.4, moveSigma: 0.25, radiusM: 0, size: 0.19, sizeSigma: 0.3, follow: 0, pitchDeg: 0, pitchSd: 8, jerkG: 0.09 },
  pick_up: { ...ONE_WAY_COMMON, afterShare: 0.0, kind: 'pitch', sign: 1, start: START['pick_up']!, durationS: 0.9, durationSigma: 0.9, moveS: 0.6, moveSigma: 0.3, skew: 0.45, unwind: true, pullM: 0.15, pullSigma: 0.4, overshoot: 0.1, radiusM: 0.3, size: 28, sizeSigma: 0.3, follow: 0.85, jerkG: 0.06 },
};

/** A vertical circle in the plane in front of the person (board y-z), one turn. */
export interface CircleCalibration {
  readonly durationS: number;
  readonly durationSigma: number;
  /**
   * Mean share of the gesture's idle time after the move (the rest is before it): the real median
   * idle span after the move over the median spans before and after it (fit half).
   */
  readonly afterShare: number;
  /** One turn, median s and log-sd (the rest of the gesture is hold before it). */
  readonly turnS: number;
  readonly turnSigma: number;
  readonly radiusM: number;
  readonly radiusSigma: number;
  /** Share of the turn at each end in which the hand speeds up from rest (and slows down to it). */
  readonly rampShare: number;
  /** Wrist roll swinging with the circle, degrees (amplitude): mean and sd. */
  readonly rollDeg: number;
  readonly rollSd: number;
  readonly start: StartCalibration;
}

export const CIRCLE: CircleCalibration = { afterShare: 0.2, durationS: 1.0, durationSigma: 0.45, turnS: 1.05, turnSigma: 0.2, rampShare: 0.3, radiusM: 0.2, radiusSigma: 0.25, rollDeg: 15, rollSd: 10, start: START['circle_right']! };
export const CIRCLE_LEFT: CircleCalibration = { ...CIRCLE, afterShare: 0.33, start: START['circle_left']! };

/**
 * A shake: the hand turns side to side about the wrist (a yaw swing about a pivot behind the
 * board, so the board feels the swing's tangential push on y and its centripetal pull toward the
 * wrist on -x), the forearm swings with it, and the forearm rolls in step (gravity leaves z).
 */
export interface ShakeCalibration {
  readonly durationS: number;
  readonly durationSigma: number;
  /**
   * Mean share of the gesture's idle time after the move (the rest is before it): the real median
   * idle span after the move over the median spans before and after it (fit half).
   */
  readonly afterShare: number;
  /** Shake frequency (Hz), median and log-sd. */
  readonly frequencyHz: number;
  readonly frequencySigma: number;
  /** Wrist to board (m): the radius of the swing. */
  readonly pivotM: number;
  /** Wrist yaw amplitude (degrees), median and log-sd. */
  readonly yawDeg: number;
  readonly yawSigma: number;
  /** Half the forearm's side-to-side swing, m: median and log-sd. */
  readonly amplitudeM: number;
  readonly amplitudeSigma: number;
  /** Forearm roll amplitude in step with the swing, degrees. */
  readonly rollDeg: number;
  /** The board's nose-down pitch while shaking (degrees, mean and sd): gravity leaves z. */
  readonly noseDownDeg: number;
  readonly noseDownSd: number;
  /** sd of the angle (degrees) between the board's -x and the direction to the wrist (the tangential push leaks into x). */
  readonly skewSd: number;
  /**
   * The other way people shake (a sub-style, mostly a personal habit): the forearm swings side to
   * side about the elbow, slower and wider (the hand follows the forearm). Drawn for `share` of the
   * recordings; its pivot, frequency, yaw and nose-down replace the wrist shake's.
   */
  readonly sweep: { readonly share: number; readonly pivotM: number; readonly frequencyHz: number; readonly frequencySigma: number; readonly yawDeg: number; readonly yawSigma: number; readonly noseDownDeg: number };
  readonly start: StartCalibration;
}

export const SHAKE: ShakeCalibration = { afterShare: 0.26, durationS: 1.1, durationSigma: 0.8, frequencyHz: 2.6, frequencySigma: 0.25, pivotM: 0.12, yawDeg: 40, yawSigma: 0.25, amplitudeM: 0.02, amplitudeSigma: 0.3, rollDeg: 15, noseDownDeg: 35, noseDownSd: 15, skewSd: 25, sweep: { share: 0.15, pivotM: 0.3, frequencyHz: 1.3, frequencySigma: 0.15, yawDeg: 50, yawSigma: 0.2, noseDownDeg: 10 }, start: START['shake']! };
