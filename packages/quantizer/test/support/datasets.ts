import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InputPipeline, Model } from '@tinyspark/core';
import { createModel, createRng, train } from '@tinyspark/core';
import type { SensorRecording } from '../../src/runtime/index.js';
import { extractFeatures } from '../../src/runtime/index.js';
import { seededRng } from './seeded-rng.js';

export interface LabeledSet {
  labels: string[];
  pipeline: InputPipeline;
  recordings: SensorRecording[];
  inputs: Float32Array[];
  targets: number[][];
  classes: number[];
}

const COURSE_JSON = fileURLToPath(new URL('../../../../fixtures/data/tutorial-proximity-gestures.json', import.meta.url));

export const PROXIMITY_PIPELINE: InputPipeline = {
  sensor: 'proximity',
  axes: ['proximity'],
  windowLength: 3,
  intervalMs: 250,
  scale: [0.01],
  offset: [0],
  layout: 'time-major',
};

interface CourseFile {
  labels: string[];
  samples: Record<string, number[][]>;
  tutorial_trained_weights: [number[], number[]];
}

export function readCourseFile(): CourseFile {
  return JSON.parse(readFileSync(COURSE_JSON, 'utf8')) as CourseFile;
}

function finish(labels: string[], pipeline: InputPipeline, recordings: SensorRecording[]): LabeledSet {
  const classes = recordings.map((r) => labels.indexOf(r.label!));
  return {
    labels,
    pipeline,
    recordings,
    inputs: recordings.map((r) => extractFeatures(pipeline, r)),
    targets: classes.map((c) => labels.map((_, i) => (i === c ? 1 : 0))),
    classes,
  };
}

/** The course's 10 proximity recordings (3 readings 250 ms apart). */
export function courseProximity(): LabeledSet {
  const f = readCourseFile();
  const recs: SensorRecording[] = [];
  for (const label of f.labels) {
    for (const s of f.samples[label]!) recs.push({ label, intervalMs: 250, axes: ['proximity'], values: s.map((v) => [v]) });
  }
  return finish(f.labels, PROXIMITY_PIPELINE, recs);
}

/** Seeded variations of the course recordings: jitter, driver quantum 1/8, clipped to [0, 127.875]. */
export function augmentedProximity(n: number, seed: number): LabeledSet {
  const base = courseProximity();
  const rng = seededRng(seed);
  const recs: SensorRecording[] = [];
  for (let i = 0; i < n; i++) {
    const r = base.recordings[i % base.recordings.length]!;
    const values = r.values.map(([v]) => [Math.min(127.875, Math.max(0, Math.round((v! + rng.normal() * 12) * 8) / 8))]);
    recs.push({ label: r.label!, intervalMs: 250, axes: ['proximity'], values });
  }
  return finish(base.labels, PROXIMITY_PIPELINE, recs);
}

export const IMU_AXES = ['ax', 'ay', 'az', 'gx', 'gy', 'gz'];
export const GESTURE_PIPELINE: InputPipeline = {
  sensor: 'imu',
  axes: IMU_AXES,
  windowLength: 26,
  intervalMs: 38.4615,
  scale: [0.1, 0.1, 0.1, 1, 1, 1],
  offset: [0, 0, 9.81, 0, 0, 0],
  layout: 'time-major',
};
const ACC_LSB = 1.196411e-3;
const GYRO_LSB = 1.527163e-4;

/**
 * Synthetic gesture-like IMU recordings: per class a smooth template per axis (sums of sines with
 * class-specific frequency/phase), per recording random amplitude/time warp/offset plus noise,
 * values on the LSM6DS3TR-C driver's quantum. 26 samples at ~26 Hz.
 */
export function gestureDataset(n: number, seed: number, classCount = 5): LabeledSet {
  const labels = ['circle', 'shake', 'wave', 'idle', 'flick', 'tilt'].slice(0, classCount);
  const tmpl = seededRng(1234);
  const templates = labels.map(() =>
    IMU_AXES.map((_, a) => ({ f: 0.5 + tmpl.next() * 2.5, p: tmpl.next() * 6.283, amp: a < 3 ? 3 + tmpl.next() * 8 : 0.5 + tmpl.next() * 2.5 })),
  );
  const rng = seededRng(seed);
  const recs: SensorRecording[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % labels.length;
    const ampK = 0.7 + rng.next() * 0.6;
    const warp = 0.85 + rng.next() * 0.3;
    const shift = (rng.next() - 0.5) * 0.6;
    const values: number[][] = [];
    for (let t = 0; t < 26; t++) {
      const tt = (t / 25) * warp + shift;
      values.push(
        IMU_AXES.map((_, a) => {
          const { f, p, amp } = templates[c]![a]!;
          const base = a === 2 ? 9.81 : 0;
          const noise = rng.normal() * (a < 3 ? 4 : 1);
          const v = base + amp * ampK * Math.sin(6.283 * f * tt + p) + noise;
          const lsb = a < 3 ? ACC_LSB : GYRO_LSB;
          return Math.round(v / lsb) * lsb;
        }),
      );
    }
    recs.push({ label: labels[c]!, intervalMs: 38.4615, axes: IMU_AXES, values });
  }
  return finish(labels, GESTURE_PIPELINE, recs);
}

/** Train a float model with core (seeded, Adam). */
export function trainFloat(
  set: LabeledSet,
  layers: { units: number; activation: 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax'; useBias?: boolean }[],
  epochs: number,
  seed: number,
): Model {
  const model = createModel({ inputSize: set.inputs[0]!.length, layers }, { rng: createRng(seed) });
  train(model, { inputs: set.inputs, targets: set.targets }, { epochs, batchSize: 16, seed, optimizer: { type: 'adam', learningRate: 0.01 } });
  return model;
}
