import { resolveLimits, type ValidateOptions } from './message-options.js';
import { BOARD_MESSAGE_TYPES, type BoardMessage, type HostMessage } from './messages.js';
import { capText } from './error-reply.js';
import { ProtocolError } from './protocol-error.js';
import { utf8ByteLength } from './utf8-byte-length.js';
import { validateBoardMessage } from './validate-board-message.js';
import { validateHostMessage } from './validate-host-message.js';

/** Who sent a text frame: a `board` (-> BoardMessage) or a `host` (-> HostMessage). */
export type FrameSource = 'board' | 'host';

/** Options of {@link parseTextFrame}. */
export interface ParseTextFrameOptions extends ValidateOptions {
  /** Accept only messages from this side (default: decide by the `type` tag; the two sets are disjoint). */
  readonly from?: FrameSource;
}

/**
 * Parses and validates one JSON text frame. Throws {@link ProtocolError}: PROTO_ERR_FRAME_TOO_LARGE
 * (more than `limits.maxFrameBytes` UTF-8 bytes), PROTO_ERR_BAD_JSON, then the validator's codes.
 *
 * @example
 * const req = parseTextFrame('{"type":"ping","id":1}', { from: 'host' });
 */
export function parseTextFrame(text: string, options: ParseTextFrameOptions & { readonly from: 'host' }): HostMessage;
export function parseTextFrame(text: string, options: ParseTextFrameOptions & { readonly from: 'board' }): BoardMessage;
export function parseTextFrame(text: string, options?: ParseTextFrameOptions): HostMessage | BoardMessage;
export function parseTextFrame(text: string, options: ParseTextFrameOptions = {}): HostMessage | BoardMessage {
  const limits = resolveLimits(options);
  // Cheap upper bound first (a UTF-16 unit is at most 3 UTF-8 bytes), exact count only when needed.
  if (text.length > limits.maxFrameBytes || (text.length * 3 > limits.maxFrameBytes && utf8ByteLength(text) > limits.maxFrameBytes)) {
    throw new ProtocolError('PROTO_ERR_FRAME_TOO_LARGE', `text frame is larger than maxFrameBytes ${limits.maxFrameBytes}`, { field: '(frame)' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError('PROTO_ERR_BAD_JSON', `text frame is not valid JSON (${capText(String((cause as Error).message), 120)})`, { field: '(frame)', cause });
  }
  const from = options.from ?? guessSource(json);
  return from === 'board' ? validateBoardMessage(json, options) : validateHostMessage(json, options);
}

function guessSource(json: unknown): FrameSource {
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  return (BOARD_MESSAGE_TYPES as readonly unknown[]).includes(type) ? 'board' : 'host';
}

/**
 * Serialises a message to its JSON text frame after validating it (so a peer never receives a frame
 * this package would reject). Throws {@link ProtocolError} like the validators.
 */
export function encodeTextFrame(message: HostMessage | BoardMessage, options?: ValidateOptions): string {
  const checked = (BOARD_MESSAGE_TYPES as readonly string[]).includes(message.type)
    ? validateBoardMessage(message, options)
    : validateHostMessage(message, options);
  return JSON.stringify(checked);
}
