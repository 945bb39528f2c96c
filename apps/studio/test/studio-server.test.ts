// The studio server's rules: loopback only, foreign origins and hosts refused, token when set, no
// client input crashes it or names a file outside the project folder; the API uses the CLI's code.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { recordingToEi } from '../src/dataset/ei-json.js';
import type { Recording } from '../src/dataset/recording.js';
import type { RunningStudio } from '../src/studio-server/start-studio.js';
import { startStudioServer } from '../src/studio-server/start-studio.js';
import { studioToken } from '../src/studio-server/access.js';

let root: string;
let studio: RunningStudio;
let webDir: string;

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function call(method: string, path: string, opts: { body?: string; headers?: Record<string, string>; port?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: opts.port ?? studio.port, method, path, headers: { host: `127.0.0.1:${opts.port ?? studio.port}`, ...(opts.headers ?? {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function rec(label: string, person: number, phase: number): Recording {
  const values: number[][] = [];
  for (let i = 0; i < 40; i++) values.push([Math.sin(i / 4 + phase), Math.cos(i / 5 + phase) + person * 0.01, 9.81, 0, 0, label === 'wave' ? Math.sin(i / 2) : 0]);
  return { id: 'x', label, person, intervalMs: 10, axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'], units: ['m/s2', 'm/s2', 'm/s2', 'rad/s', 'rad/s', 'rad/s'], values };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ts-studio-'));
  webDir = join(root, 'web');
  await mkdir(webDir);
  await writeFile(join(webDir, 'index.html'), '<!doctype html><title>tinyspark studio</title>');
  await writeFile(join(webDir, 'app.js'), 'console.log(1)');
  studio = await startStudioServer({ dataDir: join(root, 'project'), webDir, emulatorClock: 'virtual', now: () => '2026-01-01T00:00:00.000Z' });
});

afterAll(async () => {
  await studio?.close();
});

describe('studio server access', () => {
  it('binds loopback and serves the app', async () => {
    expect(studio.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await call('GET', '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('tinyspark studio');
    expect((await call('GET', '/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('refuses a foreign Origin and a foreign Host (403)', async () => {
    expect((await call('GET', '/api/status', { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await call('GET', '/api/status', { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await call('GET', '/api/status', { headers: { origin: `http://127.0.0.1:${studio.port}` } })).status).toBe(200);
  });

  it('refuses a WebSocket from a foreign origin', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${studio.port}/api/board/ws`, { headers: { origin: 'http://evil.example' } });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });

  it('requires the token when one is set (401), by header, query or cookie', async () => {
    const s = await startStudioServer({ dataDir: join(root, 'tok'), webDir, token: 'sekrit', board: 'ws://127.0.0.1:9/boards/x' });
    try {
      expect((await call('GET', '/api/status', { port: s.port })).status).toBe(401);
      expect((await call('GET', '/api/status', { port: s.port, headers: { authorization: 'Bearer nope' } })).status).toBe(401);
      expect((await call('GET', '/api/status', { port: s.port, headers: { authorization: 'Bearer sekrit' } })).status).toBe(200);
      const page = await call('GET', '/?token=sekrit', { port: s.port });
      expect(page.status).toBe(200);
      const cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
      expect((await call('GET', '/api/status', { port: s.port, headers: { cookie } })).status).toBe(200);
      expect(s.url).toContain('?token=sekrit');
    } finally {
      await s.close();
    }
  });

  it('generates a token when bound to a non-loopback interface (decided without binding one: tests stay on loopback)', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.2']) expect(studioToken(host, undefined)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(studioToken('0.0.0.0', undefined)).not.toBe(studioToken('0.0.0.0', undefined));
    expect(studioToken('0.0.0.0', 'given')).toBe('given');
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(studioToken(host, undefined)).toBeUndefined();
  });
});

describe('studio server API', () => {
  it('lists the built-in emulator board and relays the board protocol', async () => {
    const boards = JSON.parse((await call('GET', '/api/boards')).body) as { boards: { id: string; url: string }[] };
    expect(boards.boards[0]?.id).toBe('board-0');
    const ws = new WebSocket(`ws://127.0.0.1:${studio.port}/api/board/ws`);
    const hello = await new Promise<{ type: string }>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d)) as { type: string }));
      ws.once('error', reject);
    });
    expect(hello.type).toBe('hello');
    ws.close();
  });

  it('a broken board URL is the CLI error, and the studio keeps its board', async () => {
    const r = await call('POST', '/api/board', { body: JSON.stringify({ url: 'ws://127.0.0.1:9/boards/none' }) });
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body).error.text).toMatch(/^\[studio\] STUDIO_ERR_BOARD_UNREACHABLE: cannot reach the board at ws:\/\/127\.0\.0\.1:9\/boards\/none/);
    const bad = await call('POST', '/api/board', { body: JSON.stringify({ url: 'http://x' }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('STUDIO_ERR_BAD_OPTION');
    expect(studio.boardUrl()).toMatch(/board-0$/);
  });

  it('adds, lists, moves, renames, exports and deletes recordings in the project folder', async () => {
    for (const [label, person] of [['idle', 1], ['idle', 2], ['wave', 1], ['wave', 2]] as const) {
      const r = await call('POST', '/api/dataset/recordings?split=dataset', { body: JSON.stringify({ recording: recordingToEi(rec(label, person, person)) }) });
      expect(r.status).toBe(200);
    }
    const list = JSON.parse((await call('GET', '/api/dataset?split=dataset')).body) as { recordings: { file: string; label: string }[]; stats: { recordings: number } };
    expect(list.stats.recordings).toBe(4);
    const files = await readdir(join(root, 'project', 'dataset'));
    expect(files).toContain('manifest.json');
    const first = list.recordings[0]?.file ?? '';
    const one = JSON.parse((await call('GET', `/api/dataset/recording?split=dataset&file=${first}`)).body) as Recording;
    expect(one.values.length).toBe(40);
    const moved = await call('POST', '/api/dataset/move', { body: JSON.stringify({ file: first, from: 'dataset', to: 'test' }) });
    expect(moved.status).toBe(200);
    expect((await readdir(join(root, 'project', 'test'))).some((f) => f.endsWith('.json') && f !== 'manifest.json')).toBe(true);
    const renamed = JSON.parse((await call('POST', '/api/dataset/rename', { body: JSON.stringify({ from: 'wave', to: 'waving' }) })).body) as { renamed: number };
    expect(renamed.renamed).toBe(2);
    const csv = await call('GET', '/api/dataset/export?split=dataset&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('waving');
    const zip = await call('GET', '/api/dataset/export?split=dataset&format=ei');
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.body.startsWith('PK')).toBe(true);
    const imp = JSON.parse((await call('POST', '/api/dataset/import', { body: JSON.stringify({ files: [{ name: 'a.json', text: JSON.stringify(recordingToEi(rec('idle', 3, 0))) }, { name: 'b.json', text: '{nope' }] }) })).body) as { imported: string[]; problems: { code: string }[] };
    expect(imp.imported.length).toBe(1);
    expect(imp.problems[0]?.code).toBe('STUDIO_ERR_RECORDING_PARSE');
    const after = JSON.parse((await call('GET', '/api/dataset?split=dataset')).body) as { recordings: { file: string }[] };
    const del = await call('DELETE', `/api/dataset/recording?split=dataset&file=${after.recordings[0]?.file ?? ''}`);
    expect(del.status).toBe(200);
  });

  it('refuses file names that leave the folder, bad JSON and unknown routes without crashing', async () => {
    for (const f of ['../../etc/passwd', '..%2F..%2Fx.json', 'manifest.json', '/abs.json', 'a/b.c.json', '']) {
      const r = await call('GET', `/api/dataset/recording?split=dataset&file=${encodeURIComponent(f)}`);
      expect(r.status).toBe(400);
    }
    expect((await call('POST', '/api/dataset/recordings', { body: '{not json' })).status).toBe(400);
    expect((await call('POST', '/api/dataset/rename', { body: JSON.stringify({ from: '../x', to: 'y' }) })).status).toBe(400);
    expect((await call('GET', '/api/dataset?split=../../')).status).toBe(400);
    expect((await call('GET', '/api/exports/..%2F..%2Fetc')).status).toBe(400);
    expect((await call('GET', '/api/nothing')).status).toBe(404);
    expect((await call('GET', '/api/exports/model.int8.json')).status).toBe(404);
    expect((await call('GET', '/api/status')).status).toBe(200);
  });

  it('survives arbitrary request bodies on every write route', async () => {
    const routes = ['/api/dataset/recordings?split=dataset', '/api/dataset/move', '/api/dataset/rename', '/api/dataset/import', '/api/model', '/api/verify', '/api/board', '/api/quantize'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(fc.json(), fc.string()), async (route, body) => {
        const r = await call('POST', route, { body });
        expect(r.status).toBeGreaterThanOrEqual(200);
        expect(r.status).toBeLessThan(600);
        if (r.status >= 400) expect(JSON.parse(r.body).error.code).toMatch(/^STUDIO_ERR_/);
      }),
      { numRuns: 60, seed: 7 },
    );
    expect((await call('GET', '/api/status')).status).toBe(200);
    const top = (await readdir(join(root, 'project'))).sort();
    for (const f of top) expect(['dataset', 'test', 'model.json', 'training.json', 'verify.json', 'model.int8.json', 'check.json', 'check-report.txt', 'export']).toContain(f);
    expect(await readdir(root)).toEqual(expect.arrayContaining(['project', 'web']));
    expect((await readFile(join(root, 'project', 'dataset', 'manifest.json'), 'utf8')).length).toBeGreaterThan(0);
  }, 240_000);
});
