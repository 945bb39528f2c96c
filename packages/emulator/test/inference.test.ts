import { createQRunner, extractFeatures, loadQModel } from '@tinyspark/quantizer/runtime';
import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import type { NeopixelMessage, PredictionMessage, RecordingMessage, SampleFrame } from '@tinyspark/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { classColour } from '../src/board/index.js';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { TestClient } from './helpers.js';
import { handBuiltQModel } from './qmodel-fixture.js';

let emu: RunningEmulator | undefined;
let c: TestClient | undefined;
afterEach(async () => {
  await c?.close();
  await emu?.close();
});

const PROX: InputPipeline = { sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' };
const IMU: InputPipeline = {
  sensor: 'imu',
  axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'],
  windowLength: 26,
  intervalMs: 38.4615,
  scale: [0.1, 0.1, 0.1, 1, 1, 1],
  offset: [0, 0, 0, 0, 0, 0],
  layout: 'time-major',
};

/** SI samples of one sensor with board time <= tEnd (ms), from the received frames. */
function samplesUpTo(frames: SampleFrame[], sensor: string, tEnd: number): { t: number; v: number[] }[] {
  const out: { t: number; v: number[] }[] = [];
  for (const f of frames) {
    if (f.sensor !== sensor) continue;
    const axes = f.raw.length / f.count;
    for (let i = 0; i < f.count; i++) {
      const t = (f.t0Us + i * f.intervalUs) / 1000;
      if (t <= tEnd + 1e-6) out.push({ t, v: Array.from(f.raw.subarray(i * axes, (i + 1) * axes), (x) => x * f.scale) });
    }
  }
  return out;
}

describe('a deployed int8 model predicts on the emulator exactly as the quantizer runtime does', () => {
  it('per recording (the course: proximity 3 -> 2): same index, logits; serial line and NeoPixels', async () => {
    emu = await startEmulator({ clock: 'virtual', seed: 3 });
    c = await TestClient.open(emu.boards[0]!.url);
    const doc = handBuiltQModel(PROX, [3, 2], ['moving_closer', 'moving_away'], 1, 1.28 / 127);
    expect(await c.request({ type: 'model.deploy', model: doc })).toMatchObject({ type: 'ack', result: { labels: ['moving_closer', 'moving_away'] } });
    await c.request({ type: 'infer.start', mode: 'recording' });
    const runner = createQRunner(loadQModel(doc));
    for (const [i, gesture] of (['moving_closer', 'moving_away', 'moving_closer'] as const).entries()) {
      const recP = c.upcoming((m) => m.type === 'recording');
      const predP = c.upcoming((m) => m.type === 'prediction');
      await c.request({ type: 'record', label: gesture, durationMs: 600, sensor: 'proximity' });
      await c.request({ type: 'sim.perform', gesture, person: i, seed: i });
      await c.request({ type: 'sim.clock', advanceMs: 700 });
      const rec = (await recP) as RecordingMessage;
      const pred = (await predP) as PredictionMessage;
      const expected = runner.predict(extractFeatures(PROX, { intervalMs: rec.intervalMs, axes: [...rec.axes], values: rec.values.map((r) => [...r]) }));
      expect(pred.index).toBe(expected.index);
      expect(pred.label).toBe(expected.label);
      expect(pred.logits).toEqual(Array.from(expected.logits));
      expect(pred.score).toBeCloseTo(expected.score, 12);
      const line = await c.next((m) => m.type === 'serial' && m.line.startsWith('Prediction:') && (m.t ?? 0) >= pred.windowEnd);
      expect(line).toMatchObject({ line: `Prediction: ${expected.label}, p=${expected.score.toFixed(5)}` });
      const px = (await c.next((m) => m.type === 'neopixel' && (m.t ?? 0) >= pred.windowEnd)) as NeopixelMessage;
      expect(px.pixels[0]).toEqual(classColour(expected.index));
      expect(px.pixels).toHaveLength(5);
    }
  });

  it('on a sliding window over streamed IMU data (156 -> 16 -> 4): every prediction matches the runtime on the same window', async () => {
    emu = await startEmulator({ clock: 'virtual', seed: 4 });
    c = await TestClient.open(emu.boards[0]!.url);
    const labels = ['shake', 'circle', 'wave', 'rest'];
    const doc = handBuiltQModel(IMU, [156, 16, 4], labels, 2, 4 / 127);
    await c.request({ type: 'model.deploy', model: doc });
    await c.request({ type: 'stream.start', sensors: ['accelerometer', 'gyroscope'] });
    await c.request({ type: 'infer.start', mode: 'sliding', hopMs: 250 });
    await c.request({ type: 'sim.scenario', generate: { count: 4, gestures: ['shake', 'circle', 'wave'], seed: 5, person: 2 } });
    await c.request({ type: 'sim.clock', advanceMs: 8000 });
    const preds = c.messages.filter((m) => m.type === 'prediction') as PredictionMessage[];
    expect(preds.length).toBeGreaterThanOrEqual(28);
    const runner = createQRunner(loadQModel(doc));
    const seen = new Set<number>();
    for (const p of preds) {
      const acc = samplesUpTo(c.frames, 'accelerometer', p.windowEnd);
      const gyr = samplesUpTo(c.frames, 'gyroscope', p.windowEnd);
      const values = acc.map((a) => {
        let best = gyr[0]!;
        for (const g of gyr) if (Math.abs(g.t - a.t) < Math.abs(best.t - a.t)) best = g;
        return [...a.v, ...best.v];
      });
      const expected = runner.predict(extractFeatures(IMU, { intervalMs: 1000 / 104, axes: IMU.axes, values }));
      expect(p.logits).toEqual(Array.from(expected.logits));
      expect(p.index).toBe(expected.index);
      seen.add(p.index);
    }
    expect(seen.size).toBeGreaterThan(1); // the windows differ enough to move the prediction
  });

  it('keeps predicting after the IMU rate changes mid-inference (the window is rebuilt for the new rate)', async () => {
    emu = await startEmulator({ clock: 'virtual', seed: 5 });
    c = await TestClient.open(emu.boards[0]!.url);
    const doc = handBuiltQModel(IMU, [156, 4], ['a', 'b', 'c', 'd'], 3, 4 / 127);
    await c.request({ type: 'model.deploy', model: doc });
    await c.request({ type: 'stream.start', sensors: ['accelerometer', 'gyroscope'] });
    await c.request({ type: 'infer.start', mode: 'sliding', hopMs: 500 });
    await c.request({ type: 'sim.clock', advanceMs: 2000 });
    await c.request({ type: 'configure', accelerometer: { rateHz: 208 }, gyroscope: { rateHz: 208 } });
    const before = c.messages.filter((m) => m.type === 'prediction').length;
    await c.request({ type: 'sim.clock', advanceMs: 3000 });
    const after = c.messages.filter((m) => m.type === 'prediction') as PredictionMessage[];
    expect(after.length - before).toBeGreaterThanOrEqual(3);
    const runner = createQRunner(loadQModel(doc));
    const p = after[after.length - 1]!;
    const acc = samplesUpTo(c.frames, 'accelerometer', p.windowEnd).filter((s) => s.t > 2000);
    const gyr = samplesUpTo(c.frames, 'gyroscope', p.windowEnd).filter((s) => s.t > 2000);
    const values = acc.map((a, i) => [...a.v, ...gyr[i]!.v]);
    expect(p.logits).toEqual(Array.from(runner.predict(extractFeatures(IMU, { intervalMs: 1000 / 208, axes: IMU.axes, values })).logits));
  });
});
