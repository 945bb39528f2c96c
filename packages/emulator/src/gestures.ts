import { EmulatorError } from './errors.js';
import { DIFF_STEP_S } from './motion.js';
import type { Motion } from './motion.js';
import type { PersonStyle } from './person-style.js';
import { bump, flatTop, minJerk, riseHoldFall } from './profiles.js';
import { quatAxisAngle, quatFromEuler, quatMul } from './quaternion.js';
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
const Y: Vec3 = [0, 1, 0];

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
interface GestureShape {
  readonly durationS: number;
  /** Proximity gesture: hand distance (cm) over local time; the board lies flat and still. */
  readonly distanceCm?: (tau: number) => number;
  /**
   * Hand-held gesture: position offset (o[0..2]) and orientation (o[3..6]) at local time tau
   * (clamped to [0, T]), written into `o` (no allocation: evaluated for every sample).
   */
  readonly pose?: (tau: number, o: Float64Array) => void;
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

function setP(o: Float64Array, x: number, y: number, z: number): void {
  o[0] = x;
  o[1] = y;
  o[2] = z;
}

/** o[3..6] = (rotation by `angle` about world axis 0 = x, 1 = y, 2 = z) * (w, x, y, z). */
function rotInto(o: Float64Array, axis: 0 | 1 | 2, angle: number, w: number, x: number, y: number, z: number): void {
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
        pose: (tau, o) => {
          const s = tau / T;
          const e = flatTop(s, 0.18);
          const c = Math.sin(2 * Math.PI * cycles * s) * e;
          setP(o, 0, A * c, 0.15 * A * Math.sin(4 * Math.PI * cycles * s) * e);
          rotInto(o, 2, th * c, hold[0], hold[1], hold[2], hold[3]);
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
        pose: (tau, o) => {
          const prof = -bump(tau / w) + 0.35 * bump((tau - w) / w) - 0.12 * bump((tau - 2 * w) / w);
          const give = bump(tau / T);
          setP(o, 0, 0, A * prof - dip * give);
          rotInto(o, 1, kick * prof + tilt * give, hold[0], hold[1], hold[2], hold[3]);
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
        pose: (tau, o) => {
          const th = 2 * Math.PI * minJerk(tau / T);
          const sn = Math.sin(th);
          setP(o, 0, dir * r * sn, r * (1 - Math.cos(th)));
          rotInto(o, 0, dir * wob * sn, hold[0], hold[1], hold[2], hold[3]);
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
        pose: (tau, o) => {
          const s = tau / T;
          const m = minJerk(s);
          const b = bump(s);
          setP(o, -0.15 * D * b, sgn * D * m, 0.03 * D * b);
          rotInto(o, 0, -sgn * roll * b, hold[0], hold[1], hold[2], hold[3]);
          rotInto(o, 2, sgn * yaw * m, o[3]!, o[4]!, o[5]!, o[6]!);
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
        pose: (tau, o) => {
          const b = bump(tau / T);
          setP(o, 0.1 * H * b, 0, H * b);
          rotInto(o, 1, -pitch * b, hold[0], hold[1], hold[2], hold[3]);
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
        pose: (tau, o) => {
          const u = riseHoldFall(tau / T, 0.28, 0.5);
          setP(o, D * u, 0, 0.05 * D * u);
          rotInto(o, 0, twist * u, hold[0], hold[1], hold[2], hold[3]);
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
        pose: (tau, o) => {
          const phi = phiMax * riseHoldFall(tau / T, 0.42, 0.42);
          // the forearm (L along x) pitched up by phi about the elbow (rotation -phi about world y)
          setP(o, L * Math.cos(phi) - L, 0, L * Math.sin(phi));
          rotInto(o, 1, -phi, hold[0], hold[1], hold[2], hold[3]);
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
        pose: (tau, o) => {
          const s = tau / T;
          const psi = psiMax * Math.sin(2 * Math.PI * cycles * s) * flatTop(s, 0.2);
          // the hand (L above the wrist along z) rocked by psi about world x
          setP(o, 0, -L * Math.sin(psi), L * Math.cos(psi) - L);
          rotInto(o, 0, psi, upright[0], upright[1], upright[2], upright[3]);
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
        pose: (tau, o) => {
          const u = riseHoldFall(tau / T, 0.35, 0.35);
          setP(o, 0, 0, 0.01 * u);
          rotInto(o, 0, dir * th * u, hold[0], hold[1], hold[2], hold[3]);
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
 * Samplers ask for evenly spaced times (and t +- h around them): the sines at the next time come
 * from the ones at the last by the angle-addition formulas (no trigonometry; re-anchored with
 * exact sines every ANCHOR_STEPS steps), and the small rotation is the normalised quaternion
 * (1, roll/2, pitch/2, yaw/2), which is smooth and exact to second order.
 */
export class Sway {
  // one buffer (24 sinusoids each): angular frequency, amplitude, phase, sin and cos at baseT,
  // sin and cos of w * DIFF_STEP_S, sin and cos of w * stepS
  private readonly buf = new Float64Array(24 * 9);
  private baseT = NaN;
  private stepS = 0;
  private steps = 0;
  private readonly scratch = new Float64Array(7);

  constructor(style: PersonStyle, rng: Rng) {
    const b = this.buf;
    for (let c = 0; c < 6; c++) {
      for (let k = 0; k < 4; k++) {
        const i = c * 4 + k;
        const tremor = k === 3;
        const w = 2 * Math.PI * (tremor ? rng.uniform(8, 12) : rng.uniform(0.3, 2));
        b[W + i] = w;
        const posAmp = tremor ? 2e-5 * style.tremor : 0.005 * style.sway;
        const angAmp = tremor ? 0.04 * DEG * style.tremor : 2 * DEG * style.sway;
        b[AMP + i] = (c < 3 ? posAmp : angAmp) * rng.uniform(0.5, 1);
        b[PH + i] = rng.uniform(0, 2 * Math.PI);
        b[SH + i] = Math.sin(w * DIFF_STEP_S);
        b[CH + i] = Math.cos(w * DIFF_STEP_S);
      }
    }
  }

  private anchor(t: number): void {
    const b = this.buf;
    for (let i = 0; i < 24; i++) {
      const x = b[W + i]! * t + b[PH + i]!;
      b[ST + i] = Math.sin(x);
      b[CT + i] = Math.cos(x);
    }
    this.baseT = t;
    this.steps = 0;
  }

  /** Moves the sines from baseT to baseT + dir * stepS (dir = +-1) by angle addition. */
  private step(t: number, dir: number): void {
    const b = this.buf;
    for (let i = 0; i < 24; i++) {
      const s0 = b[ST + i]!;
      const c0 = b[CT + i]!;
      const ss = dir * b[SS + i]!;
      const cs = b[CS + i]!;
      b[ST + i] = s0 * cs + c0 * ss;
      b[CT + i] = c0 * cs - s0 * ss;
    }
    this.baseT = t;
    this.steps++;
  }

  /** Sway at time t (s): out[0..2] position offset (m), out[3..6] rotation (world frame). */
  write(t: number, out: Float64Array): void {
    const b = this.buf;
    const d = t - this.baseT;
    let sign = 0;
    if (d === 0) {
      // same instant
    } else if (Math.abs(d - DIFF_STEP_S) < 1e-12) sign = 1;
    else if (Math.abs(d + DIFF_STEP_S) < 1e-12) sign = -1;
    else if (this.stepS > 0 && Math.abs(d - this.stepS) < 1e-9 && this.steps < ANCHOR_STEPS) this.step(t, 1);
    else if (this.stepS > 0 && Math.abs(d + this.stepS) < 1e-9 && this.steps < ANCHOR_STEPS) this.step(t, -1);
    else if (d > 0 && d < 0.05 && this.steps < ANCHOR_STEPS) {
      // a new even spacing: rotations by w * d for this and the following steps
      this.stepS = d;
      for (let i = 0; i < 24; i++) {
        b[SS + i] = Math.sin(b[W + i]! * d);
        b[CS + i] = Math.cos(b[W + i]! * d);
      }
      this.step(t, 1);
    } else this.anchor(t);
    let v0: number, v1: number, v2: number, v3: number, v4: number, v5: number;
    if (sign === 0) {
      v0 = channel(b, 0);
      v1 = channel(b, 4);
      v2 = channel(b, 8);
      v3 = channel(b, 12);
      v4 = channel(b, 16);
      v5 = channel(b, 20);
    } else {
      v0 = channelShifted(b, 0, sign);
      v1 = channelShifted(b, 4, sign);
      v2 = channelShifted(b, 8, sign);
      v3 = channelShifted(b, 12, sign);
      v4 = channelShifted(b, 16, sign);
      v5 = channelShifted(b, 20, sign);
    }
    const qx = v3 / 2;
    const qy = v4 / 2;
    const qz = v5 / 2;
    const n = 1 / Math.sqrt(1 + qx * qx + qy * qy + qz * qz);
    out[0] = v0;
    out[1] = v1;
    out[2] = v2;
    out[3] = n;
    out[4] = qx * n;
    out[5] = qy * n;
    out[6] = qz * n;
  }

  /** Sway at time t (s): position offset (m) and rotation (world frame). */
  at(t: number): { p: Vec3; q: Quat } {
    const o = this.scratch;
    this.write(t, o);
    return { p: [o[0]!, o[1]!, o[2]!], q: [o[3]!, o[4]!, o[5]!, o[6]!] };
  }
}

/** One sway channel (4 sinusoids from index i) at baseT. */
function channel(b: Float64Array, i: number): number {
  return b[AMP + i]! * b[ST + i]! + b[AMP + i + 1]! * b[ST + i + 1]! + b[AMP + i + 2]! * b[ST + i + 2]! + b[AMP + i + 3]! * b[ST + i + 3]!;
}

/** One sway channel at baseT + sign * DIFF_STEP_S (angle addition). */
function channelShifted(b: Float64Array, i: number, sign: number): number {
  let sum = 0;
  for (let k = i; k < i + 4; k++) sum += b[AMP + k]! * (b[ST + k]! * b[CH + k]! + sign * b[CT + k]! * b[SH + k]!);
  return sum;
}

/** Sway steps computed by angle addition before the sines are recomputed exactly. */
const ANCHOR_STEPS = 512;
/** Offsets in Sway's buffer. */
const W = 0;
const AMP = 24;
const PH = 48;
const ST = 72;
const CT = 96;
const SH = 120;
const CH = 144;
const SS = 168;
const CS = 192;

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
