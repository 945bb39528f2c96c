import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOSE_CODES, IDENTIFIER_PATTERN } from '@tinyspark/protocol';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { EmulatorError } from '../errors.js';
import { LearnedGestureSet } from '../learn/gesture-set.js';
import { RealClock } from '../real-clock.js';
import { TickBatch } from './context.js';
import { bufferedBytes, flushBatch } from './connection.js';
import type { Conn } from './connection.js';
import type { ServerContext } from './context.js';
import { advanceBoard, hostBoard } from './hosted-board.js';
import type { HostedBoard } from './hosted-board.js';
import { resolveLimits } from './limits.js';
import type { RunningEmulator, StartEmulatorOptions } from './options.js';
import { checkAccess, isLoopbackHost } from './access.js';
import type { AccessPolicy } from './access.js';
import { refuseUpgrade, serveHttp } from './http.js';
import { routeConnection } from './routing.js';

export type { RunningEmulator, StartEmulatorOptions } from './options.js';

/**
 * Starts the emulator server: boards at `ws://host:port/boards/<id>`. Resolves once listening;
 * rejects with EMU_ERR_PORT_IN_USE when the port is taken, EMU_ERR_LISTEN_FAILED when the address
 * cannot be bound (not on this machine, no permission).
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const seed = options.seed ?? 0;
  const clockKind = options.clock ?? 'real';
  if (clockKind !== 'real' && clockKind !== 'virtual') throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be "real" or "virtual", got ${String(clockKind)}`, { field: 'clock' });
  const limits = resolveLimits(options.limits);
  const tickMs = options.tickMs ?? 20;
  const ids = typeof options.boards === 'number' || options.boards === undefined ? Array.from({ length: options.boards ?? 1 }, (_, i) => `board-${i}`) : [...options.boards];
  if (ids.length > limits.maxBoards) throw new EmulatorError('EMU_ERR_TOO_MANY_BOARDS', `${ids.length} exceeds maxBoards ${limits.maxBoards}`, { field: 'boards' });
  const policy = accessPolicy(options, host);
  for (const id of ids) {
    if (!IDENTIFIER_PATTERN.test(id)) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `board id ${JSON.stringify(id)} must match ${String(IDENTIFIER_PATTERN)}`, { field: 'boards' });
  }
  const gestures = new LearnedGestureSet();
  if (options.gestures !== undefined && !Array.isArray(options.gestures)) throw new EmulatorError('EMU_ERR_INVALID_OPTION', 'must be a list of tinyspark.gesture documents', { field: 'gestures' });
  try {
    (options.gestures ?? []).forEach((g, i) => gestures.add(g, { replace: true, field: `gestures[${i}]` }));
  } catch (e) {
    gestures.clear();
    throw e;
  }
  const ctx: ServerContext = {
    limits,
    statsIntervalMs: options.statsIntervalMs ?? 1000,
    drainWaitMs: options.drainWaitMs ?? 1000,
    drainLowBytes: limits.maxSendBufferBytes / 4,
    // a failing timer callback (one board's firmware) must not take the process and every other board down
    realClock: new RealClock((e) => process.emitWarning(`tinyspark-emulator: timer callback failed: ${e instanceof Error ? e.message : String(e)}`)),
    batch: new TickBatch((c) => flushBatch(c as Conn)),
    closing: false,
    gestures,
  };
  const hosted = new Map<string, HostedBoard>();
  const createBoard = (id: string): HostedBoard => {
    const h = hostBoard(ctx, { id, serverSeed: seed, clockKind, tickMs });
    hosted.set(id, h);
    return h;
  };
  for (const id of ids) createBoard(id);
  let url = '';

  const list = (): { id: string; url: string }[] => [...hosted.keys()].map((id) => ({ id, url: `${url}/boards/${id}` }));
  const server = createServer((req, res) => serveHttp(req, res, policy, list));
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes * 2, perMessageDeflate: false });
  wss.on('error', () => {
    /* listen errors are reported by the http server below */
  });
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    try {
      if (ctx.closing) {
        socket.destroy();
        return;
      }
      const refusal = checkAccess(request, policy);
      if (refusal !== null) return refuseUpgrade(socket, refusal);
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    } catch {
      socket.destroy();
    }
  });
  const directory = {
    get: (id: string) => hosted.get(id),
    get size() {
      return hosted.size;
    },
    createOnConnect: options.createBoardsOnConnect ?? false,
    create: (id: string) => {
      const h = createBoard(id);
      options.onBoardCreated?.({ id, url: `${url}/boards/${id}` });
      return h;
    },
  };
  wss.on('connection', (ws: WebSocket, request) => routeConnection(ctx, directory, ws, request));

  await listen(server, port, host).catch((e: unknown) => {
    for (const h of hosted.values()) h.board.stop();
    ctx.realClock.clearAll();
    gestures.clear();
    wss.close();
    throw e;
  });

  const addr = server.address() as AddressInfo;
  const hostPart = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  url = `ws://${hostPart}:${addr.port}`;
  return {
    url,
    host: addr.address,
    port: addr.port,
    boards: ids.map((id) => ({ id, url: `${url}/boards/${id}` })),
    board: (id) => hosted.get(id)?.board,
    listBoards: list,
    diagnostics: () => ({
      boards: [...hosted.values()].map((h) => ({
        id: h.board.id,
        clients: [...h.conns].map((c) => ({ pending: c.pending, pendingBytes: c.pendingBytes, bufferedBytes: bufferedBytes(c), paused: c.paused })),
      })),
    }),
    advance: async (id, ms) => {
      const h = hosted.get(id);
      if (!h) throw new EmulatorError('EMU_ERR_UNKNOWN_BOARD', `no board ${JSON.stringify(id)}`, { field: 'board' });
      const run = h.queue.then(() => advanceBoard(ctx, h, ms));
      h.queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    close: async () => {
      if (ctx.closing) return;
      ctx.closing = true;
      for (const h of hosted.values()) {
        if (h.tick) h.clock.clearTimeout(h.tick);
        h.board.stop();
        for (const c of h.conns) {
          // replies still waiting for the end of the turn were sent before the close
          flushBatch(c);
          c.ws.close(CLOSE_CODES.goingAway, 'emulator shutting down');
        }
      }
      ctx.realClock.clearAll();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      gestures.clear();
    },
  };
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') reject(new EmulatorError('EMU_ERR_PORT_IN_USE', `${port} on ${host} is already in use; pick another --port (0 = any free port)`, { field: 'port', cause: e }));
      else reject(new EmulatorError('EMU_ERR_LISTEN_FAILED', `cannot listen on ${host}:${port} (${e.code ?? e.message}); check --host and --port`, { field: 'host', cause: e }));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** The access policy of the options; a non-loopback `host` without a token is refused (EMU_ERR_INVALID_OPTION). */
export function accessPolicy(options: StartEmulatorOptions, host: string): AccessPolicy {
  const token = options.token;
  if (token !== undefined && (typeof token !== 'string' || token.length === 0)) {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', 'must be a non-empty string', { field: 'token' });
  }
  if (token === undefined && !isLoopbackHost(host)) {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', `binding ${host} (not a loopback address) needs a token: pass --token or set TINYSPARK_TOKEN`, { field: 'token' });
  }
  const allowedOrigins = [...(options.allowedOrigins ?? [])];
  for (const o of allowedOrigins) {
    if (typeof o !== 'string' || o.length === 0) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be origins like https://host:port, got ${String(o)}`, { field: 'allowedOrigins' });
  }
  return { token, allowedOrigins };
}
