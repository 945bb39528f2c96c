import { BoardClient, type ConnectBoardOptions } from './board-client.js';
import { loadWsWebSocket } from './node-websocket.js';
import { globalWebSocket } from './websocket-like.js';

/**
 * Connects to a board (real or emulated) at `url` and resolves once it has said `hello`.
 * Rejects with ProtocolError PROTO_ERR_CONNECT_FAILED (no socket, closed or no hello in time),
 * PROTO_ERR_UNSUPPORTED_VERSION, or PROTO_ERR_CANCELED (`options.signal` aborted).
 * The WebSocket is `options.WebSocket`, else `globalThis.WebSocket` (browsers, Node >= 22), else the
 * optional peer dependency `ws`, imported on first use (Node 20; PROTO_ERR_CONNECT_FAILED naming
 * `npm install ws` when it is missing).
 *
 * @example
 * const board = await connectBoard('ws://127.0.0.1:8080/boards/board-0');
 * board.on('sample', (frame) => console.log(frame.sensor, frame.count));
 * await board.startStream(['accelerometer']);
 */
export async function connectBoard(url: string, options: ConnectBoardOptions = {}): Promise<BoardClient> {
  // Synchronous unless ws has to be loaded: the client starts in the same tick as the call.
  const WebSocket = options.WebSocket ?? globalWebSocket() ?? (await loadWsWebSocket());
  const client = new BoardClient(url, { ...options, WebSocket });
  await client.start(options.signal);
  return client;
}
