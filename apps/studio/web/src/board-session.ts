// The page's board connection, without the DOM (tested in node against an msw-mocked board): the
// protocol client over the studio server's relay, whether the board runs on a virtual clock, and
// the connection status in words: connected, lost and reconnecting, reconnected, disconnected.
import { connectBoard } from '@tinyspark/protocol';
import type { BoardClient, ConnectBoardOptions } from '@tinyspark/protocol';
import { boardError } from '../../src/board/board-error.js';

export interface BoardSession {
  readonly board: BoardClient;
  /** The board is the emulator on its virtual clock: the page advances it (`sim.clock`). */
  readonly virtual: boolean;
}

export interface OpenSessionOptions {
  /** The URL of the relay the page connects to (the studio server's /api/board/ws). */
  relayUrl: string;
  /** The board's own URL, as the user typed it (for the CLI's error texts). */
  boardUrl: string;
  /** Every change of the connection, in words. */
  onStatus: (text: string) => void;
  client?: Partial<ConnectBoardOptions>;
}

export const connectedText = (b: BoardClient, virtual: boolean): string => `connected: ${b.hello.board.model} ${b.hello.board.id}${virtual ? ' (virtual clock)' : ''}`;

/** Connects; rejects with the CLI's board error (STUDIO_ERR_BOARD_UNREACHABLE ...) when it cannot. */
export async function openBoardSession(o: OpenSessionOptions): Promise<BoardSession> {
  o.onStatus(`connecting to ${o.boardUrl}...`);
  let b: BoardClient;
  try {
    b = await connectBoard(o.relayUrl, { requestTimeoutMs: 30_000, heartbeatIntervalMs: Infinity, ...o.client });
  } catch (err) {
    o.onStatus('no board connected');
    throw boardError(o.boardUrl, err, 'connect');
  }
  const virtual = b.hello.capabilities.sim && (await b.sim.clock(0).then(() => true, () => false));
  o.onStatus(connectedText(b, virtual));
  b.on('close', (c) => {
    const why = `${c.code}${c.reason !== '' ? `: ${c.reason}` : ''}`;
    o.onStatus(c.willReconnect ? `board connection lost (${why}); reconnecting...` : `board disconnected (${why})`);
  });
  b.on('reconnect', (r) => {
    o.onStatus(`board connection lost; reconnecting (attempt ${r.attempt})...`);
  });
  b.on('open', (ev) => {
    if (ev.reconnected) o.onStatus(`reconnected to ${ev.hello.board.id}${virtual ? ' (virtual clock)' : ''}`);
  });
  return { board: b, virtual };
}
