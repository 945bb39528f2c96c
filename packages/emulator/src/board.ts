import type {
  BoardMessage,
  BoardMode,
  HelloMessage,
  RequestId,
  SampleFrame,
  SensorDescriptor,
  SensorGroup,
  SensorName,
  TruthSegment,
} from '@tinyspark/protocol';
import { PROTOCOL_VERSION } from '@tinyspark/protocol';
import { PROXIMITY_LSB, PROXIMITY_RATE_HZ } from './apds9930.js';
import { createBoardSensors } from './board-sensors.js';
import type { BoardSensors } from './board-sensors.js';
import type { Clock, TimerHandle } from './clock.js';
import { EmulatorError } from './errors.js';
import { FAULT_DEFAULTS, FaultSet, validateFaultParams } from './faults.js';
import type { FaultKindName } from './faults.js';
import { assertGestureName } from './gestures.js';
import type { GestureParams } from './gestures.js';
import { InferenceEngine } from './inference-engine.js';
import { ACCEL_RANGES_G, ACCEL_RATES_HZ, GYRO_RANGES_DPS, GYRO_RATES_HZ, unsupportedRate } from './lsm6ds3trc.js';
import type { SensorFaultState } from './lsm6ds3trc.js';
import { motionDistanceAt, motionTruthAt, sampleMotionTruth } from './motion.js';
import { createRng } from './rng.js';
import type { Rng } from './rng.js';
import { generateScenarioSteps, planGesture, planScenario } from './scenario.js';
import type { ScenarioGenerateSpec, ScenarioStepSpec, TruthSegmentLike } from './scenario.js';
import { SampleRing } from './sample-ring.js';
import { Timeline } from './timeline.js';
import { poseOf } from './transition-motion.js';

export const BOARD_MODEL = 'TinySpark S3';
export const FIRMWARE = 'tinyspark-emulator 0.1.0';
/** Samples per binary frame at most (the frame's count is a uint16; this keeps frames ~6 KB). */
export const MAX_FRAME_SAMPLES = 1024;
export const NEOPIXEL_COUNT = 5;
/** Button 1's recording ritual waits this long before the LED goes on (the course: 1 s). */
export const BUTTON_RECORD_DELAY_MS = 1000;
/** Recordings kept on the board for Button 2 to print (oldest dropped first). */
export const MAX_STORED_RECORDINGS = 50;
/** Upper estimate of the JSON bytes per recorded value (a float64 in decimal plus separators). */
export const RECORDING_BYTES_PER_VALUE = 24;

export interface BoardLimitsConfig {
  maxFrameBytes: number;
  maxModelBytes: number;
  maxRecordingMs: number;
  maxScenarioSteps: number;
}

export const DEFAULT_BOARD_LIMITS: Readonly<BoardLimitsConfig> = {
  maxFrameBytes: 1024 * 1024,
  maxModelBytes: 1024 * 1024,
  maxRecordingMs: 60_000,
  maxScenarioSteps: 1000,
};

/** What a board tells its host side (the server). */
export interface BoardListener {
  /** A binary sample frame; `frame.raw` is only valid during the call (encode or copy it). */
  frame?(frame: SampleFrame): void;
  /** A JSON message for every client of the board (`mode` messages get `streaming` filled in per client). */
  message?(message: BoardMessage): void;
  /** A simulated disconnect (`sim.fault` kind `disconnect`). */
  disconnect?(): void;
}

export interface BoardOptions {
  id: string;
  seed: number;
  clock: Clock;
  limits?: Partial<BoardLimitsConfig>;
}

interface StreamState {
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
  readonly raw: Int16Array;
  readonly axes: number;
}

interface ActiveRecording {
  readonly id: RequestId | null;
  readonly label: string;
  readonly sensor: SensorGroup;
  readonly startMs: number;
  readonly endMs: number;
  readonly data: Map<SensorName, { times: number[]; raw: number[]; scale: number; intervalMs: number; want: number }>;
}

const SENSORS: readonly SensorName[] = ['accelerometer', 'gyroscope', 'proximity'];
const GROUP_SENSORS: Readonly<Record<SensorGroup, readonly SensorName[]>> = { imu: ['accelerometer', 'gyroscope'], proximity: ['proximity'] };

/**
 * One emulated TinySpark board: sensors, the person handling it (timeline of motions), buttons,
 * LED, NeoPixels, serial console, firmware modes, faults. Transport-free: the server feeds it
 * requests and forwards what it emits. All time comes from the injected clock.
 */
