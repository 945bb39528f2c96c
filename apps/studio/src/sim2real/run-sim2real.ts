import { augmentRecordings } from '@tinyspark/core';
import type { AugmentOptions } from '@tinyspark/core';
import { createRng } from '@tinyspark/emulator/rng';
import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import type { Recording } from '../dataset/recording.js';
import { StudioError } from '../errors.js';
import { buildExamples } from '../training/examples.js';
import { evaluateFloat } from '../training/evaluate.js';
import { derivePipeline } from '../training/pipeline-builder.js';
import { DEFAULT_TRAIN_SETTINGS, trainClassifier } from '../training/train-model.js';
import type { TrainSettings } from '../training/train-model.js';
import { calibrationTable } from './calibration.js';
import type { CalibrationRow } from './calibration.js';
import { emulatedSet } from './emulated.js';
import { parseAxisMap, splitHalves, toBoardRecording, WIIMOTE_AXIS_MAP } from './real-file.js';
import type { RealFile } from './real-file.js';

/** The board's accelerometer rate (Hz) the real recordings are resampled to. */
export const BOARD_RATE_HZ = 104;
/** The classifier's window: 26 samples, one every 6 board samples (1.44 s, ending at the release; shorter recordings are padded with their first sample). */
export const SIM2REAL_WINDOW = 26;
export const SIM2REAL_STEP_SAMPLES = 6;

/**
 * The sim2real classifier's hidden layers: wider than the studio's default (32, 16), because the
 * emulated training set (3,200+ recordings of many simulated people) supports it and the real
 * recordings are recognised better by it (ADR 0009 round 5: 60.3% -> 65.1% on seeds 1-3 alone).
 */
export const SIM2REAL_HIDDEN: readonly number[] = [64, 32];

/**
 * Augmentation of the training recordings (core's augmentRecordings, the `tinyspark train`
 * --augment-* options): domain randomisation on the classifier's side, covering what the emulated
 * hands still lack (a board turned in the hand, tempo changes inside a gesture, stronger or weaker
 * moves, a rougher sensor). ADR 0009 round 5: with the wider classifier 65.1% -> 68.4% (seeds 1-3).
 * Applied to the real->real reference's training folds as well: the same classifier.
 */
export const SIM2REAL_AUGMENT: Readonly<AugmentOptions & { copies: number }> = { copies: 3, rotationDeg: 20, timeWarp: 0.25, amplitude: 0.3, noise: 0.3 };

export interface Sim2RealOptions {
  real: RealFile;
  /** Real labels to use (default: every label in the file, in first-seen order). */
  labels?: readonly string[];
  seeds: readonly number[];
  /** Emulated people who train the model. Default 32. */
  persons?: number;
  /** Emulated recordings per gesture and person. Default 10. */
  perPerson?: number;
  /** Gesture variation of the emulated recordings (default: the emulator's default, 1). */
  variation?: number;
  /** Real frame -> board frame. Default x=-y,y=x,z=z. */
  axisMap?: string;
  /** Folds of the real->real reference. Default 5. */
  folds?: number;
  epochs?: number;
  /** Hidden layer sizes of the classifier. Default SIM2REAL_HIDDEN (64, 32). */
  hidden?: readonly number[];
  /** Augmentation of the training recordings (seeded by the run's seed). Default SIM2REAL_AUGMENT; null: none. */
  augment?: (AugmentOptions & { copies: number }) | null;
  onProgress?: (text: string) => void;
}

export interface ScoreSet {
  balancedAccuracy: number;
  accuracy: number;
  perClass: Record<string, number>;
  confusion: number[][];
}

export interface Sim2RealRun {
  seed: number;
  /** Trained on emulated, tested on every real recording. */
  all: ScoreSet;
  /** The same model on the held-out half of the real recordings only. */
  heldOut: ScoreSet;
  /** The same classifier trained and tested on the real file by k-fold. */
  realToReal: number;
}

