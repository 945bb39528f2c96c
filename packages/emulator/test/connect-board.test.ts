import { connectBoard } from '@tinyspark/protocol';
import type { BoardClient } from '@tinyspark/protocol';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';

// The README's "use it in your own vitest suite" example, run for real.
describe('the protocol client against the emulator on loopback', () => {
  let emu: RunningEmulator;
  let board: BoardClient;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 42, clock: 'virtual' });
    board = await connectBoard(emu.boards[0]!.url, { WebSocket, heartbeatIntervalMs: Infinity, reconnect: false });
  });
  afterAll(async () => {
    await board.close();
    await emu.close();
  });

  it('records a scripted gesture with ground truth', async () => {
    const recording = board.record({ label: 'circle', durationMs: 1000, sensor: 'imu' });
    const segment = await board.sim.perform({ gesture: 'circle', person: 3, seed: 7 });
    await board.sim.clock(1500);
    const rec = await recording;
    expect(rec.values).toHaveLength(104);
    expect(rec.truth).toContainEqual(segment);
  });

  it('reports the gaps a drop fault makes', async () => {
    const gaps: number[] = [];
    board.on('gap', (g) => gaps.push(g.missing));
    let samples = 0;
    board.on('sample', (f) => (samples += f.count));
    await board.startStream(['accelerometer']);
    await board.sim.fault({ kind: 'drop', params: { probability: 0.2 }, durationMs: 2000 });
    await board.sim.clock(2000);
    await board.stopStream();
    expect(gaps.length).toBeGreaterThan(0);
    expect(samples + gaps.reduce((s, x) => s + x, 0)).toBe(208);
  });
});
