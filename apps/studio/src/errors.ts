/** Exit codes of the `tinyspark` CLI (documented in the README). */
export const EXIT = {
  ok: 0,
  /** The job ran and failed (training diverged, check found errors, accuracy below the bar). */
  failure: 1,
  /** The command line is wrong (unknown command, missing or malformed option). */
  usage: 2,
  /** Input data is wrong (a dataset, model or CSV that does not parse or does not match). */
  badInput: 3,
  /** The board or the network failed (unreachable URL, disconnect, protocol error, port in use). */
  board: 4,
  /** The file system failed (cannot read or write an output). */
  io: 5,
  /** Interrupted by the user (Ctrl-C); what was finished is kept. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every stable error code of the studio, with the exit code it maps to. */
export const STUDIO_ERROR_CODES = {
  STUDIO_ERR_USAGE: EXIT.usage,
  STUDIO_ERR_UNKNOWN_COMMAND: EXIT.usage,
  STUDIO_ERR_MISSING_OPTION: EXIT.usage,
  STUDIO_ERR_BAD_OPTION: EXIT.usage,
  STUDIO_ERR_BAD_LABEL: EXIT.usage,
  STUDIO_ERR_DATASET_NOT_FOUND: EXIT.badInput,
  STUDIO_ERR_DATASET_EMPTY: EXIT.badInput,
  STUDIO_ERR_RECORDING_PARSE: EXIT.badInput,
  STUDIO_ERR_MANIFEST: EXIT.badInput,
  STUDIO_ERR_CSV: EXIT.badInput,
  STUDIO_ERR_MODEL_FORMAT: EXIT.badInput,
  STUDIO_ERR_PIPELINE_MISMATCH: EXIT.badInput,
  STUDIO_ERR_UNKNOWN_LABEL: EXIT.badInput,
  STUDIO_ERR_INPUT_SIZE: EXIT.badInput,
  STUDIO_ERR_FILE_NOT_FOUND: EXIT.badInput,
  STUDIO_ERR_UNSAFE_PATH: EXIT.badInput,
  STUDIO_ERR_SAME_FOLDER: EXIT.usage,
  STUDIO_ERR_FORMAT_VERSION: EXIT.badInput,
  STUDIO_ERR_GESTURE_FILE: EXIT.badInput,
  STUDIO_ERR_TRAINING_FAILED: EXIT.failure,
  STUDIO_ERR_QUANTIZE_FAILED: EXIT.failure,
  STUDIO_ERR_BOARD_UNREACHABLE: EXIT.board,
  STUDIO_ERR_UNKNOWN_BOARD: EXIT.board,
  STUDIO_ERR_BOARD: EXIT.board,
  STUDIO_ERR_DISCONNECTED: EXIT.board,
  STUDIO_ERR_PORT_IN_USE: EXIT.board,
  STUDIO_ERR_IO: EXIT.io,
  STUDIO_ERR_INTERRUPTED: EXIT.interrupted,
  STUDIO_ERR_INTERNAL: EXIT.failure,
} as const;

export type StudioErrorCode = keyof typeof STUDIO_ERROR_CODES;

/**
 * The one error class of the studio. `message` says what is wrong and what to do;
 * `field` names the offending option, file or JSON field when there is one.
 */
export class StudioError extends Error {
  readonly code: StudioErrorCode;
  readonly field: string | undefined;
  readonly exitCode: number;

  constructor(code: StudioErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StudioError';
    this.code = code;
    this.field = options.field;
    this.exitCode = STUDIO_ERROR_CODES[code];
  }
}

/** Turns anything thrown into a StudioError, keeping typed errors of the other packages readable. */
export function toStudioError(err: unknown): StudioError {
  if (err instanceof StudioError) return err;
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const field = (err as { field?: unknown }).field;
    const tag = typeof code === 'string' ? ` (${code}${typeof field === 'string' ? `, field ${field}` : ''})` : '';
    if (typeof code === 'string' && /^(CORE_ERR_MODEL|QUANT_ERR_QMODEL|QUANT_ERR_FORMAT|MODEL_FORMAT)/.test(code)) {
      return new StudioError('STUDIO_ERR_MODEL_FORMAT', `${err.message}${tag}`, { cause: err });
    }
    if (typeof code === 'string' && (code === 'EADDRINUSE' || code === 'EMU_ERR_PORT_IN_USE')) {
      return new StudioError('STUDIO_ERR_PORT_IN_USE', `${err.message}: choose another --port, or stop the program using it`, { cause: err });
    }
    if (typeof code === 'string' && (code === 'ECONNREFUSED' || code === 'ENOTFOUND')) {
      return new StudioError('STUDIO_ERR_BOARD_UNREACHABLE', `${err.message}: is the board (or \`tinyspark emulator\`) running at that URL?`, { cause: err });
    }
    if (typeof code === 'string' && /^PROTO_ERR|^EMU_ERR/.test(code)) {
      return new StudioError('STUDIO_ERR_BOARD', `${err.message}${tag}`, { cause: err });
    }
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      return new StudioError('STUDIO_ERR_IO', `${err.message}`, { cause: err });
    }
    return new StudioError('STUDIO_ERR_INTERNAL', `${err.message}${tag}`, { cause: err });
  }
  return new StudioError('STUDIO_ERR_INTERNAL', String(err));
}
