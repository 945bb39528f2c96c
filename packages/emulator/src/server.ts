import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CLOSE_CODES, encodeSampleFrame, encodeTextFrame, IDENTIFIER_PATTERN, parseTextFrame, utf8ByteLength } from '@tinyspark/protocol';
import type { BoardMessage, HostMessage, RequestId, SampleFrame, SensorName } from '@tinyspark/protocol';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { Board } from './board.js';
import type { BoardLimitsConfig } from './board.js';
import type { Clock, TimerHandle } from './clock.js';
import { EmulatorError } from './errors.js';
import { RealClock } from './real-clock.js';
import { hashString, mixSeeds } from './rng.js';
import { VirtualClock } from './virtual-clock.js';
import { toWireError } from './wire-error.js';

/** Server limits; every one is finite. */
export interface EmulatorLimits {
  /** Boards one server hosts (configured plus created on first connection). Default 64. */
  maxBoards: number;
  /** Clients connected to one board at once. Default 8. */
  maxClientsPerBoard: number;
  /** Largest frame accepted (bytes); larger ones get FRAME_TOO_LARGE; above 2x the socket is closed (1009). Default 1 MiB. */
  maxFrameBytes: number;
  /** Largest model document (UTF-8 bytes of its JSON). Default 1 MiB. */
  maxModelBytes: number;
  /** Bytes queued for one client before its sample frames are dropped (and counted). Default 1 MiB. */
  maxSendBufferBytes: number;
  /** Longest recording / delay, ms. Default 60000. */
  maxRecordingMs: number;
  /** Steps in one scenario. Default 1000. */
  maxScenarioSteps: number;
}

export const DEFAULT_EMULATOR_LIMITS: Readonly<EmulatorLimits> = {
  maxBoards: 64,
  maxClientsPerBoard: 8,
  maxFrameBytes: 1024 * 1024,
  maxModelBytes: 1024 * 1024,
  maxSendBufferBytes: 1024 * 1024,
  maxRecordingMs: 60_000,
  maxScenarioSteps: 1000,
};

export interface StartEmulatorOptions {
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Number of boards (ids board-0 ... board-N-1) or their ids. Default 1. */
  boards?: number | string[];
  /** Server seed; each board's seed is derived from it and the board id. Default 0. */
  seed?: number;
  /** `virtual`: each board has its own clock, moved by `sim.clock`; `real`: wall clock. Default `real`. */
  clock?: 'virtual' | 'real';
  /** Create a board when a client connects to an unknown `/boards/<id>` (up to maxBoards). Default true. */
  createBoardsOnConnect?: boolean;
  /** Called when a board is created because a client connected to an unknown id (so a CLI can say so: a typo in a URL creates a board). */
  onBoardCreated?: (board: { id: string; url: string }) => void;
  limits?: Partial<EmulatorLimits>;
  /** Real clock only: how often boards produce samples, ms. Default 20. */
  tickMs?: number;
  /** Board time between two `stats` messages to a streaming client, ms. Default 1000. */
  statsIntervalMs?: number;
  /**
   * Virtual clock: real time `sim.clock` waits for a client's send buffer to drain before moving on
   * (then that client is marked stalled and its frames are dropped until it catches up), ms. Default 1000.
   */
  drainWaitMs?: number;
}

export interface RunningEmulator {
  /** `ws://host:port` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The boards at start (more may be created on connect). */
  readonly boards: { id: string; url: string }[];
  /** Direct access to a board's model (tests, tools). */
  board(id: string): Board | undefined;
  /** Advances a board's virtual clock directly (same as a `sim.clock` request). */
  advance(id: string, ms: number): Promise<number>;
  close(): Promise<void>;
}

interface Stats {
  sentFrames: number;
  droppedFrames: number;
  droppedSamples: number;
}

interface Conn {
  readonly ws: WebSocket;
  /** The TCP socket under `ws`: corked during a real-clock tick so its frames leave in one write. */
  readonly socket: Duplex;
  corked: boolean;
  readonly streaming: Set<SensorName>;
  readonly stats: Stats;
  lastStatsMs: number;
  lastDeliverMs: number;
  lastDrops: number;
  /** Did not drain within the wait on the virtual clock: no longer waited for until it drains. */
  stalled: boolean;
  /** Resolved when the send buffer has drained (send callbacks). */
  drainWaiters: (() => void)[];
}