export class Board {
  readonly id: string;
  readonly seed: number;
  readonly clock: Clock;
  readonly limits: BoardLimitsConfig;
  readonly sensors: BoardSensors;
  readonly timeline = new Timeline();
  readonly faults = new FaultSet();
  private readonly streams: Record<SensorName, StreamState>;
  private readonly listeners = new Set<BoardListener>();
  private readonly rng: Rng;
  private readonly faultRng: Rng;
  private readonly inference = new InferenceEngine();
  private recording: ActiveRecording | null = null;
  private recordingPending = false;
  private recordTimers: TimerHandle[] = [];
  private readonly stored: { label: string; values: number[][] }[] = [];
  private buttonConfig: { label: string; durationMs: number; sensor: SensorGroup } = { label: 'button', durationMs: 1000, sensor: 'imu' };
  private readonly buttons: [boolean, boolean] = [false, false];
  private led = false;
  private pixels: [number, number, number][] = Array.from({ length: NEOPIXEL_COUNT }, () => [0, 0, 0] as [number, number, number]);
  private lastMode: BoardMode = 'idle';
  private hopTimer: TimerHandle | null = null;
  private hopMs = 0;
  private readonly rings = new Map<SensorName, SampleRing>();
  private stopped = false;
  private readonly constTruth = new Float64Array(6);
  /** Truth of the last IMU chunk, reused by the other IMU part for the same instants. */
  private readonly truthCache = { t0: NaN, intervalMs: NaN, n: 0, version: -1, buf: new Float64Array(6 * MAX_FRAME_SAMPLES) };
  private timelineVersion = 0;
  /** Ground truth of what was planned, mirroring the timeline (recordings quote it). */
  private truthLog: TruthSegmentLike[] = [];

  constructor(options: BoardOptions) {
    this.id = options.id;
    this.seed = options.seed >>> 0;
    this.clock = options.clock;
    this.limits = { ...DEFAULT_BOARD_LIMITS, ...options.limits };
    this.sensors = createBoardSensors(this.seed);
    this.rng = createRng(this.seed).fork('board');
    this.faultRng = createRng(this.seed).fork('faults');
    const now = this.clock.now();
    const mk = (sensor: SensorName, rateHz: number, axes: number): StreamState => ({
      sensor,
      rateHz,
      intervalMs: 1000 / rateHz,
      baseMs: now,
      produced: 0,
      seq: 0,
      demand: 0,
      dist: new Float64Array(MAX_FRAME_SAMPLES),
      raw: new Int16Array(axes * MAX_FRAME_SAMPLES),
      axes,
    });
    this.streams = {
      accelerometer: mk('accelerometer', this.sensors.accelerometer.config.rateHz, 3),
      gyroscope: mk('gyroscope', this.sensors.gyroscope.config.rateHz, 3),
      proximity: mk('proximity', PROXIMITY_RATE_HZ, 1),
    };
  }

