// The demo in its reduced size: the whole workflow on the embedded emulator, honest numbers.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';

describe('tinyspark demo --size small', () => {
  it('reaches >= 90% on-device accuracy on the held-out person and writes everything it made', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-demo-'));
    const io = createBufferedIo(dir);
    const code = await main(['demo', '--size', 'small', '--out', 'out', '--json'], io);
    expect(io.err()).not.toMatch(/STUDIO_ERR/);
    expect(code).toBe(0);
    const r = JSON.parse(io.out()).result as { onDeviceAccuracy: number; floatAccuracy: number; int8Accuracy: number; agreement: number; verifyGestures: number; labels: string[]; testRecordings: number };
    expect(r.labels).toHaveLength(9);
    expect(r.labels).toContain('idle');
    expect(r.verifyGestures).toBeGreaterThanOrEqual(100);
    expect(r.onDeviceAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.floatAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(r.agreement).toBeGreaterThanOrEqual(0.95);
    const out = join(dir, 'out');
    expect((await readdir(out)).sort()).toEqual(['check-report.txt', 'dataset', 'export', 'model.int8.json', 'model.json', 'report.html', 'summary.json']);
    expect((await readdir(join(out, 'export', 'c'))).sort()).toEqual(['model.c', 'model.h']);
    expect(await readdir(join(out, 'export', 'circuitpython'))).toEqual(['code.py']);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/Loss per epoch/);
    expect(html).toMatch(/Float model, held-out person/);
    expect(html).toMatch(/Int8 model, held-out person/);
    expect(html).toMatch(/On the emulated board/);
    for (const l of r.labels) expect(html).toContain(`<h2>Example &quot;${l}&quot; (person`);
    // Labelled axes with units: traces per sensor in m/s² and rad/s over time in ms, loss on a log axis, accuracy in %.
    expect((html.match(/accelerometer \(m\/s²\)/g) ?? []).length).toBe(r.labels.length);
    expect((html.match(/gyroscope \(rad\/s\)/g) ?? []).length).toBe(r.labels.length);
    expect(html).toMatch(/time \(ms\), one sample every 9\.62 ms/);
    expect(html).toMatch(/cross-entropy loss \(log scale\)/);
    expect(html).toMatch(/accuracy \(%\)/);
    expect((html.match(/>predicted label</g) ?? []).length).toBe(3);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(5 + r.labels.length);
    // Self-contained: nothing loaded from the network, no script.
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const model = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    expect(model.format).toBe('tinyspark.model');
    const q = JSON.parse(await readFile(join(out, 'model.int8.json'), 'utf8'));
    expect(q.format).toBe('tinyspark.qmodel');
    // The held-out person never trained the model.
    const ds = await readdir(join(out, 'dataset'));
    expect(ds.length - 1).toBe(9 * 9 * 6);
    expect(io.out()).not.toMatch(/training accuracy/);
  });

  it('--course replays the course mini-project: 3 readings 250 ms apart, 3-2-2 linear, lr 0.01, 100 epochs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-demo-'));
    const io = createBufferedIo(dir);
    const code = await main(['demo', '--course', '--size', 'small', '--out', 'course', '--json'], io);
    expect(io.err()).not.toMatch(/STUDIO_ERR/);
    expect(code).toBe(0);
    const r = JSON.parse(io.out()).result as { onDeviceAccuracy: number; labels: string[]; verifyGestures: number };
    expect(r.labels).toEqual(['moving_away', 'moving_closer']);
    expect(r.verifyGestures).toBeGreaterThanOrEqual(20);
    expect(r.onDeviceAccuracy).toBeGreaterThanOrEqual(0.8);
    const model = JSON.parse(await readFile(join(dir, 'course', 'model.json'), 'utf8'));
    expect(model.pipeline).toEqual({ sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' });
    expect(model.loss).toBe('mse');
    expect(model.layers.map((l: { inputSize: number; units: number; activation: string; useBias: boolean }) => [l.inputSize, l.units, l.activation, l.useBias])).toEqual([
      [3, 2, 'linear', false],
      [2, 2, 'linear', false],
    ]);
    expect(model.training).toMatchObject({ epochs: 100, learningRate: 0.01, batchSize: 1, optimizer: 'sgd' });
  });
});
