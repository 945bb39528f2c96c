import type { SampleFrame, SensorName } from '@tinyspark/protocol';
import { motionDistanceAt, motionTruthAt, sampleMotionTruth } from '../motion.js';
import type { Rng } from '../rng.js';
import { PROXIMITY_FULL_SCALE, PROXIMITY_LSB, PROXIMITY_NOISE_COUNTS, PROXIMITY_RATE_HZ } from '../sensors/apds9930.js';
import type { BoardSensors } from '../sensors/board-sensors.js';
import { FAULT_DEFAULTS } from '../sensors/faults.js';
import type { FaultSet } from '../sensors/faults.js';
import { STANDARD_GRAVITY } from '../sensors/lsm6ds3trc.js';
import type { SensorFaultState } from '../sensors/lsm6ds3trc.js';
import type { Timeline } from '../timeline.js';
import { keptRuns } from './drop-runs.js';
import { isReplayMotion } from './replay-motion.js';
import { MAX_FRAME_SAMPLES } from './limits.js';

export const SENSORS: readonly SensorName[] = ['accelerometer', 'gyroscope', 'proximity'];

/** Production state of one sensor's sample stream. */
export interface StreamState {
  readonly sensor: SensorName;
  rateHz: number;
  intervalMs: number;
  baseMs: number;
  /** Samples produced since baseMs (sample i >= 1 is at baseMs + i * intervalMs). */
  produced: number;
  /** Sequence number of the next sample (uint32). */
  seq: number;
  /** Clients streaming this sensor. */
  demand: number;
  readonly dist: Float64Array;
  /** Raw samples of the chunk being produced (valid during the tap and frame calls). */
  readonly raw: Int16Array;
  readonly axes: number;
}

/** What the streams need from their board. */
export interface StreamsHost {
  readonly sensors: BoardSensors;
  readonly timeline: Timeline;
  readonly faults: FaultSet;
  /** Randomness of the link faults (drop). */
  readonly faultRng: Rng;
  /** Whether something on the board (a recording, an inference ring) needs this sensor's samples. */
  wants(sensor: SensorName): boolean;
  /** Every produced sample of a chunk (`n` samples from `t0`, raw in `st.raw`), before link faults. */
  tap(st: StreamState, t0: number, n: number): void;
  /** A frame for the clients (link faults applied). */
  frame(frame: SampleFrame): void;
  /**
   * Optional: true when every client of this sensor would drop a frame of `count` samples sent now
   * (each one's send buffer is past its limit). Such a chunk is not synthesised: see {@link skipped}.
   */
  dropsFrame?(sensor: SensorName, count: number): boolean;
  /** Optional: a chunk of `count` samples was skipped instead of produced (its clients count it as dropped). */
  skipped?(sensor: SensorName, count: number): void;
}

/**
 * Truth of the last IMU chunk synthesised by any board (`owner`): the gyroscope of a board reuses
 * its accelerometer's truth for the same instants (one sync produces both, one after the other).
 * One buffer for all boards, not one each: with many boards a buffer per board fell out of the
 * cache between two visits of its board; another board's chunk only makes the next check miss.
 */
const TRUTH_CACHE = { owner: null as unknown, t0: NaN, intervalMs: NaN, n: 0, version: -1, buf: new Float64Array(6 * MAX_FRAME_SAMPLES) };

/**
 * The board's three sample streams: keeps them in sync with board time, produces samples in
 * chunks of at most {@link MAX_FRAME_SAMPLES} from the timeline's truth through the sensor models
 * (with sensor faults), and hands them on (tap, then frames with the drop fault applied).
 */
export class SampleStreams {
  readonly state: Record<SensorName, StreamState>;
  /** The streams in SENSORS order (the sync loop). */
  private readonly list: readonly StreamState[];
  private readonly constTruth = new Float64Array(6);
  private readonly proxScratch = new Float64Array(1);
  /** Truth of the last IMU chunk, reused by the other IMU part for the same instants (shared by every board: see TRUTH_CACHE). */
  private readonly truthCache = TRUTH_CACHE;
  private timelineVersion = 0;

  constructor(
    private readonly host: StreamsHost,
    nowMs: number,
  ) {
    const mk = (sensor: SensorName, rateHz: number, axes: number): StreamState => ({
      sensor,
      rateHz,
      intervalMs: 1000 / rateHz,
      baseMs: nowMs,
      produced: 0,
      seq: 0,
      demand: 0,
      dist: new Float64Array(MAX_FRAME_SAMPLES),
      raw: new Int16Array(axes * MAX_FRAME_SAMPLES),
      axes,
    });
    this.state = {
      accelerometer: mk('accelerometer', host.sensors.accelerometer.config.rateHz, 3),
      gyroscope: mk('gyroscope', host.sensors.gyroscope.config.rateHz, 3),
      proximity: mk('proximity', PROXIMITY_RATE_HZ, 1),
    };
    this.list = SENSORS.map((sensor) => this.state[sensor]);
  }

