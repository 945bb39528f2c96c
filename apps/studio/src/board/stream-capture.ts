// Capture from the binary sample stream: for simulated takes on the virtual clock (the demo), the
// recordings are cut from the board's sample frames instead of coming back as `recording` JSON
// messages. The frames carry the raw int16 readings and the scale, so every value is the same
// raw * scale a `recording` message holds, at a fraction of the bytes and with no number
// formatting or parsing on either side; a take is two requests (sim.perform, sim.clock) instead of
// three, and the board sends no serial/led/mode events for it.
import type { BoardClient, RecordingMessage, SampleFrame, SensorName, TruthSegment } from '@tinyspark/protocol';
import { RECORDING_AXES } from '@tinyspark/protocol';
import { StudioError } from '../errors.js';
import { boardError } from './board-error.js';
import type { CaptureHooks, CaptureResult, CaptureSpec, RecordingSink } from './capture-types.js';
import { recordingFromMessage } from './capture-types.js';

export const GROUP: Readonly<Record<'imu' | 'proximity', readonly SensorName[]>> = { imu: ['accelerometer', 'gyroscope'], proximity: ['proximity'] };

/** Sample times are compared with this tolerance, ms (the board's own grid is exact to ~1e-10 ms; samples are >= 0.15 ms apart). */
export const TIME_EPS_MS = 1e-6;

/** The samples of one sensor in a window: their times (ms) and raw values, sample-major. */
export interface Window {
  times: number[];
  raw: number[];
  scale: number;
}

/** Appends the frame's samples with time in (startMs, endMs] to `w`, until it holds `want`. */
export function collectSamples(w: Window, f: SampleFrame, startMs: number, endMs: number, want: number): void {
  const axes = f.count === 0 ? 0 : f.raw.length / f.count;
  for (let k = 0; k < f.count && w.times.length < want; k++) {
    const t = (f.t0Us + k * f.intervalUs) / 1000;
    if (t <= startMs + TIME_EPS_MS || t > endMs + TIME_EPS_MS) continue;
    if (!(w.scale === f.scale || Number.isNaN(w.scale))) throw new StudioError('STUDIO_ERR_BOARD', 'capture: the sensor scale changed during a take (configure while capturing?)', { field: 'scale' });
    w.scale = f.scale;
    w.times.push(t);
    for (let a = 0; a < axes; a++) w.raw.push(f.raw[k * axes + a] as number);
  }
}

/** The frames of one sensor received and not yet used. */
class SensorBuffer {
  private frames: SampleFrame[] = [];
  /** Next expected sequence number; a frame starting elsewhere means samples were lost. */
  private nextSeq: number | undefined;
  lostAfterMs = -Infinity;

  add(frame: SampleFrame): void {
    if (this.nextSeq !== undefined && frame.seq !== this.nextSeq) this.lostAfterMs = Math.max(this.lostAfterMs, frame.t0Us / 1000);
    this.nextSeq = (frame.seq + frame.count) >>> 0;
    this.frames.push(frame);
  }

  /** Samples with time in (startMs, endMs], at most `want`; frames wholly before endMs are dropped. */
  take(startMs: number, endMs: number, want: number): Window {
    const w: Window = { times: [], raw: [], scale: NaN };
    const keep: SampleFrame[] = [];
    for (const f of this.frames) {
      collectSamples(w, f, startMs, endMs, want);
      const lastMs = (f.t0Us + (f.count - 1) * f.intervalUs) / 1000;
      if (lastMs > endMs + TIME_EPS_MS) keep.push(f);
    }
    this.frames = keep;
    return w;
  }

  clear(): void {
    this.frames = [];
    this.nextSeq = undefined;
    this.lostAfterMs = -Infinity;
  }
}

/** Index of the time in ascending `times` nearest to `t` (the earlier one on a tie); -1 when empty (the board's rule). */
export function nearest(times: readonly number[], t: number): number {
  if (times.length === 0) return -1;
  let lo = 0;
  let hi = times.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t) lo = mid;
    else hi = mid;
  }
  return Math.abs((times[lo] as number) - t) <= Math.abs((times[hi] as number) - t) ? lo : hi;
}

/** A window's values as the board's `recording` holds them: accelerometer samples, each with the nearest gyroscope sample. */
export function windowValues(sensor: 'imu' | 'proximity', w: readonly Window[]): number[][] {
  if (sensor === 'proximity') {
    const p = w[0] as Window;
    return p.raw.map((r) => [r * p.scale]);
  }
  const a = w[0] as Window;
  const g = w[1] as Window;
  const values: number[][] = [];
  for (let k = 0; k < a.times.length; k++) {
    const gi = nearest(g.times, a.times[k] as number);
    values.push([
      (a.raw[3 * k] as number) * a.scale,
      (a.raw[3 * k + 1] as number) * a.scale,
      (a.raw[3 * k + 2] as number) * a.scale,
      gi < 0 ? 0 : (g.raw[3 * gi] as number) * g.scale,
      gi < 0 ? 0 : (g.raw[3 * gi + 1] as number) * g.scale,
      gi < 0 ? 0 : (g.raw[3 * gi + 2] as number) * g.scale,
    ]);
  }
  return values;
}

