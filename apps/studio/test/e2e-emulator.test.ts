// End-to-end CLI tests against the real emulator on loopback (port 0, virtual clock), in-process.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '@tinyspark/emulator';
import { startEmulator } from '@tinyspark/emulator';
import { captureRecordings } from '../src/board/capture-session.js';
import { openBoard } from '../src/board/connect.js';
import { DatasetWriter, loadDataset } from '../src/dataset/dataset-store.js';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';

// Slow but correct: a loaded 2-core machine took over 60 s for the whole chain. The budget is
// explicit and generous; no assertion depends on how fast the machine is (virtual clock).
const BUDGET_MS = 240_000;

let dir: string;
let emu: RunningEmulator;
let url: string;

async function run(argv: string[]): Promise<{ code: number; out: string; err: string; result: () => Record<string, unknown> }> {
  const io = createBufferedIo(dir);
  const code = await main(argv, io);
  return {
    code,
    out: io.out(),
    err: io.err(),
    result: () => (JSON.parse(io.out().trim().split('\n').pop() ?? '{}') as { result: Record<string, unknown> }).result,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-e2e-'));
  emu = await startEmulator({ port: 0, seed: 3, clock: 'virtual', boards: ['a', 'b'] });
  url = emu.boards[0]?.url ?? '';
}, BUDGET_MS);
afterAll(async () => {
  await emu.close();
}, BUDGET_MS);

