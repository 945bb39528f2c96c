// Files: nothing written outside where the user said, nothing silently wrong, nothing saved changes on an error.
import { cp, mkdir, mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathInside, writeFileSafe } from '../src/dataset/atomic-write.js';
import { parseCsv, recordingsFromCsv } from '../src/dataset/csv.js';
import { DatasetWriter, loadDataset } from '../src/dataset/dataset-store.js';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';
import { writeSyntheticDataset } from './synthetic-data.js';

let dir: string;
async function run(...argv: string[]): Promise<{ code: number; err: string; out: string; json: () => { ok: boolean; result?: Record<string, unknown>; error?: { code: string; message: string; field: string | null } } }> {
  const io = createBufferedIo(dir);
  const code = await main(argv, io);
  return { code, err: io.err(), out: io.out(), json: () => JSON.parse(io.out().trim().split('\n').pop() ?? '{}') };
}

interface EiDoc {
  protected: { ver: string };
  payload: { interval_ms: number; values: number[][] };
  tinyspark: { label: string };
}

/** A dataset copy with one recording file rewritten by `edit`. */
async function variant(name: string, edit: (doc: EiDoc) => void, file = 'rise.00001.json', as = file): Promise<string> {
  const d = join(dir, name);
  await cp(join(dir, 'data'), d, { recursive: true });
  const doc = JSON.parse(await readFile(join(d, file), 'utf8'));
  edit(doc);
  await writeFile(join(d, as), JSON.stringify(doc));
  return d;
}

async function listing(d: string): Promise<string> {
  const names = (await readdir(d)).sort();
  const parts = await Promise.all(names.map(async (n) => `${n}:${(await stat(join(d, n))).size}`));
  return parts.join(',');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-files-'));
  await writeSyntheticDataset(join(dir, 'data'), 4);
});

describe('labels are validated on load; no writer leaves its output folder', () => {
  it('a recording labelled "../../evil" is named and skipped by check, train and export', async () => {
    await variant('evil', (doc) => {
      doc.tinyspark.label = '../../evil';
    }, 'rise.00001.json', 'rise.bad-rec.json');
    const c = await run('dataset', 'check', 'evil');
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/PARSE_ERROR: rise\.bad-rec\.json: tinyspark\.label "\.\.\/\.\.\/evil" is not a usable label/);
    const out = join(dir, 't', 'a', 'b', 'out');
    const e = await run('dataset', 'export', 'evil', '--format', 'ei', '--out', out);
    expect(e.code).toBe(0);
    expect(e.err).toMatch(/skipped rise\.bad-rec\.json/);
    await expect(stat(join(dir, 't', 'a', 'evil.bad-rec.json'))).rejects.toThrow();
    expect((await readdir(out)).every((n) => /^(rise|fall|wiggle)\./.test(n))).toBe(true);
    const t = await run('train', 'evil', '--arch', '4', '--epochs', '2', '--out', 'evil-model.json', '--json');
    expect(t.code).toBe(0);
    expect(t.err).toMatch(/skipped rise\.bad-rec\.json/);
  });

  it('writeFileSafe refuses names that resolve outside the folder, symlinks included', async () => {
    const root = join(dir, 'safe');
    await mkdir(root, { recursive: true });
    await expect(writeFileSafe(root, '../../evil.json', 'x')).rejects.toMatchObject({ code: 'STUDIO_ERR_UNSAFE_PATH', exitCode: 3 });
    await expect(writeFileSafe(root, '/etc/passwd', 'x')).rejects.toMatchObject({ code: 'STUDIO_ERR_UNSAFE_PATH' });
    await expect(writeFileSafe(root, 'a/../../x', 'x')).rejects.toMatchObject({ code: 'STUDIO_ERR_UNSAFE_PATH' });
    await mkdir(join(dir, 'elsewhere'), { recursive: true });
    await symlink(join(dir, 'elsewhere'), join(root, 'link'));
    await expect(writeFileSafe(root, 'link/x.json', 'x')).rejects.toMatchObject({ code: 'STUDIO_ERR_UNSAFE_PATH' });
    expect(await readdir(join(dir, 'elsewhere'))).toEqual([]);
    expect(await pathInside(root, 'sub/ok.json')).toBe(join(root, 'sub', 'ok.json'));
    await writeFileSafe(root, 'sub/ok.json', '{}');
    expect(await readFile(join(root, 'sub', 'ok.json'), 'utf8')).toBe('{}');
  });

  it('a writer never places a recording by its label or id outside the dataset', async () => {
    const w = await DatasetWriter.open(join(dir, 'w'), () => 'now');
    const rec = { label: 'ok', intervalMs: 10, axes: ['ax'], units: ['m/s2'], values: [[1], [2]] };
    await expect(w.add({ ...rec, label: '../../evil' })).rejects.toMatchObject({ code: 'STUDIO_ERR_BAD_LABEL' });
    const name = await w.add({ ...rec, id: '../../x' });
    expect(name).toMatch(/^ok\.\d{5}\.json$/);
  });
});

