import { quatAxisAngle, quatMul } from '../quaternion.js';
import type { Vec3 } from '../quaternion.js';
import { bump, flatTop, minJerk, riseHoldFall } from './profiles.js';
import { circleShape, oneWay, shakeShape } from './calibrated-gestures.js';
import { CIRCLE, CIRCLE_LEFT, ONE_WAY, SHAKE } from './calibration.js';
import { DEG, rotInto, setP } from './shape.js';
import type { GestureDefinition, GestureShape, ShapeContext } from './shape.js';

const Y: Vec3 = [0, 1, 0];

/** The built-in vocabulary, in listing order. */
export const BUILTIN_GESTURES = [
  'rest',
  'idle',
  'shake',
  'tap',
  'circle',
  'swipe_left',
  'swipe_right',
  'lift',
  'punch',
  'flex',
  'wave',
  'tilt',
  'moving_closer',
  'moving_away',
  'up',
  'down',
  'left',
  'right',
  'toward',
  'away',
  'pick_up',
  'circle_left',
  'circle_right',
] as const;
export type BuiltinGestureName = (typeof BUILTIN_GESTURES)[number];

function rest(): GestureShape {
  // lying still on a table, flat and face up: only sensor noise and bias
  return { durationS: 0, hold: [1, 0, 0, 0], handheld: false };
}

function idle({ hold }: ShapeContext): GestureShape {
  return { durationS: 0, hold, handheld: true };
}

function tap({ amp, tempo, hold, fit }: ShapeContext): GestureShape {
  // a finger taps the board: a sharp jolt with a rebound, and the holding hand gives way a little
  const T = fit(0.32 * tempo);
  const w = Math.min(0.06, T / 3);
  const A = 0.0022 * amp;
  const dip = 0.012 * amp;
  const kick = 2.5 * DEG * amp;
  const tilt = 6 * DEG * amp;
  return {
    durationS: T,
    hold,
    handheld: true,
    pose: (tau, o) => {
      const prof = -bump(tau / w) + 0.35 * bump((tau - w) / w) - 0.12 * bump((tau - 2 * w) / w);
      const give = bump(tau / T);
      setP(o, 0, 0, A * prof - dip * give);
      rotInto(o, 1, kick * prof + tilt * give, hold[0], hold[1], hold[2], hold[3]);
    },
  };
}

function flex({ amp, tempo, hold, fit }: ShapeContext): GestureShape {
  const T = fit(0.9 * tempo);
  const L = 0.28;
  const phiMax = Math.min(130, 95 * amp) * DEG;
  return {
    durationS: T,
    hold,
    handheld: true,
    pose: (tau, o) => {
      const phi = phiMax * riseHoldFall(tau / T, 0.42, 0.42);
      // the forearm (L along x) pitched up by phi about the elbow (rotation -phi about world y)
      setP(o, L * Math.cos(phi) - L, 0, L * Math.sin(phi));
      rotInto(o, 1, -phi, hold[0], hold[1], hold[2], hold[3]);
    },
  };
}

function wave({ amp, tempo, hold, fit }: ShapeContext): GestureShape {
  const cycles = 2;
  const T = fit((cycles / 2.3) * tempo);
  const L = 0.3;
  const psiMax = 26 * DEG * amp;
  const upright = quatMul(quatAxisAngle(Y, -90 * DEG), hold);
  return {
    durationS: T,
    hold: upright,
    handheld: true,
    pose: (tau, o) => {
      const s = tau / T;
      const psi = psiMax * Math.sin(2 * Math.PI * cycles * s) * flatTop(s, 0.2);
      // the hand (L above the wrist along z) rocked by psi about world x
      setP(o, 0, -L * Math.sin(psi), L * Math.cos(psi) - L);
      rotInto(o, 0, psi, upright[0], upright[1], upright[2], upright[3]);
    },
  };
}

function tilt({ rng, style, amp, tempo, hold, fit }: ShapeContext): GestureShape {
  const T = fit(0.9 * tempo);
  const dir = rng.next() < 0.8 ? style.tiltDirection : -style.tiltDirection;
  const th = Math.min(75, 45 * amp) * DEG;
  return {
    durationS: T,
    hold,
    handheld: true,
    pose: (tau, o) => {
      const u = riseHoldFall(tau / T, 0.35, 0.35);
      setP(o, 0, 0, 0.01 * u);
      rotInto(o, 0, dir * th * u, hold[0], hold[1], hold[2], hold[3]);
    },
  };
}

/**
 * Beyond this distance (cm) the hand is out of the proximity sensor's view and the sensor reads its
 * no-object baseline (the course's recordings read exactly 0 once the hand has gone).
 */
export const PROXIMITY_VIEW_CM = 45;

