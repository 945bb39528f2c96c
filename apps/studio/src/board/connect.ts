import type { BoardClient, ConnectBoardOptions, WebSocketConstructorLike } from '@tinyspark/protocol';
import { connectBoard } from '@tinyspark/protocol';
import { WebSocket as NodeWebSocket } from 'ws';
import { StudioError } from '../errors.js';
import type { StudioIo } from '../io.js';
import { boardError } from './board-error.js';

export { boardError };

/** Connects to a board with the injected (or the `ws`) WebSocket, mapping failures to StudioErrors. */
export async function openBoard(io: StudioIo, url: string, extra: Partial<ConnectBoardOptions> = {}): Promise<BoardClient> {
  if (!/^wss?:\/\/[^\s]+$/.test(url)) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `--board "${url}" is not a WebSocket URL: use ws://host:port/boards/<id> (\`tinyspark emulator\` prints them)`, { field: 'board' });
  }
  const WebSocket = (io.WebSocket ?? NodeWebSocket) as unknown as WebSocketConstructorLike;
  try {
    return await connectBoard(url, {
      WebSocket,
      heartbeatIntervalMs: Infinity,
      requestTimeoutMs: 30_000,
      ...(io.signal !== undefined ? { signal: io.signal } : {}),
      ...extra,
    });
  } catch (err) {
    throw boardError(url, err, 'connect');
  }
}
