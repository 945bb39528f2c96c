import type { SampleFrame, SensorName } from '@tinyspark/protocol';
import { describe, expect, it } from 'vitest';
import { collectingBoard, run } from '../../test/support/collect.js';
import { EmulatorError } from '../errors.js';
import { resampleTrack } from '../replay/resample.js';
import { createRng } from '../rng.js';
import { accelLsb, gyroLsb } from '../sensors/lsm6ds3trc.js';

/** Samples of one sensor with their board times (ms). */
function samples(frames: readonly SampleFrame[], sensor: SensorName): { t: number; raw: number[] }[] {
  const out: { t: number; raw: number[] }[] = [];
  for (const f of frames) {
    if (f.sensor !== sensor) continue;
    const axes = f.raw.length / f.count;
    for (let k = 0; k < f.count; k++) out.push({ t: (f.t0Us + k * f.intervalUs) / 1000, raw: [...f.raw.subarray(k * axes, (k + 1) * axes)] });
  }
  return out;
}

/** A recording on the board's own grid: raw ints -> SI values, as an Edge Impulse document. */
function gridRecording(n: number, rateHz: number, seed: number): { doc: Record<string, unknown>; accRaw: number[][]; gyrRaw: number[][] } {
  const rng = createRng(seed);
  const la = accelLsb(4);
  const lg = gyroLsb(250);
  const accRaw: number[][] = [];
  const gyrRaw: number[][] = [];
  for (let k = 0; k < n; k++) {
    accRaw.push([0, 1, 2].map(() => Math.round(rng.uniform(-20_000, 20_000))));
    gyrRaw.push([0, 1, 2].map(() => Math.round(rng.uniform(-20_000, 20_000))));
  }
  const doc = {
    payload: {
      interval_ms: 1000 / rateHz,
      sensors: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'].map((name) => ({ name, units: name.startsWith('a') ? 'm/s2' : 'rad/s' })),
      values: accRaw.map((a, k) => [...a.map((v) => v * la), ...gyrRaw[k]!.map((v) => v * lg)]),
    },
    tinyspark: { label: 'wave' },
  };
  return { doc, accRaw, gyrRaw };
}

