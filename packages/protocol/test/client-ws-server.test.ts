// The client against a real ws server on loopback: reconnect with backoff, heartbeats, cancellation.
// Time is the injected ManualTimers; the tests wait only for real socket events, never sleep.
import { createServer, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, connectBoard, type BoardClient, type ConnectBoardOptions } from '../src/index.js';
import { FakeBoardServer } from './fake-board-server.js';
import { ManualTimers } from './manual-timers.js';
import { nextEvent } from './next-event.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: ConnectBoardOptions = {}): Promise<{ server: FakeBoardServer; client: BoardClient; timers: ManualTimers }> {
  const server = new FakeBoardServer();
  const url = await server.start();
  cleanups.push(() => server.close());
  const timers = new ManualTimers();
  const client = await connectBoard(url, {
    WebSocket,
    timers,
    rng: { next: () => 0.5 },
    heartbeatIntervalMs: Number.POSITIVE_INFINITY,
    ...options,
  });
  cleanups.push(() => client.close());
  return { server, client, timers };
}

describe('client against a real ws server', () => {
  it('reconnects after a dropped connection with jittered exponential backoff and restores its streams', async () => {
    const { server, client, timers } = await setup();
    await client.startStream(['accelerometer']);
    const pending = client.sim.clock(5).catch((e: unknown) => e);
    server.answerPings = true;
    server.accepting = false;

    const closed = nextEvent(client, 'close');
    let reconnect = nextEvent(client, 'reconnect');
    server.dropAll();
    expect(await closed).toMatchObject({ code: 1006, willReconnect: true });
    expect(await pending).toMatchObject({ code: 'PROTO_ERR_CANCELED' });
    expect(client.state).toBe('reconnecting');
    await expect(client.ping()).rejects.toMatchObject({ code: 'PROTO_ERR_NOT_CONNECTED' });

    // rng 0.5 and jitter 0.5: each delay is 3/4 of 250 * 2^n.
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const scheduled = await reconnect;
      expect(scheduled.attempt).toBe(attempt);
      delays.push(scheduled.delayMs);
      reconnect = nextEvent(client, 'reconnect');
      expect(server.upgradeAttempts).toBe(attempt); // the first connection plus attempt - 1 refused ones
      timers.advance(scheduled.delayMs - 1);
      if (attempt === 4) server.accepting = true;
      timers.advance(1);
    }
    expect(delays).toEqual([187.5, 375, 750, 1500]);

    const opened = await nextEvent(client, 'open');
    expect(opened.reconnected).toBe(true);
    expect(client.state).toBe('open');
    expect(server.connections).toBe(2);
    expect(await client.ping()).toMatchObject({ boardTime: expect.any(Number) });
    expect(server.received.filter((r) => r.type === 'stream.start').map((r) => (r as { sensors: unknown }).sensors)).toEqual([['accelerometer'], ['accelerometer']]);
  });

  it('starts the backoff again from the first delay after a successful reconnect', async () => {
    const { server, client, timers } = await setup();
    for (let round = 0; round < 2; round++) {
      const reconnect = nextEvent(client, 'reconnect');
      server.dropAll();
      expect(await reconnect).toEqual({ attempt: 1, delayMs: 187.5 });
      const opened = nextEvent(client, 'open');
      timers.advance(187.5);
      await opened;
    }
    expect(server.connections).toBe(3);
  });

  it('gives up after reconnect.maxAttempts and closes for good', async () => {
    const { server, client, timers } = await setup({ reconnect: { maxAttempts: 2, jitter: 0 } });
    server.accepting = false;
    const finalClose = new Promise((resolve) => client.on('close', (e) => !e.willReconnect && resolve(e)));
    let reconnect = nextEvent(client, 'reconnect');
    server.dropAll();
    for (const expected of [250, 500]) {
      const { delayMs } = await reconnect;
      expect(delayMs).toBe(expected);
      reconnect = nextEvent(client, 'reconnect');
      timers.advance(delayMs);
    }
    expect(await finalClose).toMatchObject({ willReconnect: false });
    expect(client.state).toBe('closed');
    await expect(client.ping()).rejects.toMatchObject({ code: 'PROTO_ERR_NOT_CONNECTED' });
  });

  it('does not reconnect when the server says the board does not exist (4004)', async () => {
    const { server, client } = await setup();
    const closed = nextEvent(client, 'close');
    server.closeAll(CLOSE_CODES.unknownBoard, 'no such board');
    expect(await closed).toEqual({ code: 4004, reason: 'no such board', willReconnect: false });
    expect(client.state).toBe('closed');
  });

  it('sends heartbeat pings and reconnects when one goes unanswered', async () => {
    const { server, client, timers } = await setup({ heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 500 });
    const beat = nextEvent(client, 'heartbeat');
    timers.advance(1000);
    expect(await beat).toMatchObject({ boardTime: 10 });
    expect(server.received.map((r) => r.type)).toEqual(['ping']);

    server.answerPings = false;
    const unanswered = server.nextRequest();
    timers.advance(1000); // next heartbeat ping goes out
    expect(await unanswered).toMatchObject({ type: 'ping' });
    const closed = nextEvent(client, 'close');
    timers.advance(500); // ...and times out
    expect(await closed).toEqual({ code: 1006, reason: 'heartbeat timeout', willReconnect: true });
    server.answerPings = true;
    const opened = nextEvent(client, 'open');
    timers.advance(187.5);
    expect(await opened).toMatchObject({ reconnected: true });
    expect(server.connections).toBe(2);
  });

  it('closes when its AbortSignal aborts: pending requests reject with PROTO_ERR_CANCELED', async () => {
    const controller = new AbortController();
    const { server, client } = await setup({ signal: controller.signal });
    server.answerPings = false;
    const pending = client.ping();
    const closed = nextEvent(client, 'close');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'PROTO_ERR_CANCELED' });
    expect(await closed).toMatchObject({ willReconnect: false });
    expect(client.state).toBe('closed');
  });

  it('rejects connectBoard with PROTO_ERR_CONNECT_FAILED when nothing listens', async () => {
    const server = new FakeBoardServer();
    const url = await server.start();
    await server.close();
    await expect(connectBoard(url, { WebSocket, reconnect: false })).rejects.toMatchObject({ code: 'PROTO_ERR_CONNECT_FAILED' });
  });
  it('gives up a socket that is still opening without an uncaught error (ws emits one after close())', async () => {
    // A TCP server that accepts and never answers the upgrade: the socket stays CONNECTING.
    const held: Socket[] = [];
    const tcp = createServer((s) => held.push(s));
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as { port: number }).port;
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const timers = new ManualTimers();
      const connecting = connectBoard(`ws://127.0.0.1:${port}/boards/b`, { WebSocket, timers, reconnect: false, helloTimeoutMs: 1000 });
      const outcome = connecting.then(() => 'connected', (e: unknown) => e);
      await new Promise<void>((resolve) => (held.length > 0 ? resolve() : tcp.once('connection', () => resolve())));
      timers.advance(1000);
      expect(await outcome).toMatchObject({ code: 'PROTO_ERR_CONNECT_FAILED', message: expect.stringContaining('no hello') });
      // ws reports "closed before the connection was established" on a later tick: let it run.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const s of held) s.destroy();
      await new Promise((resolve) => tcp.close(resolve));
    }
  });
});
