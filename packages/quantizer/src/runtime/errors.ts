/** Stable codes of {@link QuantizerError}. Each is listed in the package README. */
export const QUANTIZER_ERROR_CODES = [
  'QUANT_ERR_ACCUMULATOR_OVERFLOW',
  'QUANT_ERR_ACTIVATION_BOUNDS',
  'QUANT_ERR_AXIS_MISSING',
  'QUANT_ERR_CHAIN_MISMATCH',
  'QUANT_ERR_EMPTY_CALIBRATION',
  'QUANT_ERR_EMPTY_DATASET',
  'QUANT_ERR_EMPTY_RECORDING',
  'QUANT_ERR_INTEGER_RANGE',
  'QUANT_ERR_INVALID_ARGUMENT',
  'QUANT_ERR_INVALID_DOCUMENT',
  'QUANT_ERR_INVALID_FIELD',
  'QUANT_ERR_INVALID_PIPELINE',
  'QUANT_ERR_MULTIPLIER_MISMATCH',
  'QUANT_ERR_MULTIPLIER_OUT_OF_RANGE',
  'QUANT_ERR_NON_FINITE_CALIBRATION',
  'QUANT_ERR_NON_FINITE_MULTIPLIER',
  'QUANT_ERR_SCALE_NOT_POSITIVE',
  'QUANT_ERR_SHAPE_MISMATCH',
  'QUANT_ERR_UNSUPPORTED_ACTIVATION',
  'QUANT_ERR_UNSUPPORTED_LAYER',
  'QUANT_ERR_UNSUPPORTED_VERSION',
  // .tflite flatbuffers (tflite/)
  'QUANT_ERR_TFLITE_TRUNCATED',
  'QUANT_ERR_TFLITE_IDENTIFIER',
  'QUANT_ERR_TFLITE_UNSUPPORTED_OP',
  'QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR',
  'QUANT_ERR_TFLITE_GRAPH',
  'QUANT_ERR_WEIGHT_ZERO_POINT',
] as const;

/** One of {@link QUANTIZER_ERROR_CODES}. */
export type QuantizerErrorCode = (typeof QUANTIZER_ERROR_CODES)[number];

/** What a {@link QuantizerError} carries besides its code and text. */
export interface QuantizerErrorOptions {
  /** The offending input as a path (`layers[1].outputShift[0]`, `params.inputDepth`). */
  readonly field?: string;
  /** The underlying cause, if any. */
  readonly cause?: unknown;
}

/**
 * The error class of @tinyspark/quantizer: `(code, message, { field, cause })`, a stable `code`,
 * the offending `field` when known, and the message `[quantizer] CODE: field: text`
 * (`[quantizer] CODE: text` without a field).
 */
export class QuantizerError extends Error {
  override name = 'QuantizerError';
  readonly code: QuantizerErrorCode;
  readonly field: string | undefined;
  /** The message without the `[quantizer] CODE: field:` prefix. */
  readonly detail: string;

  constructor(code: QuantizerErrorCode, message: string, options: QuantizerErrorOptions = {}) {
    const { field } = options;
    super(field === undefined ? `[quantizer] ${code}: ${message}` : `[quantizer] ${code}: ${field}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = field;
    this.detail = message;
  }
}

/** A quantized model document (tinyspark.qmodel, or a .tflite file read into one) that does not validate. */
export class QModelFormatError extends QuantizerError {
  override name = 'QModelFormatError';
}

/** True when `value` is a {@link QuantizerError}, optionally with the given code. */
export function isQuantizerError(value: unknown, code?: QuantizerErrorCode): value is QuantizerError {
  return value instanceof QuantizerError && (code === undefined || value.code === code);
}
