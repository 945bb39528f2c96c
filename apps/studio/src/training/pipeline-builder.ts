import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import { StudioError } from '../errors.js';
import type { Recording } from '../dataset/recording.js';

export interface PipelineOptions {
  /** Samples per axis fed to the network (default: up to 26, spread over the shortest recording). */
  windowLength?: number;
  /** Spacing of those samples in ms (default: a whole multiple of the recording interval). */
  intervalMs?: number;
  /** Per-axis scale (one number for all axes allowed); default 1/std of the axis over the data. */
  scale?: number[];
  /** Per-axis offset (one number for all axes allowed); default the mean of the axis over the data. */
  offset?: number[];
}

const DEFAULT_WINDOW = 26;

function perAxis(v: number[] | undefined, n: number, name: string): number[] | undefined {
  if (v === undefined) return undefined;
  if (v.length === 1) return new Array<number>(n).fill(v[0] ?? 0);
  if (v.length !== n) throw new StudioError('STUDIO_ERR_BAD_OPTION', `--${name} needs one number, or one per axis (${n}), got ${v.length}`, { field: name });
  return v;
}

/**
 * All recordings must share one sampling rate: the pipeline's interval is derived from them, so one
 * file at another rate would silently change what the model sees (and what the board must feed it).
 * Otherwise STUDIO_ERR_PIPELINE_MISMATCH naming the odd files.
 */
export function assertOneRate(recordings: readonly Recording[]): void {
  const rateOf = (r: Recording): number => Math.round((1000 / r.intervalMs) * 100) / 100;
  const rates = new Map<number, Recording[]>();
  for (const r of recordings) rates.set(rateOf(r), [...(rates.get(rateOf(r)) ?? []), r]);
  if (rates.size > 1) {
    const byCount = [...rates.entries()].sort((x, y) => y[1].length - x[1].length);
    const main = byCount[0]?.[0] ?? 0;
    const odd = byCount.slice(1).flatMap(([hz, rs]) => rs.map((r) => `${r.label}.${r.id}.json (${hz} Hz)`));
    throw new StudioError(
      'STUDIO_ERR_PIPELINE_MISMATCH',
      `the recordings were made at different rates: ${byCount.map(([hz, rs]) => `${rs.length} at ${hz} Hz`).join(', ')}; the odd one(s): ${odd.slice(0, 8).join(', ')}${odd.length > 8 ? `, ... (${odd.length - 8} more)` : ''}. Re-record them at ${main} Hz or remove them (\`tinyspark dataset check\` lists them)`,
      { field: 'intervalMs' },
    );
  }
}

/**
 * Derives the model's input pipeline from training recordings (all must share axes and rate).
 * Standardises each axis (offset = mean, scale = 1/std) unless scale/offset are given.
 */
export function derivePipeline(recordings: Recording[], options: PipelineOptions = {}): InputPipeline {
  const first = recordings[0];
  if (first === undefined) throw new StudioError('STUDIO_ERR_DATASET_EMPTY', 'no recordings to derive the input pipeline from');
  const axes = first.axes;
  for (const r of recordings) {
    if (r.axes.join(',') !== axes.join(',')) {
      throw new StudioError('STUDIO_ERR_PIPELINE_MISMATCH', `${r.label}.${r.id}.json has axes [${r.axes.join(',')}], the others [${axes.join(',')}]: run \`tinyspark dataset check\` and remove the odd ones`, { field: 'axes' });
    }
  }
  assertOneRate(recordings);
  const sensor: InputPipeline['sensor'] = axes.length === 1 && axes[0] === 'proximity' ? 'proximity' : 'imu';
  const recInterval = first.intervalMs;
  const minLen = Math.min(...recordings.map((r) => r.values.length));
  const windowLength = options.windowLength ?? Math.max(1, Math.min(DEFAULT_WINDOW, minLen));
  const intervalMs = options.intervalMs ?? (windowLength > 1 ? recInterval * Math.max(1, Math.floor((minLen - 1) / (windowLength - 1))) : recInterval);
  if ((windowLength - 1) * intervalMs > (minLen - 1) * recInterval * 1.0001 + 1e-9) {
    throw new StudioError(
      'STUDIO_ERR_PIPELINE_MISMATCH',
      `a window of ${windowLength} samples every ${intervalMs} ms spans ${((windowLength - 1) * intervalMs).toFixed(0)} ms, longer than the shortest recording (${((minLen - 1) * recInterval).toFixed(0)} ms): use a shorter --window or --interval-ms`,
      { field: 'window' },
    );
  }
  let offset = perAxis(options.offset, axes.length, 'offset');
  let scale = perAxis(options.scale, axes.length, 'scale');
  if (offset === undefined || scale === undefined) {
    const n = axes.length;
    const sum = new Array<number>(n).fill(0);
    const sum2 = new Array<number>(n).fill(0);
    let count = 0;
    for (const r of recordings) {
      for (const row of r.values) {
        for (let a = 0; a < n; a++) {
          const v = row[a] ?? 0;
          if (!Number.isFinite(v)) continue;
          sum[a] = (sum[a] ?? 0) + v;
          sum2[a] = (sum2[a] ?? 0) + v * v;
        }
        count++;
      }
    }
    const mean = sum.map((s) => s / Math.max(1, count));
    const std = sum2.map((s2, a) => Math.sqrt(Math.max(0, s2 / Math.max(1, count) - (mean[a] ?? 0) ** 2)));
    offset ??= mean.map((m) => Number(m.toPrecision(6)));
    scale ??= std.map((s) => (s > 1e-9 ? Number((1 / s).toPrecision(6)) : 1));
  }
  return { sensor, axes: [...axes], windowLength, intervalMs, scale, offset, layout: 'time-major' };
}

/** Fails with a clear error when a recording cannot feed a model with this pipeline. */
export function assertPipelineFits(pipeline: InputPipeline, rec: Recording, what: string): void {
  const missing = pipeline.axes.filter((a) => !rec.axes.includes(a));
  if (missing.length > 0) {
    throw new StudioError('STUDIO_ERR_PIPELINE_MISMATCH', `${what}: ${rec.label}.${rec.id}.json has no axis ${missing.join(', ')} that the model's input pipeline needs (model axes [${pipeline.axes.join(',')}], recording axes [${rec.axes.join(',')}]); record with the same sensor the model was trained on`, { field: 'pipeline.axes' });
  }
  const span = (pipeline.windowLength - 1) * pipeline.intervalMs;
  const have = (rec.values.length - 1) * rec.intervalMs;
  if (span > have * 1.0001 + 1e-9) {
    throw new StudioError('STUDIO_ERR_PIPELINE_MISMATCH', `${what}: ${rec.label}.${rec.id}.json covers ${have.toFixed(0)} ms but the model's window needs ${span.toFixed(0)} ms (${pipeline.windowLength} samples every ${pipeline.intervalMs} ms); record longer windows`, { field: 'pipeline.windowLength' });
  }
}
