// `tinyspark gesture learn`, then the learned gesture loaded by `tinyspark emulator --gestures` and
// captured with `capture --gesture <name>` (in-process, loopback, virtual clock).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perform } from '@tinyspark/emulator/motion';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetWriter, loadDataset } from '../src/dataset/dataset-store.js';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';

let dir: string;

async function run(argv: string[]): Promise<{ code: number; out: string; err: string; json: () => { ok: boolean; result: Record<string, unknown>; error?: { code: string; message: string; field: string | null } } }> {
  const io = createBufferedIo(dir);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err(), json: () => JSON.parse(io.out().trim().split('\n').pop() ?? '{}') };
}

/** Four recordings of the built-in `right` (accelerometer + gyroscope), labelled `swish`, by different people. */
async function writeGestureDataset(path: string, withGyro: boolean): Promise<void> {
  const w = await DatasetWriter.open(path, () => '2026-01-01T00:00:00.000Z');
  for (let person = 1; person <= 4; person++) {
    const rec = perform('right', { person, seed: person, durationMs: 2000, onsetMs: 300 }).toSensorRecording('imu');
    const cols = withGyro ? 6 : 3;
    await w.add({ label: 'swish', person, seed: person, intervalMs: rec.intervalMs, axes: rec.axes.slice(0, cols), units: ['m/s2', 'm/s2', 'm/s2', 'rad/s', 'rad/s', 'rad/s'].slice(0, cols), values: rec.values.map((r) => r.slice(0, cols)) });
  }
  await w.add({ label: 'near', person: 1, seed: 1, intervalMs: 250, axes: ['proximity'], units: ['counts/8'], values: [[1], [2], [3]] });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-learn-'));
  await writeGestureDataset(join(dir, 'data'), true);
  await writeGestureDataset(join(dir, 'accel-only'), false);
});

describe('tinyspark gesture learn', () => {
  it('writes a tinyspark.gesture v1 file and says what was identifiable and what was assumed', async () => {
    const r = await run(['gesture', 'learn', 'data', '--label', 'swish', '--out', 'swish.json']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/learned gesture "swish" from 4 recording\(s\) of "swish" \(accelerometer \+ gyroscope, 104 Hz\)/);
    expect(r.out).toMatch(/identifiable from the recordings:\n {2}- /);
    expect(r.out).toMatch(/assumed:\n {2}- yaw \(heading\) at the start is 0/);
    const doc = JSON.parse(await readFile(join(dir, 'swish.json'), 'utf8')) as { format: string; version: number; name: string; examples: unknown[] };
    expect(doc).toMatchObject({ format: 'tinyspark.gesture', version: 1, name: 'swish' });
    expect(doc.examples).toHaveLength(4);
    const a = await run(['gesture', 'learn', 'accel-only', '--label', 'swish', '--out', 'swish-acc.json', '--json']);
    expect(a.code).toBe(0);
    expect(a.json().result).toMatchObject({ name: 'swish', recordings: 4, sensors: ['accelerometer'] });
    expect((a.json().result['assumed'] as string[]).join(' ')).toMatch(/yaw is not observable/);
    // a built-in label gets a name of its own
    const w = await DatasetWriter.open(join(dir, 'builtin-label'), () => '2026-01-01T00:00:00.000Z');
    const rec = perform('up', { person: 1, seed: 1 }).toSensorRecording('imu');
    await w.add({ label: 'up', person: 1, seed: 1, intervalMs: rec.intervalMs, axes: rec.axes, units: ['m/s2', 'm/s2', 'm/s2', 'rad/s', 'rad/s', 'rad/s'], values: rec.values });
    const b = await run(['gesture', 'learn', 'builtin-label', '--label', 'up', '--out', 'up.json', '--json']);
    expect(b.code).toBe(0);
    expect(b.json().result['name']).toBe('learned_up');
    expect(b.err).toMatch(/"up" is a built-in gesture/);
  });

  it('typed errors: exit 3 naming the label or the file and field, 2 for usage', async () => {
    const l = await run(['gesture', 'learn', 'data', '--label', 'swishh', '--out', 'x.json', '--json']);
    expect(l.code).toBe(3);
    expect(l.json().error).toMatchObject({ code: 'STUDIO_ERR_UNKNOWN_LABEL', field: 'label' });
    expect(l.err).toMatch(/no recording labelled "swishh" \(did you mean swish\?\)/);
    const p = await run(['gesture', 'learn', 'data', '--label', 'near', '--out', 'x.json', '--json']);
    expect(p.code).toBe(3);
    expect(p.json().error).toMatchObject({ code: 'STUDIO_ERR_RECORDING_PARSE' });
    expect(p.json().error?.field).toMatch(/^near\..*\.json: axes$/);
    expect((await run(['gesture', 'learn', 'nowhere', '--label', 'swish', '--out', 'x.json'])).code).toBe(3);
    expect((await run(['gesture', 'learn', 'data', '--label', 'swish', '--out', 'x.json', '--knots', '4'])).code).toBe(2);
    expect((await run(['gesture', 'learn', 'data', '--label', 'swish'])).code).toBe(2);
    expect((await run(['gesture', 'lern', 'data'])).err).toMatch(/did you mean learn/);
    expect((await run(['gesture'])).code).toBe(2);
  });
});

