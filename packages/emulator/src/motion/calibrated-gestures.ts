import { quatAxisAngle, quatFromEuler, quatMul } from '../quaternion.js';
import type { Quat } from '../quaternion.js';
import type { CircleCalibration, OneWayCalibration, ShakeCalibration, StartCalibration } from './calibration.js';
import { flatTop, jerkyStep, jerkyStepS } from './profiles.js';
import { DEG, rotInto, setP } from './shape.js';
import type { GestureShape, ShapeContext } from './shape.js';

/** Habit indices of PersonStyle.gestureBias(...).habit used by the calibrated gestures. */
const H_SIZE = 0;
const H_TIME = 1;
const H_WRIST = 2;

/**
 * The gesture's length and where its main movement sits: the whole gesture lasts `T` (drawn, at
 * least the movement), the movement `moveS` starts after a hold of `preS` (the rest of T is mostly
 * waiting before the move: real recordings end soon after it).
 */
function timing(ctx: ShapeContext, durationS: number, durationSigma: number, moveS: number, moveSigma: number, lengthOf: (m: number) => number): { T: number; moveS: number; preS: number } {
  const m0 = ctx.spread(moveS, moveSigma, H_TIME) * ctx.tempo;
  const want = ctx.spread(durationS, durationSigma) * ctx.tempo;
  const T = ctx.fit(Math.max(want, lengthOf(m0) * 1.05));
  const m = Math.min(m0, T / (lengthOf(1) * 1.05));
  const len = lengthOf(m);
  const slack = Math.max(0, T - len);
  const preS = slack * (0.55 + 0.45 * ctx.rng.next() * Math.min(1, ctx.variation));
  return { T, moveS: m, preS };
}

/**
 * The start pose fitted per gesture: the person's and recording's drawn hold angles (sd ~10 degrees)
 * rescaled to the fitted roll and nose-up spreads around the fitted means, and now and then (the
 * fitted share) a start tilted far beyond (about a random horizontal axis; `noseUpOnly`: about the
 * pitch axis, for arm raises). Returns the hold and the nose-up angle (rad) when `noseUpOnly`.
 */
function startPose(ctx: ShapeContext, st: StartCalibration, noseUpOnly: boolean): { hold: Quat; noseUp: number } {
  const [hr, hp, hy] = ctx.holdAngles;
  const [pr, pp, py] = ctx.paramAngles;
  const u = ctx.rng.next();
  const big = st.largeDeg[0] + (st.largeDeg[1] - st.largeDeg[0]) * ctx.rng.next();
  const az = 2 * Math.PI * ctx.rng.next();
  const large = u < Math.min(0.9, st.largeShare * ctx.variation) ? big * DEG : 0;
  const roll = st.rollDeg * DEG + (st.rollSd / 10) * hr + pr;
  let noseUp = st.noseUpDeg * DEG - (st.noseUpSd / 10) * hp - pp;
  if (noseUpOnly) {
    noseUp += large;
    return { hold: quatFromEuler(roll, 0, hy + py), noseUp };
  }
  const base = quatFromEuler(roll, -noseUp, hy + py);
  return { hold: large === 0 ? base : quatMul(quatAxisAngle([Math.cos(az), Math.sin(az), 0], large), base), noseUp: 0 };
}

/**
 * A one-way move: the arm turns about the shoulder (yaw: left/right; pitch: up/down/pick-up) or the
 * forearm pushes (toward/away), with a jerky push-brake-rebound profile, the hand's orientation
 * following part of the arm's turn and the wrist rolling and pitching on top (drawn per person
 * and recording). Position and orientation come from one trajectory, so the accelerometer sees
 * gravity move as the hand turns and the gyroscope sees the same turn.
 */
export function oneWay(cal: OneWayCalibration) {
  return (ctx: ShapeContext): GestureShape => {
    const { T, moveS, preS } = timing(ctx, cal.durationS, cal.durationSigma, cal.moveS, cal.moveSigma, (m) => jerkyStepS(m, cal.rebound));
    const size = ctx.spread(cal.size, cal.sizeSigma, H_SIZE) * ctx.amp;
    const ov = cal.overshoot * ctx.spread(1, 0.4);
    const roll = ctx.around(cal.rollDeg, cal.rollSd, H_WRIST) * DEG * cal.sign;
    const wristPitch = ctx.around(cal.pitchDeg, cal.pitchSd, H_WRIST) * DEG;
    const R = cal.radiusM;
    const sgn = cal.sign;
    if (cal.kind === 'pitch') {
      // the arm's start elevation is the start pose's nose-up over the share the hand follows
      const { hold: base, noseUp } = startPose(ctx, cal.start, true);
      const th0 = Math.min(150 * DEG, noseUp / cal.follow);
      const endTh = cal.endDeg === null ? null : ctx.around(cal.endDeg, 14) * DEG;
      const sweep = endTh === null ? size * DEG * sgn : Math.min(-15 * DEG, endTh - th0);
      // a longer sweep takes longer (its move time grows with the square root of its size)
      const m = Math.min(moveS * Math.sqrt(Math.abs(sweep) / (cal.size * DEG)), (T - preS) / jerkyStepS(1, cal.rebound));
      const hold = quatMul(quatFromEuler(0, -cal.follow * th0, 0), base);
      const c0 = Math.cos(th0);
      const s0 = Math.sin(th0);
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau, o) => {
          const u = jerkyStep(tau - preS, m, ov, cal.rebound);
          const th = th0 + sweep * u;
          setP(o, R * (Math.cos(th) - c0), 0, R * (Math.sin(th) - s0));
          rotInto(o, 0, roll * u, base[0], base[1], base[2], base[3]);
          rotInto(o, 1, -(cal.follow * th + wristPitch * u), o[3]!, o[4]!, o[5]!, o[6]!);
        },
      };
    }
    if (cal.kind === 'yaw') {
      const sweep = size * DEG * sgn;
      const { hold } = startPose(ctx, cal.start, false);
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau, o) => {
          const u = jerkyStep(tau - preS, moveS, ov, cal.rebound);
          const psi = sweep * u;
          // shoulder R behind the hand: the hand moves on an arc and feels its centripetal pull
          setP(o, R * (Math.cos(psi) - 1), R * Math.sin(psi), 0);
          rotInto(o, 0, -roll * u, hold[0], hold[1], hold[2], hold[3]);
          rotInto(o, 1, -wristPitch * u, o[3]!, o[4]!, o[5]!, o[6]!);
          rotInto(o, 2, cal.follow * psi, o[3]!, o[4]!, o[5]!, o[6]!);
        },
      };
    }
    const D = size * sgn;
    const { hold } = startPose(ctx, cal.start, false);
    return {
      durationS: T,
      hold,
      handheld: true,
      pose: (tau, o) => {
        const u = jerkyStep(tau - preS, moveS, ov, cal.rebound);
        const b = flatTop(Math.min(1, Math.max(0, (tau - preS) / (moveS * 1.25))), 0.5);
        setP(o, D * u, 0, 0.15 * Math.abs(D) * b);
        rotInto(o, 0, roll * u, hold[0], hold[1], hold[2], hold[3]);
        rotInto(o, 1, -wristPitch * u, o[3]!, o[4]!, o[5]!, o[6]!);
      },
    };
  };
}