  addListener(l: BoardListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(message: BoardMessage): void {
    for (const l of this.listeners) l.message?.(message);
  }

  private serial(line: string): void {
    this.emit({ type: 'serial', line, t: this.clock.now() });
  }

  // ------------------------------------------------------------------ description

  sensorDescriptors(): SensorDescriptor[] {
    const a = this.sensors.accelerometer;
    const g = this.sensors.gyroscope;
    return [
      { name: 'accelerometer', axes: ['ax', 'ay', 'az'], unit: 'm/s^2', rangeUnit: 'g', rangeOptions: [...ACCEL_RANGES_G], range: a.config.range, rateOptionsHz: [...ACCEL_RATES_HZ], rateHz: a.config.rateHz, lsb: a.lsb },
      { name: 'gyroscope', axes: ['gx', 'gy', 'gz'], unit: 'rad/s', rangeUnit: 'dps', rangeOptions: [...GYRO_RANGES_DPS], range: g.config.range, rateOptionsHz: [...GYRO_RATES_HZ], rateHz: g.config.rateHz, lsb: g.lsb },
      { name: 'proximity', axes: ['proximity'], unit: 'counts/8', rangeUnit: 'counts/8', rangeOptions: [127.875], range: 127.875, rateOptionsHz: [PROXIMITY_RATE_HZ], rateHz: PROXIMITY_RATE_HZ, lsb: PROXIMITY_LSB },
    ];
  }

  hello(streaming: readonly SensorName[]): HelloMessage {
    return {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      board: { model: BOARD_MODEL, firmware: FIRMWARE, id: this.id },
      sensors: this.sensorDescriptors(),
      mode: this.mode(),
      streaming: [...streaming],
      capabilities: { sim: true, inference: true, buttons: 2, neopixels: NEOPIXEL_COUNT },
      limits: { maxFrameBytes: this.limits.maxFrameBytes, maxModelBytes: this.limits.maxModelBytes, maxRecordingMs: this.limits.maxRecordingMs },
    };
  }

  mode(): BoardMode {
    if (this.recording !== null || this.recordingPending) return 'recording';
    if (this.inference.running) return 'inference';
    if (SENSORS.some((s) => this.streams[s].demand > 0)) return 'streaming';
    return 'idle';
  }

  private modeChanged(): void {
    const m = this.mode();
    if (m !== this.lastMode) {
      this.lastMode = m;
      this.emit({ type: 'mode', mode: m, streaming: [], t: this.clock.now() });
    }
  }

  get ledOn(): boolean {
    return this.led;
  }

  get neopixels(): readonly (readonly [number, number, number])[] {
    return this.pixels;
  }

  /** Sequence number of the next sample of a sensor. */
  nextSeq(sensor: SensorName): number {
    return this.streams[sensor].seq;
  }

  // ------------------------------------------------------------------ configuration

  configure(req: { accelerometer?: { range?: number; rateHz?: number }; gyroscope?: { range?: number; rateHz?: number }; proximity?: { range?: number; rateHz?: number } }): { sensors: SensorDescriptor[] } {
    if (this.recording !== null) throw new EmulatorError('EMU_ERR_BUSY', 'configure: a recording is in progress', 'type');
    // validate everything first so a bad field changes nothing
    const acc = this.sensors.accelerometer;
    const gyr = this.sensors.gyroscope;
    const next = {
      accelerometer: { ...acc.config, ...defined(req.accelerometer) },
      gyroscope: { ...gyr.config, ...defined(req.gyroscope) },
    };
    const check = (c: { rateHz: number; range: number }, name: SensorName): void => {
      const rates = name === 'accelerometer' ? ACCEL_RATES_HZ : GYRO_RATES_HZ;
      if (!rates.includes(c.rateHz)) throw unsupportedRate(`${name}.rateHz`, c.rateHz, rates, `LSM6DS3TR-C ${name}`);
      const ranges = name === 'accelerometer' ? ACCEL_RANGES_G : GYRO_RANGES_DPS;
      if (!ranges.includes(c.range)) {
        throw new EmulatorError('EMU_ERR_UNSUPPORTED_RANGE', `${name}.range: ${c.range} is not supported; supported: ${ranges.join(', ')}`, `${name}.range`, { supported: [...ranges] });
      }
    };
    check(next.accelerometer, 'accelerometer');
    check(next.gyroscope, 'gyroscope');
    if (req.proximity?.rateHz !== undefined && req.proximity.rateHz !== PROXIMITY_RATE_HZ) {
      throw unsupportedRate('proximity.rateHz', req.proximity.rateHz, [PROXIMITY_RATE_HZ], 'APDS-9930 (the driver fixes the cycle at 13.778 ms)');
    }
    if (req.proximity?.range !== undefined && req.proximity.range !== 127.875) {
      throw new EmulatorError('EMU_ERR_UNSUPPORTED_RANGE', `proximity.range: ${req.proximity.range} is not supported; supported: 127.875`, 'proximity.range', { supported: [127.875] });
    }
    const now = this.clock.now();
    this.sync(now);
    acc.configure(next.accelerometer);
    gyr.configure(next.gyroscope);
    for (const [name, part] of [['accelerometer', acc], ['gyroscope', gyr]] as const) {
      const st = this.streams[name];
      if (st.rateHz !== part.config.rateHz) {
        st.rateHz = part.config.rateHz;
        st.intervalMs = 1000 / st.rateHz;
        st.baseMs = now;
        st.produced = 0;
      }
    }
    if (this.rings.size > 0) this.buildRings();
    return { sensors: this.sensorDescriptors() };
  }

  /** The server tells the board how many clients stream a sensor. */
  setDemand(sensor: SensorName, delta: number): void {
    this.sync(this.clock.now());
    const st = this.streams[sensor];
    st.demand = Math.max(0, st.demand + delta);
    this.modeChanged();
  }

  // ------------------------------------------------------------------ sample production

  private needs(sensor: SensorName): boolean {
    const st = this.streams[sensor];
    if (st.demand > 0 || this.rings.has(sensor)) return true;
    const r = this.recording;
    return r !== null && r.data.has(sensor);
  }

  /** Produces every sample due up to board time `now` (ms) and emits the frames. */
  sync(now: number): void {
    if (this.stopped) return;
    // faults are active on [start, untilMs): produce the samples before each expiry first
    for (;;) {
      const until = this.faults.nextExpiry();
      if (until > now) break;
      for (const s of SENSORS) this.syncSensor(this.streams[s], until, true);
      this.faults.expire(until);
    }
    for (const s of SENSORS) this.syncSensor(this.streams[s], now, false);
    this.timeline.prune(Math.min(...SENSORS.map((s) => this.streams[s].baseMs + this.streams[s].produced * this.streams[s].intervalMs)));
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
      this.produceChunk(st, chunk);
      n -= chunk;
    }
  }