  /** The timeline was changed: cached truth is stale. */
  timelineChanged(): void {
    this.timelineVersion++;
  }

  anyDemand(): boolean {
    return SENSORS.some((s) => this.state[s].demand > 0);
  }

  /** A new rate restarts the stream's sample grid at `nowMs` (sequence numbers continue). */
  setRate(sensor: SensorName, rateHz: number, nowMs: number): void {
    const st = this.state[sensor];
    if (st.rateHz === rateHz) return;
    st.rateHz = rateHz;
    st.intervalMs = 1000 / rateHz;
    st.baseMs = nowMs;
    st.produced = 0;
  }

  scaleOf(sensor: SensorName): number {
    const s = this.host.sensors;
    return sensor === 'accelerometer' ? s.accelerometer.lsb : sensor === 'gyroscope' ? s.gyroscope.lsb : PROXIMITY_LSB;
  }

  /** Produces every sample due up to board time `now` (ms) and hands them on. */
  sync(now: number): void {
    const faults = this.host.faults;
    // faults are active on [start, untilMs): produce the samples before each expiry first
    const list = this.list;
    for (;;) {
      const until = faults.nextExpiry();
      if (until > now) break;
      for (let i = 0; i < list.length; i++) this.syncSensor(list[i]!, until, true);
      faults.expire(until);
    }
    let reached = Infinity;
    for (let i = 0; i < list.length; i++) {
      const st = list[i]!;
      this.syncSensor(st, now, false);
      const t = st.baseMs + st.produced * st.intervalMs;
      if (t < reached) reached = t;
    }
    this.host.timeline.prune(reached);
  }

  private needs(sensor: SensorName): boolean {
    return this.state[sensor].demand > 0 || this.host.wants(sensor);
  }

  private syncSensor(st: StreamState, now: number, exclusive: boolean): void {
    const x = ((now - st.baseMs) * st.rateHz) / 1000;
    const target = exclusive ? Math.ceil(x - 1e-9) - 1 : Math.floor(x + 1e-9);
    let n = target - st.produced;
    if (n <= 0) return;
    if (!this.needs(st.sensor)) {
      st.produced = target;
      st.seq = (st.seq + n) >>> 0;
      return;
    }
    while (n > 0) {
      const chunk = Math.min(n, MAX_FRAME_SAMPLES);
      if (this.skippable(st, chunk)) this.skipChunk(st, chunk);
      else this.produceChunk(st, chunk);
      n -= chunk;
    }
  }

  /**
   * A chunk nobody would receive: nothing on the board needs it (no recording, no inference ring),
   * no drop fault splits it, and every client would drop its frame (the host says so).
   */
  private skippable(st: StreamState, n: number): boolean {
    const h = this.host;
    return h.dropsFrame !== undefined && !h.wants(st.sensor) && h.faults.find('drop', st.sensor) === undefined && h.dropsFrame(st.sensor, n);
  }

  /** Skips a chunk: stream position and sequence numbers advance as if it had been produced and dropped. */
  private skipChunk(st: StreamState, n: number): void {
    st.produced += n;
    st.seq = (st.seq + n) >>> 0;
    this.host.skipped?.(st.sensor, n);
  }

  private produceChunk(st: StreamState, n: number): void {
    const first = st.produced + 1;
    const t0 = st.baseMs + first * st.intervalMs;
    const fault = this.sensorFault(st.sensor);
    const { sensors, timeline } = this.host;
    if (st.sensor === 'proximity') {
      this.fillDistances(st, first, n);
      sensors.proximity.sample(st.dist, this.reflectanceAt(t0), n, st.raw, 0, fault === undefined ? undefined : { noiseGain: fault.noiseGain, saturate: fault.saturate, stuck: fault.stuckAxis >= 0 });
      this.replayProximity(st, first, n, fault);
    } else {
      const part = st.sensor === 'accelerometer' ? sensors.accelerometer : sensors.gyroscope;
      const off = st.sensor === 'accelerometer' ? 0 : 3;
      const cache = this.truthCache;
      const cached = cache.owner === this && cache.n >= n && cache.t0 === t0 && cache.intervalMs === st.intervalMs && cache.version === this.timelineVersion;
      const truth = cache.buf;
      let k = 0;
      while (k < n) {
        const t = st.baseMs + (first + k) * st.intervalMs;
        const seg = timeline.at(t);
        if (seg === undefined || seg.motion.still === true) {
          // constant truth until the timeline changes: one call, stride 0
          const change = seg === undefined ? timeline.nextChangeAfter(t) : seg.endMs;
          let run = Math.ceil((change - t) / st.intervalMs - 1e-9);
          if (!Number.isFinite(run) || run > n - k) run = n - k;
          if (run < 1) run = 1;
          const c = this.constTruth;
          if (seg === undefined) {
            c.fill(0);
            c[2] = STANDARD_GRAVITY;
          } else motionTruthAt(seg.motion, (t - seg.originMs) / 1000, c, 0);
          part.sample(c, off, 0, run, st.raw, 3 * k, fault);
          k += run;
        } else {
          // moving: truth per sample (shared with the other IMU part when it samples the same instants)
          let end = k;
          const segEnd = seg.endMs;
          while (end < n && st.baseMs + (first + end) * st.intervalMs < segEnd) end++;
          const replay = isReplayMotion(seg.motion) ? seg.motion : undefined;
          if (!cached) {
            if (replay !== undefined) replay.sampleTruth((t - seg.originMs) / 1000, st.intervalMs / 1000, end - k, truth, 6 * k);
            else sampleMotionTruth(seg.motion, (t - seg.originMs) / 1000, st.intervalMs / 1000, end - k, truth, 6 * k, null);
          }
          part.sample(truth, 6 * k + off, 6, end - k, st.raw, 3 * k, fault, replay !== undefined && !replay.playback.noise);
          k = end;
        }
      }
      cache.owner = this;
      cache.t0 = t0;
      cache.intervalMs = st.intervalMs;
      cache.n = cached ? cache.n : n;
      cache.version = this.timelineVersion;
    }
    const seq0 = st.seq;
    st.produced += n;
    st.seq = (st.seq + n) >>> 0;
    this.deliver(st, seq0, t0, n);
  }

