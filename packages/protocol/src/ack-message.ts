import type { AckMessage, AckResults, HostMessageType, RequestId } from './messages.js';

/**
 * Builds the `ack` for `request`, type-checking `result` against {@link AckResults} for its type.
 *
 * @example
 * socket.send(JSON.stringify(ackMessage(request, { t: clock.nowMs() }))); // request.type === 'ping'
 */
export function ackMessage<T extends HostMessageType>(request: { readonly type: T; readonly id: RequestId }, result?: AckResults[T]): AckMessage {
  return result === undefined ? { type: 'ack', id: request.id } : { type: 'ack', id: request.id, result: result as { readonly [key: string]: unknown } };
}
