import { quatAxisAngle, quatFromEuler, quatMul } from '../quaternion.js';
import type { Quat } from '../quaternion.js';
import type { CircleCalibration, OneWayCalibration, ShakeCalibration, StartCalibration } from './calibration.js';
import { HandJerk } from './jerk.js';
import { bump, flatTop, jerkyStep, jerkyStepS, rampedProgress } from './profiles.js';
import { DEG, rotInto, setP } from './shape.js';
import type { GestureShape, ShapeContext } from './shape.js';

/** Habit indices of PersonStyle.gestureBias(...).habit used by the calibrated gestures. */
const H_SIZE = 0;
const H_TIME = 1;
const H_WRIST = 2;
const H_STYLE = 3;

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26: error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Whether this recording is made in a gesture's other sub-style (drawn for `share` of the
 * recordings at variation 1, never at 0): mostly the person's habit (80 % of the variance), the
 * recording's for the rest. Consumes one rng normal.
 */
function subStyle(ctx: ShapeContext, share: number): boolean {
  return normalCdf(ctx.around(0, 1, H_STYLE, 0.8)) > 1 - share;
}

/**
 * The gesture's length and where its main movement sits: the whole gesture lasts `T` (drawn, at
 * least the movement), the movement `moveS` starts after a hold of `preS` (the rest of T is split at
 * random between before and after the move, as in real recordings).
 */
function timing(ctx: ShapeContext, durationS: number, durationSigma: number, moveS: number, moveSigma: number, afterShare: number, lengthOf: (m: number) => number): { T: number; moveS: number; preS: number } {
  const m0 = ctx.spread(moveS, moveSigma, H_TIME) * ctx.tempo;
  const want = ctx.spread(durationS, durationSigma) * ctx.tempo;
  const T = ctx.fit(Math.max(want, lengthOf(m0) * 1.05));
  const m = Math.min(m0, T / (lengthOf(1) * 1.05));
  const len = lengthOf(m);
  const slack = Math.max(0, T - len);
  const preS = slack * (1 - holdAfter(ctx, afterShare));
  return { T, moveS: m, preS };
}

/**
 * The share of a gesture's idle time that comes after its move: uniform on [0.1, 1.9] x afterShare
 * (capped at 1), so its mean is the fitted share (real recordings put the move anywhere from the press to the
 * release; ADR 0009); at variation 0 exactly afterShare.
 */
function holdAfter(ctx: ShapeContext, afterShare: number): number {
  return Math.min(1, afterShare * (1 - 1.8 * (ctx.rng.next() - 0.5) * Math.min(1, ctx.variation)));
}

/**
 * The start pose fitted per gesture: the person's and recording's drawn hold angles (sd ~10 degrees)
 * rescaled to the fitted roll and nose-up spreads around the fitted means, and now and then (the
 * fitted share) a start tilted far beyond (about a random horizontal axis; `noseUpOnly`: about the
 * pitch axis, for arm raises). Returns the hold and the nose-up angle (rad) when `noseUpOnly`.
 */
