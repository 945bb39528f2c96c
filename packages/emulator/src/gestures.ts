import { EmulatorError } from './errors.js';
import { DIFF_STEP_S } from './motion.js';
import type { Motion } from './motion.js';
import type { PersonStyle } from './person-style.js';
import { bump, flatTop, minJerk, riseHoldFall } from './profiles.js';
import { quatAxisAngle, quatFromEuler, quatMul, rotate } from './quaternion.js';
import type { Quat, Vec3 } from './quaternion.js';
import type { Rng } from './rng.js';

/** The gesture vocabulary. */
export const GESTURES = [
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
export type GestureName = (typeof GESTURES)[number];

/** Gestures read by the proximity sensor (the board lies still on the table). */
export const PROXIMITY_GESTURES: readonly GestureName[] = ['moving_closer', 'moving_away'];

export function isGestureName(x: unknown): x is GestureName {
  return typeof x === 'string' && (GESTURES as readonly string[]).includes(x);
}

export function assertGestureName(x: unknown, field = 'gesture'): GestureName {
  if (!isGestureName(x)) {
    throw new EmulatorError('EMU_ERR_UNKNOWN_GESTURE', `${field}: unknown gesture ${JSON.stringify(x)}; known: ${GESTURES.join(', ')}`, field, {
      supported: [...GESTURES],
    });
  }
  return x;
}

const DEG = Math.PI / 180;
const X: Vec3 = [1, 0, 0];
const Y: Vec3 = [0, 1, 0];
const Z: Vec3 = [0, 0, 1];

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
}

/** What a gesture contributes: its own pose over local time, before sway/tremor. */
interface GestureShape {
  readonly durationS: number;
  /** Proximity gesture: hand distance (cm) over local time; the board lies flat and still. */
  readonly distanceCm?: (tau: number) => number;
  /** Hand-held gesture: position offset and orientation over local time tau (clamped to [0, T]). */
  readonly pose?: (tau: number) => { p: Vec3; q: Quat };
  /** Board hold at the gesture's start (world frame). */
  readonly hold: Quat;
  readonly handheld: boolean;
}

interface Draw {
  amp: number;
  tempo: number;
  hold: Quat;
}

function drawVariation(name: GestureName, style: PersonStyle, rng: Rng, params: GestureParams): Draw {
  const bias = style.gestureBias(name);
  const amp = style.amplitude * bias.amplitude * Math.exp(0.12 * rng.normal()) * (params.amplitude ?? 1);
  const tempo = style.tempo * bias.tempo * Math.exp(0.1 * rng.normal()) / (params.tempo ?? 1);
  const hold = quatFromEuler(
    style.holdRoll + 6 * DEG * rng.normal() + (params.rollDeg ?? 0) * DEG,
    style.holdPitch + 6 * DEG * rng.normal() + (params.pitchDeg ?? 0) * DEG,
    style.holdYaw + 8 * DEG * rng.normal() + (params.yawDeg ?? 0) * DEG,
  );
  return { amp, tempo, hold };
}

function rot(axis: Vec3, angle: number, then: Quat): Quat {
  return quatMul(quatAxisAngle(axis, angle), then);
}

