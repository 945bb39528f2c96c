// The client against msw's WebSocket mock (ws.link). msw intercepts the global WebSocket class; Node 20
// has none, so the ws package's WebSocket is installed as globalThis.WebSocket before msw starts.
import { ws } from 'msw';
import { setupServer } from 'msw/node';
import { WebSocket as NodeWebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  connectBoard,
  encodeSampleFrame,
  parseTextFrame,
  toErrorMessage,
  type BoardClient,
  type BoardMessage,
  type HostMessage,
  type RecordingMessage,
  type SampleGap,
} from '../src/index.js';
import { KIT_HELLO } from './support/fixtures.js';
import { ManualTimers } from './manual-timers.js';
import { nextEvent } from './next-event.js';

Object.defineProperty(globalThis, 'WebSocket', { value: NodeWebSocket, configurable: true, writable: true });

const URL = 'ws://127.0.0.1:9/boards/0';
const link = ws.link(URL);
const server = setupServer();

type Client = { send(data: string | Uint8Array): void; close(code?: number, reason?: string): void };
type Answer = (request: HostMessage, client: Client) => BoardMessage | BoardMessage[] | undefined;

/** A scripted board: sends `hello`, answers requests with `answer` (default: ack everything). */
function board(answer: Answer = (r) => ({ type: 'ack', id: r.id }), hello: unknown = KIT_HELLO, received: HostMessage[] = []): void {
  server.use(
    link.addEventListener('connection', ({ client }) => {
      client.send(JSON.stringify(hello));
      client.addEventListener('message', (event) => {
        let request: HostMessage;
        try {
          request = parseTextFrame(String(event.data), { from: 'host' });
        } catch (error) {
          client.send(JSON.stringify(toErrorMessage(error)));
          return;
        }
        received.push(request);
        const reply = answer(request, client);
        for (const message of reply === undefined ? [] : Array.isArray(reply) ? reply : [reply]) client.send(JSON.stringify(message));
      });
    }),
  );
}

let open: BoardClient[] = [];
async function connect(options: Parameters<typeof connectBoard>[1] = {}): Promise<BoardClient> {
  const client = await connectBoard(URL, { heartbeatIntervalMs: Number.POSITIVE_INFINITY, reconnect: false, ...options });
  open.push(client);
  return client;
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await Promise.all(open.map((c) => c.close()));
  open = [];
  server.resetHandlers();
});
afterAll(() => server.close());

