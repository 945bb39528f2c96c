import type { BoardMessage, RecordingMessage } from '@tinyspark/protocol';
import { describe, expect, it } from 'vitest';
import { accelLsb, gyroLsb } from '../sensors/lsm6ds3trc.js';
import { axisStats, collectingBoard, rawOf, run } from '../../test/support/collect.js';

function withMessages(seed: number, sensors: Parameters<typeof collectingBoard>[1] = []) {
  const b = collectingBoard(seed, sensors);
  const messages: BoardMessage[] = [];
  b.board.addListener({ message: (m) => messages.push(m) });
  return { ...b, messages };
}

describe('recording ritual (the course: Button 1, wait 1 s, LED on while recording, LED off)', () => {
  it('Button 1 -> 1 s -> LED on -> window -> LED off -> recording event with exactly rate x duration samples', () => {
    const b = withMessages(1);
    b.board.setButtonRecording({ label: 'circle', durationMs: 1000, sensor: 'imu' });
    b.board.button(1, 'click', 100);
    expect(b.board.pinLevel(1)).toBe(0); // active low: pressed reads 0
    run(b, 999);
    expect(b.board.ledOn).toBe(false);
    expect(b.board.mode()).toBe('recording');
    run(b, 1);
    expect(b.board.ledOn).toBe(true);
    expect(b.board.pinLevel(1)).toBe(1);
    b.board.perform('circle', 3, 7, undefined);
    run(b, 1000);
    expect(b.board.ledOn).toBe(false);
    const kinds = b.messages.map((m) => m.type).filter((t) => t !== 'serial' && t !== 'mode');
    expect(kinds).toEqual(['button', 'button', 'led', 'led', 'recording']);
    const led = b.messages.filter((m) => m.type === 'led');
    expect(led.map((m) => (m as { t: number }).t)).toEqual([1000, 2000]);
    const rec = b.messages.find((m) => m.type === 'recording') as RecordingMessage;
    expect(rec.id).toBeNull();
    expect(rec.label).toBe('circle');
    expect(rec.values.length).toBe(104);
    expect(rec.axes).toEqual(['ax', 'ay', 'az', 'gx', 'gy', 'gz']);
    const la = accelLsb(4);
    const lg = gyroLsb(250);
    for (const row of rec.values) {
      for (let a = 0; a < 3; a++) expect(Math.abs(row[a]! / la - Math.round(row[a]! / la))).toBeLessThan(1e-9);
      for (let a = 3; a < 6; a++) expect(Math.abs(row[a]! / lg - Math.round(row[a]! / lg))).toBeLessThan(1e-9);
    }
    expect(rec.truth?.some((t) => t.label === 'circle' && t.person === 3 && t.seed === 7)).toBe(true);
    expect(b.messages.some((m) => m.type === 'serial' && m.line.startsWith('Recorded circle'))).toBe(true);
  });

  it('a record request while recording is BUSY; proximity recordings are on the 1/8 grid', () => {
    const b = withMessages(2);
    b.board.configure({ accelerometer: { rateHz: 6664 } });
    expect(() => b.board.record('big', 'x', 60_000, 0, 'imu')).toThrowError(expect.objectContaining({ code: 'EMU_ERR_INVALID_OPTION', field: 'durationMs' }));
    b.board.configure({ accelerometer: { rateHz: 104 } });
    b.board.record('r1', 'moving_closer', 500, 0, 'proximity');
    expect(() => b.board.record('r2', 'x', 500, 0, 'imu')).toThrowError(expect.objectContaining({ code: 'EMU_ERR_BUSY' }));
    b.board.perform('moving_closer', 1, 1, undefined);
    run(b, 500);
    const rec = b.messages.find((m) => m.type === 'recording') as RecordingMessage;
    expect(rec.id).toBe('r1');
    expect(rec.values.length).toBe(Math.floor(0.5 * (1000 / 13.778)));
    for (const [v] of rec.values) expect((v! * 8) % 1).toBe(0);
  });

  it('Button 1 repeats the last requested capture (label, length, sensor)', () => {
    const b = withMessages(7);
    b.board.record('req', 'wave', 300, 0, 'proximity');
    run(b, 300);
    b.board.button(1, 'press');
    run(b, 1300);
    const recs = b.messages.filter((m) => m.type === 'recording') as RecordingMessage[];
    expect(recs.map((r) => [r.id, r.label, r.sensor, r.values.length])).toEqual([
      ['req', 'wave', 'proximity', 21],
      [null, 'wave', 'proximity', 21],
    ]);
  });

  it('Button 2 prints the stored recordings on the serial console and clears them', () => {
    const b = withMessages(3);
    b.board.record(1, 'a', 100, 0, 'proximity');
    run(b, 100);
    b.board.button(2, 'press');
    const lines = b.messages.filter((m) => m.type === 'serial').map((m) => (m as { line: string }).line);
    expect(lines).toContain('# 1 recordings');
    expect(lines.some((l) => l.startsWith('"a": [['))).toBe(true);
    b.board.button(2, 'release');
    b.board.button(2, 'press');
    expect(b.messages.filter((m) => m.type === 'serial' && m.line === '# 0 recordings')).toHaveLength(1);
  });
});