function shape(name: GestureName, style: PersonStyle, rng: Rng, params: GestureParams, maxDurationS: number): GestureShape {
  const { amp, tempo, hold } = drawVariation(name, style, rng, params);
  const fixed = params.durationMs !== undefined ? params.durationMs / 1000 : undefined;
  const fit = (t: number) => Math.min(fixed ?? t, maxDurationS);
  switch (name) {
    case 'rest':
      // lying still on a table, flat and face up: only sensor noise and bias
      return { durationS: 0, hold: [1, 0, 0, 0], handheld: false };
    case 'idle':
      return { durationS: 0, hold, handheld: true };
    case 'shake': {
      const cycles = 3 + rng.int(2);
      const T = fit((cycles / 4.8) * tempo);
      const A = 0.028 * amp;
      const th = 9 * DEG * amp;
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau) => {
          const s = tau / T;
          const e = flatTop(s, 0.18);
          const c = Math.sin(2 * Math.PI * cycles * s) * e;
          return { p: [0, A * c, 0.15 * A * Math.sin(4 * Math.PI * cycles * s) * e], q: rot(Z, th * c, hold) };
        },
      };
    }
    case 'tap': {
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
        pose: (tau) => {
          const prof = -bump(tau / w) + 0.35 * bump((tau - w) / w) - 0.12 * bump((tau - 2 * w) / w);
          const give = bump(tau / T);
          return { p: [0, 0, A * prof - dip * give], q: rot(Y, kick * prof + tilt * give, hold) };
        },
      };
    }
    case 'circle': {
      const T = fit(0.85 * tempo);
      const r = 0.1 * amp;
      const dir = rng.next() < 0.85 ? style.circleDirection : -style.circleDirection;
      const wob = 8 * DEG;
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau) => {
          const th = 2 * Math.PI * minJerk(tau / T);
          return { p: [0, dir * r * Math.sin(th), r * (1 - Math.cos(th))], q: rot(X, dir * wob * Math.sin(th), hold) };
        },
      };
    }
    case 'swipe_left':
    case 'swipe_right': {
      const sgn = name === 'swipe_left' ? 1 : -1;
      const T = fit(0.45 * tempo);
      const D = 0.3 * amp;
      const yaw = 20 * DEG * amp;
      const roll = 12 * DEG;
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau) => {
          const s = tau / T;
          const m = minJerk(s);
          const b = bump(s);
          return { p: [-0.15 * D * b, sgn * D * m, 0.03 * D * b], q: rot(Z, sgn * yaw * m, rot(X, -sgn * roll * b, hold)) };
        },
      };
    }
    case 'lift': {
      const T = fit(0.8 * tempo);
      const H = 0.2 * amp;
      const pitch = 10 * DEG;
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau) => {
          const b = bump(tau / T);
          return { p: [0.1 * H * b, 0, H * b], q: rot(Y, -pitch * b, hold) };
        },
      };
    }
    case 'punch': {
      const T = fit(0.7 * tempo);
      const D = 0.28 * amp;
      const twist = style.punchTwist + 10 * DEG * rng.normal();
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau) => {
          const u = riseHoldFall(tau / T, 0.28, 0.5);
          return { p: [D * u, 0, 0.05 * D * u], q: rot(X, twist * u, hold) };
        },
      };
    }
    case 'flex': {
      const T = fit(0.9 * tempo);
      const L = 0.28;
      const phiMax = Math.min(130, 95 * amp) * DEG;
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau) => {
          const phi = phiMax * riseHoldFall(tau / T, 0.42, 0.42);
          const q = quatAxisAngle(Y, -phi);
          const r = rotate(q, [L, 0, 0]);
          return { p: [r[0] - L, r[1], r[2]], q: quatMul(q, hold) };
        },
      };
    }
    case 'wave': {
      const cycles = 2;
      const T = fit((cycles / 2.3) * tempo);
      const L = 0.3;
      const psiMax = 26 * DEG * amp;
      const upright = quatMul(quatAxisAngle(Y, -90 * DEG), hold);
      return {
        durationS: T,
        hold: upright,
        handheld: true,
        pose: (tau) => {
          const s = tau / T;
          const psi = psiMax * Math.sin(2 * Math.PI * cycles * s) * flatTop(s, 0.2);
          const q = quatAxisAngle(X, psi);
          const r = rotate(q, [0, 0, L]);
          return { p: [r[0], r[1], r[2] - L], q: quatMul(q, upright) };
        },
      };
    }
    case 'tilt': {
      const T = fit(0.9 * tempo);
      const dir = rng.next() < 0.8 ? style.tiltDirection : -style.tiltDirection;
      const th = Math.min(75, 45 * amp) * DEG;
      return {
        durationS: T,
        hold,
        handheld: true,
        pose: (tau) => {
          const u = riseHoldFall(tau / T, 0.35, 0.35);
          return { p: [0, 0, 0.01 * u], q: rot(X, dir * th * u, hold) };
        },
      };
    }
    case 'moving_closer':
    case 'moving_away': {
      const T = fit(0.7 * tempo);
      const far = rng.uniform(24, 34) * Math.sqrt(amp);
      const near = rng.uniform(3, 8);
      const [d0, d1] = name === 'moving_closer' ? [far, near] : [near, far];
      return {
        durationS: T,
        hold: [1, 0, 0, 0],
        handheld: false,
        distanceCm: (tau) => d0 + (d1 - d0) * minJerk(tau / T),
      };
    }
  }
}

