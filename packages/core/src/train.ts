import { BatchForward } from './batch-forward.js';
import { packDataset, slicePacked, targetClasses, type Dataset, type PackedDataset } from './dataset.js';
import {
  checkClassBalance,
  checkDeadRelu,
  ExplodingWeightsDetector,
  findNonFiniteWeight,
  maxAbsWeight,
  PlateauDetector,
  type DiagnosticOptions,
} from './diagnostics.js';
import { CoreError, TrainingError } from './errors.js';
import { evaluatePacked } from './evaluate.js';
import type { Model } from './model.js';
import { createRng, shuffleInPlace, type Rng } from './rng.js';
import type { BatchProgress, Diagnostic, EpochRecord } from './training-records.js';
import { createTrainer, type TrainerOptions } from './trainer.js';

export interface EarlyStoppingOptions {
  /** What to watch (default 'val_loss' when there is validation data, else 'loss'). */
  monitor?: 'loss' | 'val_loss';
  /** Stop after this many epochs without improvement. */
  patience: number;
  /** Minimum absolute decrease that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping or finishing (default true). */
  restoreBestWeights?: boolean;
}

export type { BatchProgress, EpochRecord } from './training-records.js';

export interface TrainOptions extends TrainerOptions {
  /** Number of passes over the training data. */
  epochs: number;
  /** Samples per optimizer step (default 32, capped at the training set size). 1 is the course's per-sample SGD. */
  batchSize?: number;
  /** Source of the per-epoch shuffles (default createRng(seed ?? 0)). */
  rng?: Rng;
  /** Seed for the default rng. */
  seed?: number;
  /** Shuffle the training samples before every epoch (default true; Fisher-Yates, see rng.ts). */
  shuffle?: boolean;
  /** Hold out this fraction of the samples (the LAST ones, before any shuffling) for validation. */
  validationSplit?: number;
  /** Explicit validation data (takes precedence over validationSplit). */
  validationData?: Dataset;
  earlyStopping?: EarlyStoppingOptions;
  diagnostics?: DiagnosticOptions;
  /** 'throw' (default): a non-finite loss or weight throws TrainingError; 'stop': training stops and the result says why. */
  onNonFinite?: 'throw' | 'stop';
  /** Called after every epoch; return 'stop' to end training. */
  onEpochEnd?: (record: EpochRecord) => void | 'stop';
  /** Called after every optimizer step. */
  onBatchEnd?: (progress: BatchProgress) => void;
  /** Called for every diagnostic the moment it is found. */
  onDiagnostic?: (diagnostic: Diagnostic) => void;
}

export interface TrainingResult {
  history: EpochRecord[];
  diagnostics: Diagnostic[];
  stopReason: 'completed' | 'early_stopping' | 'callback' | 'non_finite';
  epochsRun: number;
  /** Epoch with the best monitored value (-1 if none). */
  bestEpoch: number;
  /** Training/validation sample counts actually used. */
  trainSamples: number;
  validationSamples: number;
}

/** True when every parameter is finite (x - x is 0 for finite x, NaN for NaN and +-Infinity). */
function paramsFinite(params: readonly Float32Array[]): boolean {
  for (let p = 0; p < params.length; p++) {
    const w = params[p]!;
    let acc = 0;
    for (let i = 0; i < w.length; i++) acc += w[i]! - w[i]!;
    if (acc !== 0) return false;
  }
  return true;
}

