// Capture's client logic against an msw-mocked board (msw 2.15 ws.link): finished recordings are on
// disk the moment they complete, a disconnect discards only the recording in progress, and capture
// resumes after the client reconnects. Node 20 has no global WebSocket: the ws package's is installed
// before msw starts, so msw can intercept it.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ws } from 'msw';
import { setupServer } from 'msw/node';
import { WebSocket as NodeWebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BoardClient, HelloMessage } from '@tinyspark/protocol';
import { connectBoard } from '@tinyspark/protocol';
import { captureRecordings } from '../src/board/capture-session.js';
import { DatasetWriter, loadDataset } from '../src/dataset/dataset-store.js';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';

Object.defineProperty(globalThis, 'WebSocket', { value: NodeWebSocket, configurable: true, writable: true });

const URL = 'ws://127.0.0.1:9/boards/mock';
const link = ws.link(URL);
const server = setupServer();

const HELLO: HelloMessage = {
  type: 'hello',
  protocol: 1,
  board: { model: 'TinySpark S3', firmware: 'mock 0', id: 'mock' },
  sensors: [
    { name: 'accelerometer', axes: ['ax', 'ay', 'az'], unit: 'm/s^2', rangeUnit: 'g', rangeOptions: [2, 4, 8, 16], range: 4, rateOptionsHz: [104], rateHz: 104, lsb: 0.122 * 9.80665e-3 },
    { name: 'gyroscope', axes: ['gx', 'gy', 'gz'], unit: 'rad/s', rangeUnit: 'dps', rangeOptions: [250], range: 250, rateOptionsHz: [104], rateHz: 104, lsb: (8.75e-3 * Math.PI) / 180 },
  ],
  mode: 'idle',
  streaming: [],
  capabilities: { sim: true, inference: true, buttons: 2, neopixels: 5 },
  limits: { maxFrameBytes: 1 << 20, maxModelBytes: 1 << 20, maxRecordingMs: 60_000 },
};

interface MockState {
  connections: number;
  recordingsSent: number;
  seeds: number[];
}

/**
 * A scripted board: acks everything; a `record` is answered by a `recording` when the host advances the
 * clock. `dropAt(connection, recordIndex)` says when to cut the connection instead of answering.
 */