describe('faults on demand', () => {
  it('drop: frames skip sequence numbers, each frame contiguous, the gaps add up', () => {
    const b = collectingBoard(4, ['accelerometer']);
    b.board.fault('drop', 'accelerometer', { probability: 0.3 }, 10_000);
    run(b, 10_000);
    let expected = 0;
    let gaps = 0;
    let got = 0;
    for (const f of b.frames) {
      expect(f.seq).toBeGreaterThanOrEqual(expected);
      if (f.seq > expected) gaps += f.seq - expected;
      expected = f.seq + f.count;
      got += f.count;
    }
    gaps += 1040 - expected;
    expect(got + gaps).toBe(1040);
    expect(gaps / 1040).toBeGreaterThan(0.2);
    expect(gaps / 1040).toBeLessThan(0.4);
  });

  it('noise burst multiplies the noise sigma, saturation forces the rails, a stuck axis holds its value; all end on time', () => {
    const b = collectingBoard(5, ['accelerometer']);
    run(b, 5000);
    const quiet = axisStats(rawOf(b.frames, 'accelerometer'), 3).sd[0]!;
    b.frames.length = 0;
    b.board.fault('noise', undefined, { gain: 20 }, 5000);
    run(b, 5000);
    const loud = axisStats(rawOf(b.frames, 'accelerometer'), 3).sd[0]!;
    expect(loud / quiet).toBeGreaterThan(15);
    expect(loud / quiet).toBeLessThan(25);
    b.frames.length = 0;
    b.board.fault('saturate', 'accelerometer', {}, 1000);
    run(b, 1000);
    const sat = rawOf(b.frames, 'accelerometer');
    // active on [start, start + 1000): every sample but the one exactly at the end
    for (let k = 0; k < sat.length - 3; k += 3) expect(sat[k + 2]).toBe(32767);
    expect(sat[sat.length - 1]).not.toBe(32767);
    b.frames.length = 0;
    b.board.fault('stuck', 'accelerometer', { axis: 1 }, 1000);
    run(b, 1000);
    const stuck = rawOf(b.frames, 'accelerometer');
    const ys = new Set<number>();
    for (let k = 0; k < stuck.length - 3; k += 3) ys.add(stuck[k + 1]!);
    expect(ys.size).toBe(1);
    b.frames.length = 0;
    run(b, 1000);
    const after = rawOf(b.frames, 'accelerometer');
    const ys2 = new Set<number>();
    for (let k = 0; k < after.length; k += 3) ys2.add(after[k + 1]!);
    expect(ys2.size).toBeGreaterThan(3);
    expect(() => b.board.fault('drop', undefined, { probability: 2 }, undefined)).toThrowError(expect.objectContaining({ field: 'params.probability' }));
  });
});