describe('bad values are refused naming file and field; nothing saved changes', () => {
  it('NaN, Infinity, 1e999 and empty CSV cells are errors naming file, line and column', async () => {
    for (const [cell, why] of [['NaN', /column ay is "NaN", not a finite number/], ['Infinity', /column ay is "Infinity"/], ['1e999', /column ay is "1e999"/], ['', /column ay is empty/]] as const) {
      const f = join(dir, `cell-${cell || 'empty'}.csv`);
      await writeFile(f, `file,label,person,timestamp,ax,ay\nr1,rise,1,0,1,2\nr1,rise,1,10,1,${cell}\n`);
      const r = await run('dataset', 'import', `imp-${cell || 'empty'}`, '--from', f);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(new RegExp(`cell-${cell || 'empty'}\\.csv, line 3: `));
      expect(r.err).toMatch(why);
      await expect(stat(join(dir, `imp-${cell || 'empty'}`))).rejects.toThrow();
    }
  });

  it('quoted CSV fields are read by a real CSV parser', () => {
    const t = parseCsv('file,label,ax\n"a,b",wave,1\n"say ""hi""",wave,2\n', 'q.csv');
    expect(t.rows).toEqual([['a,b', 'wave', '1'], ['say "hi"', 'wave', '2']]);
    const recs = recordingsFromCsv('file,label,timestamp,ax\n"a,b",wave,0,1\n"a,b",wave,10,2\n', 'q.csv', {});
    expect(recs).toHaveLength(1);
    expect(recs[0]?.values).toEqual([[1], [2]]);
    expect(() => recordingsFromCsv('file,label,timestamp,ax\nx,"../../evil",0,1\nx,"../../evil",10,2\n', 'l.csv', {})).toThrow(/l\.csv, line 2: label "\.\.\/\.\.\/evil" is not usable/);
  });

  it('1e999 or null sample values in training data stop train naming file and field; no model is written', async () => {
    for (const [name, value] of [['inf', '1e999'], ['null', 'null']] as const) {
      const d = join(dir, `vals-${name}`);
      await cp(join(dir, 'data'), d, { recursive: true });
      const text = await readFile(join(d, 'wiggle.00009.json'), 'utf8');
      const doc = JSON.parse(text);
      const row = JSON.stringify(doc.payload.values[1]);
      await writeFile(join(d, 'wiggle.00009.json'), text.replace(row, `[${value},${doc.payload.values[1][1]}]`));
      const t = await run('train', `vals-${name}`, '--arch', '4', '--epochs', '2', '--out', `vals-${name}.json`, '--json');
      expect(t.code).toBe(3);
      expect(t.json().error?.field).toBe('payload.values[1][0]');
      expect(t.err).toMatch(/wiggle\.00009\.json: payload\.values\[1\]\[0\] \(axis ax\) is/);
      await expect(stat(join(dir, `vals-${name}.json`))).rejects.toThrow();
      expect((await run('dataset', 'check', `vals-${name}`)).out).toMatch(/NON_FINITE.*wiggle\.00009\.json/s);
    }
  });

  it('one file at another rate among others stops train naming it', async () => {
    await variant('rates', (doc) => {
      doc.payload.interval_ms = 5;
    }, 'fall.00005.json');
    const t = await run('train', 'rates', '--arch', '4', '--epochs', '2', '--out', 'rates.json');
    expect(t.code).toBe(3);
    expect(t.err).toMatch(/STUDIO_ERR_PIPELINE_MISMATCH: the recordings were made at different rates: 35 at 100 Hz, 1 at 200 Hz; the odd one\(s\): fall\.00005\.json \(200 Hz\)/);
    await expect(stat(join(dir, 'rates.json'))).rejects.toThrow();
  });

  it('import DS --from DS and split DS --out DS are refused and change nothing', async () => {
    const before = await listing(join(dir, 'data'));
    const i = await run('dataset', 'import', 'data', '--from', 'data');
    expect(i.code).toBe(2);
    expect(i.err).toMatch(/STUDIO_ERR_SAME_FOLDER: dataset import: --from .* is the dataset data itself/);
    const f = await run('dataset', 'import', 'data', '--from', join('data', 'rise.00001.json'));
    expect(f.code).toBe(2);
    const s = await run('dataset', 'split', 'data', '--by', 'random', '--out', 'data');
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/STUDIO_ERR_SAME_FOLDER: dataset split: --out data is inside the dataset/);
    const s2 = await run('dataset', 'split', 'data', '--by', 'random', '--out', join('data', 'deeper'));
    expect(s2.code).toBe(2);
    expect(await listing(join(dir, 'data'))).toBe(before);
  });

  it('a newer format version is an error (manifest) or a named skip (recording), never read silently', async () => {
    await variant('future-rec', (doc) => {
      doc.protected.ver = 'v2';
    });
    const s = await run('dataset', 'stats', 'future-rec', '--json');
    expect(s.err).toMatch(/skipped rise\.00001\.json: rise\.00001\.json: protected\.ver "v2" is not a format version this studio reads \(v1\)/);
    const c = await run('dataset', 'check', 'future-rec');
    expect(c.code).toBe(1);
    const d = join(dir, 'future-ds');
    await cp(join(dir, 'data'), d, { recursive: true });
    await writeFile(join(d, 'manifest.json'), JSON.stringify({ format: 'tinyspark.dataset', version: 2, labels: [], recordings: 0 }));
    const before = await listing(d);
    const st = await run('dataset', 'stats', 'future-ds', '--json');
    expect(st.code).toBe(3);
    expect(st.json().error).toMatchObject({ code: 'STUDIO_ERR_FORMAT_VERSION', field: 'version' });
    const im = await run('dataset', 'import', 'future-ds', '--from', join('data', 'rise.00001.json'));
    expect(im.code).toBe(3);
    expect(await listing(d)).toBe(before);
  });
});

