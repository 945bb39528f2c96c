import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectBoard } from '@tinyspark/protocol';
import { describe, expect, it } from 'vitest';
import { learnedDoc } from '../../test/learned-fixture.js';
import { runCli } from './run.js';

type Io = Parameters<typeof runCli>[1];
function io(extra: Partial<Io> = {}): { out: string[]; err: string[]; signal: (s: string) => void; io: Io } {
  const out: string[] = [];
  const err: string[] = [];
  let handler: (s: string) => void = () => undefined;
  return {
    out,
    err,
    signal: (s) => handler(s),
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), onSignal: (h) => (handler = h), ...extra },
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

  it('exits 4 with EMU_ERR_PORT_IN_USE on a taken port (the shared code for board/network) and 2 on a bad flag', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as AddressInfo).port;
    const a = io();
    expect(await runCli(['--port', String(port)], a.io)).toBe(4);
    expect(a.err.join('')).toContain(`EMU_ERR_PORT_IN_USE: port: ${port} on 127.0.0.1 is already in use`);
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const b = io();
    expect(await runCli(['--clock', 'fast'], b.io)).toBe(2);
    expect(b.err.join('')).toContain('--clock: must be real or virtual');
  });

  it('exit codes: 2 for a misspelt flag (did you mean) and for a non-loopback --host without a token, 4 for an address not on this machine', async () => {
    const a = io();
    expect(await runCli(['--prot', '0'], a.io)).toBe(2);
    expect(a.err.join('')).toContain("unknown option '--prot' (did you mean --port?)");
    const b = io();
    expect(await runCli(['--host', '0.0.0.0', '--port', '0'], b.io)).toBe(2);
    expect(b.err.join('')).toContain('EMU_ERR_INVALID_OPTION: token: binding 0.0.0.0 (not a loopback address) needs a token');
    const c = io();
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine
    expect(await runCli(['--host', '192.0.2.1', '--port', '0', '--token', 't'], c.io)).toBe(4);
    expect(c.err.join('')).toContain('EMU_ERR_LISTEN_FAILED');
    const d = io();
    expect(await runCli(['--help'], d.io)).toBe(0);
    expect(d.out.join('')).toContain('--allow-origin');
  });

  it('--token (or TINYSPARK_TOKEN) is required from clients: 401 without it', async () => {
    const t = io({ env: { TINYSPARK_TOKEN: 'from-env' } });
    const done = runCli(['--port', '0', '--clock', 'virtual'], t.io);
    await until(() => t.out.join('').includes('board-0 ws://'));
    expect(t.out.join('')).toContain('token required');
    expect(t.out.join('')).not.toContain('from-env');
    const url = /board-0 (\S+)/.exec(t.out.join(''))![1]!;
    const status = (u: string): Promise<number> =>
      new Promise((resolve) => {
        const ws = new WebSocket(u);
        ws.on('error', () => undefined);
        ws.once('unexpected-response', (_q, res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          ws.terminate();
        });
        ws.once('open', () => {
          resolve(101);
          ws.close();
        });
      });
    expect(await status(url)).toBe(401);
    expect(await status(`${url}?token=from-env`)).toBe(101);
    t.signal('SIGINT');
    expect(await done).toBe(0);
  });

  it('--json prints one JSON object per line, never colours; a second signal while shutting down is 130', async () => {
    const t = io({ stdoutIsTTY: true, stderrIsTTY: true, env: { FORCE_COLOR: '1' } });
    const done = runCli(['--port', '0', '--boards', 'a', '--json'], t.io);
    await until(() => t.out.length > 0);
    const listening = JSON.parse(t.out[0]!) as { event: string; url: string; boards: { id: string; url: string }[] };
    expect(listening).toMatchObject({ event: 'listening', clock: 'real', seed: 0, token: false, boards: [{ id: 'a' }] });
    expect(t.out.join('')).not.toContain('\u001b[');
    t.signal('SIGTERM');
    t.signal('SIGTERM');
    expect(await done).toBe(130);
    expect(JSON.parse(t.out[1]!)).toEqual({ event: 'stopping', signal: 'SIGTERM' });
  });

  it('colours only where a person reads a terminal: not for pipes, not with NO_COLOR', async () => {
    const runOnce = async (extra: Partial<Io>): Promise<string> => {
      const t = io(extra);
      const done = runCli(['--port', '0'], t.io);
      await until(() => t.out.join('').includes('board-0 ws://') || t.out.join('').includes('board-0 \u001b['));
      t.signal('SIGTERM');
      expect(await done).toBe(0);
      return t.out.join('');
    };
    expect(await runOnce({ stdoutIsTTY: true, env: {} })).toContain('\u001b[36mws://');
    expect(await runOnce({ stdoutIsTTY: false, env: {} })).not.toContain('\u001b[');
    expect(await runOnce({ stdoutIsTTY: true, env: { NO_COLOR: '1' } })).not.toContain('\u001b[');
  });

  it('--gestures <file...> loads learned gestures (performed over the protocol); a bad file exits 3 naming file and field, a missing one 5', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinyspark-cli-gestures-'));
    const good = join(dir, 'cli_right.json');
    const other = join(dir, 'cli_up.json');
    writeFileSync(good, JSON.stringify(learnedDoc('cli_right')));
    writeFileSync(other, JSON.stringify(learnedDoc('cli_up', 'up')));
    const t = io();
    const done = runCli(['--port', '0', '--clock', 'virtual', '--gestures', good, other], t.io);
    await until(() => t.out.join('').includes('learned gesture cli_up'));
    expect(t.out.join('')).toContain(`learned gesture cli_right from ${good} (3 example(s)`);
    const url = /board-0 (\S+)/.exec(t.out.join(''))![1]!;
    const board = await connectBoard(url, { WebSocket, heartbeatIntervalMs: Infinity, reconnect: false });
    expect(await board.sim.perform({ gesture: 'cli_up', seed: 2 })).toMatchObject({ gesture: 'cli_up', label: 'cli_up' });
    await board.close();
    t.signal('SIGTERM');
    expect(await done).toBe(0);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...learnedDoc('cli_bad'), version: 7 }));
    const b = io();
    expect(await runCli(['--port', '0', '--gestures', bad], b.io)).toBe(3);
    expect(b.err.join('')).toContain(`EMU_ERR_BAD_GESTURE_FILE: ${bad}: version: must be 1`);
    const m = io();
    expect(await runCli(['--port', '0', '--gestures', join(dir, 'missing.json'), '--json'], m.io)).toBe(5);
    expect(JSON.parse(m.out[0]!)).toMatchObject({ event: 'error', exitCode: 5, error: { code: 'EMU_ERR_IO', field: join(dir, 'missing.json') } });
    const u = io();
    expect(await runCli(['--gestures'], u.io)).toBe(2);
  });
});
