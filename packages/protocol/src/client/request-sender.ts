import type { AckMessage, HelloMessage, HostMessageType, RequestId } from '../messages.js';
import { ProtocolError } from '../protocol-error.js';
import type { BoardClientState } from './events.js';
import { encodeRequest, outgoingLimits } from './outgoing.js';
import { positive, type RequestOptions, type ResolvedOptions } from './options.js';
import { canceled, Waiters, type WaitChannel } from './waiters.js';
import { WEBSOCKET_OPEN, type WebSocketLike } from './websocket-like.js';

/** What the request sender reads from its client at send time. */
export interface RequestSenderHost {
  readonly options: ResolvedOptions;
  /** The current socket (null between connections). */
  socket(): WebSocketLike | null;
  state(): BoardClientState;
  /** The board's latest hello (undefined before the first): its limits narrow the client's. */
  hello(): HelloMessage | undefined;
}

/**
 * Sending requests and waiting for their answers: request ids (`r1`, `r2`, ...), encoding against
 * the limits (nothing is sent on error), the send itself, and the pending answers, which all wait
 * in one {@link Waiters} table (acks, and the follow-ups `recording` and `sim.truth`). The client
 * routes incoming answers into {@link waiters} and rejects them all when a connection ends.
 */
export class RequestSender {
  readonly waiters = new Waiters();
  private nextId = 1;

  constructor(private readonly host: RequestSenderHost) {}

  private allocateId(): string {
    return `r${this.nextId++}`;
  }

  /**
   * Sends `body` with a fresh id (or `id`) and resolves with its ack. Rejects with ProtocolError:
   * PROTO_ERR_REMOTE (routed in by the client), PROTO_ERR_TIMEOUT, PROTO_ERR_CANCELED,
   * PROTO_ERR_NOT_CONNECTED, PROTO_ERR_BAD_FIELD (invalid request, nothing sent).
   */
  send(body: { readonly type: HostMessageType }, options: RequestOptions, id: RequestId = this.allocateId()): Promise<AckMessage> {
    const { options: clientOptions } = this.host;
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(canceled(`${body.type} aborted before sending`, signal.reason));
    let text: string;
    try {
      text = encodeRequest(body, id, outgoingLimits(clientOptions.limits, this.host.hello()));
    } catch (error) {
      return Promise.reject(error);
    }
    const socket = this.host.socket();
    const state = this.host.state();
    if (state !== 'open' || !socket || socket.readyState !== WEBSOCKET_OPEN) {
      return Promise.reject(new ProtocolError('PROTO_ERR_NOT_CONNECTED', `cannot send ${body.type}: the client is ${state}`, { requestId: id }));
    }
    const timeoutMs = positive('timeoutMs', options.timeoutMs ?? clientOptions.requestTimeoutMs);
    const answer = this.waiters.wait<AckMessage>('ack', id, body.type, {
      timers: clientOptions.timers,
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
      timeoutText: `no answer to ${body.type} ${id} within ${timeoutMs} ms`,
      abortText: `${body.type} ${id} aborted`,
    });
    try {
      socket.send(text);
    } catch (cause) {
      this.waiters.get('ack', id)?.reject(new ProtocolError('PROTO_ERR_NOT_CONNECTED', `sending ${body.type} failed: ${(cause as Error).message}`, { requestId: id, cause }));
    }
    return answer;
  }

  /** Sends a request and, once acked, waits for the follow-up message (`channel`) with the same id. */
  async sendThenWait<T>(body: { readonly type: HostMessageType }, channel: Exclude<WaitChannel, 'ack'>, waitMs: number, options: RequestOptions): Promise<T> {
    const id = this.allocateId();
    // Registered before sending, so a follow-up that arrives right after the ack is never missed.
    const followUp = this.waiters.wait<T>(channel, id, body.type, {
      timers: this.host.options.timers,
      timeoutMs: waitMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      timeoutText: `no ${channel} for ${id} within ${waitMs} ms`,
      abortText: `waiting for ${channel} of ${id} aborted`,
    });
    followUp.catch(() => undefined);
    try {
      await this.send(body, options, id);
    } catch (error) {
      this.waiters.get(channel, id)?.reject(error);
      throw error;
    }
    return followUp;
  }
}
