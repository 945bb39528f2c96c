import { DIFF_STEP_S } from '../motion.js';
import type { Quat, Vec3 } from '../quaternion.js';
import type { Rng } from '../rng.js';
import type { PersonStyle } from './person-style.js';

const DEG = Math.PI / 180;

/**
 * Tremor amplitude of the hand's position per world axis (m, x forward, y left, z up; times the
 * person's 0.5-1.8 and a recording's 0.5-1), fitted to the rest jitter of real hands (ADR 0009):
 * the real recordings' sample-to-sample change at rest is 0.015 g rms on the remote's pointing
 * axis (the board's x) and 0.019-0.020 g on the other two; emulated rest put on the remote's
 * 0.038 g grid gives the same with these amplitudes (0.015 / 0.019 / 0.019 g; it was 0.012-0.014
 * with 2e-5 m on every axis, the hand's part alone 0.003 g, now 0.005-0.011 g).
 */
const TREMOR_M = [4e-5, 8e-5, 8e-5] as const;

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
        const posAmp = tremor ? (TREMOR_M[c] ?? 0) * style.tremor : 0.005 * style.sway;
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