describe('capture -> train -> quantize -> export -> deploy -> verify against the emulator', { timeout: BUDGET_MS }, () => {
  it('runs the whole chain through the CLI', async () => {
    for (const person of [1, 2, 3, 4, 5, 6, 7]) {
      for (const g of ['idle', 'circle', 'wave', 'punch']) {
        const c = await run(['capture', '--board', url, '--label', g, '--gesture', g, '--person', String(person), '--seed', String(person * 100), '--count', '8', '--out', 'data', '--quiet']);
        expect(c.err).toBe('');
        expect(c.code).toBe(0);
      }
    }
    const stats = await run(['dataset', 'stats', 'data', '--json']);
    expect(stats.result()['recordings']).toBe(224);
    expect((await run(['dataset', 'check', 'data'])).code).toBe(0);
    expect((await run(['dataset', 'split', 'data', '--by', 'person', '--holdout', '7', '--out', 'split'])).code).toBe(0);
    const t = await run(['train', 'split/train', '--epochs', '30', '--patience', '0', '--out', 'model.json', '--json']);
    expect(t.err).not.toMatch(/STUDIO_ERR/);
    expect(t.code).toBe(0);
    const e = await run(['eval', 'model.json', 'split/test', '--json']);
    expect(e.code).toBe(0);
    expect(e.result()['accuracy']).toBeGreaterThanOrEqual(0.85);
    const q = await run(['quantize', 'model.json', '--calibration', 'split/train', '--check', 'split/test', '--out', 'model.int8.json', '--json']);
    expect(q.code).toBe(0);
    const report = q.result()['report'] as { agreement: number; samples: number };
    expect(report.samples).toBe(32);
    expect(report.agreement).toBeGreaterThanOrEqual(0.95);
    const ei = await run(['eval', 'model.int8.json', 'split/test', '--json']);
    expect(ei.result()['kind']).toBe('int8');
    for (const target of ['c', 'circuitpython']) {
      const x = await run(['export', 'model.int8.json', '--target', target, '--out', `export-${target}`]);
      expect(x.code).toBe(0);
    }
    expect((await readdir(join(dir, 'export-c'))).sort()).toEqual(['model.c', 'model.h']);
    expect(await readFile(join(dir, 'export-circuitpython', 'code.py'), 'utf8')).toMatch(/Prediction: /);
    const d = await run(['deploy', 'model.int8.json', '--board', url, '--json']);
    expect(d.code).toBe(0);
    expect(d.result()['labels']).toEqual(['circle', 'idle', 'punch', 'wave']);
    const v = await run(['verify', '--board', url, '--gestures', '40', '--person', '7', '--seed', '9', '--json']);
    expect(v.err).not.toMatch(/STUDIO_ERR/);
    expect(v.code).toBe(0);
    const vr = v.result() as { accuracy: number; gestures: unknown[]; latency: { count: number; medianUs: number } };
    expect(vr.gestures).toHaveLength(40);
    expect(vr.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(vr.latency.count).toBeGreaterThan(40);
    expect(vr.latency.medianUs).toBeGreaterThan(0);
    // The held-out person's own recordings replayed through the board (sim.replay): the board's
    // predictions on the replayed data agree with eval on the files (same samples, same int8 model).
    const vrp = await run(['verify', '--board', url, '--replay', 'split/test', '--json']);
    expect(vrp.err).not.toMatch(/STUDIO_ERR/);
    expect(vrp.code).toBe(0);
    const rr = vrp.result() as { accuracy: number; gestures: unknown[]; recordings: number };
    expect(rr.recordings).toBe(32);
    expect(rr.gestures).toHaveLength(32);
    expect(Math.abs(rr.accuracy - (ei.result()['accuracy'] as number))).toBeLessThanOrEqual(0.1);
    // The int8 model's prediction on one recording through `infer`, float and int8, agree with eval's.
    const one = (await readdir(join(dir, 'split/test'))).find((f) => f.startsWith('circle.')) ?? '';
    const rec = JSON.parse(await readFile(join(dir, 'split/test', one), 'utf8'));
    const csv = ['timestamp,ax,ay,az,gx,gy,gz', ...rec.payload.values.map((row: number[], i: number) => [i * rec.payload.interval_ms, ...row].join(','))].join('\n');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'one.csv'), csv);
    const fi = await run(['infer', 'model.json', '--input', 'one.csv', '--json']);
    const qi = await run(['infer', 'model.int8.json', '--input', 'one.csv', '--json']);
    expect(fi.code).toBe(0);
    expect(qi.code).toBe(0);
    expect(qi.result()['logits']).toHaveLength(4);
    expect(qi.out).not.toMatch(/Prediction: undefined/);
  });

  it('capture survives the emulator\'s disconnect fault: finished recordings kept, partial discarded, resumes', async () => {
    const boardUrl = emu.boards[1]?.url ?? '';
    const io = createBufferedIo(dir);
    const board = await openBoard(io, boardUrl, { reconnect: { initialDelayMs: 5, maxDelayMs: 10, jitter: 0 } });
    const out = join(dir, 'faulty');
    const writer = await DatasetWriter.open(out, () => 'now');
    let armed = false;
    let faulted = false;
    // After the second recording is saved, the next ack (that of the third `record`) triggers the
    // emulator's disconnect fault: the third recording is in progress when every client is dropped.
    board.on('message', (m) => {
      if (armed && !faulted && m.type === 'ack') {
        faulted = true;
        emu.board('b')?.fault('disconnect', undefined, {}, undefined);
      }
    });
    const res = await captureRecordings(board, writer, { label: 'wave', gesture: 'wave', person: 1, seed: 1, count: 5, durationMs: 1000, delayMs: 0, sensor: 'imu' }, {
      now: () => 'now',
      virtualClock: true,
      onSaved: () => {
        if (writer.size === 2) armed = true;
      },
    });
    await board.close();
    expect(res.files).toHaveLength(5);
    expect(faulted).toBe(true);
    expect(res.reconnects).toBe(1);
    expect(res.discarded).toBe(1);
    const ds = await loadDataset(out);
    expect(ds.problems).toEqual([]);
    expect(ds.recordings.map((r) => r.seed).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(ds.recordings.every((r) => r.values.length === 104)).toBe(true);
  });

  it('the same emulator seed and capture command give the same recordings', async () => {
    for (const out of ['same-a', 'same-b']) {
      const fresh = await startEmulator({ port: 0, seed: 11, clock: 'virtual' });
      const c = await run(['capture', '--board', fresh.boards[0]?.url ?? '', '--label', 'circle', '--gesture', 'circle', '--person', '3', '--seed', '7', '--count', '2', '--out', out, '--quiet']);
      await fresh.close();
      expect(c.code).toBe(0);
    }
    const a = await loadDataset(join(dir, 'same-a'));
    const b = await loadDataset(join(dir, 'same-b'));
    expect(a.recordings.map((r) => r.id)).toEqual(['p3-s7', 'p3-s8']);
    expect(b.recordings.map((r) => r.values)).toEqual(a.recordings.map((r) => r.values));
  });

  it('capture --variation reaches the simulated hand: the same seeds at another variation record another gesture', async () => {
    const values: number[][][][] = [];
    for (const [out, v] of [['var-0', '0'], ['var-3', '3'], ['var-0b', '0']] as const) {
      const fresh = await startEmulator({ port: 0, seed: 11, clock: 'virtual' });
      const c = await run(['capture', '--board', fresh.boards[0]?.url ?? '', '--label', 'up', '--gesture', 'up', '--person', '3', '--seed', '7', '--count', '2', '--variation', v, '--out', out, '--quiet']);
      await fresh.close();
      expect(c.code).toBe(0);
      values.push((await loadDataset(join(dir, out))).recordings.map((r) => r.values));
    }
    expect(values[0]).toEqual(values[2]);
    expect(values[1]).not.toEqual(values[0]);
  });

  it('board problems are clear errors with exit code 4', async () => {
    const u = await run(['capture', '--board', 'ws://127.0.0.1:1/boards/x', '--label', 'a', '--count', '1', '--out', 'never']);
    expect(u.code).toBe(4);
    expect(u.err).toMatch(/STUDIO_ERR_BOARD_UNREACHABLE: cannot reach the board at ws:\/\/127\.0\.0\.1:1\/boards\/x/);
    const bad = await run(['capture', '--board', 'http://x', '--label', 'a', '--out', 'd']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not a WebSocket URL/);
    // An unknown gesture is a usage error, found before connecting (it used to be the board's error, exit 4).
    const g = await run(['capture', '--board', url, '--label', 'a', '--gesture', 'moonwalk', '--count', '1', '--out', 'never']);
    expect(g.code).toBe(2);
    expect(g.err).toMatch(/moonwalk/);
    const port = Number(new URL(emu.url).port);
    const inUse = await run(['emulator', '--port', String(port)]);
    expect(inUse.code).toBe(4);
    expect(inUse.err).toMatch(/STUDIO_ERR_PORT_IN_USE: emulator: port \d+ on 127\.0\.0\.1 is in use/);
  });

  it('`tinyspark emulator` starts, prints the board URLs and stops on the abort signal', async () => {
    const controller = new AbortController();
    const io = createBufferedIo(dir, { signal: controller.signal });
    const running = main(['emulator', '--port', '0', '--boards', '2', '--clock', 'virtual'], io);
    for (let i = 0; i < 200 && !io.out().includes('board-1'); i++) await new Promise((r) => setImmediate(r));
    expect(io.out()).toMatch(/board board-0: ws:\/\/127\.0\.0\.1:\d+\/boards\/board-0/);
    controller.abort();
    expect(await running).toBe(0);
  });
});