describe('client against msw ws.link', () => {
  it('uses globalThis.WebSocket by default, resolves after hello and pings', async () => {
    board((r) => (r.type === 'ping' ? { type: 'ack', id: r.id, result: { t: 1234.5 } } : undefined));
    const client = await connect();
    expect(client.hello).toEqual(KIT_HELLO);
    expect(client.state).toBe('open');
    const pong = await client.ping();
    expect(pong.boardTime).toBe(1234.5);
  });

  it('sends valid requests with unique ids and resolves with typed ack results', async () => {
    const received: HostMessage[] = [];
    board((r) => {
      if (r.type === 'configure') return { type: 'ack', id: r.id, result: { sensors: [{ ...KIT_HELLO.sensors[0], range: 8, lsb: 0.244 * 9.80665e-3 }] } };
      if (r.type === 'stream.start') return { type: 'ack', id: r.id, result: { streaming: r.sensors } };
      if (r.type === 'stream.stop') return { type: 'ack', id: r.id, result: { streaming: [] } };
      if (r.type === 'model.deploy') return { type: 'ack', id: r.id, result: { labels: ['moving_closer', 'moving_away'] } };
      if (r.type === 'sim.perform') return { type: 'ack', id: r.id, result: { segment: { label: 'tap', gesture: 'tap', startMs: 0, endMs: 400, person: 3, seed: 7 } } };
      if (r.type === 'sim.clock') return { type: 'ack', id: r.id, result: { t: r.advanceMs } };
      if (r.type === 'sim.gesture') return { type: 'ack', id: r.id, result: { name: 'wave', gestures: ['up', 'wave'] } };
      if (r.type === 'sim.replay') return { type: 'ack', id: r.id, result: { truth: [{ label: 'up', gesture: 'replay', startMs: 10, endMs: 1010, person: 0, seed: 0 }], endMs: 1010 } };
      return { type: 'ack', id: r.id };
    }, KIT_HELLO, received);
    const client = await connect();
    const sensors = await client.configure({ accelerometer: { range: 8 } });
    expect(sensors[0]).toMatchObject({ name: 'accelerometer', range: 8 });
    expect(await client.startStream(['accelerometer', 'gyroscope'])).toEqual(['accelerometer', 'gyroscope']);
    expect(await client.deployModel({ format: 'tinyspark.qmodel', version: 1 })).toEqual(['moving_closer', 'moving_away']);
    await client.startInference({ mode: 'sliding', hopMs: 250 });
    await client.stopInference();
    await client.clearModel();
    expect(await client.sim.perform({ gesture: 'tap', person: 3, seed: 7 })).toMatchObject({ gesture: 'tap', endMs: 400 });
    await client.sim.button({ button: 1, action: 'click', durationMs: 80 });
    await client.sim.fault({ kind: 'drop', sensor: 'accelerometer', params: { probability: 0.1 }, durationMs: 1000 });
    expect(await client.sim.clock(500)).toBe(500);
    expect(await client.sim.replay({ recording: { label: 'up', ax: [0], ay: [0], az: [1] }, rateHz: 100, units: { accelerometer: 'g' }, speed: 1.5 })).toEqual({
      truth: [{ label: 'up', gesture: 'replay', startMs: 10, endMs: 1010, person: 0, seed: 0 }],
      endMs: 1010,
    });
    expect(await client.sim.addGesture({ format: 'tinyspark.gesture', version: 1, name: 'wave' }, { replace: true })).toEqual({ name: 'wave', gestures: ['up', 'wave'] });
    expect(await client.sim.gestures()).toEqual(['up', 'wave']);
    await client.stopStream();
    expect(received.map((r) => r.type)).toEqual([
      'configure', 'stream.start', 'model.deploy', 'infer.start', 'infer.stop', 'model.clear',
      'sim.perform', 'sim.button', 'sim.fault', 'sim.clock', 'sim.replay', 'sim.gesture', 'sim.gesture', 'stream.stop',
    ]);
    expect(received[11]).toMatchObject({ type: 'sim.gesture', gesture: { name: 'wave' }, replace: true });
    expect(received[12]).toEqual({ type: 'sim.gesture', id: received[12]?.id });
    expect(new Set(received.map((r) => r.id)).size).toBe(received.length);
    expect(received[3]).toEqual({ type: 'infer.start', id: received[3]?.id, mode: 'sliding', hopMs: 250 });
  });

  it('rejects with PROTO_ERR_REMOTE carrying the board code, field and supported values', async () => {
    board((r) => ({ type: 'error', id: r.id, code: 'UNSUPPORTED_RATE', message: '100 Hz is not a rate of the LSM6DS3TR-C', field: 'accelerometer.rateHz', supported: [12.5, 26, 52, 104] }));
    const client = await connect();
    await expect(client.configure({ accelerometer: { rateHz: 100 } })).rejects.toMatchObject({
      code: 'PROTO_ERR_REMOTE',
      remoteCode: 'UNSUPPORTED_RATE',
      wireCode: 'UNSUPPORTED_RATE',
      field: 'accelerometer.rateHz',
      supported: [12.5, 26, 52, 104],
    });
  });

  it('rejects an invalid request locally without sending it', async () => {
    const received: HostMessage[] = [];
    board(undefined, KIT_HELLO, received);
    const client = await connect();
    await expect(client.record({ label: 'swipe left', durationMs: 1000 })).rejects.toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'label' });
    await client.ping().catch(() => undefined);
    expect(received.map((r) => r.type)).toEqual(['ping']);
  });

  it('enforces the limits the board announced in hello before sending', async () => {
    const received: HostMessage[] = [];
    board(undefined, { ...KIT_HELLO, limits: { maxFrameBytes: 200, maxModelBytes: 50, maxRecordingMs: 2000 } }, received);
    const client = await connect();
    await expect(client.deployModel({ format: 'tinyspark.qmodel', padding: 'x'.repeat(40) })).rejects.toMatchObject({ code: 'PROTO_ERR_MODEL_TOO_LARGE', field: 'model' });
    await expect(client.record({ label: 'a', durationMs: 2001 })).rejects.toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'durationMs' });
    await expect(client.sim.perform({ gesture: 'tap', params: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, i])) })).rejects.toMatchObject({
      code: 'PROTO_ERR_FRAME_TOO_LARGE',
    });
    expect(received).toEqual([]);
  });

  it('times out waiting for a recording after delayMs + durationMs + requestTimeoutMs', async () => {
    const timers = new ManualTimers();
    board();
    const client = await connect({ timers, requestTimeoutMs: 100 });
    const recording = client.record({ label: 'a', durationMs: 1000, delayMs: 500 });
    await new Promise<void>((resolve) => client.once('message', () => resolve())); // the ack
    timers.advance(1599);
    let settled = false;
    recording.catch(() => undefined).finally(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    timers.advance(1);
    await expect(recording).rejects.toMatchObject({ code: 'PROTO_ERR_TIMEOUT' });
  });

  it('iterates any event until its signal aborts', async () => {
    board((r) => [{ type: 'ack', id: r.id, result: { t: 0 } }, { type: 'led', on: true }, { type: 'led', on: false }]);
    const client = await connect();
    const controller = new AbortController();
    const leds = client.events('led', { signal: controller.signal });
    await client.ping();
    const seen: boolean[] = [];
    for await (const led of leds) {
      seen.push(led.on);
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toEqual([true, false]);
    expect(client.listenerCount('led')).toBe(0);
  });

  it('works with vitest fake timers through the default realTimers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      board(() => undefined);
      const client = await connect({ requestTimeoutMs: 30_000 });
      const pending = client.stopInference();
      vi.advanceTimersByTime(30_000);
      await expect(pending).rejects.toMatchObject({ code: 'PROTO_ERR_TIMEOUT' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects an ack whose result does not match the request type', async () => {
    board((r) => ({ type: 'ack', id: r.id, result: { t: 'soon' } }));
    const client = await connect();
    await expect(client.ping()).rejects.toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'result.t' });
  });

  it('decodes sample frames and reports sequence gaps per sensor before the frame after them', async () => {
    const frame = (seq: number, count: number) =>
      encodeSampleFrame({ sensor: 'proximity', seq, t0Us: seq * 13_770, intervalUs: 13_770, scale: 0.125, count, raw: Int16Array.from({ length: count }, (_, i) => seq + i) });
    board((r, c) => {
      if (r.type !== 'stream.start') return { type: 'ack', id: r.id };
      c.send(JSON.stringify({ type: 'ack', id: r.id, result: { streaming: ['proximity'] } }));
      for (const [seq, count] of [[0, 4], [4, 4], [10, 2], [12, 1]] as const) c.send(frame(seq, count));
      return undefined;
    });
    const client = await connect();
    const events: (string | SampleGap)[] = [];
    const done = new Promise<void>((resolve) => {
      client.on('sample', (f) => {
        events.push(`sample ${f.seq}+${f.count} [${Array.from(f.raw).join(',')}]`);
        if (f.seq === 12) resolve();
      });
    });
    client.on('gap', (gap) => events.push(gap));
    await client.startStream(['proximity']);
    await done;
    expect(events).toEqual([
      'sample 0+4 [0,1,2,3]',
      'sample 4+4 [4,5,6,7]',
      { sensor: 'proximity', expectedSeq: 8, seq: 10, missing: 2 },
      'sample 10+2 [10,11]',
      'sample 12+1 [12]',
    ]);
  });

  it('resolves record() with the matching recording and yields it from recordings()', async () => {
    const recording = (id: string | null, label: string): RecordingMessage => ({
      type: 'recording', id, label, sensor: 'proximity', axes: ['proximity'], values: [[0.125], [127.875]], intervalMs: 13.77, startedAt: 1000,
    });
    board((r) => (r.type === 'record' ? [{ type: 'ack', id: r.id }, recording(null, 'button_press'), recording(r.id as string, r.label)] : { type: 'ack', id: r.id }));
    const client = await connect();
    const iterator = client.recordings();
    const result = await client.record({ label: 'moving_closer', durationMs: 1000, sensor: 'proximity' });
    expect(result).toMatchObject({ label: 'moving_closer', values: [[0.125], [127.875]] });
    expect((await iterator.next()).value).toMatchObject({ id: null, label: 'button_press' });
    expect((await iterator.next()).value).toMatchObject({ label: 'moving_closer' });
    await client.close();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('resolves sim.scenario with the ground truth sent after the ack', async () => {
    const segments = [
      { label: 'circle', gesture: 'circle', startMs: 0, endMs: 900, person: 3, seed: 7 },
      { label: null, gesture: 'idle', startMs: 900, endMs: 1500, person: 3, seed: 8 },
    ];
    board((r) => (r.type === 'sim.scenario' ? [{ type: 'ack', id: r.id }, { type: 'sim.truth', id: r.id, segments }] : { type: 'ack', id: r.id }));
    const client = await connect();
    expect(await client.sim.scenario({ generate: { count: 1, gestures: ['circle'], person: 3, seed: 7 } })).toEqual(segments);
  });

  it('emits board events, unsolicited errors and protocol errors, and keeps serving after a bad frame', async () => {
    board((r) => [
      { type: 'ack', id: r.id, result: { t: 1 } },
      { type: 'led', on: true, t: 5 },
      { type: 'button', button: 1, pressed: true },
      { type: 'serial', line: 'Prediction: moving_closer, p=0.93' },
      { type: 'prediction', label: 'moving_closer', index: 0, score: 0.93, logits: [90, -20], windowEnd: 750, latencyUs: 42 },
      { type: 'stats', sentFrames: 10, droppedFrames: 2, droppedSamples: 20, bufferedBytes: 0 },
      { type: 'error', id: null, code: 'INTERNAL', message: 'sensor glitch' },
    ]);
    const client = await connect();
    const seen: string[] = [];
    for (const event of ['led', 'button', 'serial', 'prediction', 'stats', 'error', 'protocolError'] as const) {
      client.on(event, (payload) => seen.push(`${event}:${'type' in payload ? payload.type : payload.code}`));
    }
    const lastEvent = nextEvent(client, 'error');
    await client.ping();
    await lastEvent;
    expect(seen).toEqual(['led:led', 'button:button', 'serial:serial', 'prediction:prediction', 'stats:stats', 'error:error']);
  });

  it('reports an invalid frame from the board as protocolError and still answers later requests', async () => {
    let first = true;
    board((r, c) => {
      if (first) {
        first = false;
        c.send('{"type":"led","on":"yes"}');
        c.send(new Uint8Array([1, 2, 3]));
        return undefined; // never answers the first ping
      }
      return { type: 'ack', id: r.id, result: { t: 2 } };
    });
    const timers = new ManualTimers();
    const client = await connect({ timers });
    const errors: string[] = [];
    const two = new Promise<void>((resolve) =>
      client.on('protocolError', (e) => {
        errors.push(`${e.code}:${e.field}`);
        if (errors.length === 2) resolve();
      }),
    );
    const lost = client.ping();
    await two;
    expect(errors).toEqual(['PROTO_ERR_BAD_FIELD:on', 'PROTO_ERR_LENGTH_MISMATCH:(frame)']);
    timers.advance(5000);
    await expect(lost).rejects.toMatchObject({ code: 'PROTO_ERR_TIMEOUT' });
    expect((await client.ping()).boardTime).toBe(2);
  });

  it('times out a request after requestTimeoutMs on the injected timers, ignoring a late ack', async () => {
    const timers = new ManualTimers();
    board(() => undefined);
    const client = await connect({ timers, requestTimeoutMs: 1000 });
    const pending = client.stopInference();
    timers.advance(999);
    let settled = false;
    pending.catch(() => undefined).finally(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    timers.advance(1);
    await expect(pending).rejects.toMatchObject({ code: 'PROTO_ERR_TIMEOUT' });
  });

  it('cancels a request with its AbortSignal and pending ones with PROTO_ERR_CANCELED on close', async () => {
    board(() => undefined);
    const client = await connect();
    const controller = new AbortController();
    const aborted = client.clearModel({ signal: controller.signal });
    const pending = client.sim.clock(10);
    const recording = client.record({ label: 'x', durationMs: 10 });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'PROTO_ERR_CANCELED' });
    const closed = nextEvent(client, 'close');
    await client.close();
    await expect(pending).rejects.toMatchObject({ code: 'PROTO_ERR_CANCELED' });
    await expect(recording).rejects.toMatchObject({ code: 'PROTO_ERR_CANCELED' });
    expect(await closed).toMatchObject({ willReconnect: false });
    expect(client.state).toBe('closed');
    await expect(client.ping()).rejects.toMatchObject({ code: 'PROTO_ERR_NOT_CONNECTED' });
  });

  it('fails to connect when the first frame is not a hello, or speaks another version', async () => {
    board(undefined, { type: 'led', on: true });
    await expect(connect()).rejects.toMatchObject({ code: 'PROTO_ERR_CONNECT_FAILED' });
    server.resetHandlers();
    board(undefined, { ...KIT_HELLO, protocol: 2 });
    await expect(connect()).rejects.toMatchObject({ code: 'PROTO_ERR_UNSUPPORTED_VERSION', field: 'protocol' });
  });

  it('fails to connect when no hello arrives within helloTimeoutMs', async () => {
    server.use(link.addEventListener('connection', () => undefined));
    const timers = new ManualTimers();
    const connecting = connect({ timers, helloTimeoutMs: 2000 });
    timers.advance(2000);
    await expect(connecting).rejects.toMatchObject({ code: 'PROTO_ERR_CONNECT_FAILED' });
  });

  it('rejects connectBoard with PROTO_ERR_CANCELED when its signal aborts', async () => {
    server.use(link.addEventListener('connection', () => undefined));
    const controller = new AbortController();
    const connecting = connect({ signal: controller.signal });
    controller.abort();
    await expect(connecting).rejects.toMatchObject({ code: 'PROTO_ERR_CANCELED' });
  });
});