  private produceChunk(st: StreamState, n: number): void {
    const first = st.produced + 1;
    const t0 = st.baseMs + first * st.intervalMs;
    const fault = this.sensorFault(st.sensor);
    if (st.sensor === 'proximity') {
      this.fillDistances(st, first, n);
      this.sensors.proximity.sample(st.dist, this.reflectanceAt(t0), n, st.raw, 0, fault === undefined ? undefined : { noiseGain: fault.noiseGain, saturate: fault.saturate, stuck: fault.stuckAxis >= 0 });
    } else {
      const part = st.sensor === 'accelerometer' ? this.sensors.accelerometer : this.sensors.gyroscope;
      const off = st.sensor === 'accelerometer' ? 0 : 3;
      const cache = this.truthCache;
      const cached = cache.n >= n && cache.t0 === t0 && cache.intervalMs === st.intervalMs && cache.version === this.timelineVersion;
      const truth = cache.buf;
      let k = 0;
      while (k < n) {
        const t = st.baseMs + (first + k) * st.intervalMs;
        const seg = this.timeline.at(t);
        if (seg === undefined || seg.motion.still === true) {
          // constant truth until the timeline changes: one call, stride 0
          const change = seg === undefined ? this.timeline.nextChangeAfter(t) : seg.endMs;
          let run = Math.ceil((change - t) / st.intervalMs - 1e-9);
          if (!Number.isFinite(run) || run > n - k) run = n - k;
          if (run < 1) run = 1;
          const c = this.constTruth;
          if (seg === undefined) {
            c[0] = 0;
            c[1] = 0;
            c[2] = 9.80665;
            c[3] = 0;
            c[4] = 0;
            c[5] = 0;
          } else motionTruthAt(seg.motion, (t - seg.originMs) / 1000, c, 0);
          part.sample(c, off, 0, run, st.raw, 3 * k, fault);
          k += run;
        } else {
          // moving: truth per sample (shared with the other IMU part when it samples the same instants)
          let end = k;
          const segEnd = seg.endMs;
          while (end < n && st.baseMs + (first + end) * st.intervalMs < segEnd) end++;
          if (!cached) sampleMotionTruth(seg.motion, (t - seg.originMs) / 1000, st.intervalMs / 1000, end - k, truth, 6 * k, null);
          part.sample(truth, 6 * k + off, 6, end - k, st.raw, 3 * k, fault);
          k = end;
        }
      }
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
      const seg = this.timeline.at(t);
      st.dist[k] = seg === undefined ? Infinity : motionDistanceAt(seg.motion, (t - seg.originMs) / 1000);
    }
  }

  private reflectanceAt(t: number): number {
    const seg = this.timeline.at(t);
    const m = seg?.motion as { reflectance?: number } | undefined;
    return m?.reflectance ?? 0.45;
  }

  private sensorFault(sensor: SensorName): SensorFaultState | undefined {
    const f = this.faults;
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
    const axes = st.axes;
    const scale = this.scaleOf(st.sensor);
    // recording capture and inference ring see every sample (faults on the link do not touch them)
    const rec = this.recording;
    const rd = rec?.data.get(st.sensor);
    const ring = this.rings.get(st.sensor);
    for (let k = 0; k < n; k++) {
      const t = t0 + k * st.intervalMs;
      if (rd !== undefined && rec !== null && t > rec.startMs + 1e-9 && t <= rec.endMs + 1e-9 && rd.times.length < rd.want) {
        rd.times.push(t);
        for (let a = 0; a < axes; a++) rd.raw.push(st.raw[k * axes + a]!);
      }
      ring?.push(t, st.raw, k * axes);
    }
    if (st.demand === 0) return;
    const drop = this.faults.find('drop', st.sensor);
    const intervalUs = st.intervalMs * 1000;
    if (drop === undefined) {
      this.emitFrame({ sensor: st.sensor, seq: seq0, t0Us: t0 * 1000, intervalUs, scale, count: n, raw: st.raw.subarray(0, n * axes) });
      return;
    }
    const p = drop.params['probability'] ?? FAULT_DEFAULTS.dropProbability;
    let runStart = -1;
    for (let k = 0; k <= n; k++) {
      const keep = k < n && this.faultRng.next() >= p;
      if (keep && runStart < 0) runStart = k;
      if (!keep && runStart >= 0) {
        this.emitFrame({
          sensor: st.sensor,
          seq: (seq0 + runStart) >>> 0,
          t0Us: (t0 + runStart * st.intervalMs) * 1000,
          intervalUs,
          scale,
          count: k - runStart,
          raw: st.raw.subarray(runStart * axes, k * axes),
        });
        runStart = -1;
      }
    }
  }

