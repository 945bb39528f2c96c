// `tinyspark studio`'s server: the web app (static, bundled, offline), a JSON API over the project
// folder (the same code as the CLI commands), and a WebSocket relay to the board. Binds 127.0.0.1 by
// default; foreign origins are refused, a token is required when it is exposed.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@tinyspark/emulator';
import type { RunningEmulator } from '@tinyspark/emulator';
import { gestureDefinition, gestureNames } from '@tinyspark/emulator/motion';
import { openBoard } from '../board/connect.js';
import { isoNow } from '../clock.js';
import { StudioError } from '../errors.js';
import { createBufferedIo } from '../io.js';
import { buildProjectReport } from '../report/project-report.js';
import type { AccessPolicy } from './access.js';
import { checkAccess, isLoopbackHost, studioToken, TOKEN_COOKIE } from './access.js';
import { BoardRelay } from './board-relay.js';
import { HttpStatusError, readJson, sendDownload, sendError, sendJson } from './http-util.js';
import { assertRecordingFile, assertSplit, StudioProject } from './project.js';

export interface StudioServerOptions {
  /** Project folder (created if missing). */
  dataDir: string;
  /** Board URL; absent: the built-in emulator is started (loopback, port 0). */
  board?: string;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** TCP port (default 0: a free one). */
  port?: number;
  /** Access token; generated when the host is not loopback and none is given. */
  token?: string;
  /** Clock of the built-in emulator (default real: the page's traces move by themselves). */
  emulatorClock?: 'real' | 'virtual';
  /** Seed of the built-in emulator (default 0). */
  emulatorSeed?: number;
  /** Learned gestures (tinyspark.gesture v1 documents) for the built-in emulator. */
  emulatorGestures?: readonly unknown[];
  /** Folder of the built web app (default: dist/web beside this module). */
  webDir?: string;
  now?: () => string;
}

export interface RunningStudio {
  /** The URL to open (carries `?token=` when there is a token). */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string | undefined;
  readonly project: StudioProject;
  /** The built-in emulator, when no --board was given. */
  readonly emulator: RunningEmulator | undefined;
  boardUrl(): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

function defaultWebDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'web');
}

