import type { ErrorMessage, RequestId } from './messages.js';
import { ProtocolError } from './protocol-error.js';
import type { WireErrorCode } from './wire-error-codes.js';

/** Longest `message` of an error reply, in characters (well under `maxStringLength` 1024). */
export const MAX_ERROR_MESSAGE_CHARS = 512;
/** Longest `field` of an error reply, in characters. */
export const MAX_ERROR_FIELD_CHARS = 256;

/** `text` cut to `max` characters (the cut marked with `...`). */
export function capText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 3))}...`;
}

/**
 * Builds the `error` message a board sends for `error` (a {@link ProtocolError} from validating a
 * host frame keeps its field and the request id it read; anything else becomes INTERNAL). The
 * message and field are cut to {@link MAX_ERROR_MESSAGE_CHARS} / {@link MAX_ERROR_FIELD_CHARS}, so
 * the reply always fits the protocol's string limit whatever the request echoed.
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
      message: capText(error.message, MAX_ERROR_MESSAGE_CHARS),
    };
    if (error.field !== undefined) message.field = capText(error.field, MAX_ERROR_FIELD_CHARS);
    if (error.supported !== undefined) message.supported = error.supported;
    return message;
  }
  return { type: 'error', id, code: 'INTERNAL', message: capText(error instanceof Error ? error.message : String(error), MAX_ERROR_MESSAGE_CHARS) };
}

/** Builds an `error` message from its parts (a board's own errors, e.g. UNSUPPORTED_RATE). */
export function errorMessage(
  id: RequestId | null,
  code: WireErrorCode,
  message: string,
  extra: { readonly field?: string; readonly supported?: readonly (number | string)[] } = {},
): ErrorMessage {
  const capped = { ...extra, ...(extra.field === undefined ? {} : { field: capText(extra.field, MAX_ERROR_FIELD_CHARS) }) };
  return { type: 'error', id, code, message: capText(message, MAX_ERROR_MESSAGE_CHARS), ...capped };
}