function startPose(ctx: ShapeContext, st: StartCalibration, mode: 'any' | 'noseUp' | 'unwind'): { hold: Quat; noseUp: number; large: number; az: number } {
  const [hr, hp, hy] = ctx.holdAngles;
  const [pr, pp, py] = ctx.paramAngles;
  const u = ctx.rng.next();
  const big = st.largeDeg[0] + (st.largeDeg[1] - st.largeDeg[0]) * ctx.rng.next();
  const az = 2 * Math.PI * ctx.rng.next();
  const large = u < Math.min(0.9, st.largeShare * ctx.variation) ? big * DEG : 0;
  const roll = st.rollDeg * DEG + (st.rollSd / 10) * hr + pr;
  let noseUp = st.noseUpDeg * DEG - (st.noseUpSd / 10) * hp - pp;
  if (mode !== 'any') {
    if (mode === 'noseUp') noseUp += large;
    return { hold: quatFromEuler(roll, 0, hy + py), noseUp, large: mode === 'unwind' ? large : 0, az };
  }
  const base = quatFromEuler(roll, -noseUp, hy + py);
  return { hold: large === 0 ? base : quatMul(quatAxisAngle([Math.cos(az), Math.sin(az), 0], large), base), noseUp: 0, large: 0, az };
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
    const { T, moveS, preS } = timing(ctx, cal.durationS, cal.durationSigma, cal.moveS, cal.moveSigma, cal.afterShare, (m) => jerkyStepS(m, cal.rebound));
    const size = ctx.spread(cal.size, cal.sizeSigma, H_SIZE) * ctx.amp;
    const ov = cal.overshoot * ctx.spread(1, 0.4);
    const roll = ctx.around(cal.rollDeg, cal.rollSd, H_WRIST) * DEG * cal.sign;
    const wristPitch = ctx.around(cal.pitchDeg, cal.pitchSd, H_WRIST) * DEG;
    const R = cal.radiusM;
    const sgn = cal.sign;
    const sk = cal.skew;
    // its own stream: the hand's jerk leaves the gesture's other draws as they were
    const jerk = new HandJerk(ctx.rng.fork('hand-jerk'), cal.jerkG * ctx.variation);
    const moveLen = jerkyStepS(moveS, cal.rebound);
    if (cal.kind === 'pitch') {
      // the arm's start elevation is the start pose's nose-up over the share the hand follows
      const { hold: base, noseUp, large, az } = startPose(ctx, cal.start, cal.unwind ? 'unwind' : 'noseUp');
      const th0 = Math.min(150 * DEG, noseUp / cal.follow);
      const endTh = cal.endDeg === null ? null : ctx.around(cal.endDeg, 14) * DEG;
      const sweep = endTh === null ? size * DEG * sgn : Math.min(-15 * DEG, endTh - th0);
      // a longer sweep takes longer (its move time grows with the square root of its size)
      const m = Math.min(moveS * Math.sqrt(Math.abs(sweep) / (cal.size * DEG)), (T - preS) / jerkyStepS(1, cal.rebound));
      // the hand starts pitched by the start pose's nose-up (the arm's elevation is capped at 150 deg)
      const level = quatMul(quatFromEuler(0, -noseUp, 0), base);
      // a far-tilted start (the board lying on its side) that the move turns back into the hand's grip
      const hold = large === 0 ? level : quatMul(quatAxisAngle([Math.cos(az), Math.sin(az), 0], large), level);
      const c0 = Math.cos(th0);
      const s0 = Math.sin(th0);
      // drawn only where it is calibrated (the other pitch arcs keep their draws)
      const pull = cal.pullM > 0 ? ctx.spread(cal.pullM, cal.pullSigma, H_SIZE) * ctx.amp : 0;
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau, o) => {
          const u = jerkyStep(tau - preS, m, ov, cal.rebound, sk);
          const th = th0 + sweep * u;
          setP(o, R * (Math.cos(th) - c0) - pull * u, 0, R * (Math.sin(th) - s0));
          jerk.add(o, tau, bump((tau - preS) / (m * (moveLen / moveS))));
          rotInto(o, 0, roll * u, base[0], base[1], base[2], base[3]);
          rotInto(o, 1, -(noseUp + cal.follow * (th - th0) + wristPitch * u), o[3]!, o[4]!, o[5]!, o[6]!);
          if (large !== 0) {
            // the tilt about the horizontal axis at azimuth az: R_z(az) R_x(angle) R_z(-az)
            rotInto(o, 2, -az, o[3]!, o[4]!, o[5]!, o[6]!);
            rotInto(o, 0, large * (1 - Math.min(1, Math.max(0, u))), o[3]!, o[4]!, o[5]!, o[6]!);
            rotInto(o, 2, az, o[3]!, o[4]!, o[5]!, o[6]!);
          }
        },
      };
    }
    if (cal.kind === 'yaw') {
      const sweep = size * DEG * sgn;
      const { hold } = startPose(ctx, cal.start, 'any');
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau, o) => {
          const u = jerkyStep(tau - preS, moveS, ov, cal.rebound, sk);
          const psi = sweep * u;
          // elbow R behind the hand: the hand moves on an arc and feels its centripetal pull
          setP(o, R * (Math.cos(psi) - 1), R * Math.sin(psi), 0);
          jerk.add(o, tau, bump((tau - preS) / moveLen));
          rotInto(o, 0, -roll * u, hold[0], hold[1], hold[2], hold[3]);
          rotInto(o, 1, -wristPitch * u, o[3]!, o[4]!, o[5]!, o[6]!);
          rotInto(o, 2, cal.follow * psi, o[3]!, o[4]!, o[5]!, o[6]!);
        },
      };
    }
    const D = size * sgn;
    const { hold } = startPose(ctx, cal.start, 'any');
    return {
      durationS: T,
      hold,
      handheld: true,
      pose: (tau, o) => {
        const u = jerkyStep(tau - preS, moveS, ov, cal.rebound, sk);
        const b = flatTop(Math.min(1, Math.max(0, (tau - preS) / (moveS * 1.25))), 0.5);
        setP(o, D * u, 0, 0.15 * Math.abs(D) * b);
        jerk.add(o, tau, bump((tau - preS) / moveLen));
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
    const { T, moveS, preS } = timing(ctx, cal.durationS, cal.durationSigma, cal.turnS, cal.turnSigma, cal.afterShare, (m) => m);
    const r = ctx.spread(cal.radiusM, cal.radiusSigma, H_SIZE) * ctx.amp;
    const wob = ctx.around(cal.rollDeg, cal.rollSd, H_WRIST) * DEG;
    const { hold } = startPose(ctx, cal.start, 'any');
    return {
      durationS: T,
      hold,
      handheld: true,
      pose: (tau, o) => {
        const s = (tau - preS) / moveS;
        // an even pace with speed ramps at both ends: the centripetal pull lasts the turn, broad z bumps
        const u = rampedProgress(s, cal.rampShare);
        const th = 2 * Math.PI * u;
        const sn = Math.sin(th);
        setP(o, 0, d * r * sn, r * (1 - Math.cos(th)));
        rotInto(o, 0, d * wob * sn, hold[0], hold[1], hold[2], hold[3]);
      },
    };
  };
}

