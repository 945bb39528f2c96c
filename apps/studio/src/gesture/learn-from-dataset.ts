// `tinyspark gesture learn`: a dataset's recordings of one label -> a learned gesture document.
import { DEFAULT_TILT_CUTOFF_HZ, identifiability, learnGesture } from '@tinyspark/emulator/learn';
import type { Identifiability, LearnedGestureDoc } from '@tinyspark/emulator/learn';
import { GESTURES } from '@tinyspark/emulator/motion';
import { convertUnits } from '@tinyspark/emulator/replay';
import type { ReplayRecording } from '@tinyspark/emulator/replay';
import { didYouMean } from '../args.js';
import type { Recording } from '../dataset/recording.js';
import { StudioError } from '../errors.js';

/** The dataset file of a recording (how the loader names it). */
export function recordingFile(r: Pick<Recording, 'label' | 'id'>): string {
  return `${r.label}.${r.id}.json`;
}

function track(r: Recording, file: string, names: readonly string[], sensor: 'accelerometer' | 'gyroscope'): ReplayRecording['tracks']['accelerometer'] | undefined {
  const idx = names.map((n) => r.axes.indexOf(n));
  if (idx.every((i) => i < 0)) return undefined;
  if (idx.some((i) => i < 0)) {
    throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: axes: has ${names.filter((_, k) => idx[k]! >= 0).join(', ')} but not ${names.filter((_, k) => idx[k]! < 0).join(', ')}; a ${sensor} needs all three`, { field: `${file}: axes` });
  }
  const n = r.values.length;
  const raw = new Float64Array(n * 3);
  for (let k = 0; k < n; k++) {
    for (let c = 0; c < 3; c++) {
      const v = r.values[k]![idx[c]!];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: values[${k}][${idx[c]}] (${names[c]}) is ${String(v)}, not a finite number`, { field: `${file}: values[${k}][${idx[c]}]` });
      }
      raw[3 * k + c] = v;
    }
  }
  const unit = r.units[idx[0]!] ?? (sensor === 'accelerometer' ? 'm/s2' : 'rad/s');
  let values: Float64Array;
  try {
    values = convertUnits(raw, sensor, unit, undefined, `${file}: units[${idx[0]}]`);
  } catch (err) {
    throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: units[${idx[0]}]: "${unit}" is not a ${sensor} unit (g, mg, m/s2; dps, mdps, rad/s)`, { field: `${file}: units[${idx[0]}]`, cause: err });
  }
  return { sensor, rateHz: 1000 / r.intervalMs, count: n, channels: 3, values };
}

/** A dataset recording as the learner takes it: board frame, m/s2 and rad/s. Errors name the file and field. */
export function recordingToReplay(r: Recording): ReplayRecording {
  const file = recordingFile(r);
  if (!(r.intervalMs > 0)) throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: interval_ms must be > 0, got ${r.intervalMs}`, { field: `${file}: interval_ms` });
  const accelerometer = track(r, file, ['ax', 'ay', 'az'], 'accelerometer');
  if (accelerometer === undefined) {
    throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: axes: has no accelerometer (ax, ay, az; it has ${r.axes.join(', ') || 'none'}): a gesture is learned from the accelerometer, and the gyroscope where present`, { field: `${file}: axes` });
  }
  const gyroscope = track(r, file, ['gx', 'gy', 'gz'], 'gyroscope');
  return { label: r.label, durationMs: r.values.length * r.intervalMs, tracks: { accelerometer, ...(gyroscope !== undefined ? { gyroscope } : {}) } };
}

/** The default gesture name for a label: the label, unless a built-in gesture has it (then `learned_<label>`). */
export function defaultGestureName(label: string): string {
  return (GESTURES as readonly string[]).includes(label) ? `learned_${label}`.slice(0, 64) : label;
}

export interface LearnFromDatasetOptions {
  label: string;
  name: string;
  knots?: number;
  tiltCutoffHz?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface LearnFromDatasetResult {
  doc: LearnedGestureDoc;
  recordings: Recording[];
  hasGyro: boolean;
  rateHz: number[];
  identifiability: Identifiability;
}

/** Learns a gesture from a dataset's recordings of `label`. Errors are StudioErrors naming the file and field (exit 3) or the option (exit 2). */
export function learnFromDataset(all: readonly Recording[], o: LearnFromDatasetOptions): LearnFromDatasetResult {
  const recordings = all.filter((r) => r.label === o.label);
  if (recordings.length === 0) {
    const labels = [...new Set(all.map((r) => r.label))].sort();
    throw new StudioError('STUDIO_ERR_UNKNOWN_LABEL', `gesture learn: the dataset has no recording labelled "${o.label}"${didYouMean(o.label, labels)}; its labels: ${labels.join(', ') || 'none'}`, { field: 'label' });
  }
  const replays = recordings.map(recordingToReplay);
  let doc: LearnedGestureDoc;
  try {
    doc = learnGesture(replays, {
      name: o.name,
      ...(o.knots !== undefined ? { knots: o.knots } : {}),
      ...(o.tiltCutoffHz !== undefined ? { tiltCutoffHz: o.tiltCutoffHz } : {}),
      ...(o.onProgress !== undefined ? { onProgress: o.onProgress } : {}),
      source: { rateHz: Number((1000 / recordings[0]!.intervalMs).toFixed(3)) },
    });
  } catch (err) {
    const e = err as { code?: string; field?: string; detail?: string; message?: string };
    const m = /^recordings\[(\d+)\]$/.exec(e.field ?? '');
    if (m !== null) {
      const file = recordingFile(recordings[Number(m[1])]!);
      throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `gesture learn: ${file}: ${e.detail ?? e.message}`, { field: file, cause: err });
    }
    if (e.code === 'EMU_ERR_INVALID_OPTION') throw new StudioError('STUDIO_ERR_BAD_OPTION', `gesture learn: ${e.message}`, { field: e.field === 'tiltCutoffHz' ? 'tilt-cutoff-hz' : (e.field ?? 'name'), cause: err });
    throw err;
  }
  const hasGyro = replays.every((r) => r.tracks.gyroscope !== undefined);
  return {
    doc,
    recordings,
    hasGyro,
    rateHz: [...new Set(recordings.map((r) => Number((1000 / r.intervalMs).toFixed(3))))],
    identifiability: identifiability(hasGyro, o.tiltCutoffHz ?? DEFAULT_TILT_CUTOFF_HZ),
  };
}
