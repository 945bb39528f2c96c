export type { QuantizerErrorCode, QuantizerErrorOptions } from './errors.js';
export { QuantizerError, QModelFormatError, QUANTIZER_ERROR_CODES, isQuantizerError } from './errors.js';
export { roundHalfAwayFromZero } from './rounding.js';
export type { QRounding } from './fixed-point.js';
export {
  saturatingRoundingDoublingHighMul,
  roundingDivideByPOT,
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierSingleRounding,
  requantizeWithRounding,
} from './fixed-point.js';
export type { QuantizedMultiplier } from './quantize-multiplier.js';
export { quantizeMultiplier, frexp, fullyConnectedRealMultiplier } from './quantize-multiplier.js';
export type { FullyConnectedParams } from './fully-connected-params.js';
export { validateFullyConnected } from './validate-fully-connected.js';
export { fullyConnectedInt8 } from './fully-connected.js';
export { quantizeValueInt8, dequantizeValue } from './quantize-input.js';
export type { QActivation } from './activation-bounds.js';
export { activationBounds } from './activation-bounds.js';
export type { InputPipeline, SensorRecording } from './input-pipeline.js';
export { extractFeatures, validatePipeline, pipelineInputSize } from './input-pipeline.js';
export type { QModel, QLayer, QModelDocument, QLayerDocument, QTensorParams, QModelVersion } from './qmodel.js';
export { loadQModel, qmodelToDocument, fullyConnectedParamsOf, QMODEL_FORMAT, QMODEL_VERSION } from './qmodel.js';
export type { QRunner, QPrediction, QRunnerOptions, QKernels } from './q-runner.js';
export { int8SimdAvailable } from './fc-int8-simd.js';
export { createQRunner, argmaxInt8 } from './q-runner.js';
export { preprocessSoftmaxScaling, calculateInputRadius } from './softmax-scaling.js';