describe('Board.replay (sim.replay)', () => {
  it('where the rates agree, the captured samples are the recording, bit for bit; count = rate x duration', () => {
    const b = collectingBoard(11, ['accelerometer', 'gyroscope']);
    run(b, 37); // not on a sample instant
    const { doc, accRaw, gyrRaw } = gridRecording(208, 104, 1);
    const r = b.board.replay({ recording: doc });
    expect(r.truth).toHaveLength(1);
    const seg = r.truth[0]!;
    expect(seg).toMatchObject({ label: 'wave', gesture: 'replay', person: 0, seed: 0 });
    expect(seg.endMs - seg.startMs).toBeCloseTo(2000, 6);
    run(b, 2500);
    const acc = samples(b.frames, 'accelerometer').filter((s) => s.t >= seg.startMs - 1e-6 && s.t < seg.endMs - 1e-6);
    const gyr = samples(b.frames, 'gyroscope').filter((s) => s.t >= seg.startMs - 1e-6 && s.t < seg.endMs - 1e-6);
    expect(acc).toHaveLength(208);
    expect(gyr).toHaveLength(208);
    expect(acc.map((s) => s.raw)).toEqual(accRaw);
    expect(gyr.map((s) => s.raw)).toEqual(gyrRaw);
  });

  it('at another rate, the capture is the band-limited resampling quantised, within 1 LSB; count follows rate x duration', () => {
    const b = collectingBoard(12, ['accelerometer']);
    const n = 300; // 3 s at 100 Hz, a Wii-remote-like recording in g
    const rng = createRng(5);
    const ax: number[] = [];
    const ay: number[] = [];
    const az: number[] = [];
    for (let k = 0; k < n; k++) {
      const t = k / 100;
      ax.push(Math.sin(2 * Math.PI * 1.3 * t) * 1.5 + 0.01 * rng.normal());
      ay.push(Math.cos(2 * Math.PI * 0.7 * t));
      az.push(1 + 0.5 * Math.sin(2 * Math.PI * 3.1 * t));
    }
    const r = b.board.replay({ recording: { recordings: [{ label: 'circle_left', ax, ay, az }] }, rateHz: 100, units: { accelerometer: 'g' } });
    run(b, 3200);
    const seg = r.truth[0]!;
    const got = samples(b.frames, 'accelerometer').filter((s) => s.t >= seg.startMs - 1e-6 && s.t < seg.endMs - 1e-6);
    expect(Math.abs(got.length - 104 * 3)).toBeLessThanOrEqual(1);
    const g = 9.80665;
    const interleaved = Float64Array.from(ax.flatMap((x, k) => [x * g, ay[k]! * g, az[k]! * g]));
    const expected = resampleTrack(interleaved, 3, 100, 104);
    const la = accelLsb(4);
    let worst = 0;
    got.forEach((s, k) => {
      for (let a = 0; a < 3; a++) worst = Math.max(worst, Math.abs(s.raw[a]! - Math.round(expected[k * 3 + a]! / la)));
    });
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('the sensor model still applies: range rails, the LSB grid of the configured range, optional noise', () => {
    const b = collectingBoard(13, ['accelerometer']);
    b.board.configure({ accelerometer: { range: 2 } });
    const r = b.board.replay({ recording: 'ax (g),ay (g),az (g)\n3,-3,1\n3,-3,1\n3,-3,1\n', rateHz: 104 });
    run(b, 100);
    const seg = r.truth[0]!;
    const got = samples(b.frames, 'accelerometer').filter((s) => s.t >= seg.startMs - 1e-6 && s.t < seg.endMs - 1e-6);
    expect(got.map((s) => s.raw)).toEqual([
      [32767, -32768, Math.round(9.80665 / accelLsb(2))],
      [32767, -32768, Math.round(9.80665 / accelLsb(2))],
      [32767, -32768, Math.round(9.80665 / accelLsb(2))],
    ]);
    const noisy = collectingBoard(13, ['accelerometer']);
    const flat = Array.from({ length: 104 }, () => '0,0,1').join('\n');
    const rn = noisy.board.replay({ recording: `ax (g),ay (g),az (g)\n${flat}\n`, rateHz: 104, noise: true });
    run(noisy, 1100);
    const s = samples(noisy.frames, 'accelerometer').filter((x) => x.t >= rn.truth[0]!.startMs - 1e-6 && x.t < rn.truth[0]!.endMs - 1e-6);
    expect(new Set(s.map((x) => x.raw[0])).size).toBeGreaterThan(3); // noise and bias on x, which the recording has flat at 0
  });

  it('loop, start offset and speed: one truth segment per pass, on the board clock, carrying the label', () => {
    const b = collectingBoard(14, ['accelerometer']);
    const { doc } = gridRecording(104, 104, 2); // 1 s
    const r = b.board.replay({ recording: doc, loop: 3, startOffsetMs: 500, speed: 2, label: 'shake' });
    expect(r.truth.map((t) => t.label)).toEqual(['shake', 'shake', 'shake']);
    const d = r.truth.map((t) => t.endMs - t.startMs);
    expect(d[0]).toBeCloseTo(250, 6); // half a pass at twice the speed
    expect(d[1]).toBeCloseTo(500, 6);
    expect(d[2]).toBeCloseTo(500, 6);
    expect(r.endMs).toBeCloseTo(r.truth[0]!.startMs + 1250, 6);
    run(b, 1300);
    const got = samples(b.frames, 'accelerometer').filter((s) => s.t >= r.truth[0]!.startMs - 1e-6 && s.t < r.endMs - 1e-6);
    expect(Math.abs(got.length - 1.25 * 104)).toBeLessThanOrEqual(1);
    // recordings quote the ground truth
    b.board.replay({ recording: doc });
    b.board.record('r', 'x', 500, 0, 'imu');
    const messages: unknown[] = [];
    b.board.addListener({ message: (m) => messages.push(m) });
    run(b, 600);
    const rec = messages.find((m) => (m as { type: string }).type === 'recording') as { truth: { label: string; gesture: string }[] };
    expect(rec.truth.some((t) => t.label === 'wave' && t.gesture === 'replay')).toBe(true);
  });

  it('bad recordings get typed errors naming the field', () => {
    const b = collectingBoard(15, []);
    const err = (f: () => unknown): EmulatorError => {
      try {
        f();
      } catch (e) {
        if (e instanceof EmulatorError) return e;
        throw e;
      }
      throw new Error('did not throw');
    };
    const nan = err(() => b.board.replay({ recording: { recordings: [{ label: 'a', ax: [0, null], ay: [0, 0], az: [1, 1] }] }, rateHz: 100 }));
    expect([nan.code, nan.field]).toEqual(['EMU_ERR_BAD_RECORDING', 'recording.recordings[0].ax[1]']);
    const unit = err(() => b.board.replay({ recording: { ax: [0], ay: [0], az: [1] }, rateHz: 100, units: { accelerometer: 'furlong' } }));
    expect([unit.code, unit.field]).toEqual(['EMU_ERR_UNKNOWN_UNIT', 'units.accelerometer']);
    const long = err(() => b.board.replay({ recording: { ax: new Array(70_000).fill(0), ay: new Array(70_000).fill(0), az: new Array(70_000).fill(1) }, rateHz: 100 }));
    expect([long.code, long.field]).toEqual(['EMU_ERR_RECORDING_TOO_LONG', 'recording']);
    const off = err(() => b.board.replay({ recording: { ax: [0], ay: [0], az: [1] }, rateHz: 100, startOffsetMs: 10 }));
    expect(off.field).toBe('startOffsetMs');
    const label = err(() => b.board.replay({ recording: { label: 'circle left', ax: [0], ay: [0], az: [1] }, rateHz: 100 }));
    expect(label.field).toBe('recording.label');
    const map = err(() => b.board.replay({ recording: { ax: [0], ay: [0], az: [1] }, rateHz: 100, axisMap: 'x=y,y=y,z=z' }));
    expect([map.code, map.field]).toEqual(['EMU_ERR_INVALID_OPTION', 'axisMap']);
  });
});
