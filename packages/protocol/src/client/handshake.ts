import { CLOSE_CODES } from '../close-codes.js';
import type { BoardMessage, HelloMessage } from '../messages.js';
import { parseTextFrame } from '../parse-text-frame.js';
import { ProtocolError } from '../protocol-error.js';
import type { ResolvedOptions } from './options.js';
import { socketUrl } from './options.js';
import { canceled } from './waiters.js';
import type { WebSocketEventLike, WebSocketLike } from './websocket-like.js';

/** What the handshake tells its client. */
export interface HandshakeHooks {
  /** The board said hello: from now on `socket` is the client's (called before the promise resolves). */
  attach(socket: WebSocketLike, detach: () => void): void;
  /** The socket's listeners were removed (handshake failed, socket closed, or the client let it go). */
  detached(socket: WebSocketLike): void;
  /** A frame after the hello. */
  message(event: WebSocketEventLike): void;
  /** The socket closed after the hello. */
  dropped(code: number, reason: string): void;
  /** While handshaking: a function that aborts it (null once it is over). */
  setAbort(abort: (() => void) | null): void;
}

/**
 * Opens a socket to `url` and waits for the board's `hello` (the first frame must be one), within
 * `helloTimeoutMs`. Rejects with PROTO_ERR_CONNECT_FAILED, PROTO_ERR_UNSUPPORTED_VERSION, or
 * PROTO_ERR_CANCELED (aborted through `setAbort`).
 */
export function openHandshake(url: string, options: ResolvedOptions, hooks: HandshakeHooks): Promise<HelloMessage> {
  const { WebSocket, timers, helloTimeoutMs } = options;
  return new Promise<HelloMessage>((resolve, reject) => {
    let socket: WebSocketLike;
    try {
      socket = new WebSocket(socketUrl(url, options.token));
      socket.binaryType = 'arraybuffer';
    } catch (cause) {
      reject(new ProtocolError('PROTO_ERR_CONNECT_FAILED', `cannot open ${url}: ${(cause as Error).message}`, { cause }));
      return;
    }
    let handshaking = true;
    const fail = (error: ProtocolError): void => {
      if (!handshaking) return;
      handshaking = false;
      hooks.setAbort(null);
      timers.clearTimeout(helloTimer);
      detach();
      try {
        socket.close(CLOSE_CODES.normal, 'handshake failed');
      } catch {
        // already closed
      }
      reject(error);
    };
    const helloTimer = timers.setTimeout(() => fail(new ProtocolError('PROTO_ERR_CONNECT_FAILED', `no hello from ${url} within ${helloTimeoutMs} ms`)), helloTimeoutMs);
    const onMessage = (event: WebSocketEventLike): void => {
      if (!handshaking) return hooks.message(event);
      if (typeof event.data !== 'string') return fail(new ProtocolError('PROTO_ERR_CONNECT_FAILED', 'the first frame from the board was not a hello text frame'));
      let message: BoardMessage;
      try {
        message = parseTextFrame(event.data, { from: 'board', limits: options.limits });
      } catch (error) {
        const e = error as ProtocolError;
        return fail(e.code === 'PROTO_ERR_UNSUPPORTED_VERSION' ? e : new ProtocolError('PROTO_ERR_CONNECT_FAILED', `invalid hello: ${e.message}`, { cause: e, field: e.field }));
      }
      if (message.type !== 'hello') return fail(new ProtocolError('PROTO_ERR_CONNECT_FAILED', `the first message from the board was "${message.type}", not "hello"`));
      handshaking = false;
      hooks.setAbort(null);
      timers.clearTimeout(helloTimer);
      hooks.attach(socket, detach);
      resolve(message);
    };
    const onClose = (event: WebSocketEventLike): void => {
      if (handshaking) {
        const code = event.code ?? 1006;
        fail(
          code === CLOSE_CODES.unsupportedVersion
            ? new ProtocolError('PROTO_ERR_UNSUPPORTED_VERSION', `board closed the connection: unsupported version (${event.reason ?? ''})`)
            : new ProtocolError('PROTO_ERR_CONNECT_FAILED', `connection to ${url} closed before hello (code ${code}${event.reason ? `, ${event.reason}` : ''})`),
        );
        return;
      }
      detach();
      hooks.dropped(event.code ?? 1006, event.reason ?? '');
    };
    // A close event always follows an error. The listener stays after detach: a socket given up while
    // still opening (ws: "closed before the connection was established") reports its error on a later
    // tick, and an error event nobody listens to is an uncaught exception that ends the process.
    const onError = (): void => undefined;
    const detach = (): void => {
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('close', onClose);
      hooks.detached(socket);
    };
    hooks.setAbort(() => fail(canceled('connecting aborted: the client was closed')));
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', onClose);
    socket.addEventListener('error', onError);
  });
}
