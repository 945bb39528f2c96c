// `tinyspark demo --gestures <file...>`: learned gestures loaded into the demo's built-in emulator and
// captured, trained and verified beside the built-in ones.
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { learnGesture } from '@tinyspark/emulator/learn';
import { perform } from '@tinyspark/emulator/motion';
import { describe, expect, it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';

/** A learned gesture file from three performances of the built-in `tilt` (not among the demo's gestures). */
async function writeLearnedTilt(path: string): Promise<void> {
  const recs = [1, 2, 3].map((person) => {
    const rec = perform('tilt', { person, seed: person, durationMs: 2000, onsetMs: 300 });
    const a = rec.accelerometer;
    const k0 = Math.round(rec.onsetMs / a.intervalMs);
    const k1 = Math.min(a.count, Math.round((rec.onsetMs + rec.gestureMs) / a.intervalMs));
    const values = new Float64Array((k1 - k0) * 3);
    for (let k = k0; k < k1; k++) for (let c = 0; c < 3; c++) values[3 * (k - k0) + c] = a.raw[3 * k + c]! * a.scale;
    return { label: 'tilt', durationMs: (k1 - k0) * a.intervalMs, tracks: { accelerometer: { sensor: 'accelerometer' as const, rateHz: 1000 / a.intervalMs, count: k1 - k0, channels: 3, values } } };
  });
  await writeFile(path, JSON.stringify(learnGesture(recs, { name: 'my_tilt' })));
}

describe('tinyspark demo --gestures', () => {
  it('captures, trains and verifies a learned gesture beside the built-in ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-demo-g-'));
    await writeLearnedTilt(join(dir, 'my_tilt.json'));
    const io = createBufferedIo(dir);
    const code = await main(['demo', '--size', 'small', '--out', 'out', '--gestures', 'my_tilt.json', '--json'], io);
    expect(io.err()).not.toMatch(/STUDIO_ERR/);
    expect(code).toBe(0);
    const r = JSON.parse(io.out()).result as { labels: string[] };
    expect(r.labels).toHaveLength(10);
    expect(r.labels).toContain('my_tilt');
    const ds = await readdir(join(dir, 'out', 'dataset'));
    expect(ds.filter((f) => f.startsWith('my_tilt.')).length).toBe(9 * 6);
  });

  it('refuses a bad gesture file (exit 3, naming the file) and --gestures with --course (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-demo-g-'));
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ format: 'tinyspark.gesture', version: 9 }));
    const io = createBufferedIo(dir);
    expect(await main(['demo', '--size', 'small', '--out', 'out', '--gestures', 'bad.json'], io)).toBe(3);
    expect(io.err()).toMatch(/STUDIO_ERR_GESTURE_FILE: .*version/);
    const io2 = createBufferedIo(dir);
    expect(await main(['demo', '--course', '--gestures', 'bad.json'], io2)).toBe(2);
    expect(io2.err()).toMatch(/STUDIO_ERR_USAGE: demo: --gestures .*--course/);
    const io3 = createBufferedIo(dir);
    expect(await main(['demo', '--gestures', 'missing.json'], io3)).toBe(3);
  });
});