/**
 * Slow postural sway and physiological tremor of a hand holding the board: per channel (x, y, z
 * position; roll, pitch, yaw) three slow sinusoids (0.3-2 Hz) and one tremor sinusoid (8-12 Hz).
 * The sampler asks for t, t - h and t + h in a row: the sines at t +- h come from the ones at t by
 * the angle-addition formulas (no extra trigonometry), and the small rotation is the normalised
 * quaternion (1, roll/2, pitch/2, yaw/2), which is smooth and exact to second order.
 */
export class Sway {
  private readonly w = new Float64Array(24);
  private readonly a = new Float64Array(24);
  private readonly ph = new Float64Array(24);
  private readonly sinT = new Float64Array(24);
  private readonly cosT = new Float64Array(24);
  private readonly sinH = new Float64Array(24);
  private readonly cosH = new Float64Array(24);
  private baseT = NaN;
  private readonly v = new Float64Array(6);

  constructor(style: PersonStyle, rng: Rng) {
    for (let c = 0; c < 6; c++) {
      for (let k = 0; k < 4; k++) {
        const i = c * 4 + k;
        const tremor = k === 3;
        this.w[i] = 2 * Math.PI * (tremor ? rng.uniform(8, 12) : rng.uniform(0.3, 2));
        const posAmp = tremor ? 2e-5 * style.tremor : 0.005 * style.sway;
        const angAmp = tremor ? 0.04 * DEG * style.tremor : 2 * DEG * style.sway;
        this.a[i] = (c < 3 ? posAmp : angAmp) * rng.uniform(0.5, 1);
        this.ph[i] = rng.uniform(0, 2 * Math.PI);
        this.sinH[i] = Math.sin(this.w[i]! * DIFF_STEP_S);
        this.cosH[i] = Math.cos(this.w[i]! * DIFF_STEP_S);
      }
    }
  }

  /** Sway at time t (s): position offset (m) and rotation (world frame). */
  at(t: number): { p: Vec3; q: Quat } {
    const d = t - this.baseT;
    let sign = 0;
    if (Math.abs(d - DIFF_STEP_S) < 1e-12) sign = 1;
    else if (Math.abs(d + DIFF_STEP_S) < 1e-12) sign = -1;
    else if (d !== 0) {
      for (let i = 0; i < 24; i++) {
        const x = this.w[i]! * t + this.ph[i]!;
        this.sinT[i] = Math.sin(x);
        this.cosT[i] = Math.cos(x);
      }
      this.baseT = t;
    }
    const v = this.v;
    for (let c = 0; c < 6; c++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) {
        const i = c * 4 + k;
        const s = sign === 0 ? this.sinT[i]! : this.sinT[i]! * this.cosH[i]! + sign * this.cosT[i]! * this.sinH[i]!;
        sum += this.a[i]! * s;
      }
      v[c] = sum;
    }
    const qx = v[3]! / 2;
    const qy = v[4]! / 2;
    const qz = v[5]! / 2;
    const n = Math.sqrt(1 + qx * qx + qy * qy + qz * qz);
    return { p: [v[0]!, v[1]!, v[2]!], q: [1 / n, qx / n, qy / n, qz / n] };
  }
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
  const sh = shape(gesture, style, rng, options.params ?? {}, Math.max(0.05, windowS * 0.92));
  const T = sh.durationS;
  const slack = Math.max(0, windowS - T);
  const onsetS = options.onsetS ?? (T > 0 ? slack * rng.uniform(0.1, 0.9) : 0);
  const sway = sh.handheld ? new Sway(style, rng) : null;
  const hold = sh.hold;
  const rho = style.reflectance * Math.exp(0.08 * rng.normal());
  const still = sway === null;
  const distanceCm = sh.distanceCm;
  const gpose = sh.pose;
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
      let p: Vec3 = [0, 0, 0];
      let q: Quat = hold;
      if (gpose !== undefined) {
        const g = gpose(tau);
        p = g.p;
        q = g.q;
      }
      if (sway !== null) {
        const s = sway.at(t);
        p = [p[0] + s.p[0], p[1] + s.p[1], p[2] + s.p[2]];
        q = quatMul(s.q, q);
      }
      out[0] = p[0];
      out[1] = p[1];
      out[2] = p[2];
      out[3] = q[0];
      out[4] = q[1];
      out[5] = q[2];
      out[6] = q[3];
      out[7] = distanceCm !== undefined ? distanceCm(Math.min(Math.max(t - onsetS, 0), T)) : Infinity;
    },
  };
  return motion;
}
