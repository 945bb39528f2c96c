import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';
import { writeSyntheticDataset } from './synthetic-data.js';

let dir: string;
async function run(argv: string[]): Promise<{ code: number; out: string; err: string; json: () => { ok: boolean; result: Record<string, unknown>; error?: { code: string; message: string } } }> {
  const io = createBufferedIo(dir);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err(), json: () => JSON.parse(io.out().trim().split('\n').pop() ?? '{}') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-cli-'));
  await writeSyntheticDataset(join(dir, 'data'));
});

describe('tinyspark CLI without a board', () => {
  it('prints help and rejects unknown commands and options with usage errors', async () => {
    expect((await run(['--help'])).out).toMatch(/tinyspark demo/);
    for (const c of ['dataset', 'train', 'eval', 'infer']) {
      const r = await run([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`tinyspark ${c}`));
    }
    const u = await run(['trian']);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/\[studio\] STUDIO_ERR_UNKNOWN_COMMAND: unknown command "trian" \(did you mean train\?\)/);
    const b = await run(['train', 'data', '--epochs', 'many', '--out', 'm.json']);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--epochs must be a whole number/);
    const j = await run(['train', '--json', '--bogus']);
    expect(j.code).toBe(2);
    expect(j.json().error?.code).toBe('STUDIO_ERR_BAD_OPTION');
  });

  it('dataset stats, check, split, export and import', async () => {
    const s = await run(['dataset', 'stats', 'data', '--json']);
    expect(s.code).toBe(0);
    expect(s.json().result['recordings']).toBe(54);
    const c = await run(['dataset', 'check', 'data']);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/0 error\(s\)/);
    const sp = await run(['dataset', 'split', 'data', '--by', 'person', '--holdout', '3', '--out', 'split', '--json']);
    expect(sp.code).toBe(0);
    expect(sp.json().result['test']).toMatchObject({ recordings: 18 });
    const ex = await run(['dataset', 'export', 'split/test', '--format', 'csv', '--out', 'test.csv']);
    expect(ex.code).toBe(0);
    const im = await run(['dataset', 'import', 'reimported', '--from', 'test.csv', '--json']);
    expect(im.code).toBe(0);
    expect(im.json().result['imported']).toBe(18);
    const ei = await run(['dataset', 'export', 'split/test', '--format', 'ei', '--out', 'ei-out']);
    expect(ei.code).toBe(0);
    expect((await readdir(join(dir, 'ei-out'))).length).toBe(18);
    // Importing a folder of Edge Impulse files with one broken file: nothing is imported, the broken one named, exit 3;
    // with --skip-bad the rest is imported (still exit 3).
    await writeFile(join(dir, 'ei-out', 'rise.broken.json'), '{"payload":');
    const none = await run(['dataset', 'import', 'from-ei', '--from', 'ei-out', '--json']);
    expect(none.code).toBe(3);
    expect(none.err).toMatch(/cannot import rise\.broken\.json/);
    expect(none.json().error?.message).toMatch(/nothing was imported/);
    await expect(readdir(join(dir, 'from-ei'))).rejects.toThrow();
    const imp = await run(['dataset', 'import', 'from-ei', '--from', 'ei-out', '--skip-bad', '--json']);
    expect(imp.code).toBe(3);
    expect(imp.json().result['imported']).toBe(18);
    expect(imp.err).toMatch(/skipped rise\.broken\.json/);
    const back = await run(['dataset', 'stats', 'from-ei', '--json']);
    expect(back.json().result['perPerson']).toEqual({ fall: { '3': 6 }, rise: { '3': 6 }, wiggle: { '3': 6 } });
  });

  it('names a corrupt recording, keeps the rest usable, and check fails on it', async () => {
    await writeSyntheticDataset(join(dir, 'corrupt'), 5, 2);
    await writeFile(join(dir, 'corrupt', 'rise.99999.json'), '{"payload": {"interval_ms": 10,');
    const s = await run(['dataset', 'stats', 'corrupt']);
    expect(s.code).toBe(0);
    expect(s.err).toMatch(/skipped rise\.99999\.json/);
    const c = await run(['dataset', 'check', 'corrupt']);
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/PARSE_ERROR.*rise\.99999\.json/s);
  });

  it('trains on two persons, validates on the held-out third, evaluates and infers', async () => {
    const t = await run(['train', 'data', '--arch', '8', '--epochs', '40', '--holdout', '3', '--out', 'model.json', '--json']);
    expect(t.err).not.toMatch(/STUDIO_ERR/);
    expect(t.code).toBe(0);
    const res = t.json().result as { validation: { accuracy: number }; labels: string[] };
    expect(res.labels).toEqual(['fall', 'rise', 'wiggle']);
    expect(res.validation.accuracy).toBeGreaterThan(0.9);
    const doc = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(doc.format).toBe('tinyspark.model');
    expect(doc.pipeline.axes).toEqual(['ax', 'ay']);
    const e = await run(['eval', 'model.json', 'split/test', '--json']);
    expect(e.code).toBe(0);
    expect(e.json().result['accuracy']).toBe(res.validation.accuracy);
    const h = await run(['train', 'data', '--arch', '8', '--epochs', '5', '--holdout', '3', '--out', 'model5.json']);
    expect(h.out).toMatch(/confusion matrix on the validation data/);
    const csv = ['timestamp,ax,ay', ...Array.from({ length: 50 }, (_, i) => `${i * 10},${i / 49},${1 - i / 49}`)].join('\n');
    await writeFile(join(dir, 'rise.csv'), csv);
    const i = await run(['infer', 'model.json', '--input', 'rise.csv', '--json']);
    expect(i.code).toBe(0);
    expect(i.json().result['label']).toBe('rise');
  });

  it("builds the course's kind of network: linear output, mse, no biases, per-sample SGD", async () => {
    const t = await run(['train', 'data', '--arch', '2', '--activation', 'linear', '--output', 'linear', '--no-bias', '--init', 'uniform1', '--optimizer', 'sgd', '--lr', '0.01', '--batch', '1', '--epochs', '3', '--window', '3', '--interval-ms', '200', '--scale', '0.5', '--offset', '0', '--out', 'course.json']);
    expect(t.code).toBe(0);
    const doc = JSON.parse(await readFile(join(dir, 'course.json'), 'utf8'));
    expect(doc.loss).toBe('mse');
    expect(doc.pipeline).toMatchObject({ windowLength: 3, intervalMs: 200, scale: [0.5, 0.5], offset: [0, 0] });
    expect(doc.layers.map((l: { units: number; activation: string; useBias: boolean }) => [l.units, l.activation, l.useBias])).toEqual([[2, 'linear', false], [3, 'linear', false]]);
  });

  it('bad input: ragged CSV, model/dataset mismatch, unknown label, missing model', async () => {
    await writeFile(join(dir, 'ragged.csv'), 'timestamp,ax,ay\n0,1,2\n10,1\n');
    const r = await run(['infer', 'model.json', '--input', 'ragged.csv']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/STUDIO_ERR_CSV: ragged\.csv, line 3/);
    const w = await run(['infer', 'model.json', '--input', '1,2,3']);
    expect(w.code).toBe(3);
    expect(w.err).toMatch(/STUDIO_ERR_INPUT_SIZE/);
    await writeSyntheticDataset(join(dir, 'other'), 1, 3);
    const other = join(dir, 'other');
    for (const f of await readdir(other)) {
      if (!f.startsWith('rise.')) continue;
      const doc = JSON.parse(await readFile(join(other, f), 'utf8'));
      doc.tinyspark.label = 'jump';
      await writeFile(join(other, f.replace('rise.', 'jump.')), JSON.stringify(doc));
    }
    const u = await run(['eval', 'model.json', 'other']);
    expect(u.code).toBe(3);
    expect(u.err).toMatch(/STUDIO_ERR_UNKNOWN_LABEL: eval: label "jump"/);
    const prox = join(dir, 'prox.csv');
    await writeFile(prox, 'file,label,person,timestamp,proximity\na,fall,1,0,1\na,fall,1,10,2\n');
    await run(['dataset', 'import', 'proxdata', '--from', 'prox.csv']);
    const mm = await run(['eval', 'model.json', 'proxdata']);
    expect(mm.code).toBe(3);
    expect(mm.err).toMatch(/STUDIO_ERR_PIPELINE_MISMATCH/);
    const nf = await run(['eval', 'nope.json', 'data']);
    expect(nf.code).toBe(3);
    expect(nf.err).toMatch(/STUDIO_ERR_FILE_NOT_FOUND/);
    await writeFile(join(dir, 'bad-model.json'), JSON.stringify({ format: 'tinyspark.model', version: 1, labels: ['a'], layers: [] }));
    const bm = await run(['eval', 'bad-model.json', 'data']);
    expect(bm.code).toBe(3);
    expect(bm.err).toMatch(/STUDIO_ERR_MODEL_FORMAT/);
  });
});