describe('ground truth follows what actually happened', () => {
  it('a gesture cut short by a new one is truncated in the truth of a recording', () => {
    const b = withMessages(8);
    b.board.record('r', 'mix', 2000, 0, 'imu');
    const first = b.board.perform('shake', 0, 1, { durationMs: 800 });
    run(b, 300);
    const second = b.board.perform('circle', 0, 2, undefined);
    run(b, 1700);
    const rec = b.messages.find((m) => m.type === 'recording') as RecordingMessage;
    const shake = rec.truth!.find((t) => t.label === 'shake');
    const circle = rec.truth!.find((t) => t.label === 'circle')!;
    if (first.startMs < 300) expect(shake!.endMs).toBe(300);
    else expect(shake).toBeUndefined();
    expect(circle).toEqual(second);
  });
});

describe('scenarios', () => {
  it('plays timed gestures with ground truth and unlabelled motion in between', () => {
    const b = collectingBoard(6, ['accelerometer', 'gyroscope']);
    const { truth, endMs } = b.board.scenario(
      [
        { atMs: 500, gesture: 'shake', person: 1, seed: 1 },
        { atMs: 2500, gesture: 'tilt', label: 'tilt_left', person: 1, seed: 2 },
        { atMs: 4000, gesture: 'idle', label: null },
      ],
      undefined,
    );
    expect(truth.map((t) => t.label)).toEqual([null, 'shake', null, 'tilt_left', null, null]);
    expect(truth.map((t) => t.gesture)).toEqual(['transition', 'shake', 'transition', 'tilt', 'transition', 'idle']);
    expect(endMs).toBe(5000);
    for (const t of truth) expect(t.endMs).toBeGreaterThan(t.startMs);
    run(b, 6000);
    expect(rawOf(b.frames, 'gyroscope').length / 3).toBe(624);
    const gen = b.board.scenario(undefined, { count: 10, gestures: ['wave', 'punch'], seed: 3 });
    expect(gen.truth.filter((t) => t.label !== null)).toHaveLength(10);
    expect(() => b.board.scenario(undefined, { count: 1, gestures: ['juggle'], seed: 1 })).toThrowError(expect.objectContaining({ code: 'EMU_ERR_UNKNOWN_GESTURE' }));
  });
});

describe('scenario windowStart', () => {
  const steps = [0, 1000, 2000].map((atMs, i) => ({ atMs, gesture: i === 1 ? 'circle' : 'wave', person: 2, seed: 40 + i }));
  const sensors = ['accelerometer', 'gyroscope', 'proximity'] as const;
  const takes = (how: 'perform' | 'at' | 'after', fromMs: number) => {
    const b = collectingBoard(5, sensors);
    run(b, fromMs);
    if (how === 'perform') {
      for (const s of steps) {
        b.board.perform(s.gesture, s.person, s.seed, undefined);
        run(b, 1000);
      }
      return { b, truth: [] };
    }
    const { truth } = b.board.scenario(steps, undefined, how);
    run(b, 3000);
    return { b, truth };
  };
  /** Accelerometer sample numbers (0-based) where two runs differ. */
  const differing = (x: Int16Array, y: Int16Array): number[] => {
    expect(x.length).toBe(y.length);
    const out = new Set<number>();
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) out.add(Math.floor(k / 3));
    return [...out];
  };

  // from 0 ms the steps start on accelerometer sample instants (104 Hz: 1000 ms is 104 samples), from 37 ms between two
  it.each([0, 37])("'after' gives the samples of one sim.perform + clock per step (from %i ms); 'at' differs only on a step's start instant", (fromMs) => {
    const perform = takes('perform', fromMs).b;
    const after = takes('after', fromMs);
    const at = takes('at', fromMs);
    for (const sensor of sensors) expect(rawOf(after.b.frames, sensor)).toEqual(rawOf(perform.frames, sensor));
    const moved = differing(rawOf(at.b.frames, 'accelerometer'), rawOf(after.b.frames, 'accelerometer'));
    // samples 104 and 208 (0-based 103 and 207) fall on the second and third step's start instants
    expect(moved).toEqual(fromMs === 0 ? [103, 207] : []);
    expect(after.truth).toEqual(at.truth);
  });
});
