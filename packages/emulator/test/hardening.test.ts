// Issue 9, "The server must survive any client": each test fails without its fix.
import type { AckMessage, BoardMessage, ErrorMessage } from '@tinyspark/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { accessPolicy } from '../src/server/start-emulator.js';
import type { TestClient } from './helpers.js';
import { closedAfterEach } from './support/servers.js';
import { stopReading } from './support/never-reading.js';
import { bufferPast, watchDiagnostics } from './support/watch-diagnostics.js';
import { buildCliFromSource, runToExit, startCli } from './support/cli-process.js';
import type { CliProcess } from './support/cli-process.js';

const { emulator, client, clients } = closedAfterEach();

/** The frames of issue 9 that killed the process: a field over ~1000 characters echoed into the reply. */
const KILLER_FRAMES = [JSON.stringify({ type: 'ping', id: 'a'.repeat(2000) }), JSON.stringify({ type: 'record', id: 1, label: 'b'.repeat(1100), durationMs: 1000 })];

/** The reply each killer frame gets: a short error (never the echoed value in full). */
async function expectShortErrors(c: TestClient): Promise<void> {
  for (const frame of KILLER_FRAMES) {
    const reply = c.upcoming((m) => m.type === 'error');
    c.sendRaw(frame);
    const e = (await reply) as ErrorMessage;
    expect(e.code).toBe('BAD_FIELD');
    expect(e.message.length).toBeLessThanOrEqual(512);
  }
}

