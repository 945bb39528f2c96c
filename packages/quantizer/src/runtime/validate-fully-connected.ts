import { QuantizerError } from './errors.js';
import type { FullyConnectedParams } from './fully-connected-params.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function integerIn(v: unknown, lo: number, hi: number, field: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be an integer in [${lo}, ${hi}], got ${String(v)}`, { field });
  }
}

function perChannel(v: number | ArrayLike<number>, outputDepth: number, lo: number, hi: number, field: string): void {
  if (typeof v === 'number') {
    integerIn(v, lo, hi, field);
    return;
  }
  if (v.length !== 1 && v.length !== outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `needs 1 or ${outputDepth} entries, got ${v.length}`, { field });
  }
  for (let c = 0; c < v.length; c++) integerIn(v[c], lo, hi, `${field}[${c}]`);
}

/**
 * Every check of an int8 FULLY_CONNECTED layer, done once, as TFLite Micro's Prepare does: positive
 * integer depths, weights of outputDepth*inputDepth values, bias null or one int32 per unit,
 * multipliers and shifts (1 or outputDepth entries, int32 and [-31, 30]), integer offsets and
 * activation bounds in int8 with min <= max, rounding 'double' or 'single' (single: multipliers >= 0). `prefix` names the parameter set in errors
 * (`params.outputShift[2]`, `layers[1].inputDepth`). Called by prepareFullyConnectedInt8 (so by
 * createQRunner) and by loadQModel; the eval kernels then check only what their loops index.
 */
export function validateFullyConnected(params: FullyConnectedParams, weights: ArrayLike<number>, bias: ArrayLike<number> | null, prefix = 'params'): void {
  const { inputDepth, outputDepth } = params;
  integerIn(inputDepth, 1, 65535, `${prefix}.inputDepth`);
  integerIn(outputDepth, 1, 65535, `${prefix}.outputDepth`);
  if (weights.length !== inputDepth * outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `needs ${inputDepth * outputDepth} values, got ${weights.length}`, { field: 'weights' });
  }
  if (bias !== null && bias.length !== outputDepth) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `needs ${outputDepth} values, got ${bias.length}`, { field: 'bias' });
  }
  perChannel(params.outputMultiplier, outputDepth, INT32_MIN, INT32_MAX, `${prefix}.outputMultiplier`);
  perChannel(params.outputShift, outputDepth, -31, 30, `${prefix}.outputShift`);
  const rounding = params.rounding ?? 'double';
  if (rounding !== 'double' && rounding !== 'single') {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be "double" or "single", got ${JSON.stringify(rounding)}`, { field: `${prefix}.rounding` });
  }
  // TFLITE_SINGLE_ROUNDING requires a non-negative multiplier (DCHECK in MultiplyByQuantizedMultiplier)
  if (rounding === 'single') perChannel(params.outputMultiplier, outputDepth, 0, INT32_MAX, `${prefix}.outputMultiplier`);
  integerIn(params.inputOffset, INT32_MIN, INT32_MAX, `${prefix}.inputOffset`);
  integerIn(params.filterOffset, INT32_MIN, INT32_MAX, `${prefix}.filterOffset`);
  integerIn(params.outputOffset, INT32_MIN, INT32_MAX, `${prefix}.outputOffset`);
  integerIn(params.activationMin, -128, 127, `${prefix}.activationMin`);
  integerIn(params.activationMax, params.activationMin, 127, `${prefix}.activationMax`);
}