function checkInt(v: unknown, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be an integer >= ${min}, got ${String(v)}`, field);
  }
  return v;
}

/**
 * Train `model` in place on `data`. Deterministic: the same model, data, options and seed give
 * bit-identical weights and history. Throws TrainingError on a non-finite loss or weight
 * (unless onNonFinite is 'stop').
 */
export function train(model: Model, data: Dataset, options: TrainOptions): TrainingResult {
  if (options === undefined || options === null) throw new CoreError('CORE_ERR_INVALID_ARGUMENT', 'options are required', 'options');
  const epochs = checkInt(options.epochs, 'epochs', 0);
  const all = packDataset(data, model.inputSize, model.outputSize);
  let trainSet: PackedDataset = all;
  let valSet: PackedDataset | null = null;
  if (options.validationData !== undefined) {
    valSet = packDataset(options.validationData, model.inputSize, model.outputSize, 'validationData');
  } else if (options.validationSplit !== undefined && options.validationSplit !== 0) {
    const vs = options.validationSplit;
    if (typeof vs !== 'number' || !(vs > 0 && vs < 1)) {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be in [0, 1), got ${String(vs)}`, 'validationSplit');
    }
    const nVal = Math.floor(all.count * vs);
    if (nVal >= 1 && all.count - nVal >= 1) {
      trainSet = slicePacked(all, 0, all.count - nVal);
      valSet = slicePacked(all, all.count - nVal, all.count);
    }
  }
  const n = trainSet.count;
  const batchSize = Math.min(checkInt(options.batchSize ?? 32, 'batchSize', 1), n);
  const trainer = createTrainer(model, { ...options, maxBatchSize: batchSize });
  const loss = trainer.loss;
  const rng = options.rng ?? createRng(options.seed ?? 0);
  const shuffle = options.shuffle ?? true;
  const onNonFinite = options.onNonFinite ?? 'throw';
  const diagOpt = options.diagnostics ?? {};
  const explodeAt = diagOpt.explodingWeightThreshold ?? 1000;
  const plateauPatience = diagOpt.plateauPatience ?? 20;
  const plateauMinDelta = diagOpt.plateauMinDelta ?? 1e-4;
  const deadReluSamples = diagOpt.deadReluSamples ?? 256;
  const imbalanceRatio = diagOpt.imbalanceRatio ?? 1.5;

  const es = options.earlyStopping;
  const monitor = es?.monitor ?? (valSet ? 'val_loss' : 'loss');
  if (es !== undefined) {
    checkInt(es.patience, 'earlyStopping.patience', 0);
    if (monitor === 'val_loss' && !valSet) {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', "monitors 'val_loss' but there is no validation data", 'earlyStopping.monitor');
    }
  }
  const restoreBest = es?.restoreBestWeights ?? true;

  const diagnostics: Diagnostic[] = [];
  const emit = (d: Diagnostic): void => {
    diagnostics.push(d);
    options.onDiagnostic?.(d);
  };

  if (model.outputSize >= 2) {
    const imb = checkClassBalance(targetClasses(trainSet), model.outputSize, imbalanceRatio);
    if (imb) emit(imb);
  }

  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const xb = new Float32Array(batchSize * model.inputSize);
  const yb = new Float32Array(batchSize * model.outputSize);
  const inSize = model.inputSize;
  const outSize = model.outputSize;
  const tin = trainSet.inputs;
  const tout = trainSet.targets;
  const batches = Math.ceil(n / batchSize);
  const fwd = new BatchForward(model, Math.min(256, Math.max(n, valSet?.count ?? 0)));

  const history: EpochRecord[] = [];
  let stopReason: TrainingResult['stopReason'] = 'completed';
  let best = Infinity;
  let bestEpoch = -1;
  let sinceBest = 0;
  let bestWeights: Float32Array[] | null = null;
  const exploding = new ExplodingWeightsDetector(explodeAt);
  const plateau = new PlateauDetector(plateauPatience, plateauMinDelta);
  let samplesSeen = 0;

  const nonFinite = (epoch: number, step: number | undefined, lossValue: number): boolean => {
    const bad = findNonFiniteWeight(model);
    const code = Number.isFinite(lossValue) ? 'CORE_ERR_NON_FINITE_WEIGHTS' : 'CORE_ERR_NON_FINITE_LOSS';
    const where = step === undefined ? `epoch ${epoch}` : `epoch ${epoch}, step ${step}`;
    const weightText = bad ? `; first non-finite parameter: layers[${bad.layer}].${bad.param}[${bad.index}]` : '';
    const message = `${code === 'CORE_ERR_NON_FINITE_LOSS' ? `loss became ${lossValue}` : 'a weight became non-finite'} at ${where}${weightText}. The weights exploded: lower the learning rate, set weightClip or gradientClipNorm, or check the inputs for outliers and scaling`;
    const details: Record<string, number | string | number[]> = { loss: String(lossValue) };
    if (bad) details.layer = bad.layer;
    emit({ code, severity: 'error', epoch, ...(step === undefined ? {} : { step }), message, details });
    if (onNonFinite === 'throw') {
      throw new TrainingError(code, message, { epoch, ...(step === undefined ? {} : { step }), history: [...history], diagnostics: [...diagnostics] });
    }
    stopReason = 'non_finite';
    return true;
  };

  epochLoop: for (let epoch = 0; epoch < epochs; epoch++) {
    if (shuffle) shuffleInPlace(order, rng);
    let lossSum = 0;
    let correct = 0;
    let errorSum = 0;
    for (let bi = 0; bi < batches; bi++) {
      const start = bi * batchSize;
      const b = Math.min(batchSize, n - start);
      for (let s = 0; s < b; s++) {
        const src = order[start + s]!;
        const xo = src * inSize;
        const yo = src * outSize;
        for (let i = 0; i < inSize; i++) xb[s * inSize + i] = tin[xo + i]!;
        for (let j = 0; j < outSize; j++) yb[s * outSize + j] = tout[yo + j]!;
      }
      const l = trainer.step(xb, yb, b);
      samplesSeen += b;
      // The loss is computed before the update, so also check the updated parameters: a weight that
      // overflows to Infinity (or NaN) is reported at the step that produced it, not one step later.
      if (!Number.isFinite(l) || !paramsFinite(trainer.params)) {
        if (nonFinite(epoch, bi, l)) break epochLoop;
      }
      lossSum += l * b;
      correct += trainer.lastCorrect;
      errorSum += trainer.lastErrorSum;
      options.onBatchEnd?.({ epoch, epochs, batch: bi, batches, loss: l, samplesSeen });
    }
    const maw = maxAbsWeight(model);
    if (!Number.isFinite(maw)) {
      if (nonFinite(epoch, undefined, lossSum / n)) break;
    }
    const record: EpochRecord = { epoch, loss: lossSum / n, accuracy: correct / n, errorSum, maxAbsWeight: maw };
    if (valSet) {
      const ev = evaluatePacked(model, valSet, loss, fwd);
      record.valLoss = ev.loss;
      record.valAccuracy = ev.accuracy;
    }
    history.push(record);

    // Diagnostics at the end of the epoch.
    const explodingWarning = exploding.check(maw, epoch);
    if (explodingWarning) emit(explodingWarning);
    const validationMonitored = monitor === 'val_loss' && record.valLoss !== undefined;
    const plateauWarning = plateau.check(validationMonitored ? record.valLoss! : record.loss, epoch, monitor === 'val_loss');
    if (plateauWarning) emit(plateauWarning);
    if (deadReluSamples > 0) for (const d of checkDeadRelu(model, trainSet, fwd, deadReluSamples, epoch)) emit(d);

    // Early stopping bookkeeping.
    const value = monitor === 'val_loss' ? record.valLoss! : record.loss;
    if (value < best - (es?.minDelta ?? 0)) {
      best = value;
      bestEpoch = epoch;
      sinceBest = 0;
      if (es && restoreBest) {
        if (bestWeights === null) bestWeights = trainer.params.map((p) => new Float32Array(p));
        else trainer.params.forEach((p, i) => bestWeights![i]!.set(p));
      }
    } else {
      sinceBest++;
    }
    if (options.onEpochEnd?.(record) === 'stop') {
      stopReason = 'callback';
      break;
    }
    if (es && sinceBest > 0 && sinceBest >= es.patience) {
      stopReason = 'early_stopping';
      break;
    }
  }
  if (es && restoreBest && bestWeights !== null && (stopReason as TrainingResult['stopReason']) !== 'non_finite') {
    trainer.params.forEach((p, i) => p.set(bestWeights![i]!));
  }
  return {
    history,
    diagnostics,
    stopReason,
    epochsRun: history.length,
    bestEpoch,
    trainSamples: n,
    validationSamples: valSet?.count ?? 0,
  };
}