function mockBoard(dropAt: (connection: number, recordOnConnection: number) => boolean): MockState {
  const state: MockState = { connections: 0, recordingsSent: 0, seeds: [] };
  server.use(
    link.addEventListener('connection', ({ client }) => {
      state.connections++;
      const connection = state.connections;
      let recordsHere = 0;
      let pending: { id: string | number; label: string } | null = null;
      let t = 0;
      client.send(JSON.stringify(HELLO));
      client.addEventListener('message', (event) => {
        const r = JSON.parse(String(event.data)) as { type: string; id: string | number; label?: string; advanceMs?: number; seed?: number; gesture?: string };
        if (r.type === 'record') {
          pending = { id: r.id, label: r.label ?? '' };
          recordsHere++;
          client.send(JSON.stringify({ type: 'ack', id: r.id }));
        } else if (r.type === 'sim.perform') {
          state.seeds.push(r.seed ?? -1);
          client.send(JSON.stringify({ type: 'ack', id: r.id, result: { segment: { label: r.gesture, gesture: r.gesture, startMs: t, endMs: t + 800, person: 0, seed: r.seed } } }));
        } else if (r.type === 'sim.clock') {
          t += r.advanceMs ?? 0;
          if (pending !== null && r.advanceMs !== 1 && dropAt(connection, recordsHere)) {
            client.close(4099, 'mock board lost power');
            return;
          }
          client.send(JSON.stringify({ type: 'ack', id: r.id, result: { t } }));
          if (pending !== null && r.advanceMs !== 1) {
            const k = state.recordingsSent++;
            const values = Array.from({ length: 104 }, (_, i) => [k, i * 0.01, 9.81, 0, 0, 0.001 * i]);
            client.send(JSON.stringify({ type: 'recording', id: pending.id, label: pending.label, sensor: 'imu', axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'], values, intervalMs: 1000 / 104, startedAt: t - 1000 }));
            pending = null;
          }
        } else {
          client.send(JSON.stringify({ type: 'ack', id: r.id }));
        }
      });
    }),
  );
  return state;
}

let clients: BoardClient[] = [];
async function connect(reconnect: boolean): Promise<BoardClient> {
  const c = await connectBoard(URL, { heartbeatIntervalMs: Number.POSITIVE_INFINITY, reconnect: reconnect ? { initialDelayMs: 1, maxDelayMs: 2, jitter: 0, maxAttempts: 3 } : false });
  clients.push(c);
  return c;
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  server.resetHandlers();
});
afterAll(() => server.close());

const spec = { label: 'circle', gesture: 'circle', person: 2, seed: 10, count: 5, durationMs: 1000, delayMs: 0, sensor: 'imu' as const };

describe('capture against an msw-mocked board', () => {
  it('a disconnect mid-capture keeps the finished recordings, discards the partial one and resumes after the reconnect', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-msw-'));
    const state = mockBoard((conn, rec) => conn === 1 && rec === 3);
    const board = await connect(true);
    const writer = await DatasetWriter.open(dir, () => 'now');
    const notes: string[] = [];
    const res = await captureRecordings(board, writer, spec, { now: () => 'now', note: (t) => notes.push(t) });
    expect(res).toMatchObject({ reconnects: 1, discarded: 1, interrupted: false });
    expect(res.files).toHaveLength(5);
    expect(state.connections).toBe(2);
    // Seed 12 was being recorded when the board went away; it was recorded again after the reconnect.
    expect(state.seeds).toEqual([10, 11, 12, 12, 13, 14]);
    const ds = await loadDataset(dir);
    expect(ds.problems).toEqual([]);
    expect(ds.recordings.map((r) => r.seed).sort()).toEqual([10, 11, 12, 13, 14]);
    // The partial recording never reached the disk: every file holds a complete recording the board sent.
    expect(ds.recordings.map((r) => r.values[0]?.[0]).sort()).toEqual([0, 1, 2, 3, 4]);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(notes.join('\n')).toMatch(/discarded/);
  });

  it('a board that does not come back: finished recordings stay on disk, the error says what to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-msw-'));
    mockBoard((_conn, rec) => rec === 3);
    const board = await connect(false);
    const writer = await DatasetWriter.open(dir, () => 'now');
    await expect(captureRecordings(board, writer, spec, { now: () => 'now' })).rejects.toMatchObject({ code: 'STUDIO_ERR_DISCONNECTED', message: expect.stringMatching(/2 recording\(s\) were saved, run the same command again/) });
    const ds = await loadDataset(dir);
    expect(ds.recordings).toHaveLength(2);
    expect(ds.manifest?.recordings).toBe(2);
  });

  it('Ctrl-C stops cleanly and keeps what was finished; a rerun of the command records only the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-msw-'));
    mockBoard(() => false);
    const board = await connect(false);
    const writer = await DatasetWriter.open(dir, () => 'now');
    const controller = new AbortController();
    const res = await captureRecordings(board, writer, spec, { now: () => 'now', signal: controller.signal, onSaved: (_f) => { if (writer.size === 2) controller.abort(); } });
    expect(res.interrupted).toBe(true);
    expect(res.files).toHaveLength(2);
    // The CLI resumes: seeds already on disk are skipped.
    const io = createBufferedIo(dir, { WebSocket: globalThis.WebSocket });
    const code = await main(['capture', '--board', URL, '--label', 'circle', '--gesture', 'circle', '--person', '2', '--seed', '10', '--count', '5', '--out', '.', '--json'], io);
    expect(io.err()).not.toMatch(/STUDIO_ERR/);
    expect(code).toBe(0);
    const ds = await loadDataset(dir);
    expect(ds.recordings.map((r) => r.seed).sort()).toEqual([10, 11, 12, 13, 14]);
  });
});
