import type { Rng } from '../rng.js';

/** Sinusoids per axis of the hand's jerk. */
const K = 3;
/** Frequency band of the jerk (Hz): the corrections real hands make during a fast move. */
const F_LO = 7;
const F_HI = 14;

/**
 * The jerk of a real hand during a fast move: small corrective sub-movements on top of the planned
 * trajectory (real one-way moves have about twice the emulated smooth trajectory's sample-to-sample
 * change above 7 Hz, ADR 0009). Three sinusoids per world axis, 7-14 Hz, random phases, whose
 * acceleration has `accelG` (g) rms per axis at the envelope's peak. Part of the trajectory
 * (position), so the accelerometer and gyroscope stay one motion. Drawn once per recording into one
 * buffer; `add` is allocation-free.
 */
export class HandJerk {
  // per sinusoid: angular frequency, position amplitude (m), phase
  private readonly b = new Float64Array(3 * K * 3);

  constructor(rng: Rng, accelG: number) {
    const b = this.b;
    // each of the K sinusoids of an axis carries 1/K of the variance: amplitude sqrt(2 / K) x rms
    const a = accelG * 9.80665 * Math.sqrt(2 / K);
    for (let i = 0; i < 3 * K; i++) {
      const w = 2 * Math.PI * (F_LO + (F_HI - F_LO) * rng.next());
      b[3 * i] = w;
      b[3 * i + 1] = (a * (0.6 + 0.8 * rng.next())) / (w * w);
      b[3 * i + 2] = 2 * Math.PI * rng.next();
    }
  }

  /** Adds the jerk at local time `tau`, scaled by `env` (a C2 envelope in [0, 1]), to o[0..2]. */
  add(o: Float64Array, tau: number, env: number): void {
    if (env === 0) return;
    const b = this.b;
    for (let axis = 0; axis < 3; axis++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const i = 3 * (axis * K + k);
        s += b[i + 1]! * Math.sin(b[i]! * tau + b[i + 2]!);
      }
      o[axis] = o[axis]! + env * s;
    }
  }
}
