import { BoardClient, type ConnectBoardOptions } from './board-client.js';

/**
 * Connects to a board (real or emulated) at `url` and resolves once it has said `hello`.
 * Rejects with ProtocolError PROTO_ERR_CONNECT_FAILED (no socket, closed or no hello in time),
 * PROTO_ERR_UNSUPPORTED_VERSION, or PROTO_ERR_CANCELED (`options.signal` aborted).
 *
 * @example
 * import { WebSocket } from 'ws'; // Node 20 only; browsers and Node >= 22 have globalThis.WebSocket
 * const board = await connectBoard('ws://127.0.0.1:8080/boards/0', { WebSocket });
 * board.on('sample', (frame) => console.log(frame.sensor, frame.count));
 * await board.startStream(['accelerometer']);
 */
export async function connectBoard(url: string, options: ConnectBoardOptions = {}): Promise<BoardClient> {
  const client = new BoardClient(url, options);
  await client.start(options.signal);
  return client;
}
