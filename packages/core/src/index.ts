// Public API of @tinyspark/core (see README.md and docs/architecture.md section 1).
export { CoreError, ModelFormatError, TfjsModelError, TrainingError, type CoreErrorCode, type CoreErrorOptions } from './errors.js';
export { createRng, shuffleInPlace, type Rng, type SeededRng } from './rng.js';
export { ACTIVATIONS, isActivation, type Activation } from './activation.js';
export { DenseLayer, type DenseLayerInit } from './dense-layer.js';
export { Model, argmax } from './model.js';
export { createModel, type CreateModelOptions, type ModelSpec } from './create-model.js';
export { INIT_KINDS, initLimit, initializeLayer, type InitKind } from './init.js';
export { forwardTrace, type ForwardTrace } from './forward-trace.js';
export { LOSSES, isLoss, sampleLoss, type Loss } from './loss.js';
export { Optimizer, type OptimizerSpec } from './optimizer.js';
export { createTrainer, defaultLoss, type Trainer, type TrainerKernels, type TrainerOptions } from './trainer.js';
export { wasmSimdAvailable } from './kernels/wasm/dense-simd.js';
export {
  train,
  type BatchProgress,
  type EarlyStoppingOptions,
  type EpochRecord,
  type TrainOptions,
  type TrainingResult,
} from './train.js';
export { type Dataset } from './dataset.js';
export { augmentRecordings, augmentValues, resolveAugmentOptions, type AugmentOptions, type AugmentableRecording } from './augment.js';
export { evaluate, type Evaluation } from './evaluate.js';
export { accuracy, classificationReport, confusionMatrix, type ClassReport, type ClassificationReport } from './metrics.js';
export { maxAbsWeight, type Diagnostic, type DiagnosticCode, type DiagnosticOptions } from './diagnostics.js';
export {
  COURSE_PROXIMITY_PIPELINE,
  pipelineInputSize,
  validatePipeline,
  type InputPipeline,
  type ReadonlyInputPipeline,
} from './pipeline.js';
export {
  MODEL_FORMAT,
  MODEL_VERSION,
  modelFromDocument,
  modelToDocument,
  shortestFloat32,
  type DenseLayerDocument,
  type JsonValue,
  type LoadedModel,
  type ModelDocument,
  type ModelMeta,
} from './model-document.js';
export { explainStep, type ExplainOptions, type ExplainedLayer, type Explanation } from './explain-step.js';
export { renderExplanation, type RenderOptions } from './render-explanation.js';
export {
  TFJS_LAYERS_VERSION,
  TFJS_WEIGHTS_FILE,
  fromTfjsLayersModel,
  toTfjsLayersModel,
  type TfjsJson,
  type TfjsLayerJson,
  type TfjsLayersModelExport,
  type TfjsModelJson,
  type TfjsWeightBytes,
  type TfjsWeightSpec,
  type TfjsWeightsGroup,
  type ToTfjsOptions,
} from './tfjs-layers-model.js';
export const VERSION = '0.1.0';
