import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataset } from './check.js';
import { parseCsv, parseVector, recordingsFromCsv, recordingsToCsv } from './csv.js';
import { DatasetWriter, loadDataset } from './dataset-store.js';
import { recordingFromEi, recordingToEi } from './ei-json.js';
import type { Recording } from './recording.js';
import { splitByPerson, splitRandom } from './split.js';
import { datasetStats } from './stats.js';

function rec(label: string, id: string, person: number, values: number[][], intervalMs = 10, axes = ['ax', 'ay']): Recording {
  return { id, label, person, intervalMs, axes, units: axes.map(() => 'm/s2'), values };
}

function wave(phase: number, n = 20): number[][] {
  return Array.from({ length: n }, (_, i) => [Math.sin(i / 3 + phase), Math.cos(i / 5 + phase)]);
}

describe('Edge Impulse JSON', () => {
  it('round-trips a recording with its tinyspark metadata', () => {
    const r: Recording = { ...rec('circle', '00001', 3, wave(0.1)), seed: 7, gesture: 'circle', board: 'b0', capturedAt: '2026-01-01T00:00:00.000Z', deviceName: 'x', deviceType: 'TINYSPARK_S3' };
    const back = recordingFromEi(JSON.parse(JSON.stringify(recordingToEi(r))), 'circle.00001.json', '00001');
    expect(back).toEqual(r);
  });
  it('names the broken field and the file', () => {
    const doc = recordingToEi(rec('a', '1', 1, wave(0))) as { payload: { values: unknown[] } };
    doc.payload.values[3] = [1];
    expect(() => recordingFromEi(doc, 'a.1.json', '1')).toThrow(/a\.1\.json: payload\.values\[3\] must have 2 value/);
  });
  it('takes the label from an Edge Impulse file name when the tinyspark block is absent', () => {
    const doc = recordingToEi(rec('wave', '1', 1, wave(0))) as Record<string, unknown>;
    delete doc['tinyspark'];
    expect(recordingFromEi(doc, 'wave.abc123.json', 'abc123').label).toBe('wave');
  });
});

describe('dataset folder', () => {
  it('writes each recording atomically with a manifest, and skips (names) a corrupt file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-ds-'));
    const w = await DatasetWriter.open(dir, () => 'now');
    await w.add(rec('a', 'x', 1, wave(0)));
    await w.add(rec('b', 'y', 1, wave(1)));
    await writeFile(join(dir, 'a.broken.json'), '{"payload": [1,2');
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['a.broken.json', 'a.x.json', 'b.y.json', 'manifest.json']);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'tinyspark.dataset', version: 1, labels: ['a', 'b'], recordings: 2 });
    const ds = await loadDataset(dir);
    expect(ds.recordings.map((r) => r.id).sort()).toEqual(['x', 'y']);
    expect(ds.problems).toHaveLength(1);
    expect(ds.problems[0]?.file).toBe('a.broken.json');
    // A re-opened writer never overwrites an existing file.
    const w2 = await DatasetWriter.open(dir, () => 'now');
    const name = await w2.add(rec('a', 'x', 2, wave(2)));
    expect(name).not.toBe('a.x.json');
  });
  it('rejects a missing folder with a clear error', async () => {
    await expect(loadDataset('/nonexistent/tinyspark-data')).rejects.toMatchObject({ code: 'STUDIO_ERR_DATASET_NOT_FOUND' });
  });
});

describe('stats and check', () => {
  const base = [
    ...[0, 1, 2, 3, 4, 5].map((i) => rec('a', `a${i}`, (i % 2) + 1, wave(i * 0.1))),
    ...[0, 1].map((i) => rec('b', `b${i}`, 1, wave(2 + i * 0.1))),
  ];
  it('counts per label and person, rates and durations', () => {
    const s = datasetStats(base);
    expect(s.recordings).toBe(8);
    expect(s.labels.map((l) => [l.label, l.recordings])).toEqual([['a', 6], ['b', 2]]);
    expect(s.perPerson['a']).toEqual({ '1': 3, '2': 3 });
    expect(s.ratesHz).toEqual([{ hz: 100, recordings: 8 }]);
    expect(s.labels[0]?.durationMs.mean).toBe(200);
  });
  it('finds imbalance, too few, duplicates, non-finite, mixed rates and axes, outliers', () => {
    const outlier = rec('a', 'big', 1, wave(0).map((r) => r.map((v) => v * 50)));
    const list = [
      ...base,
      outlier,
      rec('b', 'dup', 1, wave(2)),
      rec('b', 'nan', 1, [[Number.NaN, 1], ...wave(1).slice(1)]),
      rec('b', 'rate', 1, wave(3), 20),
      rec('b', 'axes', 1, wave(3).map((r) => [r[0] ?? 0]), 10, ['ax']),
    ];
    const kinds = checkDataset(list, [{ file: 'x.json', code: 'STUDIO_ERR_RECORDING_PARSE', message: 'bad' }]).map((i) => i.kind);
    for (const k of ['PARSE_ERROR', 'DUPLICATE', 'NON_FINITE', 'MIXED_RATES', 'MIXED_AXES', 'OUTLIER']) expect(kinds).toContain(k);
    const clean = checkDataset(base, []);
    expect(clean.map((i) => i.kind)).toEqual(['TOO_FEW_RECORDINGS', 'CLASS_IMBALANCE']);
    const outl = checkDataset([...base, outlier], []).find((i) => i.kind === 'OUTLIER');
    expect(outl?.files).toEqual(['a.big.json']);
  });
});