/**
 * Records `count` simulated takes (spec.gesture set; the board's clock is virtual) from the sample
 * stream: streams the group's sensors, and per take sends sim.perform and sim.clock(durationMs)
 * together, then cuts the take's window (board time (start, start + durationMs], the first
 * rate x duration samples, as the board's recorder does) out of the frames. A take with lost samples
 * (a sequence gap in its window) is recorded again. Stops the stream at the end.
 */
export async function captureFromStream(board: BoardClient, writer: RecordingSink, spec: CaptureSpec & { gesture: string }, hooks: CaptureHooks, files: string[]): Promise<CaptureResult> {
  const group = spec.sensor;
  const sensors = GROUP[group];
  const rates = sensors.map((s) => board.hello.sensors.find((d) => d.name === s)?.rateHz);
  if (rates.some((r) => r === undefined)) throw new StudioError('STUDIO_ERR_BOARD', `capture: the board has no ${sensors.join('/')} sensor`, { field: 'sensor' });
  const want = (rates as number[]).map((r) => Math.floor((spec.durationMs * r) / 1000 + 1e-9));
  const intervalMs = 1000 / (rates[0] as number);
  const buffers = new Map<SensorName, SensorBuffer>(sensors.map((s) => [s, new SensorBuffer()]));
  const off = board.on('sample', (f) => buffers.get(f.sensor)?.add(f));
  const opts = hooks.signal !== undefined ? { signal: hooks.signal } : {};
  const seeds: number[] = [];
  for (let s = spec.seed; seeds.length < spec.count; s++) if (!(spec.skipSeeds?.has(s) ?? false)) seeds.push(s);
  let discarded = 0;
  try {
    await board.startStream(sensors, opts);
    let startMs = (await board.ping(opts)).boardTime;
    let i = 0;
    while (i < seeds.length) {
      if (hooks.signal?.aborted) return { files, reconnects: 0, discarded, interrupted: true };
      const seed = seeds[i] as number;
      const perform = board.sim.perform({ gesture: spec.gesture, ...(spec.person !== undefined ? { person: spec.person } : {}), ...(spec.variation !== undefined ? { variation: spec.variation } : {}), seed }, opts);
      const clock = board.sim.clock(spec.durationMs, opts);
      perform.catch(() => undefined);
      clock.catch(() => undefined);
      const truth: TruthSegment = await perform;
      const endMs = await clock;
      const windows = sensors.map((s, j) => (buffers.get(s) as SensorBuffer).take(startMs, endMs, want[j] as number));
      const lost = sensors.some((s) => (buffers.get(s) as SensorBuffer).lostAfterMs > startMs - TIME_EPS_MS) || windows.some((w, j) => w.times.length !== want[j]);
      const windowStart = startMs;
      startMs = endMs;
      if (lost) {
        // samples of this take were dropped on the way (a stalled link): record it again
        discarded++;
        for (const b of buffers.values()) b.lostAfterMs = -Infinity;
        if (discarded > seeds.length + 5) throw new StudioError('STUDIO_ERR_BOARD', `capture: the board ${board.url} keeps losing samples; ${files.length} recording(s) were saved`, { field: 'board' });
        hooks.note?.('[studio] samples of a take were lost on the way; it is recorded again');
        continue;
      }
      const msg: RecordingMessage = {
        type: 'recording',
        id: null,
        label: spec.label,
        sensor: group,
        axes: RECORDING_AXES[group],
        values: windowValues(group, windows),
        intervalMs,
        startedAt: windows[0]?.times[0] ?? windowStart,
        truth: [truth],
      };
      const rec = recordingFromMessage(msg, spec, seed, board.hello.board.id, hooks.now());
      const file = await writer.add({ ...rec, id: `p${spec.person ?? 0}-s${seed}` }, { manifest: false, background: hooks.deferManifest === true && hooks.onSaved === undefined });
      files.push(file);
      hooks.onSaved?.(file, { ...rec, id: file });
      i++;
      hooks.bar?.update(i, file);
    }
    await board.stopStream(sensors, opts);
    return { files, reconnects: 0, discarded, interrupted: false };
  } catch (err) {
    if (hooks.signal?.aborted) return { files, reconnects: 0, discarded, interrupted: true };
    if (err instanceof StudioError) throw err;
    throw boardError(board.url, err, 'capture');
  } finally {
    off();
    for (const b of buffers.values()) b.clear();
  }
}
