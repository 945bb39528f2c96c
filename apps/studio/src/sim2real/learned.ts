// `sim2real --learn N`: learned gestures (issue 11). Per real label, learn a gesture from N real
// recordings, generate recordings of it by new simulated people, train only on those and test on
// the label's remaining real recordings; compared with training on the same N real recordings,
// without and with augmentation. Runs beside the emulator-only baseline of run-sim2real.ts.
import { augmentRecordings } from '@tinyspark/core';
import type { AugmentOptions } from '@tinyspark/core';
import { learnGesture, registerLearnedGesture } from '@tinyspark/emulator/learn';
import { perform } from '@tinyspark/emulator/motion';
import { createRng } from '@tinyspark/emulator/rng';
import type { Recording } from '../dataset/recording.js';
import { StudioError } from '../errors.js';
import { DEFAULT_TRAIN_SETTINGS } from '../training/train-model.js';
import type { TrainSettings } from '../training/train-model.js';
import { parseAxisMap, toBoardRecording, WIIMOTE_AXIS_MAP } from './real-file.js';
import type { RealFile } from './real-file.js';
import { BOARD_RATE_HZ, fitAndPredict, SIM2REAL_HIDDEN } from './run-sim2real.js';

export interface LearnedSim2RealOptions {
  real: RealFile;
  /** Real recordings per label to learn from (and to train the few-shot references on). */
  learn: number;
  /** Generated recordings per label (default 1000). */
  generate?: number;
  /** Simulated people generating them (default 100, new ids: nobody the learning saw). */
  persons?: number;
  seeds: readonly number[];
  axisMap?: string;
  epochs?: number;
  /** Gesture variation of the generated recordings (default 1). */
  variation?: number;
  /** Augmentation of the few-shot reference (default: {@link DEFAULT_FEW_SHOT_AUGMENT}, ADR 0010). */
  augment?: AugmentOptions;
  /** Also train the learned-gesture model on the N real recordings augmented as the few-shot reference (default true). */
  mixReal?: boolean;
  /** Where the generated recordings' press and release fall (default {@link DEFAULT_LEARNED_CUT}). */
  cut?: LearnedCut;
  onProgress?: (text: string) => void;
}

export interface LearnedRun {
  seed: number;
  balancedAccuracy: number;
  fewShotReal: number;
  fewShotAugmented: number;
  perClass: Record<string, number>;
}

export interface LearnedResult {
  /** Means over the seeds. */
  balancedAccuracy: number;
  fewShotReal: number;
  fewShotAugmented: number;
  labels: string[];
  perClass: Record<string, number>;
  runs: LearnedRun[];
  settings: { learn: number; generate: number; persons: number; variation: number; mixReal: boolean; cut: LearnedCut; hidden: number[]; testCount: number; augment: AugmentOptions; axisMap: string };
}

/** The few-shot reference's augmentation: 19 copies per recording (20x the data), every transform on. */
export const DEFAULT_FEW_SHOT_AUGMENT: AugmentOptions = { copies: 19, timeWarp: 0.2, amplitude: 0.2, rotationDeg: 15, noise: 0.2, offset: 0.2 };

function balanced(labels: string[], truth: number[], predicted: number[]): { balanced: number; perClass: Record<string, number> } {
  const perClass: Record<string, number> = {};
  let sum = 0;
  labels.forEach((l, c) => {
    const idx = truth.map((t, i) => (t === c ? i : -1)).filter((i) => i >= 0);
    const r = idx.length > 0 ? idx.filter((i) => predicted[i] === c).length / idx.length : 0;
    perClass[l] = r;
    sum += r;
  });
  return { balanced: sum / labels.length, perClass };
}

/**
 * Where the button press and release fall: a real recording runs from a press to a release, and
 * people often press after the move has begun and release before it has ended (in the calibration
 * file about half of the recordings start or end in motion; the learned performances start and end
 * at rest). With probability `p` each end of a generated recording is cut inside the performance, a
 * fraction uniform in [0, start] (resp. [0, end]) of its duration; otherwise the end keeps a short
 * rest (0-80 ms). Measured in ADR 0010 (round 3).
 */
