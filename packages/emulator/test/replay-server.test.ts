import { connectBoard, ProtocolError } from '@tinyspark/protocol';
import type { BoardClient } from '@tinyspark/protocol';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { accelLsb } from '../src/sensors/lsm6ds3trc.js';

describe('sim.replay over the protocol client', () => {
  let emu: RunningEmulator;
  let board: BoardClient;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 3, clock: 'virtual' });
    board = await connectBoard(emu.boards[0]!.url, { WebSocket, heartbeatIntervalMs: Infinity, reconnect: false });
  });
  afterAll(async () => {
    await board.close();
    await emu.close();
  });

  it('a replayed recording comes back in a capture, on the board grid, with its label in the truth', async () => {
    const az = Array.from({ length: 104 }, (_, k) => 1 + 0.5 * Math.sin(k / 5));
    const { truth, endMs } = await board.sim.replay({
      recording: { recordings: [{ label: 'up', ax: az.map(() => 0), ay: az.map(() => 0), az }] },
      rateHz: 104,
      units: { accelerometer: 'g' },
    });
    expect(truth).toHaveLength(1);
    expect(truth[0]).toMatchObject({ label: 'up', gesture: 'replay' });
    expect(endMs).toBeCloseTo(truth[0]!.startMs + 1000, 6);
    const recording = board.record({ label: 'up', durationMs: 1000, sensor: 'imu' });
    await board.sim.clock(1200);
    const rec = await recording;
    expect(rec.truth?.some((t) => t.label === 'up' && t.gesture === 'replay')).toBe(true);
    const la = accelLsb(4);
    const got = rec.values.map((row) => Math.round(row[2]! / la));
    const want = az.map((v) => Math.round((v * 9.80665) / la));
    // the capture starts at the first sample after the request, the replay at the next sample instant too
    expect(got).toEqual(want.slice(0, got.length));
  });

  it('answers a bad recording with BAD_FIELD naming the field, a too-long one with LIMIT_EXCEEDED', async () => {
    const bad = board.sim.replay({ recording: { recordings: [{ ax: [0, null], ay: [0, 0], az: [1, 1] }] }, rateHz: 100 });
    await expect(bad).rejects.toBeInstanceOf(ProtocolError);
    await expect(bad).rejects.toMatchObject({ remoteCode: 'BAD_FIELD', field: 'recording.recordings[0].ax[1]' });
    await expect(board.sim.replay({ recording: { ax: [0], ay: [0], az: [1] }, rateHz: 100, units: { accelerometer: 'N' } })).rejects.toMatchObject({
      remoteCode: 'BAD_FIELD',
      field: 'units.accelerometer',
    });
    const n = 61_000; // > 10 minutes at 100 Hz
    const csv = `ax,ay,az\n${'0,0,9.8\n'.repeat(n)}`;
    await expect(board.sim.replay({ recording: csv, rateHz: 100 })).rejects.toMatchObject({ remoteCode: 'LIMIT_EXCEEDED', field: 'recording.csv' });
  });
});
