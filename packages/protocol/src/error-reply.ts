import type { ErrorMessage, RequestId } from './messages.js';
import { ProtocolError } from './protocol-error.js';
import type { WireErrorCode } from './wire-error-codes.js';

/**
 * Builds the `error` message a board sends for `error` (a {@link ProtocolError} from validating a
 * host frame keeps its field and the request id it read; anything else becomes INTERNAL).
 *
 * @example
 * try { validateHostMessage(json) } catch (e) { socket.send(JSON.stringify(toErrorMessage(e))) }
 */
export function toErrorMessage(error: unknown, id: RequestId | null = null): ErrorMessage {
  if (error instanceof ProtocolError) {
    const message: { -readonly [K in keyof ErrorMessage]: ErrorMessage[K] } = {
      type: 'error',
      id: error.requestId ?? id,
      code: error.wireCode,
      message: error.message,
    };
    if (error.field !== undefined) message.field = error.field;
    if (error.supported !== undefined) message.supported = error.supported;
    return message;
  }
  return { type: 'error', id, code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Builds an `error` message from its parts (a board's own errors, e.g. UNSUPPORTED_RATE). */
export function errorMessage(
  id: RequestId | null,
  code: WireErrorCode,
  message: string,
  extra: { readonly field?: string; readonly supported?: readonly (number | string)[] } = {},
): ErrorMessage {
  return { type: 'error', id, code, message, ...extra };
}