export interface LearnedCut {
  p: number;
  start: number;
  end: number;
}

export const DEFAULT_LEARNED_CUT: LearnedCut = { p: 0.7, start: 0.25, end: 0.25 };

/** Recordings of a learned gesture by new people, cut like the real ones (press to release: see {@link LearnedCut}). */
export function generateLearned(name: string, label: string, count: number, persons: readonly number[], seed: number, variation: number, cut: LearnedCut = DEFAULT_LEARNED_CUT): Recording[] {
  const rng = createRng(seed >>> 0, 29);
  const cutRng = createRng(seed >>> 0, 37);
  const out: Recording[] = [];
  for (let i = 0; i < count; i++) {
    const person = persons[i % persons.length]!;
    const s = (seed * 1_000_003 + i * 7919) >>> 0;
    const leadMs = rng.uniform(0, 80);
    const tailMs = rng.uniform(0, 80);
    const rec = perform(name, { person, seed: s, durationMs: 6000, onsetMs: leadMs + 40, accelerometer: { rateHz: BOARD_RATE_HZ, range: 4 }, params: { variation } });
    const acc = rec.accelerometer;
    let startMs = rec.onsetMs - leadMs;
    let endMs = Math.min(rec.durationMs, rec.onsetMs + rec.gestureMs + tailMs);
    if (cutRng.next() < cut.p) startMs = rec.onsetMs + cutRng.next() * cut.start * rec.gestureMs;
    if (cutRng.next() < cut.p) endMs = rec.onsetMs + rec.gestureMs * (1 - cutRng.next() * cut.end);
    const k0 = Math.max(0, Math.round(startMs / acc.intervalMs));
    const k1 = Math.max(k0 + 2, Math.min(acc.count, Math.round(endMs / acc.intervalMs)));
    const values: number[][] = [];
    for (let k = k0; k < k1; k++) values.push([acc.raw[3 * k]! * acc.scale, acc.raw[3 * k + 1]! * acc.scale, acc.raw[3 * k + 2]! * acc.scale]);
    out.push({ id: `learned-${person}-${s}`, label, intervalMs: acc.intervalMs, axes: ['ax', 'ay', 'az'], units: ['m/s2', 'm/s2', 'm/s2'], values, person, seed: s, gesture: name });
  }
  return out;
}

/** Shortest recording (board samples) a gesture is learned from: shorter ones (the file has a 2-sample one) stay in the test set. */
export const MIN_LEARN_SAMPLES = 16;

/**
 * Picks `n` recordings of each label (seeded) to learn from, among those with at least
 * {@link MIN_LEARN_SAMPLES} samples; every other recording of the label is the test set.
 */
export function pickLearnSet(real: readonly Recording[], labels: readonly string[], n: number, seed: number): { learn: Recording[]; test: Recording[] } {
  const rng = createRng(seed >>> 0, 31);
  const learn: Recording[] = [];
  const test: Recording[] = [];
  for (const l of labels) {
    const idx = real.map((r, i) => (r.label === l && r.values.length >= MIN_LEARN_SAMPLES ? i : -1)).filter((i) => i >= 0);
    const total = real.filter((r) => r.label === l).length;
    if (idx.length < n || total <= n) throw new StudioError('STUDIO_ERR_BAD_OPTION', `sim2real: --learn ${n} leaves no real "${l}" recording to test on (it has ${total}, ${idx.length} of them long enough to learn from)`, { field: 'learn' });
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    const chosen = new Set(idx.slice(0, n));
    real.forEach((r, i) => {
      if (r.label !== l) return;
      (chosen.has(i) ? learn : test).push(r);
    });
  }
  return { learn, test };
}

/** The board recording as the learner takes it (a replay recording: board frame, m/s2). */
function asReplay(r: Recording): Parameters<typeof learnGesture>[0][number] {
  const n = r.values.length;
  const values = new Float64Array(n * 3);
  r.values.forEach((row, k) => {
    values[3 * k] = row[0]!;
    values[3 * k + 1] = row[1]!;
    values[3 * k + 2] = row[2]!;
  });
  return { label: r.label, durationMs: n * r.intervalMs, tracks: { accelerometer: { sensor: 'accelerometer', rateHz: 1000 / r.intervalMs, count: n, channels: 3, values } } };
}

