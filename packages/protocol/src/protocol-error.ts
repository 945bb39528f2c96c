import type { WireErrorCode } from './wire-error-codes.js';

/** Stable codes of {@link ProtocolError}. */
export const PROTOCOL_ERROR_CODES = [
  'PROTO_ERR_BAD_JSON',
  'PROTO_ERR_UNKNOWN_TYPE',
  'PROTO_ERR_BAD_FIELD',
  'PROTO_ERR_UNSUPPORTED_VERSION',
  'PROTO_ERR_FRAME_TOO_LARGE',
  'PROTO_ERR_MODEL_TOO_LARGE',
  'PROTO_ERR_BAD_MAGIC',
  'PROTO_ERR_UNKNOWN_SENSOR',
  'PROTO_ERR_LENGTH_MISMATCH',
  'PROTO_ERR_REMOTE',
  'PROTO_ERR_TIMEOUT',
  'PROTO_ERR_CANCELED',
  'PROTO_ERR_NOT_CONNECTED',
  'PROTO_ERR_CONNECT_FAILED',
  'PROTO_ERR_LIMIT_EXCEEDED',
] as const;

/** One of {@link PROTOCOL_ERROR_CODES}. */
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];

const WIRE_CODE: Readonly<Record<ProtocolErrorCode, WireErrorCode>> = {
  PROTO_ERR_BAD_JSON: 'BAD_JSON',
  PROTO_ERR_UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  PROTO_ERR_BAD_FIELD: 'BAD_FIELD',
  PROTO_ERR_UNSUPPORTED_VERSION: 'UNSUPPORTED_VERSION',
  PROTO_ERR_FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  PROTO_ERR_MODEL_TOO_LARGE: 'MODEL_TOO_LARGE',
  PROTO_ERR_BAD_MAGIC: 'BAD_FRAME',
  PROTO_ERR_UNKNOWN_SENSOR: 'BAD_FRAME',
  PROTO_ERR_LENGTH_MISMATCH: 'BAD_FRAME',
  PROTO_ERR_REMOTE: 'INTERNAL',
  PROTO_ERR_TIMEOUT: 'INTERNAL',
  PROTO_ERR_CANCELED: 'INTERNAL',
  PROTO_ERR_NOT_CONNECTED: 'INTERNAL',
  PROTO_ERR_CONNECT_FAILED: 'INTERNAL',
  PROTO_ERR_LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
};

/** Extra data carried by a {@link ProtocolError}. */
export interface ProtocolErrorDetails {
  /** The offending field, as a path (`sensors[0].rateHz`, `header.sensorId`). */
  readonly field?: string;
  /** The `id` of the request the error belongs to, when it could be read (null when not). */
  readonly requestId?: string | number | null;
  /** For `PROTO_ERR_REMOTE`: the code the board sent. */
  readonly remoteCode?: WireErrorCode;
  /** For `PROTO_ERR_REMOTE` with an unsupported value: the values the board supports. */
  readonly supported?: readonly (number | string)[];
  /** The underlying cause, if any. */
  readonly cause?: unknown;
}

/**
 * The one error class of `@tinyspark/protocol`. `code` is stable; `field` names the offending field;
 * `wireCode` is the code a board answers with when this error comes from validating a host frame.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  readonly field: string | undefined;
  readonly requestId: string | number | null;
  readonly remoteCode: WireErrorCode | undefined;
  readonly supported: readonly (number | string)[] | undefined;

  /** The message without the `[protocol] CODE: field:` prefix. */
  readonly detail: string;

  /** `(code, message, { field, cause, ... })`; the message becomes `[protocol] CODE: field: text` (`[protocol] CODE: text` without a field). */
  constructor(code: ProtocolErrorCode, message: string, details: ProtocolErrorDetails = {}) {
    const field = details.field;
    super(field === undefined ? `[protocol] ${code}: ${message}` : `[protocol] ${code}: ${field}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.detail = message;
    this.code = code;
    this.field = details.field;
    this.requestId = details.requestId ?? null;
    this.remoteCode = details.remoteCode;
    this.supported = details.supported;
  }

  /** The wire error code for this error (`remoteCode` for remote errors). */
  get wireCode(): WireErrorCode {
    return this.remoteCode ?? WIRE_CODE[this.code];
  }
}

/** True when `value` is a {@link ProtocolError}, optionally with the given code. */
export function isProtocolError(value: unknown, code?: ProtocolErrorCode): value is ProtocolError {
  return value instanceof ProtocolError && (code === undefined || value.code === code);
}
