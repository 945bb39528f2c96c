// The WebSocket constructor where the platform has none (Node 20): the `ws` package, imported on
// first use. `ws` is an optional peer dependency: browsers and Node >= 22 bring their own WebSocket,
// so nothing is loaded there and a browser bundle never sees `ws`.
import { ProtocolError } from '../protocol-error.js';
import type { WebSocketConstructorLike } from './websocket-like.js';

/** Loads a module by name (injected in tests). */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

// A specifier in a variable: bundlers leave the import alone instead of trying to bundle `ws`.
const WS_MODULE = 'ws';
const importModule: ModuleImporter = (specifier) => import(specifier);

/**
 * `ws`'s `WebSocket`, for a platform without `globalThis.WebSocket`. Rejects with ProtocolError
 * PROTO_ERR_CONNECT_FAILED (field `WebSocket`) naming the fix when `ws` is not installed.
 */
export async function loadWsWebSocket(load: ModuleImporter = importModule): Promise<WebSocketConstructorLike> {
  let mod: unknown;
  try {
    mod = await load(WS_MODULE);
  } catch (cause) {
    throw new ProtocolError(
      'PROTO_ERR_CONNECT_FAILED',
      'this platform has no globalThis.WebSocket and the optional peer dependency "ws" is not installed: run `npm install ws` (Node 20) or pass the WebSocket option',
      { field: 'WebSocket', cause },
    );
  }
  const ctor = (mod as { WebSocket?: unknown; default?: unknown }).WebSocket ?? (mod as { default?: unknown }).default;
  if (typeof ctor !== 'function') {
    throw new ProtocolError('PROTO_ERR_CONNECT_FAILED', 'the "ws" module has no WebSocket export: install ws 8 or pass the WebSocket option', { field: 'WebSocket' });
  }
  return ctor as WebSocketConstructorLike;
}
