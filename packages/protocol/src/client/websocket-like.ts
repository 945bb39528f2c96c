// Structural WebSocket types: the WHATWG WebSocket (browsers, Node >= 22, undici), the `ws`
// package's WebSocket and msw's interceptor all fit them, so this package needs no DOM or Node types.

/** A WebSocket event as far as the client reads it. */
export interface WebSocketEventLike {
  /** Event name (`open`, `message`, `close`, `error`). */
  readonly type: string;
  /** Message payload: string for text frames; ArrayBuffer / Uint8Array (or a Blob, unsupported) for binary. */
  readonly data?: unknown;
  /** Close code (close events). */
  readonly code?: number;
  /** Close reason (close events). */
  readonly reason?: string;
}

/** The part of a WebSocket the client uses. */
export interface WebSocketLike {
  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly readyState: number;
  /** Set to `"arraybuffer"` by the client. */
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: WebSocketEventLike) => void): void;
  removeEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: WebSocketEventLike) => void): void;
}

/** A WebSocket constructor (`globalThis.WebSocket`, `ws`'s `WebSocket`, ...). */
export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

/** `readyState` value of an open socket. */
export const WEBSOCKET_OPEN = 1;

/** `globalThis.WebSocket` if the platform has one. */
export function globalWebSocket(): WebSocketConstructorLike | undefined {
  return (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
}