describe('split', () => {
  const list = [1, 2, 3].flatMap((p) => ['a', 'b'].flatMap((l) => [0, 1, 2, 3, 4].map((i) => rec(l, `${l}${p}${i}`, p, wave(i)))));
  it('holds out whole persons', () => {
    const s = splitByPerson(list, ['3']);
    expect(s.test.every((r) => r.person === 3)).toBe(true);
    expect(s.train.some((r) => r.person === 3)).toBe(false);
    expect(s.train.length + s.test.length).toBe(list.length);
    expect(() => splitByPerson(list, ['9'])).toThrow(/person 9 has no recordings/);
  });
  it('random split is stratified and seeded', () => {
    const a = splitRandom(list, 0.2, 5);
    const b = splitRandom([...list].reverse(), 0.2, 5);
    expect(a.test.map((r) => r.id).sort()).toEqual(b.test.map((r) => r.id).sort());
    expect(a.test.filter((r) => r.label === 'a')).toHaveLength(3);
    expect(splitRandom(list, 0.2, 6).test.map((r) => r.id).sort()).not.toEqual(a.test.map((r) => r.id).sort());
  });
});

describe('CSV', () => {
  it('round-trips many recordings', () => {
    const list = [rec('a', '1', 1, wave(0, 5)), rec('b', '2', 2, wave(1, 4))];
    const back = recordingsFromCsv(recordingsToCsv(list), 'x.csv', {});
    expect(back.map((r) => [r.label, r.person, r.values.length])).toEqual([['a', 1, 5], ['b', 2, 4]]);
    expect(back[0]?.intervalMs).toBeCloseTo(10, 9);
    expect(back[1]?.values[2]?.[1]).toBe(wave(1, 4)[2]?.[1]);
  });
  it('reads an Edge Impulse single-recording CSV with a label from outside', () => {
    const r = recordingsFromCsv('timestamp,proximity\n0,1\n250,2\n500,3\n', 'p.csv', { fallbackLabel: 'moving_closer' });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ label: 'moving_closer', intervalMs: 250, axes: ['proximity'], values: [[1], [2], [3]] });
  });
  it('names the line of a ragged row and of a non-number', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', 'r.csv')).toThrow(/r\.csv, line 3: has 1 column/);
    expect(() => recordingsFromCsv('timestamp,ax\n0,1\n10,x\n', 'n.csv', { fallbackLabel: 'a' })).toThrow(/line 3: column ax is not a number/);
  });
  it('parses a vector given inline or one value per line', () => {
    expect(parseVector('5.1, 46.7,120.5', 'arg')).toEqual([5.1, 46.7, 120.5]);
    expect(parseVector('1\n2\n', 'arg')).toEqual([1, 2]);
  });
});

describe('DatasetWriter background writes', () => {
  it('writes in the background, settles before the manifest, and reports a failed write there (the file is not counted)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ts-bg-'));
    const w = await DatasetWriter.open(dir, () => 'now');
    const names: string[] = [];
    for (let i = 0; i < 20; i++) names.push(await w.add({ ...rec('wave', `k${i}`, 1, wave(i)) }, { manifest: false, background: true }));
    await w.writeManifest();
    const ds = await loadDataset(dir);
    expect(ds.recordings.map((r) => r.id)).toEqual(names.map((n) => n.slice('wave.'.length, -'.json'.length)).sort());
    expect(ds.manifest?.recordings).toBe(20);
    // the file's name turns into a directory before the rename (issued only after this synchronous mkdir): the write fails, writeManifest says so
    const { mkdirSync } = await import('node:fs');
    const w2 = await DatasetWriter.open(join(dir, 'sub'), () => 'now');
    const pending = w2.add({ ...rec('idle', 'x', 1, wave(0)) }, { manifest: false, background: true });
    mkdirSync(join(dir, 'sub', 'idle.x.json'));
    expect(await pending).toBe('idle.x.json');
    await expect(w2.writeManifest()).rejects.toMatchObject({ code: 'STUDIO_ERR_IO' });
    expect(w2.size).toBe(0);
    await w2.writeManifest();
    expect(JSON.parse(await readFile(join(dir, 'sub', 'manifest.json'), 'utf8')).recordings).toBe(0);
  });
});