  private emitFrame(frame: SampleFrame): void {
    for (const l of this.listeners) l.frame?.(frame);
  }

  private scaleOf(sensor: SensorName): number {
    return sensor === 'accelerometer' ? this.sensors.accelerometer.lsb : sensor === 'gyroscope' ? this.sensors.gyroscope.lsb : PROXIMITY_LSB;
  }

  // ------------------------------------------------------------------ recording (the course's ritual)

  /**
   * `record` request: optional delay, LED on, capture, LED off, `recording` message with this id.
   * The label, length and sensor also become Button 1's settings.
   */
  record(id: RequestId | null, label: string, durationMs: number, delayMs: number, sensor: SensorGroup): void {
    if (this.recording !== null || this.recordingPending) throw new EmulatorError('EMU_ERR_BUSY', 'record: a recording is already in progress', 'type');
    if (!(durationMs > 0 && durationMs <= this.limits.maxRecordingMs)) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `durationMs: must be in (0, ${this.limits.maxRecordingMs}], got ${durationMs}`, 'durationMs');
    }
    if (!(delayMs >= 0 && delayMs <= this.limits.maxRecordingMs)) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `delayMs: must be in [0, ${this.limits.maxRecordingMs}], got ${delayMs}`, 'delayMs');
    }
    // the recording travels as one JSON text frame: refuse captures that could not be sent
    const samples = GROUP_SENSORS[sensor].reduce((m, s) => Math.max(m, Math.floor((durationMs * this.streams[s].rateHz) / 1000)), 0);
    const estimate = samples * (sensor === 'imu' ? 6 : 1) * RECORDING_BYTES_PER_VALUE;
    if (estimate > this.limits.maxFrameBytes) {
      throw new EmulatorError(
        'EMU_ERR_INVALID_OPTION',
        `durationMs: ${samples} samples would take ~${estimate} bytes, more than maxFrameBytes ${this.limits.maxFrameBytes}; record less or lower the rate`,
        'durationMs',
      );
    }
    // like the course's program, Button 1 repeats the last requested capture (label, length, sensor)
    if (id !== null) this.buttonConfig = { label, durationMs, sensor };
    this.recordingPending = true;
    this.modeChanged();
    const begin = (): void => {
      const now = this.clock.now();
      this.sync(now);
      const data = new Map<SensorName, { times: number[]; raw: number[]; scale: number; intervalMs: number; want: number }>();
      for (const s of GROUP_SENSORS[sensor]) {
        const st = this.streams[s];
        // exactly rate x duration samples: the first ones after the LED goes on
        data.set(s, { times: [], raw: [], scale: this.scaleOf(s), intervalMs: st.intervalMs, want: Math.floor((durationMs * st.rateHz) / 1000 + 1e-9) });
      }
      this.recording = { id, label, sensor, startMs: now, endMs: now + durationMs, data };
      this.recordingPending = false;
      this.setLed(true);
      this.serial(`Recording ${label}...`);
      this.recordTimers.push(this.clock.setTimeout(() => this.finishRecording(), durationMs));
    };
    if (delayMs > 0) this.recordTimers.push(this.clock.setTimeout(begin, delayMs));
    else begin();
  }

  private finishRecording(): void {
    const rec = this.recording;
    if (rec === null) return;
    this.sync(rec.endMs);
    this.recording = null;
    this.recordTimers = [];
    this.setLed(false);
    const values = recordingValues(rec);
    const first = [...rec.data.values()][0]!;
    const truth = this.truthBetween(rec.startMs, rec.endMs);
    const msg: BoardMessage = {
      type: 'recording',
      id: rec.id,
      label: rec.label,
      sensor: rec.sensor,
      axes: rec.sensor === 'imu' ? ['ax', 'ay', 'az', 'gx', 'gy', 'gz'] : ['proximity'],
      values,
      intervalMs: first.intervalMs,
      startedAt: first.times[0] ?? rec.startMs,
      truth,
    };
    this.serial(`Recorded ${rec.label}: ${values.length} samples`);
    this.stored.push({ label: rec.label, values });
    if (this.stored.length > MAX_STORED_RECORDINGS) this.stored.shift();
    this.emit(msg);
    this.modeChanged();
    if (this.inference.running && this.inference.mode === 'recording' && this.inference.sensor === rec.sensor) {
      this.predict({ intervalMs: first.intervalMs, axes: [...msg.axes], values }, first.times[first.times.length - 1] ?? rec.endMs);
    }
  }

  private truthBetween(startMs: number, endMs: number): TruthSegment[] {
    const out: TruthSegment[] = [];
    for (const t of this.truthLog) if (t.endMs > startMs && t.startMs < endMs) out.push({ ...t });
    return out;
  }

  private logTruth(segments: readonly TruthSegmentLike[], from: number): void {
    // new plans replace what was planned from `from` on (as Timeline.put does). The log is in
    // time order without overlaps (every plan cuts it first), so only its tail is affected.
    const log = this.truthLog;
    let keep = log.length;
    while (keep > 0 && log[keep - 1]!.startMs >= from) keep--;
    log.length = keep;
    for (let j = keep - 1; j >= 0 && log[j]!.endMs > from; j--) log[j] = { ...log[j]!, endMs: from };
    for (const s of segments) log.push(s);
    const horizon = this.clock.now() - 10 * 60_000;
    while (this.truthLog.length > 0 && this.truthLog[0]!.endMs < horizon) this.truthLog.shift();
    if (this.truthLog.length > 20_000) this.truthLog.splice(0, this.truthLog.length - 20_000);
  }

  private setLed(on: boolean): void {
    if (this.led === on) return;
    this.led = on;
    this.emit({ type: 'led', on, t: this.clock.now() });
  }

  // ------------------------------------------------------------------ buttons

  button(button: 1 | 2, action: 'press' | 'release' | 'click', durationMs = 100): void {
    if (action === 'click') {
      this.button(button, 'press');
      this.clock.setTimeout(() => this.button(button, 'release'), durationMs);
      return;
    }
    const pressed = action === 'press';
    if (this.buttons[button - 1] === pressed) return;
    this.sync(this.clock.now());
    this.buttons[button - 1] = pressed;
    this.emit({ type: 'button', button, pressed, t: this.clock.now() });
    if (!pressed) return;
    if (button === 1) {
      if (this.recording !== null || this.recordingPending) {
        this.serial('Busy: recording in progress');
        return;
      }
      const c = this.buttonConfig;
      this.record(null, c.label, c.durationMs, BUTTON_RECORD_DELAY_MS, c.sensor);
    } else {
      this.printRecordings();
    }
  }

  /** Pin level as the firmware reads it (active low: pressed reads 0). */
  pinLevel(button: 1 | 2): 0 | 1 {
    return this.buttons[button - 1] ? 0 : 1;
  }

  /** Label, duration and sensor used when Button 1 starts a recording. */
  setButtonRecording(config: Partial<{ label: string; durationMs: number; sensor: SensorGroup }>): void {
    this.buttonConfig = { ...this.buttonConfig, ...config };
  }

  private printRecordings(): void {
    this.serial(`# ${this.stored.length} recordings`);
    for (const r of this.stored) {
      const text = `${JSON.stringify(r.label)}: ${JSON.stringify(r.values.map((row) => row.map((v) => Number(v.toFixed(5)))))}`;
      for (let i = 0; i < text.length; i += 1000) this.serial(text.slice(i, i + 1000));
    }
    this.stored.length = 0;
  }

  // ------------------------------------------------------------------ inference

  deployModel(doc: unknown, byteLength: number): { labels: string[] } {
    if (byteLength > this.limits.maxModelBytes) {
      throw new EmulatorError('EMU_ERR_MODEL_TOO_LARGE', `model: ${byteLength} bytes exceeds maxModelBytes ${this.limits.maxModelBytes}`, 'model');
    }
    this.stopInference();
    const labels = this.inference.deploy(doc);
    this.serial(`Model deployed: ${labels.join(', ')}`);
    return { labels };
  }

  clearModel(): void {
    this.stopInference();
    this.inference.clear();
  }

  startInference(mode: 'sliding' | 'recording', hopMs: number): void {
    if (!this.inference.loaded) throw new EmulatorError('EMU_ERR_NO_MODEL', 'infer.start: no model deployed', 'type');
    this.stopInference();
    this.sync(this.clock.now());
    this.inference.start(mode);
    if (mode === 'sliding') {
      if (!(hopMs >= 1 && hopMs <= 60_000)) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `hopMs: must be in [1, 60000], got ${hopMs}`, 'hopMs');
      this.buildRings();
      this.hopMs = hopMs;
      this.scheduleHop();
    }
    this.modeChanged();
  }

  /** Rings holding one input window (plus a margin) of each sensor the model reads. */
  private buildRings(): void {
    this.rings.clear();
    const span = this.inference.spanMs();
    for (const s of GROUP_SENSORS[this.inference.sensor]) {
      const st = this.streams[s];
      const cap = Math.min(1 << 20, Math.ceil((span * st.rateHz) / 1000) + 4);
      this.rings.set(s, new SampleRing(cap, st.axes));
    }
  }

  stopInference(): void {
    if (this.hopTimer) this.clock.clearTimeout(this.hopTimer);
    this.hopTimer = null;
    this.rings.clear();
    this.inference.stop();
    this.modeChanged();
  }

  private scheduleHop(): void {
    this.hopTimer = this.clock.setTimeout(() => {
      this.hopTimer = null;
      this.slidingStep();
      if (this.inference.running && this.inference.mode === 'sliding') this.scheduleHop();
    }, this.hopMs);
  }

  private slidingStep(): void {
    const now = this.clock.now();
    this.sync(now);
    const group = this.inference.sensor;
    const rec = ringRecording(group, this.rings, (s) => this.scaleOf(s), (s) => this.streams[s].intervalMs);
    if (rec === null) return;
    if (rec.values.length * rec.intervalMs + 1e-6 < this.inference.spanMs()) return; // window not full yet
    this.predict(rec, rec.lastTime);
  }

  private predict(rec: { intervalMs: number; axes: string[]; values: number[][] }, windowEnd: number): void {
    let p;
    try {
      p = this.inference.predict(rec);
    } catch (e) {
      // never let a model problem take the board down: report it and stop inferring
      this.serial(`Inference error: ${e instanceof Error ? e.message : String(e)}`);
      this.stopInference();
      return;
    }
    this.emit({ type: 'prediction', label: p.label, index: p.index, score: p.score, logits: p.logits, windowEnd, latencyUs: p.latencyUs });
    this.serial(`Prediction: ${p.label}, p=${p.score.toFixed(5)}`);
    const [r, g, b] = classColour(p.index);
    const lit = Math.max(1, Math.round(p.score * NEOPIXEL_COUNT));
    this.pixels = Array.from({ length: NEOPIXEL_COUNT }, (_, i) => (i < lit ? [r, g, b] : [0, 0, 0]) as [number, number, number]);
    this.emit({ type: 'neopixel', pixels: this.pixels.map((x) => [x[0], x[1], x[2]] as const), t: this.clock.now() });
  }

  get inferenceState(): { loaded: boolean; running: boolean; labels: readonly string[] } {
    return { loaded: this.inference.loaded, running: this.inference.running, labels: this.inference.labels };
  }

  // ------------------------------------------------------------------ simulation controls

  /** sim.perform: the gesture starts now (its window begins now; the onset is inside it). */
  perform(gesture: string, person: number | undefined, seed: number | undefined, params: GestureParams | undefined): TruthSegment {
    const g = assertGestureName(gesture);
    const now = this.clock.now();
    this.sync(now);
    const s = seed ?? this.rng.nextUint32();
    const { segment, truth } = planGesture(g, person ?? 0, s, now, params, undefined);
    this.timeline.put(segment);
    this.timelineVersion++;
    this.logTruth([truth], now);
    return { ...truth };
  }

  /** sim.scenario: plays timed gestures from now; returns the ground truth. */
  scenario(steps: readonly ScenarioStepSpec[] | undefined, generate: ScenarioGenerateSpec | undefined): { truth: TruthSegment[]; endMs: number } {
    const list = steps ?? generateScenarioSteps(generate!);
    if (list.length > this.limits.maxScenarioSteps) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `steps: ${list.length} steps exceed maxScenarioSteps ${this.limits.maxScenarioSteps}`, steps ? 'steps' : 'generate.count');
    }
    const now = this.clock.now();
    this.sync(now);
    const seg = this.timeline.at(now);
    const from = seg === undefined ? undefined : poseOf(seg.motion, (now - seg.originMs) / 1000);
    const planned = planScenario(list, now, generate?.seed ?? this.rng.nextUint32(), from);
    for (const s of planned.segments) this.timeline.put(s);
    this.timelineVersion++;
    this.logTruth(planned.truth, now);
    return { truth: planned.truth.map((t) => ({ ...t })), endMs: planned.endMs };
  }

  fault(kind: FaultKindName, sensor: SensorName | undefined, params: Readonly<Record<string, number>>, durationMs: number | undefined): void {
    validateFaultParams(kind, params);
    const now = this.clock.now();
    this.sync(now);
    if (kind === 'disconnect') {
      for (const l of this.listeners) l.disconnect?.();
      return;
    }
    this.faults.add({ kind, sensor, params, untilMs: durationMs === undefined ? Infinity : now + durationMs });
  }

  /** Extra delivery delay for a frame of `sensor` (jitter fault), ms. */
  jitterMs(sensor: SensorName): number {
    return this.faults.jitterMs(sensor, this.faultRng);
  }

  /** Stops timers; the board emits nothing afterwards. */
  stop(): void {
    this.stopInference();
    for (const t of this.recordTimers) this.clock.clearTimeout(t);
    this.stopped = true;
    this.listeners.clear();
  }
}