/**
 * A shake: the hand turns side to side about the wrist (pivot `pivotM` behind the board: tangential
 * push on y, centripetal pull toward the wrist on -x at twice the frequency), the forearm swings
 * with it and rolls in step, 1-6 cycles.
 */
export function shakeShape(cal: ShakeCalibration) {
  return (ctx: ShapeContext): GestureShape => {
    const sweep = subStyle(ctx, cal.sweep.share);
    const sw = cal.sweep;
    const f = ctx.spread(sweep ? sw.frequencyHz : cal.frequencyHz, sweep ? sw.frequencySigma : cal.frequencySigma, H_TIME) / ctx.tempo;
    const want = ctx.spread(cal.durationS, cal.durationSigma) * ctx.tempo;
    const T = ctx.fit(Math.max(want, 1.5 / f));
    const v1 = Math.min(1, ctx.variation);
    const cycles = Math.max(1, Math.round(f * T * (0.85 + 0.2 * v1 * (ctx.rng.next() - 0.5))));
    const moveS = Math.min(T, cycles / f);
    const preS = (T - moveS) * (1 - holdAfter(ctx, cal.afterShare));
    const psi0 = Math.min(80, ctx.spread(sweep ? sw.yawDeg : cal.yawDeg, sweep ? sw.yawSigma : cal.yawSigma, H_SIZE) * ctx.amp) * DEG;
    // the sweep's forearm is the pivot: no extra side-to-side swing
    const A = ctx.spread(cal.amplitudeM, cal.amplitudeSigma, H_SIZE) * ctx.amp * (sweep ? 0 : 1);
    const roll = ctx.around(cal.rollDeg, cal.rollDeg * 0.4, H_WRIST) * DEG;
    const phase = ctx.rng.next() < 0.5 * v1 ? -1 : 1;
    const noseDown = ctx.around(sweep ? sw.noseDownDeg : cal.noseDownDeg, cal.noseDownSd, H_WRIST) * DEG;
    const beta = ctx.around(0, cal.skewSd) * DEG;
    const L = sweep ? sw.pivotM : cal.pivotM;
    const cb = Math.cos(beta);
    const sb = Math.sin(beta);
    // the envelope rises and falls over half a cycle each (a first swing as strong as the rest)
    const ramp = Math.min(0.5, 0.5 / cycles);
    const { hold } = startPose(ctx, cal.start, 'any');
    return {
      durationS: T,
      hold,
      handheld: true,
      pose: (tau, o) => {
        const s = (tau - preS) / moveS;
        const e = flatTop(s, ramp);
        const c = phase * Math.sin(2 * Math.PI * cycles * Math.min(1, Math.max(0, s))) * e;
        const psi = psi0 * c;
        // the wrist sits L behind the board, beta off its -x: the swing's arc, turned by beta
        const px = L * (Math.cos(psi) - 1);
        const py = L * Math.sin(psi);
        setP(o, cb * px - sb * py, sb * px + cb * py + A * c, 0);
        rotInto(o, 0, roll * c, hold[0], hold[1], hold[2], hold[3]);
        rotInto(o, 1, noseDown * e, o[3]!, o[4]!, o[5]!, o[6]!);
        rotInto(o, 2, psi, o[3]!, o[4]!, o[5]!, o[6]!);
      },
    };
  };
}
