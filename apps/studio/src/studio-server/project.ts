// The studio's project folder: the one source of truth on disk, in the layout the CLI commands use.
//
//   <dir>/dataset/            training recordings (Edge Impulse JSON + manifest.json): `tinyspark train <dir>/dataset`
//   <dir>/test/               recordings moved to test (held out of training)
//   <dir>/model.json          float model (tinyspark.model v1), as `tinyspark train --out` writes it
//   <dir>/training.json       the training run shown on the Train page (settings, history, evaluation)
//   <dir>/model.int8.json     int8 model (tinyspark.qmodel v1), as `tinyspark quantize --out` writes it
//   <dir>/check.json, check-report.txt   the deployment check
//   <dir>/export/c, export/circuitpython  code exports
//   <dir>/verify.json         the last live classification (Deploy page) for `tinyspark report`
//
// Every file name that comes from a client is checked against a strict pattern and joined to a
// folder of the project: nothing a client sends can name a path outside it.
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ModelDocument } from '@tinyspark/core';
import { modelFromDocument } from '@tinyspark/core';
import { renderCheckReport } from '@tinyspark/quantizer/check';
import type { CheckReport } from '@tinyspark/quantizer/check';
import { generateC, generateCircuitPython } from '@tinyspark/quantizer/codegen';
import { writeFileAtomic, writeFileSafe } from '../dataset/atomic-write.js';
import { recordingsFromCsv, recordingsToCsv } from '../dataset/csv.js';
import { DatasetWriter, loadDataset, MANIFEST_FILE } from '../dataset/dataset-store.js';
import type { DatasetProblem } from '../dataset/dataset-store.js';
import { recordingFromEi, recordingToEi } from '../dataset/ei-json.js';
import type { Recording } from '../dataset/recording.js';
import { assertLabel, durationMs } from '../dataset/recording.js';
import { datasetStats } from '../dataset/stats.js';
import type { DatasetStats } from '../dataset/stats.js';
import { StudioError } from '../errors.js';
import { buildExamples } from '../training/examples.js';
import { loadFloatModel, loadInt8Model } from '../training/model-files.js';
import { quantizeAndCheck } from '../training/quantize-model.js';
import { zipFiles } from './zip.js';

export type Split = 'dataset' | 'test';

/** What the Data page lists per recording (the values stay on disk until asked for). */
export interface RecordingSummary {
  file: string;
  id: string;
  label: string;
  person: number | null;
  gesture: string | null;
  seed: number | null;
  samples: number;
  intervalMs: number;
  axes: string[];
  durationMs: number;
  capturedAt: string | null;
}

export interface DatasetListing {
  split: Split;
  dir: string;
  recordings: RecordingSummary[];
  problems: DatasetProblem[];
  stats: DatasetStats;
}

const FILE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.[A-Za-z0-9][A-Za-z0-9_-]{0,127}\.json$/;

