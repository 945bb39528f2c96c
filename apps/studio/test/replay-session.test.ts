// The recorded emulator session (fixtures/sessions/emulator-basic.jsonl) served back by a tiny loopback
// board that answers each request with what the emulator answered in the recording (request ids
// rewritten to the live client's). What the studio's board connection (`openBoard`, i.e. the protocol
// client) makes of it is checked against facts read straight from the recorded bytes.
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { sampleFrameToValues } from '@tinyspark/protocol';
import type { BoardClient, SampleFrame, SampleGap, SensorName } from '@tinyspark/protocol';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBoard } from '../src/board/connect.js';
import { createBufferedIo } from '../src/io.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/sessions/emulator-basic.jsonl', import.meta.url));

interface WireLine {
  dir: 'host->board' | 'board->host';
  kind: 'text' | 'binary';
  text?: string;
  hex?: string;
}

/** Sample frames as the recording has them, read with a DataView (not the protocol's decoder). */
interface RawFrame {
  sensorId: number;
  axes: number;
  seq: number;
  scale: number;
  count: number;
  raw: Int16Array;
}

function readRawFrame(hex: string): RawFrame {
  const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
  const v = new DataView(bytes.buffer);
  const axes = v.getUint8(3);
  const count = v.getUint16(32, true);
  const raw = new Int16Array(count * axes);
  for (let i = 0; i < raw.length; i++) raw[i] = v.getInt16(36 + 2 * i, true);
  return { sensorId: v.getUint8(2), axes, seq: v.getUint32(4, true), scale: v.getFloat64(24, true), count, raw };
}

