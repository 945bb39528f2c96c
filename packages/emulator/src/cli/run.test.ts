import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

function io(): { out: string[]; err: string[]; signal: (s: string) => void; io: Parameters<typeof runCli>[1] } {
  const out: string[] = [];
  const err: string[] = [];
  let handler: (s: string) => void = () => undefined;
  return {
    out,
    err,
    signal: (s) => handler(s),
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), onSignal: (h) => (handler = h) },
  };
}

/** Resolves once `predicate` holds for the printed lines (polled on I/O turns, no timers). */
async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise<void>((r) => setImmediate(r));
}

describe('tinyspark-emulator CLI', () => {
  it('prints the board URLs, serves them, and shuts down cleanly on SIGTERM (exit 0, port closed)', async () => {
    const t = io();
    const done = runCli(['--port', '0', '--boards', 'alpha,beta', '--seed', '9', '--clock', 'virtual'], t.io);
    await until(() => t.out.join('').includes('beta ws://'));
    const lines = t.out.join('').trim().split('\n');
    expect(lines[0]).toMatch(/^tinyspark-emulator listening on ws:\/\/127\.0\.0\.1:\d+ \(clock virtual, seed 9\)$/);
    const urls = lines.slice(1).map((l) => l.split(' '));
    expect(urls.map((u) => u[0])).toEqual(['alpha', 'beta']);
    expect(urls[0]![1]).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/boards\/alpha$/);
    const ws = new WebSocket(urls[0]![1]!);
    const hello = await new Promise<{ type: string; board: { id: string } }>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d)) as { type: string; board: { id: string } }));
      ws.once('error', reject);
    });
    expect(hello).toMatchObject({ type: 'hello', board: { id: 'alpha' } });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    t.signal('SIGTERM');
    expect(await done).toBe(0);
    expect(await closed).toBe(1001);
    expect(t.out.join('')).toContain('SIGTERM, shutting down');
    // the port is free again
    const port = Number(/:(\d+)\//.exec(urls[0]![1]!)![1]);
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
    expect((probe.address() as AddressInfo).port).toBe(port);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  it('exits 1 with EMU_ERR_PORT_IN_USE on a taken port and 2 on a bad flag', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as AddressInfo).port;
    const a = io();
    expect(await runCli(['--port', String(port)], a.io)).toBe(1);
    expect(a.err.join('')).toContain(`EMU_ERR_PORT_IN_USE: port: ${port} on 127.0.0.1 is already in use`);
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const b = io();
    expect(await runCli(['--clock', 'fast'], b.io)).toBe(2);
    expect(b.err.join('')).toContain('--clock: must be real or virtual');
  });
});
