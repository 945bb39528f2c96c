import type { LoadedModel } from '@tinyspark/core';
import type { CheckReport } from '@tinyspark/quantizer/check';
import { checkDeployment } from '@tinyspark/quantizer/check';
import type { CalibrationForward, ConvertResult } from '@tinyspark/quantizer/convert';
import { convertModel } from '@tinyspark/quantizer/convert';
import type { QRounding } from '@tinyspark/quantizer/runtime';
import { StudioError } from '../errors.js';
import type { Examples } from './examples.js';

/**
 * Post-training quantization with a calibration set, then the deployment check on `checkSet`.
 * `options.forward`: the calibration forward pass (default 'tinyspark', core's float32 order; 'tflite'
 * TF's converter's); `options.rounding`: the qmodel's requantization rounding (default 'double').
 */
export function quantizeAndCheck(
  loaded: LoadedModel,
  calibration: Examples,
  checkSet: Examples,
  perChannel: boolean,
  source: Record<string, unknown>,
  options: { forward?: CalibrationForward; rounding?: QRounding } = {},
): { converted: ConvertResult; report: CheckReport } {
  let converted: ConvertResult;
  try {
    converted = convertModel({ model: loaded.model, labels: loaded.labels, pipeline: loaded.pipeline }, { calibration: { inputs: calibration.inputs, forward: options.forward ?? 'tinyspark' }, perChannel, source, rounding: options.rounding ?? 'double' });
  } catch (err) {
    const e = err as { message?: string; code?: string; field?: string };
    throw new StudioError('STUDIO_ERR_QUANTIZE_FAILED', `quantize: ${e.message ?? String(err)}${e.code ? ` (${e.code}${e.field ? `, field ${e.field}` : ''})` : ''}`, { field: e.field ?? 'model', cause: err });
  }
  const report = checkDeployment(loaded, converted.qmodel, { inputs: checkSet.inputs, targets: checkSet.classes, convertWarnings: converted.warnings });
  return { converted, report };
}
