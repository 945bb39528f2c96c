/** Stable error codes of the emulator. Each is documented in the package README. */
export type EmulatorErrorCode =
  | 'EMU_ERR_UNSUPPORTED_RATE'
  | 'EMU_ERR_UNSUPPORTED_RANGE'
  | 'EMU_ERR_INVALID_OPTION'
  | 'EMU_ERR_UNKNOWN_GESTURE'
  | 'EMU_ERR_INVALID_MODEL'
  | 'EMU_ERR_MODEL_TOO_LARGE'
  | 'EMU_ERR_NO_MODEL'
  | 'EMU_ERR_BUSY'
  | 'EMU_ERR_NOT_VIRTUAL_CLOCK'
  | 'EMU_ERR_TOO_MANY_BOARDS'
  | 'EMU_ERR_UNKNOWN_BOARD'
  | 'EMU_ERR_PORT_IN_USE'
  | 'EMU_ERR_FRAME_TOO_LARGE'
  | 'EMU_ERR_BINARY_NOT_ACCEPTED';

/** The one base error of the emulator: a stable `code` and, when known, the offending `field`. */
export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: EmulatorErrorCode, message: string, field?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'EmulatorError';
    this.code = code;
    this.field = field;
    this.details = details;
  }
}