  private fillDistances(st: StreamState, first: number, n: number): void {
    for (let k = 0; k < n; k++) {
      const t = st.baseMs + (first + k) * st.intervalMs;
      const seg = this.host.timeline.at(t);
      st.dist[k] = seg === undefined ? Infinity : motionDistanceAt(seg.motion, (t - seg.originMs) / 1000);
    }
  }

  /** Samples inside a replayed recording with a proximity track: its values on the PDATA grid (0..1023 raw). */
  private replayProximity(st: StreamState, first: number, n: number, fault: SensorFaultState | undefined): void {
    for (let k = 0; k < n; k++) {
      const t = st.baseMs + (first + k) * st.intervalMs;
      const seg = this.host.timeline.at(t);
      if (seg === undefined || !isReplayMotion(seg.motion) || !seg.motion.hasProximity) continue;
      const v = seg.motion.proximityAt((t - seg.originMs) / 1000, st.rateHz, this.proxScratch);
      let r = Math.round(v / PROXIMITY_LSB);
      if (seg.motion.playback.noise) r = Math.round(v / PROXIMITY_LSB + PROXIMITY_NOISE_COUNTS * this.host.faultRng.normal());
      if (fault?.saturate === true) r = PROXIMITY_FULL_SCALE;
      st.raw[k] = r < 0 ? 0 : r > PROXIMITY_FULL_SCALE ? PROXIMITY_FULL_SCALE : r;
    }
  }

  private reflectanceAt(t: number): number {
    const seg = this.host.timeline.at(t);
    const m = seg?.motion as { reflectance?: number } | undefined;
    return m?.reflectance ?? 0.45;
  }

  private sensorFault(sensor: SensorName): SensorFaultState | undefined {
    const f = this.host.faults;
    if (f.active.length === 0) return undefined;
    const noise = f.find('noise', sensor);
    const sat = f.find('saturate', sensor);
    const stuck = f.find('stuck', sensor);
    if (!noise && !sat && !stuck) return undefined;
    return {
      noiseGain: noise ? (noise.params['gain'] ?? FAULT_DEFAULTS.noiseGain) : 1,
      saturate: sat !== undefined,
      stuckAxis: stuck ? (sensor === 'proximity' ? 0 : (stuck.params['axis'] ?? FAULT_DEFAULTS.stuckAxis)) : -1,
    };
  }

  private deliver(st: StreamState, seq0: number, t0: number, n: number): void {
    // recording capture and inference ring see every sample (faults on the link do not touch them)
    this.host.tap(st, t0, n);
    if (st.demand === 0) return;
    const axes = st.axes;
    const scale = this.scaleOf(st.sensor);
    const drop = this.host.faults.find('drop', st.sensor);
    const intervalUs = st.intervalMs * 1000;
    if (drop === undefined) {
      this.host.frame({ sensor: st.sensor, seq: seq0, t0Us: t0 * 1000, intervalUs, scale, count: n, raw: st.raw.subarray(0, n * axes) });
      return;
    }
    const p = drop.params['probability'] ?? FAULT_DEFAULTS.dropProbability;
    const rng = this.host.faultRng;
    for (const run of keptRuns(n, p, () => rng.next())) {
      this.host.frame({
        sensor: st.sensor,
        seq: (seq0 + run.start) >>> 0,
        t0Us: (t0 + run.start * st.intervalMs) * 1000,
        intervalUs,
        scale,
        count: run.count,
        raw: st.raw.subarray(run.start * axes, (run.start + run.count) * axes),
      });
    }
  }
}