describe('manifest and temporary files', () => {
  it('a manifest.json that is a directory is an IO error (exit 5), before any board connection', async () => {
    const d = join(dir, 'manidir');
    await mkdir(join(d, 'manifest.json'), { recursive: true });
    expect((await run('dataset', 'stats', 'manidir')).code).toBe(5);
    const im = await run('dataset', 'import', 'manidir', '--from', join('data', 'rise.00001.json'));
    expect(im.code).toBe(5);
    expect(im.err).toMatch(/STUDIO_ERR_IO: .*manifest\.json is a directory/);
    // Port 9 has no board: a connection attempt would be exit 4.
    const cap = await run('capture', '--board', 'ws://127.0.0.1:9/boards/board-0', '--label', 'circle', '--gesture', 'circle', '--out', 'manidir');
    expect(cap.code).toBe(5);
  });

  it('a 0-byte temporary file of a killed writer is reported by check and removed by the next writer', async () => {
    const d = join(dir, 'leftover');
    await cp(join(dir, 'data'), d, { recursive: true });
    // pid 99999999 is above Linux's pid_max: no live process owns it.
    const tmp = '.rise.00037.json.99999999.0a1b2c3d.tmp';
    await writeFile(join(d, tmp), '');
    const c = await run('dataset', 'check', 'leftover', '--json');
    expect(c.code).toBe(0);
    const issues = (c.json().result?.['issues'] ?? []) as { kind: string; files: string[] }[];
    expect(issues.find((i) => i.kind === 'LEFTOVER_TMP')?.files).toEqual([tmp]);
    // a live process's temporary file is left alone
    const live = `.rise.00038.json.${process.pid}.0a1b2c3d.tmp`;
    await writeFile(join(d, live), '');
    const w = await DatasetWriter.open(d, () => 'now');
    expect(w.removedTempFiles).toEqual([tmp]);
    const names = await readdir(d);
    expect(names).not.toContain(tmp);
    expect(names).toContain(live);
    expect((await loadDataset(d)).problems.map((p) => p.code)).toEqual(['STUDIO_ERR_LEFTOVER_TMP']);
  });
});
