// Demo capture from the binary sample stream: the same windows the board's `record` gives.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '@tinyspark/emulator';
import { captureRecordings } from '../src/board/capture-session.js';
import { openBoard } from '../src/board/connect.js';
import { DatasetWriter, keepingSink, loadDataset } from '../src/dataset/dataset-store.js';
import { createBufferedIo } from '../src/io.js';

const now = (): string => '2026-01-01T00:00:00.000Z';

async function captureOne(fromStream: boolean, count: number): Promise<{ values: number[][][]; intervalMs: number[] }> {
  const emu = await startEmulator({ host: '127.0.0.1', port: 0, seed: 5, clock: 'virtual', boards: ['a'] });
  const dir = await mkdtemp(join(tmpdir(), 'ts-stream-capture-'));
  try {
    const board = await openBoard(createBufferedIo(dir), emu.boards[0]!.url);
    const writer = await DatasetWriter.open(join(dir, 'ds'), now);
    const res = await captureRecordings(board, writer, { label: 'wave', gesture: 'wave', person: 2, seed: 40, count, durationMs: 1000, delayMs: 0, sensor: 'imu' }, { virtualClock: true, fromStream, now });
    expect(res.files).toHaveLength(count);
    await board.close();
    const ds = await loadDataset(join(dir, 'ds'));
    expect(ds.problems).toEqual([]);
    return { values: ds.recordings.map((r) => r.values), intervalMs: ds.recordings.map((r) => r.intervalMs) };
  } finally {
    await emu.close();
  }
}

describe('capture from the sample stream (fromStream)', () => {
  it('cuts the same first window out of the frames as the board records: same raw readings, same scale', async () => {
    const recorded = await captureOne(false, 1);
    const streamed = await captureOne(true, 1);
    expect(streamed.values[0]).toHaveLength(104);
    expect(streamed.values).toEqual(recorded.values);
    expect(streamed.intervalMs).toEqual(recorded.intervalMs);
  });

  it('records every take with rate x duration samples of six axes, takes back to back', async () => {
    const streamed = await captureOne(true, 4);
    for (const v of streamed.values) {
      expect(v).toHaveLength(104);
      for (const row of v) expect(row).toHaveLength(6);
    }
    // consecutive takes are different windows (the hand moved on)
    expect(streamed.values[1]).not.toEqual(streamed.values[2]);
  });

  it('background writes + keepingSink: what the demo keeps in memory is exactly what loadDataset reads back', async () => {
    const emu = await startEmulator({ host: '127.0.0.1', port: 0, seed: 9, clock: 'virtual', boards: ['a'] });
    const dir = await mkdtemp(join(tmpdir(), 'ts-stream-keep-'));
    try {
      const board = await openBoard(createBufferedIo(dir), emu.boards[0]!.url);
      const writer = await DatasetWriter.open(join(dir, 'ds'), now);
      const sink = keepingSink(writer);
      for (const [gesture, person] of [['wave', 3], ['circle', 1], ['idle', 2]] as const) {
        const res = await captureRecordings(board, sink, { label: gesture, gesture, person, seed: 100 * person, count: 3, durationMs: 1000, delayMs: 0, sensor: 'imu' }, { virtualClock: true, fromStream: true, deferManifest: true, now });
        expect(res.files).toHaveLength(3);
      }
      await sink.writeManifest();
      await board.close();
      const ds = await loadDataset(join(dir, 'ds'));
      expect(ds.problems).toEqual([]);
      expect(ds.manifest?.recordings).toBe(9);
      expect(sink.recordings()).toEqual(ds.recordings);
    } finally {
      await emu.close();
    }
  });
});
