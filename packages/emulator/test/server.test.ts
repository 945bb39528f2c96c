import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ErrorMessage, HelloMessage, StatsMessage } from '@tinyspark/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { TestClient } from './helpers.js';
import { handBuiltQModel } from './qmodel-fixture.js';

const running: RunningEmulator[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const e of running.splice(0)) await e.close();
});
async function emulator(opts: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const e = await startEmulator({ clock: 'virtual', port: 0, ...opts });
  running.push(e);
  return e;
}
async function client(url: string): Promise<TestClient> {
  const c = await TestClient.open(url);
  clients.push(c);
  return c;
}

describe('server basics', () => {
  it('binds 127.0.0.1, hosts boards by path, each says hello with the datasheet sensors', async () => {
    const emu = await emulator({ boards: ['left', 'right'], seed: 5 });
    expect(emu.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.boards.map((b) => b.url)).toEqual([`${emu.url}/boards/left`, `${emu.url}/boards/right`]);
    const c = await client(emu.boards[1]!.url);
    const hello = c.messages[0] as HelloMessage;
    expect(hello.protocol).toBe(1);
    expect(hello.board.id).toBe('right');
    expect(hello.capabilities.sim).toBe(true);
    const acc = hello.sensors.find((s) => s.name === 'accelerometer')!;
    expect([acc.range, acc.rateHz, acc.lsb]).toEqual([4, 104, 0.122e-3 * 9.80665]);
    expect(hello.sensors.find((s) => s.name === 'gyroscope')!.range).toBe(250);
    // boards are independent: a different board has a different bias
    expect(emu.board('left')!.sensors.accelerometer.bias).not.toEqual(emu.board('right')!.sensors.accelerometer.bias);
  });

  it('creates a board on first connection when asked (?create=1 or the option), refuses unknown boards by default, and caps clients', async () => {
    const created: { id: string; url: string }[] = [];
    const emu = await emulator({ limits: { maxClientsPerBoard: 2 }, onBoardCreated: (b) => created.push(b) });
    const typo = new (await import('ws')).default(`${emu.url}/boards/extra-7`);
    expect(await new Promise<number>((resolve) => typo.on('close', (c) => resolve(c)))).toBe(4004);
    expect(emu.board('extra-7')).toBeUndefined();
    await client(`${emu.url}/boards/extra-7?create=1`);
    expect(emu.board('extra-7')).toBeDefined();
    expect(created).toEqual([{ id: 'extra-7', url: `${emu.url}/boards/extra-7` }]);
    await client(emu.boards[0]!.url);
    await client(emu.boards[0]!.url);
    const third = new (await import('ws')).default(emu.boards[0]!.url);
    const code = await new Promise<number>((resolve) => third.on('close', (c) => resolve(c)));
    expect(code).toBe(4029);
    const open = await emulator({ createBoardsOnConnect: true });
    await client(`${open.url}/boards/any`);
    expect(open.listBoards().map((b) => b.id)).toEqual(['board-0', 'any']);
  });

  it('a port in use gives EMU_ERR_PORT_IN_USE', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    await expect(startEmulator({ port })).rejects.toMatchObject({ code: 'EMU_ERR_PORT_IN_USE', field: 'port' });
    await new Promise<void>((r) => blocker.close(() => r()));
  });
});

