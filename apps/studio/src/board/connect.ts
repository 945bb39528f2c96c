import type { BoardClient, ConnectBoardOptions, WebSocketConstructorLike } from '@tinyspark/protocol';
import { connectBoard, isProtocolError } from '@tinyspark/protocol';
import { WebSocket as NodeWebSocket } from 'ws';
import type { OptionSpec, Parsed } from '../args.js';
import { flag, str } from '../args.js';
import { StudioError } from '../errors.js';
import type { StudioIo } from '../io.js';
import { boardError } from './board-error.js';

export { boardError };

/**
 * `ws`'s WebSocket whose frames sent in one turn of the event loop leave in one socket write: the
 * first send corks the TCP socket and the turn's end (setImmediate) uncorks it (a take's sim.perform and sim.clock, a
 * batch of requests: one writev instead of one each). Same frames, same order.
 */
export class CorkingWebSocket extends NodeWebSocket {
  private corkedTick = false;

  override send(data: unknown, ...rest: unknown[]): void {
    const socket = (this as unknown as { _socket?: { cork?: () => void; uncork?: () => void } })._socket;
    if (!this.corkedTick && typeof socket?.cork === 'function' && typeof socket.uncork === 'function') {
      this.corkedTick = true;
      socket.cork();
      // after this turn of the event loop: sends from promise continuations of the same turn join in
      setImmediate(() => {
        this.corkedTick = false;
        socket.uncork?.();
      });
    }
    (NodeWebSocket.prototype.send as (this: NodeWebSocket, ...a: unknown[]) => void).call(this, data, ...rest);
  }
}

/** The options of every command that connects to a board (`--board`, `--create-board`, `--token`). */
export const BOARD_OPTIONS = {
  board: { type: 'string', short: 'b' },
  'create-board': { type: 'boolean' },
  token: { type: 'string' },
} as const satisfies OptionSpec;

/** How to reach a board besides its URL. */
export interface BoardAccess {
  /** The emulator's access token (`--token`, else TINYSPARK_TOKEN). */
  token?: string;
  /** Ask the emulator to create the board if its id does not exist (`?create=1`). */
  createBoard?: boolean;
}

/** `--token` / TINYSPARK_TOKEN and `--create-board` of a parsed command line. */
export function boardAccess(p: Parsed, io: StudioIo): BoardAccess {
  const token = str(p, 'token') ?? (io.env?.['TINYSPARK_TOKEN'] || undefined);
  return { ...(token !== undefined && token !== '' ? { token } : {}), ...(flag(p, 'create-board') ? { createBoard: true } : {}) };
}

/** `url` with `?create=1` added (the emulator creates an unknown board id only when asked). */
export function withCreate(url: string): string {
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  return `${base}${base.includes('?') ? '&' : '?'}create=1${hash >= 0 ? url.slice(hash) : ''}`;
}

/**
 * The emulator's `GET /boards` on the same host: `{ status, boards }` (boards undefined when the
 * answer is not a list: not an emulator, refused, unreachable; status 0 when nothing answered).
 */
export async function listBoards(url: string, token: string | undefined, signal?: AbortSignal): Promise<{ status: number; boards: { id: string; url: string }[] | undefined }> {
  let http: URL;
  try {
    http = new URL(url);
  } catch {
    return { status: 0, boards: undefined };
  }
  http.protocol = http.protocol === 'wss:' ? 'https:' : 'http:';
  http.pathname = '/boards';
  http.search = '';
  http.hash = '';
  try {
    const res = await fetch(http, { headers: token !== undefined ? { authorization: `Bearer ${token}` } : {}, ...(signal !== undefined ? { signal } : {}) });
    if (!res.ok) return { status: res.status, boards: undefined };
    const doc = (await res.json()) as { boards?: unknown };
    if (!Array.isArray(doc.boards)) return { status: res.status, boards: undefined };
    const boards = doc.boards.filter((b): b is { id: string; url: string } => typeof (b as { id?: unknown }).id === 'string' && typeof (b as { url?: unknown }).url === 'string');
    return { status: res.status, boards };
  } catch {
    return { status: 0, boards: undefined };
  }
}

function boardIdOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').filter((s) => s !== '').pop() ?? '');
  } catch {
    return '';
  }
}

/**
 * Connects to a board with the injected (or the `ws`) WebSocket, mapping failures to StudioErrors.
 * A board id the emulator does not have is STUDIO_ERR_UNKNOWN_BOARD naming the boards it has
 * (unless `access.createBoard`); a missing or wrong token says how to pass one.
 */
export async function openBoard(io: StudioIo, url: string, extra: Partial<ConnectBoardOptions> = {}, access: BoardAccess = {}): Promise<BoardClient> {
  if (!/^wss?:\/\/[^\s]+$/.test(url)) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `--board "${url}" is not a WebSocket URL: use ws://host:port/boards/<id> (\`tinyspark emulator\` prints them)`, { field: 'board' });
  }
  const WebSocket = (io.WebSocket ?? CorkingWebSocket) as unknown as WebSocketConstructorLike;
  try {
    return await connectBoard(access.createBoard === true ? withCreate(url) : url, {
      WebSocket,
      heartbeatIntervalMs: Infinity,
      requestTimeoutMs: 30_000,
      ...(io.signal !== undefined ? { signal: io.signal } : {}),
      ...(access.token !== undefined ? { token: access.token } : {}),
      ...extra,
    });
  } catch (err) {
    if (isProtocolError(err) && err.code === 'PROTO_ERR_CONNECT_FAILED') {
      // The WebSocket layer hides why an upgrade was refused: ask the emulator's GET /boards.
      const listed = await listBoards(url, access.token, io.signal);
      if (/\bcode 4004\b/.test(err.message)) {
        const id = boardIdOf(url);
        const { boards } = listed;
        const there = boards === undefined ? 'the list of its boards could not be read' : boards.length === 0 ? 'it has no boards' : `its boards are ${boards.map((b) => `${b.id} (${b.url})`).join(', ')}`;
        throw new StudioError(
          'STUDIO_ERR_UNKNOWN_BOARD',
          `there is no board "${id}" at ${url}: ${there}. Use one of those, or pass --create-board to create "${id}"`,
          { field: 'board', cause: err },
        );
      }
      if (listed.status === 401) {
        throw new StudioError(
          'STUDIO_ERR_BOARD_UNREACHABLE',
          `the board at ${url} ${access.token === undefined ? 'needs an access token: pass --token <token> or set TINYSPARK_TOKEN' : 'refused the token: check --token / TINYSPARK_TOKEN'} (the emulator was started with --token)`,
          { field: 'token', cause: err },
        );
      }
      if (listed.status === 403) {
        throw new StudioError('STUDIO_ERR_BOARD_UNREACHABLE', `the board at ${url} refused this connection (HTTP 403: origin not allowed)`, { field: 'board', cause: err });
      }
    }
    throw boardError(url, err, 'connect');
  }
}
