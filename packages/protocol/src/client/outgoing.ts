import type { ProtocolLimits } from '../limits.js';
import type { HelloMessage, HostMessage, HostMessageType, RequestId } from '../messages.js';
import { ProtocolError } from '../protocol-error.js';
import { utf8ByteLength } from '../utf8-byte-length.js';
import { validateHostMessage } from '../validate-host-message.js';

/** Limits for requests to a board: the client's, narrowed by what the board announced in hello. */
export function outgoingLimits(own: ProtocolLimits, hello: HelloMessage | undefined): ProtocolLimits {
  const board = hello?.limits;
  return board
    ? {
        ...own,
        maxFrameBytes: Math.min(own.maxFrameBytes, board.maxFrameBytes),
        maxModelBytes: Math.min(own.maxModelBytes, board.maxModelBytes),
        maxRecordingMs: Math.min(own.maxRecordingMs, board.maxRecordingMs),
      }
    : own;
}

/**
 * The text frame of request `body` with `id`: validated against `limits` (PROTO_ERR_BAD_FIELD and
 * friends) and no larger than `maxFrameBytes` (PROTO_ERR_FRAME_TOO_LARGE). Nothing is sent on error.
 */
export function encodeRequest(body: { readonly type: HostMessageType }, id: RequestId, limits: ProtocolLimits): string {
  const message: HostMessage = validateHostMessage({ ...body, id }, { limits });
  const text = JSON.stringify(message);
  const bytes = utf8ByteLength(text);
  if (bytes > limits.maxFrameBytes) {
    throw new ProtocolError('PROTO_ERR_FRAME_TOO_LARGE', `${body.type} is ${bytes} bytes, more than the board's maxFrameBytes ${limits.maxFrameBytes}`, {
      field: '(frame)',
      requestId: id,
    });
  }
  return text;
}
