import type { BoardMessage, SensorGroup, SensorName } from '@tinyspark/protocol';
import type { Clock, TimerHandle } from '../clock.js';
import { EmulatorError } from '../errors.js';
import { InferenceEngine } from './inference-engine.js';
import { MAX_HOP_MS, MAX_RING_SAMPLES, NEOPIXEL_COUNT } from './limits.js';
import { nearestIndex } from './nearest-index.js';
import type { FinishedRecording } from './recorder.js';
import { GROUP_SENSORS } from './recorder.js';
import { SampleRing } from './sample-ring.js';
import type { SampleStreams, StreamState } from './streams.js';

type Pixel = [number, number, number];

/** What the inference loop needs from its board. */
export interface InferenceHost {
  readonly clock: Clock;
  readonly streams: SampleStreams;
  sync(now: number): void;
  serial(line: string): void;
  emit(message: BoardMessage): void;
  modeChanged(): void;
}

/**
 * On-board inference: the deployed model, the rings holding one input window per sensor, the hop
 * timer of sliding inference, predictions (with their serial line) and the NeoPixel colours.
 */
export class InferenceLoop {
  private readonly engine = new InferenceEngine();
  private hopTimer: TimerHandle | null = null;
  private hopMs = 0;
  private readonly rings = new Map<SensorName, SampleRing>();
  private pixels: Pixel[] = Array.from({ length: NEOPIXEL_COUNT }, () => [0, 0, 0] as Pixel);

  constructor(private readonly host: InferenceHost) {}

  get running(): boolean {
    return this.engine.running;
  }

  get neopixels(): readonly (readonly [number, number, number])[] {
    return this.pixels;
  }

  get state(): { loaded: boolean; running: boolean; labels: readonly string[] } {
    return { loaded: this.engine.loaded, running: this.engine.running, labels: this.engine.labels };
  }

  /** Whether a ring reads this sensor (so its samples must be produced). */
  wants(sensor: SensorName): boolean {
    return this.rings.has(sensor);
  }

  /** Pushes a produced chunk into the sensor's ring, if any. */
  capture(st: StreamState, t0: number, n: number): void {
    const ring = this.rings.get(st.sensor);
    if (ring === undefined) return;
    for (let k = 0; k < n; k++) ring.push(t0 + k * st.intervalMs, st.raw, k * st.axes);
  }

  /** The sensors' rates changed: rebuild the rings (if sliding inference runs). */
  ratesChanged(): void {
    if (this.rings.size > 0) this.buildRings();
  }

  deploy(doc: unknown): string[] {
    this.stop();
    const labels = this.engine.deploy(doc);
    this.host.serial(`Model deployed: ${labels.join(', ')}`);
    return labels;
  }

  clear(): void {
    this.stop();
    this.engine.clear();
  }

  start(mode: 'sliding' | 'recording', hopMs: number): void {
    if (!this.engine.loaded) throw new EmulatorError('EMU_ERR_NO_MODEL', 'infer.start: no model deployed', { field: 'type' });
    this.stop();
    this.host.sync(this.host.clock.now());
    this.engine.start(mode);
    if (mode === 'sliding') {
      if (!(hopMs >= 1 && hopMs <= MAX_HOP_MS)) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be in [1, ${MAX_HOP_MS}], got ${hopMs}`, { field: 'hopMs' });
      this.buildRings();
      this.hopMs = hopMs;
      this.scheduleHop();
    }
    this.host.modeChanged();
  }

  stop(): void {
    if (this.hopTimer) this.host.clock.clearTimeout(this.hopTimer);
    this.hopTimer = null;
    this.rings.clear();
    this.engine.stop();
    this.host.modeChanged();
  }

  /** A recording finished: recording-mode inference classifies it. */
  recorded(rec: FinishedRecording): void {
    if (this.engine.running && this.engine.mode === 'recording' && this.engine.sensor === rec.sensor) {
      this.predict({ intervalMs: rec.intervalMs, axes: rec.axes, values: rec.values }, rec.lastTime);
    }
  }

  /** Rings holding one input window (plus a margin) of each sensor the model reads. */
  private buildRings(): void {
    this.rings.clear();
    const span = this.engine.spanMs();
    for (const s of GROUP_SENSORS[this.engine.sensor]) {
      const st = this.host.streams.state[s];
      const cap = Math.min(MAX_RING_SAMPLES, Math.ceil((span * st.rateHz) / 1000) + 4);
      this.rings.set(s, new SampleRing(cap, st.axes));
    }
  }

  private scheduleHop(): void {
    this.hopTimer = this.host.clock.setTimeout(() => {
      this.hopTimer = null;
      this.slidingStep();
      if (this.engine.running && this.engine.mode === 'sliding') this.scheduleHop();
    }, this.hopMs);
  }

  private slidingStep(): void {
    this.host.sync(this.host.clock.now());
    const streams = this.host.streams;
    const rec = ringRecording(this.engine.sensor, this.rings, (s) => streams.scaleOf(s), (s) => streams.state[s].intervalMs);
    if (rec === null) return;
    if (rec.values.length * rec.intervalMs + 1e-6 < this.engine.spanMs()) return; // window not full yet
    this.predict(rec, rec.lastTime);
  }

  private predict(rec: { intervalMs: number; axes: string[]; values: number[][] }, windowEnd: number): void {
    const host = this.host;
    let p;
    try {
      p = this.engine.predict(rec);
    } catch (e) {
      // never let a model problem take the board down: report it and stop inferring
      host.serial(`Inference error: ${e instanceof Error ? e.message : String(e)}`);
      this.stop();
      return;
    }
    host.emit({ type: 'prediction', label: p.label, index: p.index, score: p.score, logits: p.logits, windowEnd, latencyUs: p.latencyUs });
    host.serial(`Prediction: ${p.label}, p=${p.score.toFixed(5)}`);
    const [r, g, b] = classColour(p.index);
    const lit = Math.max(1, Math.round(p.score * NEOPIXEL_COUNT));
    this.pixels = Array.from({ length: NEOPIXEL_COUNT }, (_, i) => (i < lit ? [r, g, b] : [0, 0, 0]) as Pixel);
    host.emit({ type: 'neopixel', pixels: this.pixels.map((x) => [x[0], x[1], x[2]] as const), t: host.clock.now() });
  }
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

const PALETTE: readonly Pixel[] = [
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