/**
 * One vertical circle in the plane in front of the person (board y-z), starting at the bottom and
 * moving first to the left (`dir` +1: clockwise as the person sees it, circle_right in the real data)
 * or to the right (-1: counter-clockwise, circle_left); the wrist rolls with the
 * circle. `dir` 0: the person's habit (PersonStyle.circleDirection, 85 % of the time).
 */
export function circleShape(cal: CircleCalibration, dir: 1 | -1 | 0) {
  return (ctx: ShapeContext): GestureShape => {
    const d = dir !== 0 ? dir : ctx.rng.next() < 0.85 ? ctx.style.circleDirection : -ctx.style.circleDirection;
    const { T, moveS, preS } = timing(ctx, cal.durationS, cal.durationSigma, cal.turnS, cal.turnSigma, (m) => m);
    const r = ctx.spread(cal.radiusM, cal.radiusSigma, H_SIZE) * ctx.amp;
    const wob = ctx.around(cal.rollDeg, cal.rollSd, H_WRIST) * DEG;
    const { hold } = startPose(ctx, cal.start, false);
    return {
      durationS: T,
      hold,
      handheld: true,
      pose: (tau, o) => {
        const s = (tau - preS) / moveS;
        // cycloidal progress: the speed rises and falls as 1 - cos (C2 at both ends), a broad bump in z
        const u = s <= 0 ? 0 : s >= 1 ? 1 : s - Math.sin(2 * Math.PI * s) / (2 * Math.PI);
        const th = 2 * Math.PI * u;
        const sn = Math.sin(th);
        setP(o, 0, d * r * sn, r * (1 - Math.cos(th)));
        rotInto(o, 0, d * wob * sn, hold[0], hold[1], hold[2], hold[3]);
      },
    };
  };
}

/** A shake: side-to-side swing of the hand with the wrist turning, 2-6 cycles. */
export function shakeShape(cal: ShakeCalibration) {
  return (ctx: ShapeContext): GestureShape => {
    const f = ctx.spread(cal.frequencyHz, cal.frequencySigma, H_TIME) / ctx.tempo;
    const want = ctx.spread(cal.durationS, cal.durationSigma) * ctx.tempo;
    const T = ctx.fit(Math.max(want, 1.5 / f));
    const v1 = Math.min(1, ctx.variation);
    const cycles = Math.max(1, Math.round(f * T * (0.85 + 0.2 * v1 * (ctx.rng.next() - 0.5))));
    const moveS = Math.min(T, cycles / f);
    const preS = (T - moveS) * (0.5 + v1 * (ctx.rng.next() - 0.5));
    const A = ctx.spread(cal.amplitudeM, cal.amplitudeSigma, H_SIZE) * ctx.amp;
    const roll = ctx.around(cal.rollDeg, cal.rollDeg * 0.4, H_WRIST) * DEG;
    const yaw = ctx.around(cal.yawDeg, cal.yawDeg * 0.4, H_WRIST) * DEG;
    const phase = ctx.rng.next() < 0.5 * v1 ? -1 : 1;
    const { hold } = startPose(ctx, cal.start, false);
    return {
      durationS: T,
      hold,
      handheld: true,
      pose: (tau, o) => {
        const s = (tau - preS) / moveS;
        const e = flatTop(s, 0.15);
        const c = phase * Math.sin(2 * Math.PI * cycles * Math.min(1, Math.max(0, s))) * e;
        setP(o, 0, A * c, 0.1 * A * Math.abs(c));
        rotInto(o, 0, -roll * c, hold[0], hold[1], hold[2], hold[3]);
        rotInto(o, 2, yaw * c, o[3]!, o[4]!, o[5]!, o[6]!);
      },
    };
  };
}