describe('learned gestures in the emulator commands', () => {
  it('emulator --gestures loads them; capture --gesture <learned> records them with ground truth; unknown names are usage errors', async () => {
    const r = await run(['gesture', 'learn', 'data', '--label', 'swish', '--out', 'swish2.json', '--name', 'swish2']);
    expect(r.code).toBe(0);
    const controller = new AbortController();
    const io = createBufferedIo(dir, { signal: controller.signal });
    const running = main(['emulator', '--port', '0', '--clock', 'virtual', '--gestures', 'swish2.json'], io);
    while (!io.out().includes('learned gesture swish2') && io.err() === '') await new Promise((res) => setImmediate(res));
    const url = /board board-0: (\S+)/.exec(io.out())![1]!;
    try {
      const c = await run(['capture', '--board', url, '--label', 'swish2', '--gesture', 'swish2', '--count', '2', '--out', 'cap']);
      expect(c.code).toBe(0);
      const ds = await loadDataset(join(dir, 'cap'));
      expect(ds.recordings.map((x) => x.gesture)).toEqual(['swish2', 'swish2']);
      const ax = ds.recordings[0]!.values.map((v) => v[0]!);
      expect(Math.max(...ax) - Math.min(...ax)).toBeGreaterThan(1);
      const u = await run(['capture', '--board', url, '--label', 'a', '--gesture', 'moonwalk', '--count', '1', '--out', 'never']);
      expect(u.code).toBe(2);
      expect(u.err).toMatch(/"moonwalk" is not a gesture of the emulator at .*it performs: .*swish2/);
      // capture --gestures adds one to a running emulator first
      const add = await run(['capture', '--board', url, '--label', 'swish', '--gesture', 'swish', '--gestures', 'swish.json', '--count', '1', '--out', 'cap2']);
      expect(add.code).toBe(0);
      expect(add.err).toMatch(/added 1 learned gesture\(s\) to the emulator: swish/);
    } finally {
      controller.abort();
    }
    expect(await running).toBe(0);
  });

  it('a bad gesture file stops emulator and studio with exit 3 naming the file and field; a missing one too', async () => {
    const doc = JSON.parse(await readFile(join(dir, 'swish.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...doc, version: 9 }));
    const e = await run(['emulator', '--port', '0', '--gestures', 'bad.json', '--json']);
    expect(e.code).toBe(3);
    expect(e.json().error).toMatchObject({ code: 'STUDIO_ERR_GESTURE_FILE', field: `${join(dir, 'bad.json')}: version` });
    const s = await run(['studio', '--port', '0', '--data', 'proj', '--gestures', 'bad.json']);
    expect(s.code).toBe(3);
    expect(s.err).toMatch(/bad\.json: version: must be 1/);
    const m = await run(['emulator', '--port', '0', '--gestures', 'missing.json']);
    expect(m.code).toBe(3);
    expect(m.err).toMatch(/STUDIO_ERR_FILE_NOT_FOUND: emulator: --gestures .*missing\.json does not exist/);
  });
});
