/** Base class of every error thrown by @tinyspark/quantizer. `code` is stable; `field` names the offending input. */
export class QuantizerError extends Error {
  readonly code: string;
  readonly field: string;

  constructor(code: string, field: string, message: string) {
    super(`${code}: ${field}: ${message}`);
    this.name = 'QuantizerError';
    this.code = code;
    this.field = field;
  }
}

/** A quantized model document (tinyspark.qmodel) that does not validate. */
export class QModelFormatError extends QuantizerError {
  constructor(code: string, field: string, message: string) {
    super(code, field, message);
    this.name = 'QModelFormatError';
  }
}
