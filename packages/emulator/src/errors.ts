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
  | 'EMU_ERR_LISTEN_FAILED'
  | 'EMU_ERR_FRAME_TOO_LARGE'
  | 'EMU_ERR_BINARY_NOT_ACCEPTED'
  | 'EMU_ERR_BAD_RECORDING'
  | 'EMU_ERR_UNKNOWN_UNIT'
  | 'EMU_ERR_RECORDING_TOO_LONG'
  | 'EMU_ERR_BAD_GESTURE_FILE'
  | 'EMU_ERR_TOO_MANY_GESTURES'
  | 'EMU_ERR_IO';

/** What an {@link EmulatorError} carries besides its code and text. */
export interface EmulatorErrorOptions {
  /** The offending option, flag or request field (`durationMs`, `limits.maxBoards`, `--port`). */
  readonly field?: string;
  /** The underlying cause, if any. */
  readonly cause?: unknown;
  /** For unsupported values: the values that are supported (sent in the wire error's `supported`). */
  readonly supported?: readonly (number | string)[];
}

/**
 * The one error class of the emulator: a stable `code`, the offending `field` when known, and a
 * message `[emulator] CODE: field: text` (`[emulator] CODE: text` without a field).
 */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';
  readonly code: EmulatorErrorCode;
  readonly field: string | undefined;
  readonly supported: readonly (number | string)[] | undefined;
  /** The message without the `[emulator] CODE: field:` prefix. */
  readonly detail: string;

  constructor(code: EmulatorErrorCode, message: string, options?: EmulatorErrorOptions);
  /** @deprecated positional form kept for the motion modules: use `{ field, cause, supported }`. */
  constructor(code: EmulatorErrorCode, message: string, field: string | undefined, details?: { supported?: readonly (number | string)[]; cause?: unknown });
  constructor(
    code: EmulatorErrorCode,
    message: string,
    options: EmulatorErrorOptions | string | undefined = {},
    details: { supported?: readonly (number | string)[]; cause?: unknown } = {},
  ) {
    const o: EmulatorErrorOptions = typeof options === 'string' || options === undefined ? { field: options, ...details } : options;
    const field = o.field;
    // a text that starts with its own field ("durationMs: must be ...") is not prefixed twice
    const detail = field !== undefined && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    super(field === undefined ? `[emulator] ${code}: ${detail}` : `[emulator] ${code}: ${field}: ${detail}`, o.cause === undefined ? undefined : { cause: o.cause });
    this.code = code;
    this.field = field;
    this.supported = o.supported;
    this.detail = detail;
  }
}
