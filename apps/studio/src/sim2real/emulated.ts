import { isGestureName, perform } from '@tinyspark/emulator/motion';
import { createRng } from '@tinyspark/emulator/rng';
import type { Recording } from '../dataset/recording.js';
import { StudioError } from '../errors.js';

/**
 * Names of real gestures that the emulator knew under another name before the calibration (issue
 * 10). Today every label of the calibration file is an emulator gesture and is performed as itself;
 * this map only serves emulators of the older vocabulary.
 */
export const LEGACY_GESTURE_OF: Readonly<Record<string, string>> = {
  left: 'swipe_left',
  right: 'swipe_right',
  up: 'lift',
  toward: 'punch',
  circle_left: 'circle',
  circle_right: 'circle',
};

/** The emulator gesture that performs a real label, or an error naming the label. */
export function emulatorGestureFor(label: string): string {
  if (isGestureName(label)) return label;
  const legacy = LEGACY_GESTURE_OF[label];
  if (legacy !== undefined && isGestureName(legacy)) return legacy;
  throw new StudioError('STUDIO_ERR_UNKNOWN_LABEL', `sim2real: the emulator has no gesture for the real label "${label}"`, { field: 'label' });
}

/**
 * The button release after the gesture's end (ms; < 0: before it, in the settle), drawn uniform.
 * Fitted to the real fit half (ADR 0009 round 4): the time from the last 0.4 g change to the release
 * is 0.03 / 0.06 / 0.14 s at the 10th / 25th / 50th percentile, emulated now 0.02 / 0.06 / 0.17 s
 * (0.04 / 0.11 / 0.25 s with the earlier -150..350 ms).
 */
export const TAIL_MS = [-200, 250] as const;

export interface EmulatedSetOptions {
  labels: readonly string[];
  persons: readonly number[];
  perPerson: number;
  seed: number;
  /** Gesture variation (>= 0; 1 = the spread of real people). */
  variation?: number;
  /** Board accelerometer full scale (g). Default 4. */
  rangeG?: number;
}

/**
 * Emulated recordings segmented the way the real ones are (a button pressed shortly before the
 * gesture and released shortly after it): the emulator performs the gesture in a long window with a
 * drawn lead-in, and the recording is cut a drawn lead-out after the gesture ends. Accelerometer only.
 */
export function emulatedSet(o: EmulatedSetOptions): Recording[] {
  const out: Recording[] = [];
  const rng = createRng(o.seed >>> 0, 11);
  for (const label of o.labels) {
    const gesture = emulatorGestureFor(label);
    for (const person of o.persons) {
      for (let r = 0; r < o.perPerson; r++) {
        const seed = (o.seed * 100_003 + person * 1009 + r) >>> 0;
        const leadMs = rng.uniform(80, 350);
        const tailMs = rng.uniform(TAIL_MS[0], TAIL_MS[1]);
        const rec = perform(gesture, {
          person,
          seed,
          durationMs: 6000,
          onsetMs: leadMs,
          accelerometer: { rateHz: 104, range: o.rangeG ?? 4 },
          ...(o.variation !== undefined ? { params: { variation: o.variation } } : {}),
        });
        const acc = rec.accelerometer;
        const endMs = Math.min(rec.durationMs, rec.onsetMs + rec.gestureMs + tailMs);
        const n = Math.max(2, Math.min(acc.count, Math.round(endMs / acc.intervalMs)));
        const values: number[][] = [];
        for (let k = 0; k < n; k++) values.push([acc.raw[3 * k]! * acc.scale, acc.raw[3 * k + 1]! * acc.scale, acc.raw[3 * k + 2]! * acc.scale]);
        out.push({ id: `emu-${person}-${seed}`, label, intervalMs: acc.intervalMs, axes: ['ax', 'ay', 'az'], units: ['m/s2', 'm/s2', 'm/s2'], values, person, seed, gesture });
      }
    }
  }
  return out;
}
