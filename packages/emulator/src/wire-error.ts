import { errorMessage, isProtocolError, toErrorMessage } from '@tinyspark/protocol';
import type { ErrorMessage, RequestId, WireErrorCode } from '@tinyspark/protocol';
import { EmulatorError } from './errors.js';
import type { EmulatorErrorCode } from './errors.js';

/** The wire code (protocol v1) each emulator error code is answered with. */
export const EMU_TO_WIRE: Readonly<Partial<Record<EmulatorErrorCode, WireErrorCode>>> = {
  EMU_ERR_UNSUPPORTED_RATE: 'UNSUPPORTED_RATE',
  EMU_ERR_UNSUPPORTED_RANGE: 'UNSUPPORTED_RANGE',
  EMU_ERR_INVALID_OPTION: 'BAD_FIELD',
  EMU_ERR_UNKNOWN_GESTURE: 'UNKNOWN_GESTURE',
  EMU_ERR_INVALID_MODEL: 'MODEL_INVALID',
  EMU_ERR_MODEL_TOO_LARGE: 'MODEL_TOO_LARGE',
  EMU_ERR_NO_MODEL: 'NO_MODEL',
  EMU_ERR_BUSY: 'BUSY',
  EMU_ERR_NOT_VIRTUAL_CLOCK: 'NOT_SUPPORTED',
  EMU_ERR_TOO_MANY_BOARDS: 'LIMIT_EXCEEDED',
  EMU_ERR_FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  EMU_ERR_BINARY_NOT_ACCEPTED: 'BAD_FRAME',
  EMU_ERR_BAD_RECORDING: 'BAD_FIELD',
  EMU_ERR_UNKNOWN_UNIT: 'BAD_FIELD',
  EMU_ERR_RECORDING_TOO_LONG: 'LIMIT_EXCEEDED',
  EMU_ERR_BAD_GESTURE_FILE: 'BAD_FIELD',
  EMU_ERR_TOO_MANY_GESTURES: 'LIMIT_EXCEEDED',
};

/** Builds the `error` message for anything a request handler threw. */
export function toWireError(e: unknown, id: RequestId | null): ErrorMessage {
  if (e instanceof EmulatorError) {
    return errorMessage(id, EMU_TO_WIRE[e.code] ?? 'INTERNAL', e.message, {
      ...(e.field !== undefined ? { field: e.field } : {}),
      ...(e.supported !== undefined ? { supported: [...e.supported] } : {}),
    });
  }
  if (isProtocolError(e)) return toErrorMessage(e, id);
  return errorMessage(id, 'INTERNAL', e instanceof Error ? e.message : String(e));
}
