import { connectBoard } from '@tinyspark/protocol';
import type { BoardClient } from '@tinyspark/protocol';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { gestureNames } from '../src/motion/registry.js';
import { learnedDoc } from './learned-fixture.js';

describe('learned gestures in a running emulator', () => {
  let emu: RunningEmulator;
  let board: BoardClient;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: 5, clock: 'virtual', gestures: [learnedDoc('my_right'), JSON.stringify(learnedDoc('my_left', 'left'))] });
    board = await connectBoard(emu.boards[0]!.url, { WebSocket, heartbeatIntervalMs: Infinity, reconnect: false });
  });
  afterAll(async () => {
    await board.close();
    await emu.close();
  });

  it('startEmulator({ gestures }) performs them like built-ins: sim.perform, scenarios, ground truth in a capture', async () => {
    expect(gestureNames()).toEqual(expect.arrayContaining(['my_right', 'my_left']));
    const seg = await board.sim.perform({ gesture: 'my_right', person: 3, seed: 4 });
    expect(seg).toMatchObject({ gesture: 'my_right', label: 'my_right', person: 3, seed: 4 });
    await board.sim.clock(Math.ceil(seg.endMs - seg.startMs) + 100);
    const truth = await board.sim.scenario({ steps: [{ atMs: 0, gesture: 'my_left' }, { atMs: 2500, gesture: 'my_right', label: 'right_again' }] });
    expect(truth.filter((t) => t.gesture.startsWith('my_')).map((t) => [t.gesture, t.label])).toEqual([
      ['my_left', 'my_left'],
      ['my_right', 'right_again'],
    ]);
    const recording = board.record({ label: 'my_left', durationMs: 2000, sensor: 'imu' });
    await board.sim.clock(5200);
    const rec = await recording;
    expect(rec.truth?.some((t) => t.gesture === 'my_left')).toBe(true);
    // the hand moved: the accelerometer is not flat
    const ax = rec.values.map((r) => r[0]!);
    expect(Math.max(...ax) - Math.min(...ax)).toBeGreaterThan(1);
  });

  it('sim.gesture adds one over the protocol (client sim.addGesture); replace only when asked', async () => {
    const doc = learnedDoc('wave_added', 'up');
    const r = await board.sim.addGesture(doc as unknown as Record<string, unknown>);
    expect(r.name).toBe('wave_added');
    expect(r.gestures).toEqual(expect.arrayContaining(['up', 'my_right', 'wave_added']));
    expect(await board.sim.gestures()).toEqual(r.gestures);
    expect(await board.sim.perform({ gesture: 'wave_added', seed: 1 })).toMatchObject({ gesture: 'wave_added', label: 'wave_added' });
    await expect(board.sim.addGesture(doc as unknown as Record<string, unknown>)).rejects.toMatchObject({ remoteCode: 'BAD_FIELD', field: 'gesture.name' });
    await expect(board.sim.addGesture(doc as unknown as Record<string, unknown>, { replace: true })).resolves.toMatchObject({ name: 'wave_added' });
  });

  it('a gesture added by sim.gesture is the board\'s own: another board of the same emulator does not see it', async () => {
    const two = await startEmulator({ port: 0, seed: 5, clock: 'virtual', boards: 2 });
    const a = await connectBoard(two.boards[0]!.url, { WebSocket, heartbeatIntervalMs: Infinity, reconnect: false });
    const b = await connectBoard(two.boards[1]!.url, { WebSocket, heartbeatIntervalMs: Infinity, reconnect: false });
    try {
      await a.sim.addGesture(learnedDoc('only_on_a', 'up') as unknown as Record<string, unknown>);
      expect(await a.sim.gestures()).toContain('only_on_a');
      expect(await a.sim.perform({ gesture: 'only_on_a', seed: 1 })).toMatchObject({ gesture: 'only_on_a' });
      expect(await b.sim.gestures()).not.toContain('only_on_a');
      expect(gestureNames()).not.toContain('only_on_a');
      await expect(b.sim.perform({ gesture: 'only_on_a', seed: 1 })).rejects.toMatchObject({ field: 'gesture' });
      await expect(b.sim.scenario({ steps: [{ atMs: 0, gesture: 'only_on_a' }] })).rejects.toMatchObject({ field: 'steps[0].gesture' });
      // b adds its own under the same name: each board performs its own
      await b.sim.addGesture(learnedDoc('only_on_a', 'left') as unknown as Record<string, unknown>);
      expect(await b.sim.perform({ gesture: 'only_on_a', seed: 1 })).toMatchObject({ gesture: 'only_on_a' });
    } finally {
      await a.close();
      await b.close();
      await two.close();
    }
  });

  it('answers bad documents with BAD_FIELD naming the field inside gesture, a huge one with LIMIT_EXCEEDED', async () => {
    const doc = learnedDoc('bad_one') as unknown as Record<string, unknown>;
    await expect(board.sim.addGesture({ ...doc, version: 2 })).rejects.toMatchObject({ remoteCode: 'BAD_FIELD', field: 'gesture.version' });
    await expect(board.sim.addGesture({ ...doc, name: 'up' })).rejects.toMatchObject({ remoteCode: 'BAD_FIELD', field: 'gesture.name' });
    const spoilt = JSON.parse(JSON.stringify(doc)) as { examples: { accel: (number | null)[][] }[] };
    spoilt.examples[0]!.accel[3]![1] = null;
    await expect(board.sim.addGesture(spoilt as unknown as Record<string, unknown>)).rejects.toMatchObject({ remoteCode: 'BAD_FIELD', field: 'gesture.examples[0].accel[3][1]' });
    await expect(board.sim.addGesture({ ...doc, notes: ['x'.repeat(1024 * 1024)] })).rejects.toMatchObject({ code: 'PROTO_ERR_LIMIT_EXCEEDED', field: 'gesture' });
    // nothing half-added
    expect(gestureNames()).not.toContain('bad_one');
  });

  it('startEmulator refuses a bad document naming gestures[i].<field>; close() removes its gestures', async () => {
    await expect(startEmulator({ port: 0, gestures: [learnedDoc('fine_one'), { ...learnedDoc('x'), knots: 3 }] })).rejects.toMatchObject({
      code: 'EMU_ERR_BAD_GESTURE_FILE',
      field: 'gestures[1].knots',
    });
    expect(gestureNames()).not.toContain('fine_one');
    const other = await startEmulator({ port: 0, gestures: [learnedDoc('short_lived')] });
    expect(gestureNames()).toContain('short_lived');
    await other.close();
    expect(gestureNames()).not.toContain('short_lived');
  });
});
