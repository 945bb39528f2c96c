import type { Motion } from '../motion.js';
import type { ReplayRecording, ReplayTrack } from '../replay/import-recording.js';
import { interpolateAt } from '../replay/resample.js';
import { STANDARD_GRAVITY } from '../sensors/lsm6ds3trc.js';

/** How a recording is played: passes, where the first starts, how fast, with the board's noise or not. */
export interface ReplayPlayback {
  /** Passes (>= 1). */
  readonly loop: number;
  /** Recording time (ms) the first pass starts at. */
  readonly startOffsetMs: number;
  /** Recording seconds per board second. */
  readonly speed: number;
  /** Add the board's sensor noise and bias. */
  readonly noise: boolean;
}

/**
 * A recording on the board's timeline. It is a Motion (so the timeline, scenarios and transitions
 * treat it like any segment: its pose is the board lying flat, which is what follows it) that also
 * supplies its sensor truth directly: `sampleTruth` evaluates the band-limited interpolator of each
 * track at each sample instant of the board, with the cut-off at the lower of the two Nyquist
 * frequencies (so a board sampling slower than the recording is anti-aliased, and a speed factor
 * is a change of the recording's effective rate). Sensors the recording lacks read as at rest.
 */
export class ReplayMotion implements Motion {
  readonly durationS: number;
  readonly replay = true;
  /** One pass of the recording, s. */
  readonly passS: number;

  constructor(
    readonly recording: ReplayRecording,
    readonly playback: ReplayPlayback,
  ) {
    this.passS = recording.durationMs / 1000;
    this.durationS = (playback.loop * this.passS - playback.startOffsetMs / 1000) / playback.speed;
  }

  pose(_t: number, out: Float64Array): void {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = 1;
    out[4] = 0;
    out[5] = 0;
    out[6] = 0;
    out[7] = Infinity;
  }

  /** Recording time (s, inside one pass) of motion time t (s). */
  private recordingTime(t: number): number {
    const tau = this.playback.startOffsetMs / 1000 + t * this.playback.speed;
    if (this.playback.loop <= 1) return tau;
    const pass = Math.min(this.playback.loop - 1, Math.max(0, Math.floor(tau / this.passS + 1e-9)));
    return tau - pass * this.passS;
  }

  private static at(track: ReplayTrack, tauS: number, sampleRateHz: number, speed: number, out: Float64Array, o: number): void {
    const ratio = sampleRateHz / (track.rateHz * speed);
    interpolateAt(track.values, track.channels, track.count, tauS * track.rateHz, ratio, out, o);
  }

  /**
   * Truth of `n` samples at motion times t0 + k * dt (s): specific force (m/s2) at out[o + 6k ..
   * + 2], angular rate (rad/s) at out[o + 6k + 3 .. + 5].
   */
  sampleTruth(t0: number, dt: number, n: number, out: Float64Array, o: number): void {
    const { accelerometer: acc, gyroscope: gyr } = this.recording.tracks;
    const rate = 1 / dt;
    for (let k = 0; k < n; k++) {
      const tau = this.recordingTime(t0 + k * dt);
      const i = o + 6 * k;
      if (acc !== undefined) ReplayMotion.at(acc, tau, rate, this.playback.speed, out, i);
      else {
        out[i] = 0;
        out[i + 1] = 0;
        out[i + 2] = STANDARD_GRAVITY;
      }
      if (gyr !== undefined) ReplayMotion.at(gyr, tau, rate, this.playback.speed, out, i + 3);
      else {
        out[i + 3] = 0;
        out[i + 4] = 0;
        out[i + 5] = 0;
      }
    }
  }

  /** Whether the recording has a proximity track. */
  get hasProximity(): boolean {
    return this.recording.tracks.proximity !== undefined;
  }

  /** Proximity (counts/8) at motion time t (s), sampled at `rateHz`. */
  proximityAt(t: number, rateHz: number, scratch: Float64Array): number {
    const p = this.recording.tracks.proximity!;
    ReplayMotion.at(p, this.recordingTime(t), rateHz, this.playback.speed, scratch, 0);
    return scratch[0]!;
  }
}

/** True for a motion that is a replayed recording. */
export function isReplayMotion(m: Motion): m is ReplayMotion {
  return (m as { replay?: unknown }).replay === true && m instanceof ReplayMotion;
}
