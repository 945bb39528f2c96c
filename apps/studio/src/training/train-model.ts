import type { Activation, Diagnostic, EpochRecord, InitKind, Model, ModelDocument, OptimizerSpec, TrainingResult } from '@tinyspark/core';
import { createModel, createRng, modelToDocument, train, TrainingError } from '@tinyspark/core';
import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import { StudioError } from '../errors.js';
import type { ProgressBar } from '../render/progress-bar.js';
import type { Examples } from './examples.js';

export interface TrainSettings {
  hidden: number[];
  activation: Activation;
  epochs: number;
  learningRate: number;
  batchSize: number;
  optimizer: 'sgd' | 'momentum' | 'adam';
  seed: number;
  /** Stop when the validation loss has not improved for this many epochs (0: never), keeping the best weights. */
  patience: number;
  /** Output layer: softmax + cross-entropy (default), or linear + mse (the course's network). */
  output?: 'softmax' | 'linear';
  /** Biases in every layer (default true; the course's network has none). */
  useBias?: boolean;
  /** Weight initialisation (default he for relu, else glorot; the course: uniform1). */
  init?: InitKind;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  hidden: [32, 16],
  activation: 'relu',
  epochs: 60,
  learningRate: 0.003,
  batchSize: 32,
  optimizer: 'adam',
  seed: 1,
  patience: 15,
};

export interface TrainedModel {
  model: Model;
  result: TrainingResult;
  document: ModelDocument;
}

/** The engine's diagnostics in plain words (the message is the engine's; the code is kept for scripts). */
export function describeDiagnostic(d: Diagnostic): string {
  const when = d.epoch < 0 ? 'before training' : `epoch ${d.epoch + 1}${d.step !== undefined ? `, step ${d.step + 1}` : ''}`;
  return `${d.severity === 'error' ? 'problem' : 'note'} (${when}): ${d.message} [${d.code}]`;
}

function optimizerSpec(s: TrainSettings): OptimizerSpec {
  if (s.optimizer === 'adam') return { type: 'adam', learningRate: s.learningRate };
  if (s.optimizer === 'momentum') return { type: 'momentum', learningRate: s.learningRate, momentum: 0.9 };
  return { type: 'sgd', learningRate: s.learningRate };
}

/**
 * Builds a softmax classifier (hidden layers + one unit per label) and trains it with the engine.
 * The validation set is data the model does not train on (e.g. a held-out person).
 */
export function trainClassifier(
  labels: string[],
  pipeline: InputPipeline,
  trainSet: Examples,
  validation: Examples | undefined,
  s: TrainSettings,
  hooks: { bar?: ProgressBar; onDiagnostic?: (d: Diagnostic) => void } = {},
): TrainedModel {
  const inputSize = trainSet.inputs[0]?.length ?? 0;
  const output: Activation = s.output ?? 'softmax';
  const loss = output === 'softmax' ? 'categorical_crossentropy' : 'mse';
  const model = createModel(
    {
      inputSize,
      layers: [
        ...s.hidden.map((units) => ({ units, activation: s.activation, useBias: s.useBias ?? true })),
        { units: labels.length, activation: output, useBias: s.useBias ?? true },
      ],
    },
    { rng: createRng(s.seed), init: s.init ?? (s.activation === 'relu' ? 'he' : 'glorot') },
  );
  let result: TrainingResult;
  try {
    result = train(model, { inputs: trainSet.inputs, targets: trainSet.targets }, {
      epochs: s.epochs,
      batchSize: Math.min(s.batchSize, trainSet.inputs.length),
      optimizer: optimizerSpec(s),
      loss,
      seed: s.seed,
      shuffle: true,
      ...(validation !== undefined && validation.inputs.length > 0 ? { validationData: { inputs: validation.inputs, targets: validation.targets } } : {}),
      ...(s.patience > 0 ? { earlyStopping: { patience: s.patience, restoreBestWeights: true } } : {}),
      onNonFinite: 'stop',
      onEpochEnd: (r: EpochRecord) => {
        const val = r.valAccuracy !== undefined ? `  val loss ${r.valLoss?.toFixed(4)} acc ${(r.valAccuracy * 100).toFixed(1)}%` : '';
        hooks.bar?.update(r.epoch + 1, `loss ${r.loss.toFixed(4)} acc ${(r.accuracy * 100).toFixed(1)}%${val}`);
      },
      ...(hooks.onDiagnostic !== undefined ? { onDiagnostic: hooks.onDiagnostic } : {}),
    });
  } catch (err) {
    if (err instanceof TrainingError) {
      throw new StudioError('STUDIO_ERR_TRAINING_FAILED', `training failed: ${err.message}. Try a smaller --lr, or check the data with \`tinyspark dataset check\``, { cause: err });
    }
    throw err;
  }
  if (result.stopReason === 'non_finite') {
    throw new StudioError('STUDIO_ERR_TRAINING_FAILED', `training diverged (the loss or a weight became NaN/infinite at epoch ${result.epochsRun}): lower the learning rate (--lr), or look for outliers with \`tinyspark dataset check\``);
  }
  const last = result.history[result.history.length - 1];
  const document = modelToDocument(model, {
    labels,
    pipeline,
    loss,
    training: {
      seed: s.seed,
      epochs: result.epochsRun,
      bestEpoch: result.bestEpoch + 1,
      stopReason: result.stopReason,
      optimizer: s.optimizer,
      learningRate: s.learningRate,
      batchSize: s.batchSize,
      hidden: s.hidden,
      activation: s.activation,
      trainSamples: result.trainSamples,
      validationSamples: result.validationSamples,
      finalLoss: last?.loss ?? null,
      finalValLoss: last?.valLoss ?? null,
      finalValAccuracy: last?.valAccuracy ?? null,
    },
  });
  return { model, result, document };
}
