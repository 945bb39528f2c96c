import type { BoardMessage, RequestId, SensorGroup, SensorName, TruthSegment } from '@tinyspark/protocol';
import type { Clock, TimerHandle } from '../clock.js';
import { EmulatorError } from '../errors.js';
import { BUTTON_RECORD_DELAY_MS, MAX_STORED_RECORDINGS, RECORDING_BYTES_PER_VALUE, SERIAL_CHUNK_CHARS } from './limits.js';
import type { BoardLimitsConfig } from './limits.js';
import { nearestIndex } from './nearest-index.js';
import type { SampleStreams, StreamState } from './streams.js';

export const GROUP_SENSORS: Readonly<Record<SensorGroup, readonly SensorName[]>> = { imu: ['accelerometer', 'gyroscope'], proximity: ['proximity'] };

interface Capture {
  times: number[];
  raw: number[];
  scale: number;
  intervalMs: number;
  want: number;
}

interface ActiveRecording {
  readonly id: RequestId | null;
  readonly label: string;
  readonly sensor: SensorGroup;
  readonly startMs: number;
  readonly endMs: number;
  readonly data: Map<SensorName, Capture>;
}

/** A finished recording as the inference loop reads it (recording-mode inference). */
export interface FinishedRecording {
  readonly sensor: SensorGroup;
  readonly intervalMs: number;
  readonly axes: string[];
  readonly values: number[][];
  readonly lastTime: number;
}

/** What the recorder needs from its board. */
export interface RecorderHost {
  readonly clock: Clock;
  readonly limits: BoardLimitsConfig;
  readonly streams: SampleStreams;
  sync(now: number): void;
  setLed(on: boolean): void;
  serial(line: string): void;
  emit(message: BoardMessage): void;
  modeChanged(): void;
  truthBetween(startMs: number, endMs: number): TruthSegment[];
  recorded(rec: FinishedRecording): void;
}

/**
 * Recordings, the course's way: optional delay, LED on, capture exactly rate x duration samples,
 * LED off, a `recording` message. Button 1 repeats the last requested capture; recordings are
 * kept (up to {@link MAX_STORED_RECORDINGS}) for Button 2 to print on the serial console.
 */
export class Recorder {
  private recording: ActiveRecording | null = null;
  private pending = false;
  private timers: TimerHandle[] = [];
  private readonly stored: { label: string; values: number[][] }[] = [];
  private buttonConfig: { label: string; durationMs: number; sensor: SensorGroup } = { label: 'button', durationMs: 1000, sensor: 'imu' };

  constructor(private readonly host: RecorderHost) {}

  /** A recording is waiting for its delay or capturing. */
  get busy(): boolean {
    return this.recording !== null || this.pending;
  }

  /** A capture is running (configure is refused then). */
  get capturing(): boolean {
    return this.recording !== null;
  }

  /** Whether the running capture reads `sensor`. */
  wants(sensor: SensorName): boolean {
    return this.recording !== null && this.recording.data.has(sensor);
  }

  /** Label, duration and sensor used when Button 1 starts a recording. */
  setButtonRecording(config: Partial<{ label: string; durationMs: number; sensor: SensorGroup }>): void {
    this.buttonConfig = { ...this.buttonConfig, ...config };
  }

  /** Button 1: the last requested capture again, after the ritual's delay. */
  buttonRecord(): void {
    const c = this.buttonConfig;
    this.record(null, c.label, c.durationMs, BUTTON_RECORD_DELAY_MS, c.sensor);
  }