function assertBoardUrl(v: unknown): string {
  if (typeof v !== 'string' || v.length > 2000 || !/^wss?:\/\/[^\s]+$/.test(v)) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `--board "${String(v).slice(0, 200)}" is not a WebSocket URL: use ws://host:port/boards/<id> (\`tinyspark emulator\` prints them)`, { field: 'board' });
  }
  try {
    new URL(v);
  } catch {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `--board "${v.slice(0, 200)}" is not a WebSocket URL: use ws://host:port/boards/<id> (\`tinyspark emulator\` prints them)`, { field: 'board' });
  }
  return v;
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** Connects once to a board and returns its hello (the CLI's error when it cannot). */
async function probeBoard(url: string): Promise<unknown> {
  const board = await openBoard(createBufferedIo(process.cwd()), url, { reconnect: false, helloTimeoutMs: 10_000 });
  try {
    return board.hello;
  } finally {
    await board.close().catch(() => undefined);
  }
}

export async function startStudioServer(options: StudioServerOptions): Promise<RunningStudio> {
  const host = options.host ?? '127.0.0.1';
  const token = studioToken(host, options.token);
  const webDir = resolve(options.webDir ?? defaultWebDir());
  const now = options.now ?? isoNow;
  const project = new StudioProject(options.dataDir, now);
  await project.init();
  let emulator: RunningEmulator | undefined;
  let boardUrl: string;
  if (options.board !== undefined) {
    boardUrl = assertBoardUrl(options.board);
  } else {
    emulator = await startEmulator({ host: '127.0.0.1', port: 0, boards: 1, seed: options.emulatorSeed ?? 0, clock: options.emulatorClock ?? 'real', ...(options.emulatorGestures !== undefined ? { gestures: options.emulatorGestures } : {}) });
    boardUrl = emulator.boards[0]?.url ?? `${emulator.url}/boards/board-0`;
  }
  const relay = new BoardRelay();
  const policy: AccessPolicy = { token, port: 0, host };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const q = (k: string): string | undefined => url.searchParams.get(k) ?? undefined;
    switch (route) {
      case 'GET /api/status':
        sendJson(res, 200, {
          board: { url: boardUrl },
          emulator: emulator === undefined ? null : { url: emulator.url, clock: options.emulatorClock ?? 'real', boards: emulator.listBoards() },
          project: project.dir,
          token: token !== undefined,
        });
        return;
      case 'GET /api/gestures': {
        // The emulator's gesture table as it is now (built-in, then learned/registered ones). The
        // built-in emulator runs in this process, so this is its vocabulary; a remote emulator has
        // at least the built-in ones.
        const gestures = gestureNames().map((name) => {
          const d = gestureDefinition(name);
          return { name, kind: d?.kind ?? 'handheld', aliasOf: d?.aliasOf ?? null, description: d?.description ?? null };
        });
        const local = emulator !== undefined && emulator.listBoards().some((b) => b.url === boardUrl);
        sendJson(res, 200, { gestures, source: local ? "the built-in emulator's vocabulary" : 'the emulator package\'s vocabulary (a remote emulator may know more: learned gestures)' });
        return;
      }
      case 'GET /api/boards':
        sendJson(res, 200, { boards: emulator === undefined ? [] : emulator.listBoards() });
        return;
      case 'POST /api/board': {
        const next = assertBoardUrl(field(await readJson(req, 64 * 1024), 'url'));
        const hello = await probeBoard(next);
        boardUrl = next;
        relay.closeAll();
        sendJson(res, 200, { board: { url: boardUrl }, hello });
        return;
      }
      case 'GET /api/project':
        sendJson(res, 200, await project.state());
        return;
      case 'GET /api/dataset':
        sendJson(res, 200, await project.list(assertSplit(q('split') ?? 'dataset')));
        return;
      case 'GET /api/dataset/all':
        sendJson(res, 200, { recordings: (await project.recordings(assertSplit(q('split') ?? 'dataset'))).recordings });
        return;
      case 'GET /api/dataset/recording':
        sendJson(res, 200, await project.readRecording(assertSplit(q('split') ?? 'dataset'), assertRecordingFile(q('file'))));
        return;
      case 'DELETE /api/dataset/recording':
        await project.deleteRecording(assertSplit(q('split') ?? 'dataset'), assertRecordingFile(q('file')));
        sendJson(res, 200, { deleted: q('file') });
        return;
      case 'POST /api/dataset/recordings': {
        const body = await readJson(req, 8 * 1024 * 1024);
        const id = field(body, 'id');
        sendJson(res, 200, await project.addRecording(assertSplit(q('split') ?? 'dataset'), field(body, 'recording'), typeof id === 'string' ? id : undefined));
        return;
      }
      case 'POST /api/dataset/move': {
        const body = await readJson(req, 64 * 1024);
        const file = await project.moveRecording(assertSplit(field(body, 'from')), assertRecordingFile(field(body, 'file')), assertSplit(field(body, 'to')));
        sendJson(res, 200, { file });
        return;
      }
      case 'POST /api/dataset/rename': {
        const body = await readJson(req, 64 * 1024);
        const from = field(body, 'from');
        const to = field(body, 'to');
        sendJson(res, 200, { renamed: await project.renameLabel(String(from), String(to)) });
        return;
      }
      case 'POST /api/dataset/import': {
        const body = await readJson(req);
        const files = field(body, 'files');
        if (!Array.isArray(files)) throw new StudioError('STUDIO_ERR_USAGE', 'import: "files" must be a list of {name, text}', { field: 'files' });
        const label = field(body, 'label');
        sendJson(res, 200, await project.importFiles(files.map((f) => ({ name: String(field(f, 'name') ?? 'file'), text: String(field(f, 'text') ?? '') })), typeof label === 'string' && label !== '' ? label : undefined));
        return;
      }
      case 'GET /api/dataset/export': {
        const format = q('format') ?? 'ei';
        if (format !== 'csv' && format !== 'ei') throw new StudioError('STUDIO_ERR_BAD_OPTION', `export format must be csv or ei, got ${JSON.stringify(format)}`, { field: 'format' });
        const out = await project.exportDataset(assertSplit(q('split') ?? 'dataset'), format);
        sendDownload(res, out.name, out.type, out.data);
        return;
      }
      case 'POST /api/model': {
        const body = await readJson(req);
        sendJson(res, 200, await project.saveModel(field(body, 'model'), field(body, 'training')));
        return;
      }
      case 'POST /api/quantize':
        sendJson(res, 200, await project.quantize(field(await readJson(req, 64 * 1024), 'perChannel') === true));
        return;
      case 'GET /api/model/int8':
        sendJson(res, 200, await project.int8Document());
        return;
      case 'POST /api/verify':
        await project.saveVerify(field(await readJson(req), 'result'));
        sendJson(res, 200, { saved: project.paths.verify });
        return;
      case 'GET /api/report': {
        const html = await buildProjectReport(project.dir);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
        return;
      }
      default:
        if (req.method === 'GET' && url.pathname.startsWith('/api/exports/')) {
          const out = await project.exportFile(decodeURIComponent(url.pathname.slice('/api/exports/'.length)));
          sendDownload(res, out.name, out.type, out.data);
          return;
        }
        throw new HttpStatusError(404, `no such API: ${route.slice(0, 200)}`);
    }
  };

  const serveStatic = async (res: ServerResponse, url: URL): Promise<void> => {
    const name = url.pathname === '/' || !/^\/[A-Za-z0-9_-]+\.[a-z]+$/.test(url.pathname) ? 'index.html' : url.pathname.slice(1);
    const path = join(webDir, name);
    if (!path.startsWith(webDir)) throw new HttpStatusError(404, 'not found');
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch {
      if (name === 'index.html') throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `the web app is not built (${webDir} has no index.html): run \`pnpm build\``, { field: 'web' });
      throw new HttpStatusError(404, `not found: ${name}`);
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; worker-src 'self' blob:",
    };
    const t = url.searchParams.get('token');
    if (token !== undefined && t !== null) headers['set-cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(t)}; Path=/; HttpOnly; SameSite=Strict`;
    res.writeHead(200, headers);
    res.end(data);
  };

  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://studio.invalid');
    } catch {
      sendJson(res, 400, { error: { code: 'STUDIO_ERR_USAGE', message: 'bad request URL', field: null, text: '[studio] STUDIO_ERR_USAGE: bad request URL' } });
      return;
    }
    const verdict = checkAccess(req.headers, url, policy);
    if (!verdict.ok) {
      sendJson(res, verdict.status, { error: { code: 'STUDIO_ERR_USAGE', message: verdict.message, field: null, text: `[studio] ${verdict.message}` } });
      return;
    }
    const job = url.pathname.startsWith('/api/') ? api(req, res, url) : req.method === 'GET' ? serveStatic(res, url) : Promise.reject(new HttpStatusError(405, 'only GET here'));
    job.catch((err: unknown) => {
      try {
        sendError(res, err);
      } catch {
        res.destroy();
      }
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://studio.invalid');
    } catch {
      socket.destroy();
      return;
    }
    const verdict = checkAccess(req.headers, url, policy);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    if (url.pathname !== '/api/board/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    relay.handleUpgrade(req, socket, head, boardUrl);
  });

  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (err) {
    await emulator?.close();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new StudioError('STUDIO_ERR_PORT_IN_USE', `studio: port ${options.port ?? 0} on ${host} is in use: choose another with --port (0 picks a free one) or stop the program using it`, { field: 'port', cause: err });
    throw new StudioError('STUDIO_ERR_BOARD', `studio: cannot listen on ${host}:${options.port ?? 0}: ${err instanceof Error ? err.message : String(err)}`, { field: 'host', cause: err });
  }
  const port = (server.address() as AddressInfo).port;
  policy.port = port;
  const shownHost = isLoopbackHost(host) || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shownHost}:${port}`;
  return {
    url: `${origin}/${token !== undefined ? `?token=${encodeURIComponent(token)}` : ''}`,
    origin,
    port,
    token,
    project,
    emulator,
    boardUrl: () => boardUrl,
    async close() {
      relay.closeAll();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await emulator?.close();
    },
  };
}