/** Checks a recording file name from a client: `<label>.<id>.json`, nothing else. */
export function assertRecordingFile(name: unknown): string {
  if (typeof name !== 'string' || !FILE_RE.test(name) || name === MANIFEST_FILE) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${JSON.stringify(name)} is not a recording file name of a dataset (<label>.<id>.json)`, { field: 'file' });
  }
  return name;
}

export function assertSplit(v: unknown): Split {
  if (v === 'dataset' || v === 'test') return v;
  throw new StudioError('STUDIO_ERR_BAD_OPTION', `split must be "dataset" or "test", got ${JSON.stringify(v)}`, { field: 'split' });
}

function summary(r: Recording, file: string): RecordingSummary {
  return {
    file,
    id: r.id,
    label: r.label,
    person: r.person ?? null,
    gesture: r.gesture ?? null,
    seed: r.seed ?? null,
    samples: r.values.length,
    intervalMs: r.intervalMs,
    axes: r.axes,
    durationMs: durationMs(r),
    capturedAt: r.capturedAt ?? null,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

export class StudioProject {
  readonly dir: string;
  private readonly now: () => string;

  constructor(dir: string, now: () => string) {
    this.dir = resolve(dir);
    this.now = now;
  }

  folder(split: Split): string {
    return join(this.dir, split);
  }

  get paths(): Record<'model' | 'int8' | 'training' | 'check' | 'checkText' | 'verify', string> {
    return {
      model: join(this.dir, 'model.json'),
      int8: join(this.dir, 'model.int8.json'),
      training: join(this.dir, 'training.json'),
      check: join(this.dir, 'check.json'),
      checkText: join(this.dir, 'check-report.txt'),
      verify: join(this.dir, 'verify.json'),
    };
  }

  async init(): Promise<void> {
    try {
      await mkdir(this.folder('dataset'), { recursive: true });
    } catch (err) {
      throw new StudioError('STUDIO_ERR_IO', `cannot create the project folder ${this.dir}: ${err instanceof Error ? err.message : String(err)}`, { field: 'data', cause: err });
    }
    const w = await DatasetWriter.open(this.folder('dataset'), this.now);
    if (!(await exists(join(this.folder('dataset'), MANIFEST_FILE)))) await w.writeManifest();
  }

  /** Every readable recording of a split (an absent folder is an empty split). */
  async recordings(split: Split): Promise<{ recordings: Recording[]; problems: DatasetProblem[] }> {
    const dir = this.folder(split);
    if (!(await exists(dir))) return { recordings: [], problems: [] };
    const ds = await loadDataset(dir);
    return { recordings: ds.recordings, problems: ds.problems };
  }

  async list(split: Split): Promise<DatasetListing> {
    const { recordings, problems } = await this.recordings(split);
    return { split, dir: this.folder(split), recordings: recordings.map((r) => summary(r, `${r.label}.${r.id}.json`)), problems, stats: datasetStats(recordings) };
  }

  async readRecording(split: Split, file: string): Promise<Recording> {
    const name = assertRecordingFile(file);
    let text: string;
    try {
      text = await readFile(join(this.folder(split), name), 'utf8');
    } catch {
      throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `${split}/${name} does not exist (deleted or renamed meanwhile?)`, { field: 'file' });
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${name} is not valid JSON (${err instanceof Error ? err.message : String(err)}); fix or delete it`, { field: 'file' });
    }
    return recordingFromEi(doc, name, name.replace(/\.json$/, '').split('.').slice(1).join('.'));
  }

  /** Adds one recording sent as Edge Impulse JSON (the format of the files), through the CLI's writer. */
  async addRecording(split: Split, doc: unknown, id?: string): Promise<RecordingSummary> {
    const rec = recordingFromEi(doc, 'the uploaded recording', 'x');
    const w = await DatasetWriter.open(this.folder(split), this.now);
    const { id: _ignored, ...rest } = rec;
    const safeId = typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id) ? id : undefined;
    const file = await w.add(safeId !== undefined ? { ...rest, id: safeId } : rest);
    return summary({ ...rec, id: file.replace(/\.json$/, '').split('.').slice(1).join('.') }, file);
  }

  private async rewriteManifest(split: Split): Promise<void> {
    if (!(await exists(this.folder(split)))) return;
    const w = await DatasetWriter.open(this.folder(split), this.now);
    await w.writeManifest();
  }

  async deleteRecording(split: Split, file: string): Promise<void> {
    const name = assertRecordingFile(file);
    try {
      await unlink(join(this.folder(split), name));
    } catch {
      throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `${split}/${name} does not exist`, { field: 'file' });
    }
    await this.rewriteManifest(split);
  }

  /** Moves a recording between the training dataset and the test folder (never overwriting one). */
  async moveRecording(from: Split, file: string, to: Split): Promise<string> {
    const name = assertRecordingFile(file);
    if (from === to) return name;
    await mkdir(this.folder(to), { recursive: true });
    const rec = await this.readRecording(from, name);
    const w = await DatasetWriter.open(this.folder(to), this.now);
    const moved = await w.add(rec);
    await unlink(join(this.folder(from), name)).catch(() => undefined);
    await this.rewriteManifest(from);
    return moved;
  }

  /** Renames a label in both splits: each file is rewritten under its new name, then the old one removed. */
  async renameLabel(from: string, to: string): Promise<number> {
    assertLabel(from, 'from');
    assertLabel(to, 'to');
    let n = 0;
    for (const split of ['dataset', 'test'] as const) {
      const { recordings } = await this.recordings(split);
      const hit = recordings.filter((r) => r.label === from);
      if (hit.length === 0) continue;
      const w = await DatasetWriter.open(this.folder(split), this.now);
      for (const r of hit) {
        await w.add({ ...r, label: to });
        await unlink(join(this.folder(split), `${from}.${r.id}.json`)).catch(() => undefined);
        n++;
      }
      await this.rewriteManifest(split);
    }
    return n;
  }

  /** Imports Edge Impulse JSON or CSV files (as `tinyspark dataset import` does); unreadable files are reported, not fatal. */
  async importFiles(files: { name: string; text: string }[], label?: string): Promise<{ imported: string[]; problems: DatasetProblem[] }> {
    if (label !== undefined) assertLabel(label);
    const recs: Omit<Recording, 'id'>[] = [];
    const problems: DatasetProblem[] = [];
    for (const f of files) {
      const name = String(f.name).slice(0, 200);
      try {
        if (/\.csv$/i.test(name)) {
          const fl = label ?? (name.split('.').length >= 3 ? name.split('.')[0] : undefined);
          recs.push(...recordingsFromCsv(String(f.text), name, fl !== undefined ? { fallbackLabel: fl } : {}));
        } else {
          let doc: unknown;
          try {
            doc = JSON.parse(String(f.text));
          } catch (err) {
            throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${name} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
          }
          const { id: _id, ...rest } = recordingFromEi(doc, name, 'x', label);
          recs.push(rest);
        }
      } catch (err) {
        if (!(err instanceof StudioError)) throw err;
        problems.push({ file: name, code: err.code, message: err.message });
      }
    }
    const w = await DatasetWriter.open(this.folder('dataset'), this.now);
    const imported: string[] = [];
    for (const r of recs) imported.push(await w.add(r));
    return { imported, problems };
  }

  /** The dataset as one CSV file, or as a .zip of Edge Impulse JSON files (what `dataset export` writes). */
  async exportDataset(split: Split, format: 'csv' | 'ei'): Promise<{ name: string; type: string; data: string | Buffer }> {
    const { recordings } = await this.recordings(split);
    if (recordings.length === 0) throw new StudioError('STUDIO_ERR_DATASET_EMPTY', `${split} has no usable recordings; nothing to export`, { field: 'dataset' });
    if (format === 'csv') return { name: `${split}.csv`, type: 'text/csv; charset=utf-8', data: recordingsToCsv(recordings) };
    return { name: `${split}-edge-impulse.zip`, type: 'application/zip', data: zipFiles(recordings.map((r) => ({ name: `${r.label}.${r.id}.json`, data: JSON.stringify(recordingToEi(r)) }))) };
  }

  /** Saves a float model trained in the browser, after the engine has checked it loads. */
  async saveModel(doc: unknown, training: unknown): Promise<{ model: string; labels: string[] }> {
    let labels: string[];
    try {
      labels = modelFromDocument(doc).labels;
    } catch (err) {
      const e = err as { message?: string; code?: string; field?: string };
      throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `the trained model does not load: ${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}`, { field: e.field ?? 'model', cause: err });
    }
    await writeFileAtomic(this.paths.model, `${JSON.stringify(doc as ModelDocument)}\n`);
    if (training !== undefined && training !== null) await writeFileAtomic(this.paths.training, `${JSON.stringify(training)}\n`);
    return { model: this.paths.model, labels };
  }

  /** `tinyspark quantize model.json --calibration dataset --check test|dataset [--per-channel]`, with the CLI's code. */
  async quantize(perChannel: boolean): Promise<{ model: string; report: CheckReport; text: string; checkedOn: Split; warnings: unknown }> {
    const m = await loadFloatModel(this.paths.model);
    const cal = await this.recordings('dataset');
    if (cal.recordings.length === 0) throw new StudioError('STUDIO_ERR_DATASET_EMPTY', 'the dataset has no usable recordings to calibrate with', { field: 'dataset' });
    const calEx = buildExamples(m.loaded.pipeline, m.loaded.labels, cal.recordings, 'calibration');
    const test = await this.recordings('test');
    const checkedOn: Split = test.recordings.length > 0 ? 'test' : 'dataset';
    const checkEx = checkedOn === 'test' ? buildExamples(m.loaded.pipeline, m.loaded.labels, test.recordings, 'check') : calEx;
    const { converted, report } = quantizeAndCheck(m.loaded, calEx, checkEx, perChannel, { floatModel: m.path });
    const text = renderCheckReport(report);
    await writeFileAtomic(this.paths.int8, `${JSON.stringify(converted.document)}\n`);
    await writeFileAtomic(this.paths.check, `${JSON.stringify({ scheme: perChannel ? 'per-channel' : 'per-tensor', checkedOn, report })}\n`);
    await writeFileAtomic(this.paths.checkText, `${text}\n`);
    return { model: this.paths.int8, report, text, checkedOn, warnings: converted.warnings };
  }

  async int8Document(): Promise<unknown> {
    return (await loadInt8Model(this.paths.int8)).doc;
  }

  /** A download of an export: the models, the C99 export (zip), the CircuitPython code.py. Also written under export/. */
  async exportFile(what: string): Promise<{ name: string; type: string; data: string | Buffer }> {
    if (what === 'model.json' || what === 'model.int8.json') {
      const path = what === 'model.json' ? this.paths.model : this.paths.int8;
      try {
        return { name: what, type: 'application/json', data: await readFile(path, 'utf8') };
      } catch {
        throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `${what} does not exist yet: ${what === 'model.json' ? 'train a model first' : 'quantize the model first'}`, { field: 'model' });
      }
    }
    if (what !== 'c' && what !== 'circuitpython') throw new StudioError('STUDIO_ERR_BAD_OPTION', `unknown export ${JSON.stringify(what)}: model.json, model.int8.json, c or circuitpython`, { field: 'target' });
    const q = await loadInt8Model(this.paths.int8);
    let files: Record<string, string>;
    try {
      files = what === 'c' ? { ...generateC(q.qmodel, { name: 'model' }) } : { 'code.py': generateCircuitPython(q.qmodel) };
    } catch (err) {
      throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `export: ${err instanceof Error ? err.message : String(err)}`, { field: 'model', cause: err });
    }
    const dir = join(this.dir, 'export', what);
    for (const [name, text] of Object.entries(files)) await writeFileSafe(dir, name, text);
    if (what === 'circuitpython') return { name: 'code.py', type: 'text/x-python; charset=utf-8', data: files['code.py'] ?? '' };
    return { name: 'model-c.zip', type: 'application/zip', data: zipFiles(Object.entries(files).map(([name, data]) => ({ name, data }))) };
  }

  async saveVerify(result: unknown): Promise<void> {
    if (typeof result !== 'object' || result === null || Array.isArray(result)) throw new StudioError('STUDIO_ERR_USAGE', 'a verify result must be a JSON object', { field: 'body' });
    await writeFileAtomic(this.paths.verify, `${JSON.stringify(result)}\n`);
  }

  /** What exists in the folder (the pages use it to show what is ready). */
  async state(): Promise<{ dir: string; model: unknown; training: unknown; int8: boolean; check: unknown; verify: unknown }> {
    const modelDoc = (await readJsonFile(this.paths.model)) as { labels?: unknown; pipeline?: unknown } | null;
    return {
      dir: this.dir,
      model: modelDoc === null ? null : { labels: modelDoc.labels ?? null, pipeline: modelDoc.pipeline ?? null },
      training: await readJsonFile(this.paths.training),
      int8: await exists(this.paths.int8),
      check: await readJsonFile(this.paths.check),
      verify: await readJsonFile(this.paths.verify),
    };
  }

  /** File names directly in the project folder (for tests and the report). */
  async files(): Promise<string[]> {
    return (await readdir(this.dir)).sort();
  }
}
