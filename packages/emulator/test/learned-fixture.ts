// Learned-gesture fixtures: recordings of built-in gestures, as the learner takes them.
import { learnGesture } from '../src/learn/fit.js';
import type { LearnedGestureDoc } from '../src/learn/gesture-file.js';
import { perform } from '../src/perform.js';
import type { GestureRecording } from '../src/perform.js';
import type { ReplayRecording } from '../src/replay/import-recording.js';

/** A performed recording as the learner takes it (board frame, m/s2 and rad/s). */
export function asReplay(r: GestureRecording, withGyro = false): ReplayRecording {
  const track = (t: GestureRecording['accelerometer']): ReplayRecording['tracks']['accelerometer'] => {
    const values = new Float64Array(t.count * 3);
    for (let i = 0; i < values.length; i++) values[i] = t.raw[i]! * t.scale;
    return { sensor: t.sensor as 'accelerometer', rateHz: t.rateHz, count: t.count, channels: 3, values };
  };
  const acc = track(r.accelerometer)!;
  return {
    label: r.label,
    durationMs: (acc.count / acc.rateHz) * 1000,
    tracks: { accelerometer: acc, ...(withGyro ? { gyroscope: { ...track(r.gyroscope)!, sensor: 'gyroscope' as const } } : {}) },
  };
}

/** The part of a recording between two instants, ms. */
export function cut(r: ReplayRecording, fromMs: number, toMs: number): ReplayRecording {
  const tracks: ReplayRecording['tracks'] = {};
  let count = 0;
  for (const [name, t] of Object.entries(r.tracks)) {
    const k0 = Math.round((fromMs / 1000) * t.rateHz);
    const k1 = Math.min(t.count, Math.round((toMs / 1000) * t.rateHz));
    count = k1 - k0;
    tracks[name as 'accelerometer'] = { ...t, count: k1 - k0, values: t.values.slice(3 * k0, 3 * k1) };
  }
  return { label: r.label, durationMs: (count / (r.tracks.accelerometer?.rateHz ?? 1)) * 1000, tracks };
}

/** Three recordings of the built-in `right` by different people (the gesture alone, no rest around it). */
export function examples(gesture = 'right', withGyro = false): ReplayRecording[] {
  return [1, 2, 3].map((person) => {
    const full = perform(gesture, { person, seed: 10 + person, durationMs: 3000, onsetMs: 500, accelerometer: { rateHz: 104, range: 8 }, gyroscope: { rateHz: 104, range: 1000 } });
    return cut(asReplay(full, withGyro), full.onsetMs, full.onsetMs + full.gestureMs);
  });
}

/** A learned gesture document (from three performances of a built-in one), as parsed JSON. */
export function learnedDoc(name: string, gesture = 'right'): LearnedGestureDoc {
  return JSON.parse(JSON.stringify(learnGesture(examples(gesture), { name }))) as LearnedGestureDoc;
}
