import type { IncomingMessage } from 'node:http';
import { CLOSE_CODES, IDENTIFIER_PATTERN } from '@tinyspark/protocol';
import type { WebSocket } from 'ws';
import { closeInternal, createConn, sendJson } from './connection.js';
import type { ServerContext } from './context.js';
import type { HostedBoard } from './hosted-board.js';
import { onClientMessage } from './requests.js';

/** The boards of a server and how to create one on demand. */
export interface BoardDirectory {
  get(id: string): HostedBoard | undefined;
  readonly size: number;
  /** Whether a client may create a board by connecting to an unknown id without asking (`?create=1`). */
  readonly createOnConnect: boolean;
  create(id: string): HostedBoard;
}

/** The board id of a `/boards/<id>` path (undefined for any other path). */
export function boardIdOf(url: string | undefined): string | undefined {
  const path = (url ?? '').split('?')[0]!;
  const m = /^\/boards\/([^/]+)\/?$/.exec(path);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
}

/** The URL asks for its board to be created if it does not exist (`?create=1`). */
export function asksToCreate(url: string | undefined): boolean {
  const q = (url ?? '').indexOf('?');
  return q >= 0 && new URLSearchParams((url ?? '').slice(q + 1)).get('create') === '1';
}

/**
 * A new WebSocket connection: finds (or, when allowed, creates) its board, refuses it when the
 * board is unknown (4004) or full (4029), else says hello and routes its messages to the board's
 * request queue. Never throws: a server bug closes this connection only (1011).
 */
export function routeConnection(ctx: ServerContext, boards: BoardDirectory, ws: WebSocket, request: IncomingMessage): void {
  ws.on('error', () => {
    /* socket errors (e.g. oversized frames: ws closes with 1009; invalid UTF-8: 1007) end this connection only */
  });
  try {
    attach(ctx, boards, ws, request);
  } catch {
    ws.close(CLOSE_CODES.internalError, 'internal error');
  }
}

function attach(ctx: ServerContext, boards: BoardDirectory, ws: WebSocket, request: IncomingMessage): void {
  const id = boardIdOf(request.url);
  let h = id !== undefined ? boards.get(id) : undefined;
  const create = boards.createOnConnect || asksToCreate(request.url);
  if (h === undefined && id !== undefined && create && IDENTIFIER_PATTERN.test(id) && boards.size < ctx.limits.maxBoards) {
    h = boards.create(id);
  }
  if (h === undefined) {
    ws.close(CLOSE_CODES.unknownBoard, id === undefined ? 'use /boards/<id>' : `unknown board ${id}`.slice(0, 120));
    return;
  }
  if (h.conns.size >= ctx.limits.maxClientsPerBoard) {
    ws.close(CLOSE_CODES.tooManyClients, `board has ${ctx.limits.maxClientsPerBoard} clients`);
    return;
  }
  const hb = h;
  const c = createConn(ws, request.socket, hb.clock.now(), ctx.drainLowBytes);
  hb.conns.add(c);
  ws.on('close', () => {
    hb.conns.delete(c);
    try {
      for (const s of c.streaming) hb.board.setDemand(s, -1);
    } catch {
      // the board's failure must not leave the server; the connection is gone anyway
    }
    c.streaming.clear();
  });
  ws.on('message', (data, isBinary) => {
    try {
      onClientMessage(ctx, hb, c, data, isBinary);
    } catch {
      closeInternal(c);
    }
  });
  sendJson(ctx, c, hb.board.hello([]));
}