export interface Sim2RealResult {
  labels: string[];
  chance: number;
  /** Means over the seeds (the single run's values for one seed). */
  balancedAccuracy: number;
  accuracy: number;
  heldOutBalancedAccuracy: number;
  realToReal: number;
  perClass: Record<string, number>;
  /** Summed over the seeds. */
  confusion: number[][];
  runs: Sim2RealRun[];
  /** Emulated vs real (fit half) motion statistics. */
  calibration: CalibrationRow[];
  settings: { persons: number; perPerson: number; variation: number | null; axisMap: string; folds: number; window: number; intervalMs: number; hidden: number[]; augment: (AugmentOptions & { copies: number }) | null; realCount: number; fitCount: number; heldOutCount: number };
}

function scores(labels: string[], truth: number[], predicted: number[]): ScoreSet {
  const n = labels.length;
  const confusion = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  truth.forEach((t, i) => confusion[t]![predicted[i]!]!++);
  const perClass: Record<string, number> = {};
  let sum = 0;
  let correct = 0;
  labels.forEach((l, i) => {
    const row = confusion[i]!;
    const total = row.reduce((a, b) => a + b, 0);
    const r = total > 0 ? row[i]! / total : 0;
    perClass[l] = r;
    sum += r;
    correct += row[i]!;
  });
  return { balancedAccuracy: sum / n, accuracy: correct / Math.max(1, truth.length), perClass, confusion };
}

function pipelineFor(train: Recording[]): InputPipeline {
  return derivePipeline(train, { windowLength: SIM2REAL_WINDOW, intervalMs: (SIM2REAL_STEP_SAMPLES * 1000) / BOARD_RATE_HZ });
}

/**
 * Trains the classifier on `train` and returns its predictions for `test`. `augment` (seeded by
 * settings.seed) adds augmented copies of the training recordings first; off when undefined.
 */
export function fitAndPredict(labels: string[], train: Recording[], test: Recording[], settings: TrainSettings, augment?: AugmentOptions & { copies: number }): number[] {
  // derivePipeline checks the window against the shortest recording; the pipeline pads shorter
  // recordings with their first sample (the hand before the button press), so derive it on a view
  // whose recordings all cover the window
  const span = SIM2REAL_WINDOW * SIM2REAL_STEP_SAMPLES;
  const trainSet = augment !== undefined && augment.copies > 0 ? augmentRecordings(train, { ...augment, seed: settings.seed }) : train;
  const padded = trainSet.map((r) => (r.values.length >= span ? r : { ...r, values: [...new Array<number[]>(span - r.values.length).fill(r.values[0]!), ...r.values] }));
  const pipeline = pipelineFor(padded);
  const tr = buildExamples(pipeline, labels, padded, 'sim2real training');
  const te = buildExamples(pipeline, labels, test.map((r) => (r.values.length >= span ? r : { ...r, values: [...new Array<number[]>(span - r.values.length).fill(r.values[0]!), ...r.values] })), 'sim2real test');
  const { model } = trainClassifier(labels, pipeline, tr, undefined, settings);
  return evaluateFloat(model, labels, te).predicted;
}

