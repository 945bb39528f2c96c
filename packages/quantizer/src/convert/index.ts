export type { ActivationParams } from './activation-params.js';
export { chooseActivationParams } from './activation-params.js';
export type { QuantizedWeights } from './weight-quantization.js';
export { quantizeWeightsSymmetric, quantizeBias } from './weight-quantization.js';
export type { CalibrationForward, CalibrationRanges, LayerTap } from './calibrate.js';
export { calibrate } from './calibrate.js';
export type { ConvertOptions, ConvertResult, ConvertWarning, FloatModelSource } from './convert-model.js';
export { convertModel } from './convert-model.js';