function defined<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (o) for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function recordingValues(rec: ActiveRecording): number[][] {
  if (rec.sensor === 'proximity') {
    const d = rec.data.get('proximity')!;
    return d.raw.map((r) => [r * d.scale]);
  }
  const a = rec.data.get('accelerometer')!;
  const g = rec.data.get('gyroscope')!;
  const values: number[][] = [];
  for (let k = 0; k < a.times.length; k++) {
    const gi = nearestIndex(g.times, a.times[k]!);
    values.push([
      a.raw[3 * k]! * a.scale,
      a.raw[3 * k + 1]! * a.scale,
      a.raw[3 * k + 2]! * a.scale,
      gi < 0 ? 0 : g.raw[3 * gi]! * g.scale,
      gi < 0 ? 0 : g.raw[3 * gi + 1]! * g.scale,
      gi < 0 ? 0 : g.raw[3 * gi + 2]! * g.scale,
    ]);
  }
  return values;
}

function nearestIndex(times: readonly number[], t: number): number {
  if (times.length === 0) return -1;
  let lo = 0;
  let hi = times.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid;
  }
  return Math.abs(times[lo]! - t) <= Math.abs(times[hi]! - t) ? lo : hi;
}

function ringRecording(
  group: SensorGroup,
  rings: Map<SensorName, SampleRing>,
  scaleOf: (s: SensorName) => number,
  intervalOf: (s: SensorName) => number,
): { intervalMs: number; axes: string[]; values: number[][]; lastTime: number } | null {
  if (group === 'proximity') {
    const r = rings.get('proximity');
    if (!r || r.size === 0) return null;
    const s = scaleOf('proximity');
    const values: number[][] = [];
    for (let i = 0; i < r.size; i++) values.push([r.value(i, 0) * s]);
    return { intervalMs: intervalOf('proximity'), axes: ['proximity'], values, lastTime: r.time(r.size - 1) };
  }
  const a = rings.get('accelerometer');
  const g = rings.get('gyroscope');
  if (!a || !g || a.size === 0 || g.size === 0) return null;
  const sa = scaleOf('accelerometer');
  const sg = scaleOf('gyroscope');
  const gTimes: number[] = [];
  for (let i = 0; i < g.size; i++) gTimes.push(g.time(i));
  const values: number[][] = [];
  for (let i = 0; i < a.size; i++) {
    const gi = nearestIndex(gTimes, a.time(i));
    values.push([a.value(i, 0) * sa, a.value(i, 1) * sa, a.value(i, 2) * sa, g.value(gi, 0) * sg, g.value(gi, 1) * sg, g.value(gi, 2) * sg]);
  }
  return { intervalMs: intervalOf('accelerometer'), axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'], values, lastTime: a.time(a.size - 1) };
}

const PALETTE: readonly [number, number, number][] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [255, 255, 0],
  [255, 0, 255],
  [0, 255, 255],
  [255, 128, 0],
  [128, 0, 255],
  [255, 255, 255],
  [0, 128, 64],
];

/** NeoPixel colour for a class index. */
export function classColour(index: number): [number, number, number] {
  const c = PALETTE[index % PALETTE.length]!;
  return [c[0], c[1], c[2]];
}