describe('bad input gets a typed error and the server keeps serving everyone', () => {
  it('broken JSON, unknown type, wrong field types, unsupported rate, invalid model, oversized and binary frames', async () => {
    const emu = await emulator({ limits: { maxFrameBytes: 64 * 1024, maxModelBytes: 16 * 1024 } });
    const bad = await client(emu.boards[0]!.url);
    const good = await client(emu.boards[0]!.url);
    await good.request({ type: 'stream.start', sensors: ['accelerometer'] });

    bad.sendRaw('{"type": "ping", "id": 1');
    expect(await bad.upcoming((m) => m.type === 'error')).toMatchObject({ code: 'BAD_JSON', id: null });
    expect(await bad.request({ type: 'warp.drive' })).toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE', field: 'type' });
    expect(await bad.request({ type: 'record', label: 'x', durationMs: 'long' })).toMatchObject({ type: 'error', code: 'BAD_FIELD', field: 'durationMs' });
    const rate = (await bad.request({ type: 'configure', gyroscope: { rateHz: 100 } })) as ErrorMessage;
    expect(rate).toMatchObject({ code: 'UNSUPPORTED_RATE', field: 'gyroscope.rateHz' });
    expect(rate.supported).toEqual([12.5, 26, 52, 104, 208, 416, 833, 1666, 3332, 6664]);
    expect(await bad.request({ type: 'configure', accelerometer: { range: 3 } })).toMatchObject({ code: 'UNSUPPORTED_RANGE', supported: [2, 4, 8, 16] });
    expect(await bad.request({ type: 'model.deploy', model: { format: 'tinyspark.qmodel', version: 1, labels: [] } })).toMatchObject({ code: 'MODEL_INVALID' });
    const wrongAxis = handBuiltQModel({ sensor: 'proximity', axes: ['lux'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' }, [3, 2], ['a', 'b'], 1, 0.01);
    expect(await bad.request({ type: 'model.deploy', model: wrongAxis })).toMatchObject({ code: 'MODEL_INVALID', field: 'model.pipeline.axes[0]' });
    const big = { format: 'tinyspark.qmodel', version: 1, padding: 'x'.repeat(20_000) };
    expect(await bad.request({ type: 'model.deploy', model: big })).toMatchObject({ code: 'MODEL_TOO_LARGE' });
    expect(await bad.request({ type: 'infer.start', mode: 'recording' })).toMatchObject({ code: 'NO_MODEL' });
    expect(await bad.request({ type: 'sim.perform', gesture: 'juggle' })).toMatchObject({ code: 'UNKNOWN_GESTURE' });
    bad.sendRaw(JSON.stringify({ type: 'ping', id: 99, pad: 'y'.repeat(70 * 1024) }));
    expect(await bad.upcoming((m) => m.type === 'error')).toMatchObject({ code: 'FRAME_TOO_LARGE' });
    bad.sendRaw(Buffer.from([1, 2, 3]));
    expect(await bad.upcoming((m) => m.type === 'error')).toMatchObject({ code: 'BAD_FRAME' });
    expect(await bad.request({ type: 'ping' })).toMatchObject({ type: 'ack' });

    // frames beyond twice the limit close only that socket (1009); the other client carries on
    bad.sendRaw('z'.repeat(200 * 1024));
    expect(await bad.closed()).toBe(1009);
    expect(await good.request({ type: 'sim.clock', advanceMs: 1000 })).toMatchObject({ type: 'ack', result: { t: 1000 } });
    expect(good.frames.reduce((s, f) => s + f.count, 0)).toBe(104);
  });

  it('on the real clock boards stream by themselves (contiguous sequence numbers)', async () => {
    const emu = await emulator({ clock: 'real', tickMs: 5 });
    const c = await client(emu.boards[0]!.url);
    await c.request({ type: 'stream.start', sensors: ['accelerometer'] });
    await c.samples(10);
    let seq = c.frames[0]!.seq;
    for (const f of c.frames) {
      expect(f.seq).toBe(seq);
      seq += f.count;
    }
  });

  it('sim.clock on the real clock is NOT_SUPPORTED', async () => {
    const emu = await emulator({ clock: 'real' });
    const c = await client(emu.boards[0]!.url);
    expect(await c.request({ type: 'sim.clock', advanceMs: 10 })).toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
  });
});

describe('determinism', () => {
  it('same seed, same requests: the same bytes on the wire', async () => {
    const script = async (seed: number): Promise<{ texts: string[]; bytes: Buffer }> => {
      const emu = await emulator({ seed });
      const c = await client(emu.boards[0]!.url);
      await c.request({ type: 'stream.start', sensors: ['accelerometer', 'gyroscope', 'proximity'] });
      await c.request({ type: 'sim.scenario', generate: { count: 5, gestures: ['circle', 'shake', 'moving_closer'], seed: 9 } });
      await c.request({ type: 'record', label: 'x', durationMs: 800, delayMs: 200 });
      await c.request({ type: 'sim.fault', kind: 'drop', params: { probability: 0.05 }, durationMs: 3000 });
      await c.request({ type: 'sim.clock', advanceMs: 9000 });
      return { texts: [...c.texts], bytes: Buffer.concat(c.rawFrames) };
    };
    const a = await script(11);
    const b = await script(11);
    const c = await script(12);
    expect(a.bytes.length).toBeGreaterThan(10_000);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.texts).toEqual(b.texts);
    expect(a.bytes.equals(c.bytes)).toBe(false);
  });
});

describe('backpressure', () => {
  it('a client that stops reading never grows server memory past its send buffer; its drops are counted and reported', async () => {
    const limit = 64 * 1024;
    const emu = await emulator({ limits: { maxSendBufferBytes: limit }, drainWaitMs: 200 });
    const slow = await client(emu.boards[0]!.url);
    const fast = await client(emu.boards[0]!.url);
    await slow.request({ type: 'stream.start', sensors: ['accelerometer'] });
    await fast.request({ type: 'stream.start', sensors: ['accelerometer'] });
    await fast.request({ type: 'configure', accelerometer: { rateHz: 6664 } });
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const seconds = 300;
    const total = seconds * 6664;
    const done = await fast.request({ type: 'sim.clock', advanceMs: seconds * 1000 });
    expect(done).toMatchObject({ type: 'ack' });
    socket.resume();
    await fast.request({ type: 'stream.stop' });
    await slow.request({ type: 'stream.stop' });
    await slow.request({ type: 'ping' });
    // Invariants only (how much each client drains depends on the machine's speed): frames arrive in
    // order without overlap, every sample is either received or counted as dropped, and sample frames
    // never take a client's buffer past the limit (a few small control messages may ride on top).
    for (const [who, c, minDropped] of [
      ['fast', fast, 0],
      ['slow', slow, 1],
    ] as const) {
      const stats = c.messages.filter((m) => m.type === 'stats') as StatsMessage[];
      const last = stats[stats.length - 1]!;
      let next = 0;
      for (const f of c.frames) {
        expect(f.seq, who).toBeGreaterThanOrEqual(next);
        next = f.seq + f.count;
      }
      const received = c.frames.reduce((s, f) => s + f.count, 0);
      expect(last.sentFrames, who).toBe(c.frames.length);
      expect(received + last.droppedSamples, who).toBe(total);
      expect(last.droppedFrames, who).toBeGreaterThanOrEqual(minDropped);
      expect(Math.max(...stats.map((s) => s.bufferedBytes)), who).toBeLessThanOrEqual(limit + 4096);
    }
  });
});

describe('faults over the wire', () => {
  it('disconnect closes every client of the board with 4099; jitter delays but keeps order', async () => {
    const emu = await emulator();
    const c = await client(emu.boards[0]!.url);
    await c.request({ type: 'stream.start', sensors: ['proximity'] });
    expect(await c.request({ type: 'sim.fault', kind: 'jitter', params: { maxMs: 80 }, durationMs: 5000 })).toMatchObject({ type: 'ack' });
    await c.request({ type: 'sim.clock', advanceMs: 6000 });
    let seq = 0;
    for (const f of c.frames) {
      expect(f.seq).toBe(seq);
      seq += f.count;
    }
    expect(seq).toBe(Math.floor(6 * (1000 / 13.778)));
    await c.request({ type: 'sim.fault', kind: 'disconnect' });
    expect(await c.closed()).toBe(4099);
  });
});
