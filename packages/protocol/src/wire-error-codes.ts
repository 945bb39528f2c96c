/**
 * Stable error codes a board puts in an `error` message (`{type:"error", id, code, message}`).
 * The list only grows; a code never changes meaning. See README "Error codes".
 */
export const WIRE_ERROR_CODES = [
  'BAD_JSON',
  'UNKNOWN_TYPE',
  'BAD_FIELD',
  'BAD_FRAME',
  'UNSUPPORTED_VERSION',
  'UNSUPPORTED_RATE',
  'UNSUPPORTED_RANGE',
  'MODEL_INVALID',
  'MODEL_TOO_LARGE',
  'FRAME_TOO_LARGE',
  'BUSY',
  'NO_MODEL',
  'NOT_SUPPORTED',
  'UNKNOWN_GESTURE',
  'LIMIT_EXCEEDED',
  'INTERNAL',
] as const;

/** One of {@link WIRE_ERROR_CODES}. */
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];

/** True when `value` is one of the stable wire error codes. */
export function isWireErrorCode(value: unknown): value is WireErrorCode {
  return typeof value === 'string' && (WIRE_ERROR_CODES as readonly string[]).includes(value);
}