/** Trains on emulated recordings only, tests on the real ones; also the real->real reference. */
export function runSim2Real(o: Sim2RealOptions): Sim2RealResult {
  const axisMapText = o.axisMap ?? WIIMOTE_AXIS_MAP;
  const axisMap = parseAxisMap(axisMapText);
  const allReal = o.real.recordings.map((r) => toBoardRecording(r, { rateHz: o.real.rateHz, units: o.real.units, axisMap, boardRateHz: BOARD_RATE_HZ }));
  // a label `circle=circle_left+circle_right` merges real labels under one name
  const spec = (o.labels ?? [...new Set(allReal.map((r) => r.label))]).map((l) => {
    const [name, from] = l.split('=');
    return { name: name!.trim(), from: (from ?? name!).split('+').map((x) => x.trim()) };
  });
  const labels = spec.map((x) => x.name);
  const rename = new Map<string, string>();
  for (const x of spec) {
    for (const f of x.from) {
      if (!allReal.some((r) => r.label === f)) throw new StudioError('STUDIO_ERR_UNKNOWN_LABEL', `sim2real: the real file has no recordings of "${f}"`, { field: 'labels' });
      rename.set(f, x.name);
    }
  }
  const real = allReal.filter((r) => rename.has(r.label)).map((r) => ({ ...r, label: rename.get(r.label)! }));
  const { fit, heldOut } = splitHalves(real);
  const heldIds = new Set(heldOut.map((r) => r.id));
  const persons = o.persons ?? 32;
  const perPerson = o.perPerson ?? 10;
  const folds = o.folds ?? 5;
  const hidden = [...(o.hidden ?? SIM2REAL_HIDDEN)];
  const augment = o.augment === undefined ? { ...SIM2REAL_AUGMENT } : o.augment;
  const aug = augment ?? undefined;
  const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, hidden, epochs: o.epochs ?? 150, patience: 0 };
  const truth = real.map((r) => labels.indexOf(r.label));
  const runs: Sim2RealRun[] = [];
  let calibration: CalibrationRow[] = [];
  for (const seed of o.seeds) {
    o.onProgress?.(`seed ${seed}: emulating ${labels.length} x ${persons} x ${perPerson} recordings`);
    const personIds = Array.from({ length: persons }, (_, i) => 1 + i + 1000 * (seed - 1));
    const emu = emulatedSet({ labels, persons: personIds, perPerson, seed, ...(o.variation !== undefined ? { variation: o.variation } : {}) });
    if (calibration.length === 0) calibration = calibrationTable(labels, emu, fit);
    o.onProgress?.(`seed ${seed}: training on ${emu.length} emulated recordings, testing on ${real.length} real`);
    const predicted = fitAndPredict(labels, emu, real, { ...settings, seed }, aug);
    const all = scores(labels, truth, predicted);
    const hi = real.map((r, i) => (heldIds.has(r.id) ? i : -1)).filter((i) => i >= 0);
    const held = scores(labels, hi.map((i) => truth[i]!), hi.map((i) => predicted[i]!));
    o.onProgress?.(`seed ${seed}: real->real ${folds}-fold`);
    const realToReal = kFold(labels, real, folds, { ...settings, seed }, aug);
    runs.push({ seed, all, heldOut: held, realToReal });
  }
  const mean = (f: (r: Sim2RealRun) => number) => runs.reduce((s, r) => s + f(r), 0) / Math.max(1, runs.length);
  const perClass: Record<string, number> = {};
  for (const l of labels) perClass[l] = mean((r) => r.all.perClass[l] ?? 0);
  const confusion = labels.map((_, i) => labels.map((__, j) => runs.reduce((s, r) => s + r.all.confusion[i]![j]!, 0)));
  return {
    labels,
    chance: 1 / labels.length,
    balancedAccuracy: mean((r) => r.all.balancedAccuracy),
    accuracy: mean((r) => r.all.accuracy),
    heldOutBalancedAccuracy: mean((r) => r.heldOut.balancedAccuracy),
    realToReal: mean((r) => r.realToReal),
    perClass,
    confusion,
    runs,
    calibration,
    settings: {
      persons,
      perPerson,
      variation: o.variation ?? null,
      axisMap: axisMapText,
      folds,
      window: SIM2REAL_WINDOW,
      intervalMs: (SIM2REAL_STEP_SAMPLES * 1000) / BOARD_RATE_HZ,
      hidden,
      augment,
      realCount: real.length,
      fitCount: fit.length,
      heldOutCount: heldOut.length,
    },
  };
}

/**
 * Real->real reference: stratified k-fold over the real recordings (folds drawn per label from the
 * seed). The file has no person ids, so folds are not person-free: the reference is optimistic.
 */
export function kFold(labels: string[], real: Recording[], folds: number, settings: TrainSettings, augment?: AugmentOptions & { copies: number }): number {
  const rng = createRng(settings.seed >>> 0, 23);
  const fold = new Array<number>(real.length).fill(0);
  for (const l of labels) {
    const idx = real.map((r, i) => (r.label === l ? i : -1)).filter((i) => i >= 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((ri, k) => (fold[ri] = k % folds));
  }
  const truth: number[] = [];
  const pred: number[] = [];
  for (let f = 0; f < folds; f++) {
    const tr = real.filter((_, i) => fold[i] !== f);
    const te = real.filter((_, i) => fold[i] === f);
    if (te.length === 0) continue;
    const p = fitAndPredict(labels, tr, te, settings, augment);
    te.forEach((r, i) => {
      truth.push(labels.indexOf(r.label));
      pred.push(p[i]!);
    });
  }
  return scores(labels, truth, pred).balancedAccuracy;
}