  /**
   * `record` request: optional delay, LED on, capture, LED off, `recording` message with this id.
   * The label, length and sensor also become Button 1's settings.
   */
  record(id: RequestId | null, label: string, durationMs: number, delayMs: number, sensor: SensorGroup): void {
    const { limits, streams, clock } = this.host;
    if (this.busy) throw new EmulatorError('EMU_ERR_BUSY', 'record: a recording is already in progress', { field: 'type' });
    if (!(durationMs > 0 && durationMs <= limits.maxRecordingMs)) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be in (0, ${limits.maxRecordingMs}], got ${durationMs}`, { field: 'durationMs' });
    }
    if (!(delayMs >= 0 && delayMs <= limits.maxRecordingMs)) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be in [0, ${limits.maxRecordingMs}], got ${delayMs}`, { field: 'delayMs' });
    }
    // the recording travels as one JSON text frame: refuse captures that could not be sent
    const samples = GROUP_SENSORS[sensor].reduce((m, s) => Math.max(m, Math.floor((durationMs * streams.state[s].rateHz) / 1000)), 0);
    const estimate = samples * (sensor === 'imu' ? 6 : 1) * RECORDING_BYTES_PER_VALUE;
    if (estimate > limits.maxFrameBytes) {
      throw new EmulatorError(
        'EMU_ERR_INVALID_OPTION',
        `${samples} samples would take ~${estimate} bytes, more than maxFrameBytes ${limits.maxFrameBytes}; record less or lower the rate`,
        { field: 'durationMs' },
      );
    }
    if (id !== null) this.buttonConfig = { label, durationMs, sensor };
    this.pending = true;
    this.host.modeChanged();
    const begin = (): void => {
      const now = clock.now();
      this.host.sync(now);
      const data = new Map<SensorName, Capture>();
      for (const s of GROUP_SENSORS[sensor]) {
        const st = streams.state[s];
        // exactly rate x duration samples: the first ones after the LED goes on
        data.set(s, { times: [], raw: [], scale: streams.scaleOf(s), intervalMs: st.intervalMs, want: Math.floor((durationMs * st.rateHz) / 1000 + 1e-9) });
      }
      this.recording = { id, label, sensor, startMs: now, endMs: now + durationMs, data };
      this.pending = false;
      this.host.setLed(true);
      this.host.serial(`Recording ${label}...`);
      this.timers.push(clock.setTimeout(() => this.finish(), durationMs));
    };
    if (delayMs > 0) this.timers.push(clock.setTimeout(begin, delayMs));
    else begin();
  }

  /** Takes the samples of a produced chunk that fall inside the running capture. */
  capture(st: StreamState, t0: number, n: number): void {
    const rec = this.recording;
    const rd = rec?.data.get(st.sensor);
    if (rd === undefined || rec === null) return;
    const axes = st.axes;
    for (let k = 0; k < n; k++) {
      const t = t0 + k * st.intervalMs;
      if (t > rec.startMs + 1e-9 && t <= rec.endMs + 1e-9 && rd.times.length < rd.want) {
        rd.times.push(t);
        for (let a = 0; a < axes; a++) rd.raw.push(st.raw[k * axes + a]!);
      }
    }
  }

  private finish(): void {
    const rec = this.recording;
    if (rec === null) return;
    const host = this.host;
    host.sync(rec.endMs);
    this.recording = null;
    this.timers = [];
    host.setLed(false);
    const values = recordingValues(rec);
    const first = [...rec.data.values()][0]!;
    const truth = host.truthBetween(rec.startMs, rec.endMs);
    const axes = rec.sensor === 'imu' ? ['ax', 'ay', 'az', 'gx', 'gy', 'gz'] : ['proximity'];
    const msg: BoardMessage = {
      type: 'recording',
      id: rec.id,
      label: rec.label,
      sensor: rec.sensor,
      axes,
      values,
      intervalMs: first.intervalMs,
      startedAt: first.times[0] ?? rec.startMs,
      truth,
    };
    host.serial(`Recorded ${rec.label}: ${values.length} samples`);
    this.stored.push({ label: rec.label, values });
    if (this.stored.length > MAX_STORED_RECORDINGS) this.stored.shift();
    host.emit(msg);
    host.modeChanged();
    host.recorded({ sensor: rec.sensor, intervalMs: first.intervalMs, axes: [...axes], values, lastTime: first.times[first.times.length - 1] ?? rec.endMs });
  }

  /** Button 2: prints the stored recordings on the serial console and forgets them. */
  printStored(): void {
    this.host.serial(`# ${this.stored.length} recordings`);
    for (const r of this.stored) {
      const text = `${JSON.stringify(r.label)}: ${JSON.stringify(r.values.map((row) => row.map((v) => Number(v.toFixed(5)))))}`;
      for (let i = 0; i < text.length; i += SERIAL_CHUNK_CHARS) this.host.serial(text.slice(i, i + SERIAL_CHUNK_CHARS));
    }
    this.stored.length = 0;
  }

  stop(): void {
    for (const t of this.timers) this.host.clock.clearTimeout(t);
  }
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
