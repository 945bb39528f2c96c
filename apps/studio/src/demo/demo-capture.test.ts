// The demo's pipelined capture against the one-take-at-a-time stream capture: the same recordings.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '@tinyspark/emulator';
import { captureRecordings } from '../board/capture-session.js';
import { openBoard } from '../board/connect.js';
import { DatasetWriter, keepingSink } from '../dataset/dataset-store.js';
import type { Recording } from '../dataset/recording.js';
import { createBufferedIo } from '../io.js';
import { captureJobsOnBoard } from './demo-capture.js';
import type { DemoJob } from './demo-capture.js';

const now = (): string => '2026-01-01T00:00:00.000Z';
const JOBS: DemoJob[] = [
  { person: 3, gesture: 'wave', seed: 300 },
  { person: 1, gesture: 'circle', seed: 100 },
  { person: 2, gesture: 'idle', seed: 200 },
];

async function capture(how: 'one-at-a-time' | 'pipelined', fault?: { probability: number }): Promise<{ recordings: Recording[]; jobs: number[] }> {
  const emu = await startEmulator({ host: '127.0.0.1', port: 0, seed: 9, clock: 'virtual', boards: ['a'] });
  const dir = await mkdtemp(join(tmpdir(), 'ts-demo-capture-'));
  try {
    const board = await openBoard(createBufferedIo(dir), emu.boards[0]!.url);
    if (fault !== undefined) await board.sim.fault({ kind: 'drop', sensor: 'gyroscope', params: fault, durationMs: 2500 });
    const sink = keepingSink(await DatasetWriter.open(join(dir, 'ds'), now));
    const jobs: number[] = [];
    if (how === 'pipelined') {
      const res = await captureJobsOnBoard(board, JOBS, sink, { count: 3, durationMs: 1000, sensor: 'imu', now, onJob: (_, n) => jobs.push(n) });
      expect(res).toEqual({ saved: 9, interrupted: false });
    } else {
      for (const j of JOBS) {
        const res = await captureRecordings(board, sink, { label: j.gesture, gesture: j.gesture, person: j.person, seed: j.seed, count: 3, durationMs: 1000, delayMs: 0, sensor: 'imu' }, { virtualClock: true, fromStream: true, deferManifest: true, now });
        jobs.push(res.files.length);
      }
    }
    await sink.writeManifest();
    await board.close();
    return { recordings: sink.recordings(), jobs };
  } finally {
    await emu.close();
  }
}

describe('captureJobsOnBoard', () => {
  it('gives the recordings the one-take-at-a-time stream capture gives, value for value', async () => {
    const one = await capture('one-at-a-time');
    const piped = await capture('pipelined');
    expect(piped.jobs).toEqual([3, 3, 3]);
    expect(piped.recordings.map((r) => r.id)).toEqual(['p1-s100', 'p1-s101', 'p1-s102', 'p2-s200', 'p2-s201', 'p2-s202', 'p3-s300', 'p3-s301', 'p3-s302']);
    expect(piped.recordings[0]!.values).toHaveLength(104);
    expect(piped.recordings).toEqual(one.recordings);
  });

  it('plays a take whose samples were lost on the way again, and keeps only whole takes', async () => {
    const clean = await capture('pipelined');
    const lossy = await capture('pipelined', { probability: 0.5 });
    expect(lossy.recordings.map((r) => r.id)).toEqual(clean.recordings.map((r) => r.id));
    for (const r of lossy.recordings) expect(r.values).toHaveLength(104);
    // the first takes (inside the fault) were played again later: a new draw of the same take;
    // the takes after the fault are the same board time as in the clean run
    expect(lossy.jobs.reduce((a, b) => a + b, 0)).toBe(9);
    expect(lossy.jobs.slice(0, 1)).not.toEqual([3]);
    expect(lossy.recordings.find((r) => r.id === 'p3-s300')!.values).not.toEqual(clean.recordings.find((r) => r.id === 'p3-s300')!.values);
  });
});