interface HostedBoard {
  readonly board: Board;
  readonly clock: Clock;
  readonly virtual: VirtualClock | null;
  readonly conns: Set<Conn>;
  queue: Promise<void>;
  tick: TimerHandle | null;
}

/** Board id -> board seed: independent of the order boards are created in. */
export function boardSeed(serverSeed: number, id: string): number {
  return mixSeeds(serverSeed >>> 0, hashString(id));
}

/**
 * Starts the emulator server: boards at `ws://host:port/boards/<id>`. Resolves once listening;
 * rejects with EMU_ERR_PORT_IN_USE when the port is taken.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const seed = options.seed ?? 0;
  const clockKind = options.clock ?? 'real';
  if (clockKind !== 'real' && clockKind !== 'virtual') throw new EmulatorError('EMU_ERR_INVALID_OPTION', `clock: must be "real" or "virtual", got ${String(clockKind)}`, 'clock');
  const limits: EmulatorLimits = { ...DEFAULT_EMULATOR_LIMITS, ...options.limits };
  for (const [k, v] of Object.entries(limits)) {
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `limits.${k}: must be a finite number > 0, got ${String(v)}`, `limits.${k}`);
  }
  const tickMs = options.tickMs ?? 20;
  const statsIntervalMs = options.statsIntervalMs ?? 1000;
  const drainWaitMs = options.drainWaitMs ?? 1000;
  const createOnConnect = options.createBoardsOnConnect ?? true;
  const ids = typeof options.boards === 'number' || options.boards === undefined ? Array.from({ length: options.boards ?? 1 }, (_, i) => `board-${i}`) : [...options.boards];
  if (ids.length > limits.maxBoards) throw new EmulatorError('EMU_ERR_TOO_MANY_BOARDS', `boards: ${ids.length} exceeds maxBoards ${limits.maxBoards}`, 'boards');
  for (const id of ids) {
    if (!IDENTIFIER_PATTERN.test(id)) throw new EmulatorError('EMU_ERR_INVALID_OPTION', `boards: board id ${JSON.stringify(id)} must match ${String(IDENTIFIER_PATTERN)}`, 'boards');
  }
  // a failing timer callback (one board's firmware) must not take the process and every other board down
  const realClock = new RealClock((e) => process.emitWarning(`tinyspark-emulator: timer callback failed: ${e instanceof Error ? e.message : String(e)}`));
  const hosted = new Map<string, HostedBoard>();
  const boardLimits: Partial<BoardLimitsConfig> = {
    maxFrameBytes: limits.maxFrameBytes,
    maxModelBytes: limits.maxModelBytes,
    maxRecordingMs: limits.maxRecordingMs,
    maxScenarioSteps: limits.maxScenarioSteps,
  };
  let closing = false;

  /**
   * JSON to one client. Periodic `stats` (droppable) are skipped while the client's buffer is over its limit (the next one
   * carries the counts); anything else that would take the buffer past twice the limit closes the
   * connection with 4008 (slow consumer), so a client that stops reading never grows memory.
   */
  const sendJson = (c: Conn, msg: BoardMessage, droppable = false): void => {
    if (c.ws.readyState !== c.ws.OPEN) return;
    const text = encodeTextFrame(msg, { limits: { maxFrameBytes: Math.max(limits.maxFrameBytes, 64 * 1024 * 1024) } });
    const after = c.ws.bufferedAmount + text.length;
    if (droppable && after > limits.maxSendBufferBytes) return;
    if (after > 2 * limits.maxSendBufferBytes && msg.type !== 'ack' && msg.type !== 'error') {
      c.ws.close(CLOSE_CODES.slowConsumer, 'send buffer overflow');
      return;
    }
    c.ws.send(text);
  };

  const maybeStats = (h: HostedBoard, c: Conn, force = false): void => {
    const now = h.clock.now();
    if (!force && now - c.lastStatsMs < statsIntervalMs) return;
    c.lastStatsMs = now;
    sendJson(c, { type: 'stats', ...c.stats, bufferedBytes: c.ws.bufferedAmount, t: now }, !force);
  };

  const sendFrame = (h: HostedBoard, c: Conn, bytes: Uint8Array, count: number): void => {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount + bytes.byteLength > limits.maxSendBufferBytes) {
      c.stats.droppedFrames++;
      c.stats.droppedSamples += count;
    } else {
      if (inTick && !c.corked) {
        // batch this tick's frames to the client into one write (uncorked at the end of the tick)
        c.corked = true;
        c.socket.cork();
        corked.push(c);
      }
      c.ws.send(bytes, () => {
        if (c.drainWaiters.length > 0 && c.ws.bufferedAmount <= drainLow) for (const w of c.drainWaiters.splice(0)) w();
      });
      c.stats.sentFrames++;
    }
    if (c.stats.droppedFrames !== c.lastDrops) {
      c.lastDrops = c.stats.droppedFrames;
      maybeStats(h, c);
    } else maybeStats(h, c);
  };

  const onFrame = (h: HostedBoard, frame: SampleFrame): void => {
    let bytes: Uint8Array | null = null;
    for (const c of h.conns) {
      if (!c.streaming.has(frame.sensor)) continue;
      bytes ??= encodeSampleFrame(frame, { limits: { maxFrameBytes: Number.MAX_SAFE_INTEGER } });
      const jitter = h.board.jitterMs(frame.sensor);
      if (jitter <= 0 && c.lastDeliverMs <= h.clock.now()) {
        sendFrame(h, c, bytes, frame.count);
      } else {
        const now = h.clock.now();
        const at = Math.max(c.lastDeliverMs, now + jitter);
        c.lastDeliverMs = at;
        const copy = bytes.slice();
        const count = frame.count;
        h.clock.setTimeout(() => sendFrame(h, c, copy, count), at - now);
      }
    }
  };

  /**
   * Real clock: each board has its own timer (their phases spread over the tick as they run).
   * While a board syncs, the sockets of the clients it sends frames to are corked, so the
   * accelerometer and gyroscope frames of one tick leave in one socket write (uncorked right after).
   */
  let inTick = false;
  const corked: Conn[] = [];
  const uncorkAll = (): void => {
    for (const c of corked) {
      c.corked = false;
      c.socket.uncork();
    }
    corked.length = 0;
  };

  const createBoard = (id: string): HostedBoard => {
    const virtual = clockKind === 'virtual' ? new VirtualClock() : null;
    const clock: Clock = virtual ?? realClock;
    const board = new Board({ id, seed: boardSeed(seed, id), clock, limits: boardLimits });
    const h: HostedBoard = { board, clock, virtual, conns: new Set(), queue: Promise.resolve(), tick: null };
    board.addListener({
      frame: (f) => onFrame(h, f),
      message: (m) => {
        for (const c of h.conns) sendJson(c, m.type === 'mode' ? { ...m, streaming: [...c.streaming] } : m);
      },
      disconnect: () => {
        for (const c of [...h.conns]) c.ws.close(CLOSE_CODES.simulatedDisconnect, 'simulated disconnect');
      },
    });
    if (virtual === null) {
      const loop = (): void => {
        h.tick = clock.setTimeout(loop, tickMs);
        inTick = true;
        try {
          board.sync(clock.now());
        } catch (e) {
          // one board's failure must not stop the process: tell its clients
          for (const c of h.conns) sendJson(c, toWireError(e, null));
        } finally {
          inTick = false;
          uncorkAll();
        }
      };
      h.tick = clock.setTimeout(loop, tickMs);
    }
    hosted.set(id, h);
    return h;
  };
  for (const id of ids) createBoard(id);

  /** Advance a board's virtual clock in slices, letting slow sockets drain between slices. */
  const advance = async (h: HostedBoard, ms: number): Promise<number> => {
    const v = h.virtual;
    if (v === null) throw new EmulatorError('EMU_ERR_NOT_VIRTUAL_CLOCK', 'sim.clock: the server runs on the real clock (start it with clock "virtual")', 'type');
    const target = v.now() + ms;
    const slice = sliceMs(h);
    while (v.now() < target) {
      const next = Math.min(target, v.now() + slice);
      v.advanceTo(next);
      h.board.sync(next);
      await drain(h);
    }
    return v.now();
  };

  const drainLow = limits.maxSendBufferBytes / 4;
  const drain = async (h: HostedBoard): Promise<void> => {
    for (const c of h.conns) {
      const low = (): boolean => c.ws.readyState !== c.ws.OPEN || c.ws.bufferedAmount <= drainLow;
      if (low()) {
        c.stalled = false;
        continue;
      }
      if (c.stalled) continue;
      let timer: { id: number } | undefined;
      await new Promise<void>((resolve) => {
        c.drainWaiters.push(resolve);
        timer = realClock.setTimeout(resolve, drainWaitMs);
      });
      if (timer) realClock.clearTimeout(timer);
      c.stalled = !low();
    }
  };

  /** Virtual time per slice of a `sim.clock` advance: at most 1 s, and small enough that one slice fits a quarter of the send buffer. */
  const sliceMs = (h: HostedBoard): number => {
    let bytesPerMs = 0;
    for (const d of h.board.sensorDescriptors()) bytesPerMs += (d.rateHz * d.axes.length * 2 * 1.05) / 1000;
    return Math.max(10, Math.min(1000, drainLow / Math.max(bytesPerMs, 1e-9)));
  };

  const handle = async (h: HostedBoard, c: Conn, req: HostMessage): Promise<void> => {
    const b = h.board;
    const ack = (id: RequestId, result?: Record<string, unknown>): void =>
      sendJson(c, result === undefined ? { type: 'ack', id } : ({ type: 'ack', id, result } as BoardMessage));
    switch (req.type) {
      case 'configure':
        return ack(req.id, b.configure(req));
      case 'stream.start': {
        // add every sensor before raising demand, so the `mode` event this causes lists them all
        const added = [...new Set(req.sensors)].filter((s) => !c.streaming.has(s));
        for (const s of added) c.streaming.add(s);
        for (const s of added) b.setDemand(s, +1);
        return ack(req.id, { streaming: [...c.streaming] });
      }
      case 'stream.stop':
        for (const s of req.sensors ?? [...c.streaming]) {
          if (c.streaming.delete(s)) b.setDemand(s, -1);
        }
        ack(req.id, { streaming: [...c.streaming] });
        return maybeStats(h, c, true);
      case 'record':
        b.record(req.id, req.label, req.durationMs, req.delayMs ?? 0, req.sensor ?? 'imu');
        return ack(req.id);
      case 'model.deploy':
        return ack(req.id, b.deployModel(req.model, utf8ByteLength(JSON.stringify(req.model))));
      case 'model.clear':
        b.clearModel();
        return ack(req.id);
      case 'infer.start':
        b.startInference(req.mode, req.mode === 'sliding' ? req.hopMs : 0);
        return ack(req.id);
      case 'infer.stop':
        b.stopInference();
        return ack(req.id);
      case 'ping':
        return ack(req.id, { t: h.clock.now() });
      case 'sim.perform':
        return ack(req.id, { segment: b.perform(req.gesture, req.person, req.seed, req.params) });
      case 'sim.scenario': {
        const r = 'steps' in req ? b.scenario(req.steps, undefined) : b.scenario(undefined, req.generate);
        ack(req.id, { segments: r.truth.length, endMs: r.endMs });
        return sendJson(c, { type: 'sim.truth', id: req.id, segments: r.truth });
      }
      case 'sim.button':
        b.button(req.button, req.action, req.durationMs ?? 100);
        return ack(req.id);
      case 'sim.fault':
        if (req.kind === 'disconnect') {
          ack(req.id);
          b.fault('disconnect', undefined, {}, undefined);
          return;
        }
        b.fault(req.kind, req.sensor, req.params ?? {}, req.durationMs);
        return ack(req.id);
      case 'sim.clock':
        return ack(req.id, { t: await advance(h, req.advanceMs) });
    }
  };

  const onMessage = (h: HostedBoard, c: Conn, data: RawData, isBinary: boolean): void => {
    const bytes = Array.isArray(data) ? data.reduce((s, d) => s + d.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
    if (isBinary) {
      sendJson(c, toWireError(new EmulatorError('EMU_ERR_BINARY_NOT_ACCEPTED', 'binary frames are board -> host only; send JSON text requests', '(frame)'), null));
      return;
    }
    if (bytes > limits.maxFrameBytes) {
      sendJson(c, toWireError(new EmulatorError('EMU_ERR_FRAME_TOO_LARGE', `frame of ${bytes} bytes exceeds maxFrameBytes ${limits.maxFrameBytes}`, '(frame)'), null));
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    let req: HostMessage;
    try {
      req = parseTextFrame(text, { from: 'host', limits: { maxFrameBytes: limits.maxFrameBytes, maxModelBytes: limits.maxModelBytes, maxRecordingMs: limits.maxRecordingMs, maxScenarioSteps: limits.maxScenarioSteps } });
    } catch (e) {
      sendJson(c, toWireError(e, null));
      return;
    }
    // requests of one board run in arrival order (sim.clock is asynchronous)
    h.queue = h.queue.then(async () => {
      if (closing || c.ws.readyState !== c.ws.OPEN) return;
      try {
        await handle(h, c, req);
      } catch (e) {
        sendJson(c, toWireError(e, req.id));
      }
    });
  };

  const server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('tinyspark-emulator: connect with a WebSocket to /boards/<id>\n');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes * 2, perMessageDeflate: false });
  wss.on('error', () => {
    /* listen errors are reported by the http server below */
  });
  server.on('upgrade', (request, socket, head) => {
    if (closing) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    const path = (request.url ?? '').split('?')[0]!;
    const m = /^\/boards\/([^/]+)\/?$/.exec(path);
    const id = m ? decodeURIComponent(m[1]!) : undefined;
    let h = id !== undefined ? hosted.get(id) : undefined;
    if (h === undefined && id !== undefined && createOnConnect && IDENTIFIER_PATTERN.test(id) && hosted.size < limits.maxBoards) {
      h = createBoard(id);
      options.onBoardCreated?.({ id, url: `${url}/boards/${id}` });
    }
    if (h === undefined) {
      ws.close(CLOSE_CODES.unknownBoard, id === undefined ? 'use /boards/<id>' : `unknown board ${id}`.slice(0, 120));
      return;
    }
    if (h.conns.size >= limits.maxClientsPerBoard) {
      ws.close(CLOSE_CODES.tooManyClients, `board has ${limits.maxClientsPerBoard} clients`);
      return;
    }
    const hb = h;
    const c: Conn = { ws, socket: request.socket, corked: false, streaming: new Set(), stats: { sentFrames: 0, droppedFrames: 0, droppedSamples: 0 }, lastStatsMs: hb.clock.now(), lastDeliverMs: -Infinity, lastDrops: 0, stalled: false, drainWaiters: [] };
    hb.conns.add(c);
    sendJson(c, hb.board.hello([]));
    ws.on('message', (data, isBinary) => onMessage(hb, c, data, isBinary));
    ws.on('error', () => {
      /* socket errors (e.g. oversized frames: ws closes with 1009) end this connection only */
    });
    ws.on('close', () => {
      hb.conns.delete(c);
      for (const s of c.streaming) hb.board.setDemand(s, -1);
      c.streaming.clear();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') reject(new EmulatorError('EMU_ERR_PORT_IN_USE', `port: ${port} on ${host} is already in use; pick another --port (0 = any free port)`, 'port'));
      else reject(e);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  }).catch((e: unknown) => {
    for (const h of hosted.values()) h.board.stop();
    realClock.clearAll();
    wss.close();
    throw e;
  });

  const addr = server.address() as AddressInfo;
  const hostPart = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `ws://${hostPart}:${addr.port}`;
  return {
    url,
    host: addr.address,
    port: addr.port,
    boards: ids.map((id) => ({ id, url: `${url}/boards/${id}` })),
    board: (id) => hosted.get(id)?.board,
    advance: async (id, ms) => {
      const h = hosted.get(id);
      if (!h) throw new EmulatorError('EMU_ERR_UNKNOWN_BOARD', `board: no board ${JSON.stringify(id)}`, 'board');
      const run = h.queue.then(() => advance(h, ms));
      h.queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    close: async () => {
      if (closing) return;
      closing = true;
      for (const h of hosted.values()) {
        if (h.tick) h.clock.clearTimeout(h.tick);
        h.board.stop();
        for (const c of h.conns) c.ws.close(CLOSE_CODES.goingAway, 'emulator shutting down');
      }
      realClock.clearAll();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