/** A board that replays the recording: each request gets the frames recorded after its counterpart. */
async function startReplayBoard(lines: readonly WireLine[]): Promise<{ url: string; received: Record<string, unknown>[]; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const received: Record<string, unknown>[] = [];
  wss.on('connection', (socket) => {
    let next = 0;
    const ids = new Map<unknown, unknown>();
    const sendUntilRequest = (): void => {
      for (; next < lines.length && lines[next]!.dir === 'board->host'; next++) {
        const l = lines[next]!;
        if (l.kind === 'binary') {
          socket.send(Buffer.from(l.hex!, 'hex'), { binary: true });
          continue;
        }
        const m = JSON.parse(l.text!) as Record<string, unknown>;
        if ('id' in m && ids.has(m['id'])) m['id'] = ids.get(m['id']);
        socket.send(JSON.stringify(m));
      }
    };
    sendUntilRequest();
    socket.on('message', (data) => {
      const live = JSON.parse(String(data)) as Record<string, unknown>;
      received.push(live);
      const recorded = lines[next];
      if (recorded === undefined || recorded.dir !== 'host->board') {
        socket.close(1011, 'request beyond the recording');
        return;
      }
      const r = JSON.parse(recorded.text!) as Record<string, unknown>;
      if (r['type'] !== live['type']) {
        socket.close(1011, `expected ${String(r['type'])}, got ${String(live['type'])}`);
        return;
      }
      ids.set(r['id'], live['id']);
      next++;
      sendUntilRequest();
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/boards/board-0`,
    received,
    close: () => new Promise<void>((resolve, reject) => wss.close((e) => (e ? reject(e) : resolve()))),
  };
}

describe('replaying the recorded emulator session to the studio', () => {
  let lines: WireLine[];
  let replay: Awaited<ReturnType<typeof startReplayBoard>>;
  let board: BoardClient;
  beforeAll(async () => {
    lines = (await readFile(FIXTURE, 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as WireLine);
    replay = await startReplayBoard(lines);
    const io = createBufferedIo(await mkdtemp(join(tmpdir(), 'ts-replay-')));
    board = await openBoard(io, replay.url, { reconnect: false });
  });
  afterAll(async () => {
    await board.close();
    await replay.close();
  });

  it('sees the gap, the recording and the samples the emulator sent', async () => {
    const gaps: SampleGap[] = [];
    const frames: SampleFrame[] = [];
    board.on('gap', (g) => gaps.push(g));
    board.on('sample', (f) => frames.push(f));

    // The same conversation as the recording, through the client's API.
    await board.configure({ accelerometer: { range: 4, rateHz: 104 }, gyroscope: { range: 250, rateHz: 104 } });
    await board.startStream(['accelerometer', 'gyroscope']);
    const recording = board.record({ label: 'circle', durationMs: 1000 });
    await board.sim.perform({ gesture: 'circle', person: 2, seed: 7 });
    await board.sim.clock(1500);
    const rec = await recording;
    await board.sim.fault({ kind: 'drop', sensor: 'accelerometer', params: { probability: 1 }, durationMs: 100 });
    await board.sim.perform({ gesture: 'shake', person: 2, seed: 7 });
    await board.sim.clock(1500);
    await board.stopStream();
    await board.ping();

    // The client asked for what the recording's host asked for (ids aside).
    const recordedRequests = lines.filter((l) => l.dir === 'host->board').map((l) => JSON.parse(l.text!) as Record<string, unknown>);
    expect(replay.received.map(({ id: _id, ...rest }) => rest)).toEqual(recordedRequests.map(({ id: _id, ...rest }) => rest));

    // Expected facts, read from the recorded bytes with a DataView.
    const raws = lines.filter((l) => l.kind === 'binary').map((l) => readRawFrame(l.hex!));
    const sensorOf = ['accelerometer', 'gyroscope', 'proximity'] as const;
    const expectedGaps: { sensor: SensorName; missing: number }[] = [];
    const nextSeq = new Map<number, number>();
    for (const f of raws) {
      const want = nextSeq.get(f.sensorId);
      if (want !== undefined && want !== f.seq) expectedGaps.push({ sensor: sensorOf[f.sensorId]!, missing: f.seq - want });
      nextSeq.set(f.sensorId, f.seq + f.count);
    }
    // One gap, on the faulted sensor: ~100 ms of 104 Hz samples (the emulator's test pins it to the fault's window).
    expect(expectedGaps).toHaveLength(1);
    expect(expectedGaps[0]!.sensor).toBe('accelerometer');
    const missing = expectedGaps[0]!.missing;
    expect(missing).toBeGreaterThanOrEqual(10);
    expect(missing).toBeLessThanOrEqual(11);

    // Gap events: one, of the recorded size, on the faulted sensor.
    expect(gaps.map((g) => ({ sensor: g.sensor, missing: g.missing }))).toEqual(expectedGaps);

    // The recording: label, sample count (104 Hz x 1 s), six axes on the LSB grid of the hello's sensors.
    const lsb = new Map(board.hello.sensors.map((s) => [s.name, s.lsb] as const));
    expect(rec.label).toBe('circle');
    expect(rec.values).toHaveLength(104);
    expect(rec.axes).toEqual(['ax', 'ay', 'az', 'gx', 'gy', 'gz']);
    for (const row of rec.values) {
      row.forEach((x, a) => {
        const k = x / lsb.get(a < 3 ? 'accelerometer' : 'gyroscope')!;
        expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-6);
      });
    }

    // Decoded samples: every frame arrived, and value = raw int16 (from the bytes) x the sensor's LSB.
    expect(frames).toHaveLength(raws.length);
    frames.forEach((f, i) => {
      const r = raws[i]!;
      expect(f.sensor).toBe(sensorOf[r.sensorId]);
      expect(f.scale).toBe(lsb.get(f.sensor));
      const values = sampleFrameToValues(f).flat();
      expect(values).toHaveLength(r.raw.length);
      values.forEach((x, j) => expect(x).toBe(r.raw[j]! * r.scale));
    });
    expect(frames.reduce((s, f) => s + f.count, 0)).toBe(2 * 3 * 104 - missing);
  });
});