/**
 * A hand approaching (closer) or leaving (away) the proximity sensor of a board lying on the table.
 * The gesture fills its window (0.9 s median: the course records 1 s and reads its last 500 ms) and
 * the hand moves in log-distance (the reading goes as 1 / d^2, so equal steps of ln d are equal
 * steps of the reading's log) over ~0.5 s starting about halfway, so the course's three readings
 * 250 ms apart see it near / halfway / gone (away) or far / halfway / near (closer).
 */
function proximity(closer: boolean) {
  return (ctx: ShapeContext): GestureShape => {
    const { amp, tempo, fit } = ctx;
    const T = fit(ctx.spread(0.9, 0.08) * tempo);
    const moveS = ctx.spread(0.5, 0.2, 1) * tempo;
    const startS = T * ctx.spread(0.45, 0.15);
    const far = ctx.spread(55, 0.3) * Math.sqrt(amp);
    const near = ctx.spread(5, 0.3);
    const [d0, d1] = closer ? [far, near] : [near, far];
    const l0 = Math.log(d0);
    const dl = Math.log(d1) - l0;
    return {
      durationS: T,
      hold: [1, 0, 0, 0],
      handheld: false,
      distanceCm: (tau) => {
        const d = Math.exp(l0 + dl * minJerk((tau - startS) / moveS));
        return d > PROXIMITY_VIEW_CM ? Infinity : d;
      },
    };
  };
}

/** The built-in gesture table: one shape function per name. */
export const BUILTIN_GESTURE_TABLE: Readonly<Record<BuiltinGestureName, GestureDefinition>> = {
  rest: { kind: 'still', shape: rest, description: 'lying still on a table, flat and face up' },
  idle: { kind: 'handheld', shape: idle, description: 'held in the hand, only sway and tremor' },
  shake: { kind: 'handheld', shape: shakeShape(SHAKE), description: 'side-to-side shake with the wrist turning (calibrated)' },
  tap: { kind: 'handheld', shape: tap, description: 'a finger taps the held board' },
  circle: { kind: 'handheld', shape: circleShape(CIRCLE, 0), description: 'one vertical circle, direction a personal habit (calibrated)' },
  swipe_left: { kind: 'handheld', shape: oneWay(ONE_WAY.left), aliasOf: 'left', description: 'the calibrated one-way move left' },
  swipe_right: { kind: 'handheld', shape: oneWay(ONE_WAY.right), aliasOf: 'right', description: 'the calibrated one-way move right' },
  lift: { kind: 'handheld', shape: oneWay(ONE_WAY.up), aliasOf: 'up', description: 'the calibrated one-way move up' },
  punch: { kind: 'handheld', shape: oneWay(ONE_WAY.toward), aliasOf: 'toward', description: 'the calibrated one-way move toward the front' },
  flex: { kind: 'handheld', shape: flex, description: 'forearm flexed up at the elbow' },
  wave: { kind: 'handheld', shape: wave, description: 'hand upright, waved twice' },
  tilt: { kind: 'handheld', shape: tilt, description: 'roll to one side and back' },
  moving_closer: { kind: 'proximity', shape: proximity(true), description: 'a hand approaches the proximity sensor' },
  moving_away: { kind: 'proximity', shape: proximity(false), description: 'a hand leaves the proximity sensor' },
  up: { kind: 'handheld', shape: oneWay(ONE_WAY.up), description: 'one move up: the arm rises, the hand ends pitched up' },
  down: { kind: 'handheld', shape: oneWay(ONE_WAY.down), description: 'one move down from a raised arm, ending level' },
  left: { kind: 'handheld', shape: oneWay(ONE_WAY.left), description: 'one move to the left: the arm swings about the shoulder' },
  right: { kind: 'handheld', shape: oneWay(ONE_WAY.right), description: 'one move to the right: the arm swings about the shoulder' },
  toward: { kind: 'handheld', shape: oneWay(ONE_WAY.toward), description: 'one push forward, away from the body (toward a screen in front)' },
  away: { kind: 'handheld', shape: oneWay(ONE_WAY.away), description: 'one pull back toward the body (away from the screen)' },
  pick_up: { kind: 'handheld', shape: oneWay(ONE_WAY.pick_up), description: 'picking the board up: a slow short rise, pitching up' },
  circle_left: { kind: 'handheld', shape: circleShape(CIRCLE_LEFT, -1), description: 'one vertical circle counter-clockwise as the person sees it (from the bottom to the right, over the top to the left)' },
  circle_right: { kind: 'handheld', shape: circleShape(CIRCLE, 1), description: 'one vertical circle clockwise as the person sees it (from the bottom to the left, over the top to the right)' },
};
