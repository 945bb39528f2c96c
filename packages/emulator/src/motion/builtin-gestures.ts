import { quatAxisAngle, quatMul } from '../quaternion.js';
import type { Vec3 } from '../quaternion.js';
import { bump, flatTop, minJerk, riseHoldFall } from './profiles.js';
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
] as const;
export type BuiltinGestureName = (typeof BUILTIN_GESTURES)[number];

function rest(): GestureShape {
  // lying still on a table, flat and face up: only sensor noise and bias
  return { durationS: 0, hold: [1, 0, 0, 0], handheld: false };
}

function idle({ hold }: ShapeContext): GestureShape {
  return { durationS: 0, hold, handheld: true };
}

function shake({ rng, amp, tempo, hold, fit }: ShapeContext): GestureShape {
  const cycles = 3 + rng.int(2);
  const T = fit((cycles / 4.8) * tempo);
  const A = 0.028 * amp;
  const th = 9 * DEG * amp;
  return {
    durationS: T,
    hold,
    handheld: true,
    pose: (tau, o) => {
      const s = tau / T;
      const e = flatTop(s, 0.18);
      const c = Math.sin(2 * Math.PI * cycles * s) * e;
      setP(o, 0, A * c, 0.15 * A * Math.sin(4 * Math.PI * cycles * s) * e);
      rotInto(o, 2, th * c, hold[0], hold[1], hold[2], hold[3]);
    },
  };
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

function circle({ rng, style, amp, tempo, hold, fit }: ShapeContext): GestureShape {
  const T = fit(0.85 * tempo);
  const r = 0.1 * amp;
  const dir = rng.next() < 0.85 ? style.circleDirection : -style.circleDirection;
  const wob = 8 * DEG;
  return {
    durationS: T,
    hold,
    handheld: true,
    pose: (tau, o) => {
      const th = 2 * Math.PI * minJerk(tau / T);
      const sn = Math.sin(th);
      setP(o, 0, dir * r * sn, r * (1 - Math.cos(th)));
      rotInto(o, 0, dir * wob * sn, hold[0], hold[1], hold[2], hold[3]);
    },
  };
}

function swipe(sgn: 1 | -1) {
  return ({ amp, tempo, hold, fit }: ShapeContext): GestureShape => {
    const T = fit(0.45 * tempo);
    const D = 0.3 * amp;
    const yaw = 20 * DEG * amp;
    const roll = 12 * DEG;
    return {
      durationS: T,
      hold,
      handheld: true,
      pose: (tau, o) => {
        const s = tau / T;
        const m = minJerk(s);
        const b = bump(s);
        setP(o, -0.15 * D * b, sgn * D * m, 0.03 * D * b);
        rotInto(o, 0, -sgn * roll * b, hold[0], hold[1], hold[2], hold[3]);
        rotInto(o, 2, sgn * yaw * m, o[3]!, o[4]!, o[5]!, o[6]!);
      },
    };
  };
}

function lift({ amp, tempo, hold, fit }: ShapeContext): GestureShape {
  const T = fit(0.8 * tempo);
  const H = 0.2 * amp;
  const pitch = 10 * DEG;
  return {
    durationS: T,
    hold,
    handheld: true,
    pose: (tau, o) => {
      const b = bump(tau / T);
      setP(o, 0.1 * H * b, 0, H * b);
      rotInto(o, 1, -pitch * b, hold[0], hold[1], hold[2], hold[3]);
    },
  };
}

function punch({ rng, style, amp, tempo, hold, fit }: ShapeContext): GestureShape {
  const T = fit(0.7 * tempo);
  const D = 0.28 * amp;
  const twist = style.punchTwist + 10 * DEG * rng.normal();
  return {
    durationS: T,
    hold,
    handheld: true,
    pose: (tau, o) => {
      const u = riseHoldFall(tau / T, 0.28, 0.5);
      setP(o, D * u, 0, 0.05 * D * u);
      rotInto(o, 0, twist * u, hold[0], hold[1], hold[2], hold[3]);
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

function proximity(closer: boolean) {
  return ({ rng, amp, tempo, fit }: ShapeContext): GestureShape => {
    const T = fit(0.7 * tempo);
    const far = rng.uniform(24, 34) * Math.sqrt(amp);
    const near = rng.uniform(3, 8);
    const [d0, d1] = closer ? [far, near] : [near, far];
    return {
      durationS: T,
      hold: [1, 0, 0, 0],
      handheld: false,
      distanceCm: (tau) => d0 + (d1 - d0) * minJerk(tau / T),
    };
  };
}

/** The built-in gesture table: one shape function per name. */
export const BUILTIN_GESTURE_TABLE: Readonly<Record<BuiltinGestureName, GestureDefinition>> = {
  rest: { kind: 'still', shape: rest, description: 'lying still on a table, flat and face up' },
  idle: { kind: 'handheld', shape: idle, description: 'held in the hand, only sway and tremor' },
  shake: { kind: 'handheld', shape: shake, description: 'side-to-side shake, 3-4 cycles' },
  tap: { kind: 'handheld', shape: tap, description: 'a finger taps the held board' },
  circle: { kind: 'handheld', shape: circle, description: 'one vertical circle, direction a personal habit' },
  swipe_left: { kind: 'handheld', shape: swipe(1), description: 'a swipe to the left' },
  swipe_right: { kind: 'handheld', shape: swipe(-1), description: 'a swipe to the right' },
  lift: { kind: 'handheld', shape: lift, description: 'lift up and back down' },
  punch: { kind: 'handheld', shape: punch, description: 'a punch forward and back' },
  flex: { kind: 'handheld', shape: flex, description: 'forearm flexed up at the elbow' },
  wave: { kind: 'handheld', shape: wave, description: 'hand upright, waved twice' },
  tilt: { kind: 'handheld', shape: tilt, description: 'roll to one side and back' },
  moving_closer: { kind: 'proximity', shape: proximity(true), description: 'a hand approaches the proximity sensor' },
  moving_away: { kind: 'proximity', shape: proximity(false), description: 'a hand leaves the proximity sensor' },
};
