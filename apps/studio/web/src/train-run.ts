// The Train page's training, as the Web Worker runs it (and node tests do): @tinyspark/core (no
// dependencies) and the CLI's own pipeline, example and training code. Calls `post` with one
// `epoch` message per epoch and returns the `done` message.
// Augmentation (core's augmentRecordings, off by default) adds seeded copies of the training
// recordings only, after the validation split: validation is always on real recordings.
import { augmentRecordings } from '@tinyspark/core';
import type { Activation, AugmentOptions } from '@tinyspark/core';
import type { Recording } from '../../src/dataset/recording.js';
import { evaluateFloat } from '../../src/training/evaluate.js';
import { buildExamples } from '../../src/training/examples.js';
import { derivePipeline } from '../../src/training/pipeline-builder.js';
import { trainClassifier } from '../../src/training/train-model.js';
import type { TrainSettings } from '../../src/training/train-model.js';
import { chooseValidation } from '../../src/training/validation-split.js';

export interface TrainRequest {
  recordings: Recording[];
  settings: TrainSettings;
  axes: string[];
  windowLength?: number;
  holdout?: string;
  /** core's AugmentOptions (copies 0 or absent: off). */
  augment?: AugmentOptions;
}

const EPOCH_RE = /loss ([-\d.e+]+) acc ([\d.]+)%(?:\s+val loss ([-\d.e+]+) acc ([\d.]+)%)?/;

export interface EpochMessage {
  type: 'epoch';
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
}

/** Trains on `req`; throws the CLI's typed errors (the worker turns them into an `error` message). */
export function runTraining(req: TrainRequest, post: (m: EpochMessage) => void) {
  const recs = req.recordings.map((r) => {
    const keep = r.axes.map((a, i) => (req.axes.includes(a) ? i : -1)).filter((i) => i >= 0);
    return { ...r, axes: keep.map((i) => r.axes[i] as string), units: keep.map((i) => r.units[i] ?? ''), values: r.values.map((row) => keep.map((i) => row[i] ?? 0)) };
  });
  const split = chooseValidation(recs, { ...(req.holdout ? { holdout: req.holdout } : {}), seed: req.settings.seed });
  const labels = [...new Set(recs.map((r) => r.label))].sort();
  const pipeline = derivePipeline(split.train, req.windowLength !== undefined ? { windowLength: req.windowLength } : {});
  const trainRecs = augmentRecordings(split.train, req.augment ?? {});
  const trainEx = buildExamples(pipeline, labels, trainRecs, 'train');
  const valEx = split.test.length > 0 ? buildExamples(pipeline, labels, split.test, 'validation') : undefined;
  const trained = trainClassifier(labels, pipeline, trainEx, valEx, { ...req.settings, activation: req.settings.activation as Activation }, {
    bar: {
      update(done: number, status?: string) {
        const m = EPOCH_RE.exec(status ?? '');
        if (m !== null) post({ type: 'epoch', epoch: done, loss: Number(m[1]), accuracy: Number(m[2]) / 100, valLoss: m[3] !== undefined ? Number(m[3]) : null, valAccuracy: m[4] !== undefined ? Number(m[4]) / 100 : null });
      },
      finish() {},
    },
  });
  const trainEval = evaluateFloat(trained.model, labels, trainRecs.length === split.train.length ? trainEx : buildExamples(pipeline, labels, split.train, 'train'));
  const valEval = valEx !== undefined ? evaluateFloat(trained.model, labels, valEx) : undefined;
  const misclassified = valEval === undefined || valEx === undefined ? [] : valEx.recordings.map((r, i) => ({ file: `${r.label}.${r.id}.json`, truth: r.label, predicted: labels[valEval.predicted[i] ?? 0] ?? '?' })).filter((x) => x.truth !== x.predicted);
  return {
    type: 'done',
    model: trained.document,
    training: {
      settings: req.settings,
      labels,
      pipeline,
      split: split.description,
      augment: req.augment ?? null,
      trainedOn: trainRecs.length,
      epochsRun: trained.result.epochsRun,
      stopReason: trained.result.stopReason,
      history: trained.result.history,
      trainAccuracy: trainEval.accuracy,
      validation: valEval === undefined ? null : { accuracy: valEval.accuracy, confusion: valEval.confusion, perClass: valEval.perClass, count: valEval.count, misclassified },
    },
  } as const;
}
