import { EmulatorError } from '../errors.js';
import type { EmulatorErrorCode } from '../errors.js';

/**
 * Exit codes shared by both CLIs (`tinyspark`, `tinyspark-emulator`): one code per kind of failure.
 */
export const EXIT = {
  /** Ran and stopped cleanly (SIGINT / SIGTERM is how a server is stopped). */
  ok: 0,
  /** The job ran and failed, or an internal error. */
  failure: 1,
  /** Bad flags or flag values (`--prot`, `--port 70000`, a non-loopback `--host` without a token). */
  usage: 2,
  /** Bad input data. */
  badInput: 3,
  /** Board or network: the port is in use, the address cannot be bound. */
  network: 4,
  /** File system. */
  io: 5,
  /** Interrupted: a second SIGINT / SIGTERM while shutting down. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_CODE: Partial<Record<EmulatorErrorCode, ExitCode>> = {
  EMU_ERR_INVALID_OPTION: EXIT.usage,
  EMU_ERR_TOO_MANY_BOARDS: EXIT.usage,
  EMU_ERR_PORT_IN_USE: EXIT.network,
  EMU_ERR_LISTEN_FAILED: EXIT.network,
  EMU_ERR_BAD_GESTURE_FILE: EXIT.badInput,
  EMU_ERR_TOO_MANY_GESTURES: EXIT.usage,
  EMU_ERR_IO: EXIT.io,
};

/** The exit code of an error that stopped the CLI (1 for anything it does not know). */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof EmulatorError) return BY_CODE[error.code] ?? EXIT.failure;
  return EXIT.failure;
}
