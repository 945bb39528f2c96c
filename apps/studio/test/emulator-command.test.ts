// `tinyspark emulator` takes the access options of `tinyspark-emulator` (issue 9): --token (or
// TINYSPARK_TOKEN), --allow-origin, and refuses a non-loopback --host without a token (exit 2).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tinyspark-emulator-cmd-'));
});

/** The HTTP status of `GET /boards` (the same origin and token checks as a WebSocket upgrade). */
async function boardsStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${url.replace(/^ws/, 'http')}/boards`, { headers });
  await res.text();
  return res.status;
}

/** Opens a WebSocket to the first board with `headers`: its close code after hello, or the HTTP status that refused it. */
function connect(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/boards/board-0`, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(`http ${res.statusCode}`);
      res.resume();
      ws.terminate();
    });
    ws.once('message', () => {
      resolve('hello');
      ws.close();
    });
    ws.once('error', reject);
  });
}

/** Starts `tinyspark emulator ...args --port 0 --json` in-process; resolves with its URL and a stop function. */
async function start(args: string[], env: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<number> }> {
  const controller = new AbortController();
  const io = createBufferedIo(dir, { signal: controller.signal, env });
  const running = main(['emulator', '--port', '0', '--json', ...args], io);
  let line: { event: string; url: string; token: boolean } | undefined;
  let ended: number | undefined;
  void running.then((code) => (ended = code));
  while (line === undefined && ended === undefined) {
    await new Promise((r) => setImmediate(r));
    const first = io.out().split('\n').find((l) => l.includes('"listening"'));
    if (first !== undefined) line = JSON.parse(first) as typeof line;
  }
  if (line === undefined) throw new Error(`tinyspark emulator exited ${ended}: ${io.err()}`);
  expect(line.token).toBe(args.includes('--token') || env['TINYSPARK_TOKEN'] !== undefined);
  return {
    url: line.url,
    stop: async () => {
      controller.abort();
      return running;
    },
  };
}

describe('tinyspark emulator: who may connect', () => {
  it('--token: without it or with a wrong one HTTP 401 (GET /boards and the WebSocket), with it served', async () => {
    const emu = await start(['--token', 's3cret']);
    expect(await boardsStatus(emu.url)).toBe(401);
    expect(await boardsStatus(emu.url, { Authorization: 'Bearer nope' })).toBe(401);
    expect(await boardsStatus(emu.url, { Authorization: 'Bearer s3cret' })).toBe(200);
    expect(await connect(emu.url, {})).toBe('http 401');
    expect(await connect(emu.url, { Authorization: 'Bearer s3cret' })).toBe('hello');
    expect(await emu.stop()).toBe(0);
  });

  it('TINYSPARK_TOKEN is the token when --token is not given', async () => {
    const emu = await start([], { TINYSPARK_TOKEN: 'from-env' });
    expect(await boardsStatus(emu.url)).toBe(401);
    expect(await boardsStatus(emu.url, { Authorization: 'Bearer from-env' })).toBe(200);
    expect(await emu.stop()).toBe(0);
  });

  it('--allow-origin lets that web origin in; other foreign origins get 403', async () => {
    const emu = await start(['--allow-origin', 'https://studio.example', '--allow-origin', 'http://lab.example:8000']);
    expect(await boardsStatus(emu.url, { Origin: 'https://studio.example' })).toBe(200);
    expect(await boardsStatus(emu.url, { Origin: 'http://lab.example:8000' })).toBe(200);
    expect(await boardsStatus(emu.url, { Origin: 'http://evil.example' })).toBe(403);
    expect(await connect(emu.url, { Origin: 'https://studio.example' })).toBe('hello');
    expect(await connect(emu.url, { Origin: 'http://evil.example' })).toBe('http 403');
    expect(await emu.stop()).toBe(0);
  });

  it('a non-loopback --host without a token is a usage error (exit 2), with the message of tinyspark-emulator', async () => {
    const io = createBufferedIo(dir, { env: {} });
    expect(await main(['emulator', '--host', '0.0.0.0', '--port', '0'], io)).toBe(2);
    expect(io.err()).toContain('[emulator] EMU_ERR_INVALID_OPTION: token: binding 0.0.0.0 (not a loopback address) needs a token: pass --token or set TINYSPARK_TOKEN');
    const bad = createBufferedIo(dir, { env: {} });
    expect(await main(['emulator', '--port', '0', '--allow-origin', 'https://x.example/path'], bad)).toBe(2);
    expect(bad.err()).toMatch(/--allow-origin must be an origin like https:\/\/host:port/);
  });
});