export function runLearnedSim2Real(o: LearnedSim2RealOptions): LearnedResult {
  const axisMapText = o.axisMap ?? WIIMOTE_AXIS_MAP;
  const axisMap = parseAxisMap(axisMapText);
  const real = o.real.recordings.map((r) => toBoardRecording(r, { rateHz: o.real.rateHz, units: o.real.units, axisMap, boardRateHz: BOARD_RATE_HZ }));
  const labels = [...new Set(real.map((r) => r.label))];
  const generate = o.generate ?? 1000;
  const nPersons = o.persons ?? 100;
  const variation = o.variation ?? 1;
  const augment = o.augment ?? DEFAULT_FEW_SHOT_AUGMENT;
  const cut = o.cut ?? DEFAULT_LEARNED_CUT;
  // the sim2real classifier (run-sim2real.ts: hidden 64, 32) for all three models, as for the emulated one
  const hidden = [...SIM2REAL_HIDDEN];
  const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, hidden, epochs: o.epochs ?? 150, patience: 0 };
  const runs: LearnedRun[] = [];
  let testCount = 0;
  for (const seed of o.seeds) {
    const { learn, test } = pickLearnSet(real, labels, o.learn, seed);
    testCount = test.length;
    const truth = test.map((r) => labels.indexOf(r.label));
    const persons = Array.from({ length: nPersons }, (_, i) => 500_000 + i + 1000 * seed);
    const generated: Recording[] = [];
    const removes: (() => void)[] = [];
    try {
      for (const l of labels) {
        const doc = learnGesture(learn.filter((r) => r.label === l).map(asReplay), { name: `learned_${l}`.slice(0, 64), source: { axisMap: axisMapText, rateHz: BOARD_RATE_HZ } });
        removes.push(registerLearnedGesture(doc, { replace: true }).remove);
        o.onProgress?.(`seed ${seed}: generating ${generate} "${l}" by ${nPersons} new people`);
        generated.push(...generateLearned(doc.name, l, generate, persons, seed, variation, cut));
      }
    } finally {
      for (const r of removes) r();
    }
    const aug = augmentRecordings(learn, { ...augment, seed });
    const train = o.mixReal === false ? generated : [...generated, ...aug];
    o.onProgress?.(`seed ${seed}: training on ${generated.length} generated${o.mixReal === false ? '' : ` + ${aug.length} real + augmented`}, testing on ${test.length} real`);
    const g = balanced(labels, truth, fitAndPredict(labels, train, test, { ...settings, seed }));
    o.onProgress?.(`seed ${seed}: few-shot on ${learn.length} real`);
    const f = balanced(labels, truth, fitAndPredict(labels, learn, test, { ...settings, seed }));
    o.onProgress?.(`seed ${seed}: few-shot on ${aug.length} real + augmented`);
    const fa = balanced(labels, truth, fitAndPredict(labels, aug, test, { ...settings, seed }));
    runs.push({ seed, balancedAccuracy: g.balanced, fewShotReal: f.balanced, fewShotAugmented: fa.balanced, perClass: g.perClass });
  }
  const mean = (f: (r: LearnedRun) => number): number => runs.reduce((s, r) => s + f(r), 0) / Math.max(1, runs.length);
  const perClass: Record<string, number> = {};
  for (const l of labels) perClass[l] = mean((r) => r.perClass[l] ?? 0);
  return {
    balancedAccuracy: mean((r) => r.balancedAccuracy),
    fewShotReal: mean((r) => r.fewShotReal),
    fewShotAugmented: mean((r) => r.fewShotAugmented),
    labels,
    perClass,
    runs,
    settings: { learn: o.learn, generate, persons: nPersons, variation, mixReal: o.mixReal !== false, cut, hidden, testCount, augment, axisMap: axisMapText },
  };
}