describe('one frame must not kill the board', () => {
  it('a 2000-character ping id and a 1100-character label get short BAD_FIELD errors; the server goes on', async () => {
    const emu = await emulator({ boards: 2 });
    const c = await client(emu.boards[0]!.url);
    await expectShortErrors(c);
    const e = (await c.request({ type: 'ping', id: undefined, pad: undefined })) as AckMessage;
    expect(e.type).toBe('ack');
    const other = await client(emu.boards[1]!.url);
    expect(await other.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
  });

  it('a handler bug answers INTERNAL or closes that one connection (1011), never the process', async () => {
    const emu = await emulator();
    const board = emu.board('board-0')!;
    const bystander = await client(emu.boards[0]!.url);
    const victim = await client(emu.boards[0]!.url);
    // a bug inside a request: an INTERNAL error with the request's id, the connection stays open
    const configure = board.configure.bind(board);
    board.configure = () => {
      throw new TypeError('bug in configure');
    };
    expect(await victim.request({ type: 'configure', accelerometer: { rateHz: 208 } })).toMatchObject({ type: 'error', code: 'INTERNAL' });
    board.configure = configure;
    expect(await victim.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    // a bug while routing a new connection: that connection is closed with 1011
    const hello = board.hello.bind(board);
    board.hello = () => {
      throw new TypeError('bug in hello');
    };
    const broken = new WebSocket(emu.boards[0]!.url);
    expect(await new Promise<number>((resolve) => broken.on('close', (code) => resolve(code)))).toBe(1011);
    board.hello = hello;
    // a bug in a reply's encoding: a fixed, short INTERNAL error
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    board.configure = () => ({ sensors: [], cyclic }) as unknown as ReturnType<typeof configure>;
    expect(await victim.request({ type: 'configure' })).toMatchObject({ type: 'error', code: 'INTERNAL', message: '[emulator] INTERNAL: the reply could not be encoded' });
    board.configure = configure;
    // everyone else carries on
    expect(await bystander.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    expect(await victim.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    await client(emu.boards[0]!.url);
  });
});

describe('the real CLI process survives the same frames', () => {
  let entry = '';
  let cleanup = (): void => {};
  let cli: CliProcess | undefined;
  beforeAll(() => {
    ({ entry, cleanup } = buildCliFromSource());
  }, 240_000);
  afterAll(async () => {
    await cli?.stop();
    cleanup();
  });

  it('node cli.js: the killer frames of issue 9 are answered, the process keeps serving, SIGTERM exits 0', { timeout: 240_000 }, async () => {
    cli = await startCli(entry, ['--boards', '2']);
    const c = await client(`${cli.url}/boards/board-0`);
    await expectShortErrors(c);
    expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    const other = await client(`${cli.url}/boards/board-1`);
    expect(await other.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    expect(cli.exited()).toBeNull();
    for (const x of clients.splice(0)) await x.close();
    expect(await cli.stop()).toBe(0);
    expect(cli.output()).not.toMatch(/Error|uncaught/i);
  });

  it('node cli.js on a port in use exits 4 (EMU_ERR_PORT_IN_USE), a misspelt flag exits 2 with "did you mean"', { timeout: 240_000 }, async () => {
    const first = await startCli(entry, []);
    try {
      const port = new URL(first.url).port;
      const second = await runToExit(entry, ['--port', port]);
      expect(second.code).toBe(4);
      expect(second.output).toContain('EMU_ERR_PORT_IN_USE');
      const typo = await runToExit(entry, ['--prot', '0']);
      expect(typo.code).toBe(2);
      expect(typo.output).toContain('(did you mean --port?)');
    } finally {
      expect(await first.stop()).toBe(0);
    }
  });
});

describe('memory stays bounded whatever a client does', () => {
  it('a client that sends requests but never reads: its buffer stays under max(2 x maxSendBufferBytes, limit + largest reply), then it is closed 4008', { timeout: 240_000 }, async () => {
    const limit = 64 * 1024;
    const emu = await emulator({ limits: { maxSendBufferBytes: limit } });
    const greedy = await client(emu.boards[0]!.url);
    const bystander = await client(emu.boards[0]!.url);
    const socket = stopReading(greedy.ws);
    const watch = watchDiagnostics(emu);
    // each answer is ~100 kB of truth: 400 of them are 40 MB, far more than any socket buffers
    for (let i = 0; i < 400; i++) greedy.sendRaw(JSON.stringify({ type: 'sim.scenario', id: i + 1, generate: { count: 1000, gestures: ['circle', 'shake'], seed: i } }));
    // the bystander's requests queue behind the greedy ones on the same board, and are answered
    expect(await bystander.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    await bufferPast(watch, limit);
    const peak = watch.stop();
    socket.resume();
    expect(await greedy.closed()).toBe(4008);
    // the documented bound: max(2 x limit, limit + the largest reply)
    const largestReply = Math.max(...greedy.texts.map((t) => t.length));
    expect(peak.bufferedBytes).toBeLessThanOrEqual(limit + Math.max(limit, largestReply));
    expect(peak.pending).toBeLessThanOrEqual(2 * 64);
    expect(await bystander.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
  });

  it('a request flood: every request answered exactly once (ack, or LIMIT_EXCEEDED), pending bounded, others served', { timeout: 240_000 }, async () => {
    const emu = await emulator({ boards: 2 });
    const flood = await client(emu.boards[0]!.url);
    const other = await client(emu.boards[1]!.url);
    const n = 20_000;
    const answered = new Map<number, string>();
    let duplicates = 0;
    const all = new Promise<void>((resolve) => {
      flood.ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const m = JSON.parse((data as Buffer).toString('utf8')) as BoardMessage;
        if ((m.type === 'ack' || m.type === 'error') && typeof m.id === 'number' && m.id <= n) {
          if (answered.has(m.id)) duplicates++;
          answered.set(m.id, m.type === 'ack' ? 'ack' : m.code);
          if (answered.size === n) resolve();
        }
      });
    });
    const watch = watchDiagnostics(emu);
    for (let i = 1; i <= n; i++) flood.sendRaw(JSON.stringify({ type: 'ping', id: i }));
    expect(await other.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    await all;
    const peak = watch.stop();
    expect(peak.pending).toBeLessThanOrEqual(2 * 64);
    expect(duplicates).toBe(0);
    expect(new Set(answered.values())).toEqual(new Set([...answered.values()].filter((v) => v === 'ack' || v === 'LIMIT_EXCEEDED')));
    expect([...answered.values()].filter((v) => v === 'ack').length).toBeGreaterThan(0);
    const after = flood.upcoming((m) => m.type === 'ack' && m.id === n + 1);
    flood.sendRaw(JSON.stringify({ type: 'ping', id: n + 1 }));
    expect(await after).toMatchObject({ type: 'ack' });
  });

  it('sim.clock advanceMs 86 400 000 at 6664 Hz: other boards are served meanwhile, memory stays bounded, it answers', { timeout: 240_000 }, async () => {
    const limit = 256 * 1024;
    const emu = await emulator({ boards: 2, limits: { maxSendBufferBytes: limit } });
    const streamer = await client(emu.boards[0]!.url);
    const requester = await client(emu.boards[0]!.url);
    const neighbour = await client(emu.boards[1]!.url);
    await streamer.request({ type: 'configure', accelerometer: { rateHz: 6664 }, gyroscope: { rateHz: 6664 } });
    await streamer.request({ type: 'stream.start', sensors: ['accelerometer', 'gyroscope'] });
    const heapBefore = process.memoryUsage().heapUsed;
    const watch = watchDiagnostics(emu);
    let done = false;
    const day = requester.request({ type: 'sim.clock', advanceMs: 86_400_000 }).then((m) => {
      done = true;
      return m;
    });
    // while the day runs, the streamer receives samples and the other board answers pings
    await streamer.samples(200_000);
    for (let i = 0; i < 20; i++) {
      expect(await neighbour.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
      expect(done).toBe(false);
    }
    // the streamer goes away: nobody needs the samples any more, the rest of the day is cheap
    await streamer.close();
    const answer = (await day) as AckMessage;
    const peak = watch.stop();
    expect(answer).toMatchObject({ type: 'ack', result: { t: 86_400_000 } });
    expect(peak.bufferedBytes).toBeLessThanOrEqual(2 * limit);
    // generous: the bug grew the server by 1.8 GB
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
    // each sensor's frames arrive in order (a dropped frame leaves a gap, never a step back)
    const next = new Map<string, number>();
    for (const f of streamer.frames) {
      expect(f.seq).toBeGreaterThanOrEqual(next.get(f.sensor) ?? 0);
      next.set(f.sensor, f.seq + f.count);
    }
    expect(await requester.request({ type: 'ping' })).toMatchObject({ type: 'ack', result: { t: 86_400_000 } });
  });
});

describe('a stalled client costs no synthesis', () => {
  it('an hour of sim.clock at 6664 Hz to a client that never reads: the samples it would drop are skipped, not synthesised, and counted as dropped; sequence numbers advance; other boards answer meanwhile', { timeout: 240_000 }, async () => {
    const limit = 64 * 1024;
    const emu = await emulator({ boards: 2, limits: { maxSendBufferBytes: limit } });
    const board = emu.board('board-0')!;
    const streamer = await client(emu.boards[0]!.url);
    const requester = await client(emu.boards[0]!.url);
    const neighbour = await client(emu.boards[1]!.url);
    await streamer.request({ type: 'configure', accelerometer: { rateHz: 6664 }, gyroscope: { rateHz: 6664 } });
    await streamer.request({ type: 'stream.start', sensors: ['accelerometer', 'gyroscope'] });
    // every accelerometer sample the board synthesises passes through its sensor model
    const acc = board.sensors.accelerometer;
    const sample = acc.sample.bind(acc);
    let synthesised = 0;
    acc.sample = (...args: Parameters<typeof sample>) => {
      synthesised += args[3];
      sample(...args);
    };
    const reading = stopReading(streamer.ws);
    const hour = requester.request({ type: 'sim.clock', advanceMs: 3_600_000 });
    for (let i = 0; i < 5; i++) expect(await neighbour.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    expect(await hour).toMatchObject({ type: 'ack', result: { t: 3_600_000 } });
    const total = board.nextSeq('accelerometer');
    // the stream went on as if every sample had been produced (one per 1/6664 s)
    expect(total).toBe(Math.floor((3_600_000 * 6664) / 1000));
    // only what the socket buffers took before the stall was synthesised (a few MB), not the hour
    expect(synthesised).toBeLessThan(total / 4);
    // the client reads again: what it got plus what the server counted as dropped is every sample
    reading.resume();
    await streamer.request({ type: 'stream.stop' });
    await streamer.request({ type: 'ping' });
    // the last stats is the one stream.stop sends (the counts of the whole stream)
    const s = streamer.messages.filter((m) => m.type === 'stats').at(-1) as unknown as { droppedSamples: number; droppedFrames: number };
    const received = streamer.frames.reduce((n, f) => n + f.count, 0);
    expect(received + s.droppedSamples).toBe(board.nextSeq('accelerometer') + board.nextSeq('gyroscope'));
    expect(s.droppedFrames).toBeGreaterThan(0);
    // frames stay in order per sensor: a skipped chunk leaves a gap, never a step back
    const next = new Map<string, number>();
    for (const f of streamer.frames) {
      expect(f.seq).toBeGreaterThanOrEqual(next.get(f.sensor) ?? 0);
      next.set(f.sensor, f.seq + f.count);
    }
    acc.sample = sample;
  });
});

/** The HTTP status an upgrade gets (101 when the WebSocket opened, then closed again). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', reject);
  });
}

async function getBoards(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(url.replace(/^ws/, 'http') + '/boards', { headers });
  return { status: res.status, body: await res.text() };
}

describe('who may drive a board', () => {
  it('a foreign Origin is refused with HTTP 403 (WebSocket and GET /boards); loopback origins, allowed ones and programs pass', async () => {
    const emu = await emulator({ allowedOrigins: ['https://studio.example'] });
    const url = emu.boards[0]!.url;
    expect(await upgradeStatus(url, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { Origin: 'http://127.0.0.1.evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { Origin: 'null' })).toBe(403);
    expect(await upgradeStatus(url, { Origin: 'http://localhost:5173' })).toBe(101);
    expect(await upgradeStatus(url, { Origin: 'https://studio.example' })).toBe(101);
    expect(await upgradeStatus(url)).toBe(101);
    expect((await getBoards(emu.url, { Origin: 'http://evil.example' })).status).toBe(403);
    const list = await getBoards(emu.url);
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toEqual({ boards: [{ id: 'board-0', url }] });
  });

  it('with a token: 401 without it or with a wrong one; Authorization: Bearer or ?token= passes', async () => {
    const emu = await emulator({ token: 's3cret' });
    const url = emu.boards[0]!.url;
    expect(await upgradeStatus(url)).toBe(401);
    expect(await upgradeStatus(`${url}?token=s3cre`)).toBe(401);
    expect(await upgradeStatus(url, { Authorization: 'Bearer wrong' })).toBe(401);
    expect(await upgradeStatus(url, { Authorization: 'Bearer s3cret' })).toBe(101);
    expect(await upgradeStatus(`${url}?token=s3cret`)).toBe(101);
    expect((await getBoards(emu.url)).status).toBe(401);
    expect((await getBoards(emu.url, { Authorization: 'Bearer s3cret' })).status).toBe(200);
    // the origin check still applies to a client holding the token
    expect(await upgradeStatus(`${url}?token=s3cret`, { Origin: 'http://evil.example' })).toBe(403);
  });

  it('plain HTTP: GET /boards lists, another method on /boards is 405, any other path 426 (use a WebSocket)', async () => {
    const emu = await emulator();
    const http = emu.url.replace(/^ws/, 'http');
    expect((await fetch(`${http}/boards`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${http}/`)).status).toBe(426);
    expect((await fetch(`${http}/boards/board-0`)).status).toBe(426);
  });

  it('binding a non-loopback address needs a token (the test itself binds loopback only)', async () => {
    await expect(startEmulator({ host: '0.0.0.0', port: 0 })).rejects.toMatchObject({ code: 'EMU_ERR_INVALID_OPTION', field: 'token' });
    expect(accessPolicy({ token: 't' }, '0.0.0.0')).toMatchObject({ token: 't' });
    expect(() => accessPolicy({}, '192.168.1.2')).toThrow(/needs a token/);
    const emu = await emulator({ token: 't' });
    expect(await upgradeStatus(`ws://127.0.0.1:${emu.port}/boards/board-0`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${emu.port}/boards/board-0?token=t`)).toBe(101);
  });

  it('an unknown board id is closed with 4004 (no board is created) unless the URL asks with ?create=1', async () => {
    const emu = await emulator();
    const typo = new WebSocket(`${emu.url}/boards/board-9`);
    expect(await new Promise<number>((resolve) => typo.on('close', (code) => resolve(code)))).toBe(4004);
    expect(emu.listBoards().map((b) => b.id)).toEqual(['board-0']);
    const made = await client(`${emu.url}/boards/board-9?create=1`);
    expect(await made.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
    expect(emu.listBoards().map((b) => b.id)).toEqual(['board-0', 'board-9']);
  });
});
