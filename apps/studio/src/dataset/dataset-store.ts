import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StudioError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { recordingFromEi, recordingToEi } from './ei-json.js';
import type { Recording } from './recording.js';
import { assertLabel } from './recording.js';

export const MANIFEST_FILE = 'manifest.json';

export interface DatasetManifest {
  format: 'tinyspark.dataset';
  version: 1;
  labels: string[];
  recordings: number;
  updatedAt?: string;
  [extra: string]: unknown;
}

/** A file of the dataset that could not be read: named, skipped, the rest stays usable. */
export interface DatasetProblem {
  file: string;
  code: string;
  message: string;
}

export interface Dataset {
  dir: string;
  manifest: DatasetManifest | undefined;
  recordings: Recording[];
  problems: DatasetProblem[];
}

function recordingFileName(label: string, id: string): string {
  return `${label}.${id}.json`;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads a dataset folder. A recording file that does not parse is reported in `problems` (by name)
 * and skipped; a missing folder is an error.
 */
export async function loadDataset(dir: string): Promise<Dataset> {
  const abs = resolve(dir);
  if (!(await isDir(abs))) {
    throw new StudioError('STUDIO_ERR_DATASET_NOT_FOUND', `dataset folder ${dir} does not exist: capture one with \`tinyspark capture\` or pass the right path.`, { field: 'dataset' });
  }
  const names = (await readdir(abs)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  const problems: DatasetProblem[] = [];
  const recordings: Recording[] = [];
  let manifest: DatasetManifest | undefined;
  for (const name of names) {
    const file = join(abs, name);
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      const what = err instanceof Error ? err.message : String(err);
      if (name === MANIFEST_FILE) problems.push({ file: name, code: 'STUDIO_ERR_MANIFEST', message: `${name} is not valid JSON (${what}); it is rebuilt on the next write` });
      else problems.push({ file: name, code: 'STUDIO_ERR_RECORDING_PARSE', message: `${name} is not valid JSON (${what}); fix or delete it` });
      continue;
    }
    if (name === MANIFEST_FILE) {
      const m = doc as Partial<DatasetManifest>;
      if (m && m.format === 'tinyspark.dataset' && m.version === 1 && Array.isArray(m.labels)) manifest = m as DatasetManifest;
      else problems.push({ file: name, code: 'STUDIO_ERR_MANIFEST', message: `${name} is not a tinyspark.dataset v1 manifest; it is rebuilt on the next write` });
      continue;
    }
    const id = name.replace(/\.json$/, '').split('.').slice(1).join('.') || name.replace(/\.json$/, '');
    try {
      recordings.push(recordingFromEi(doc, name, id));
    } catch (err) {
      problems.push({ file: name, code: err instanceof StudioError ? err.code : 'STUDIO_ERR_RECORDING_PARSE', message: err instanceof Error ? err.message : String(err) });
    }
  }
  return { dir: abs, manifest, recordings, problems };
}

/** Fails with a clear error if a loaded dataset has no usable recording. */
export function requireRecordings(ds: Dataset, what: string): Recording[] {
  if (ds.recordings.length === 0) {
    const why = ds.problems.length > 0 ? ` (${ds.problems.length} file(s) could not be read: ${ds.problems.map((p) => p.file).join(', ')})` : '';
    throw new StudioError('STUDIO_ERR_DATASET_EMPTY', `dataset ${ds.dir} has no usable recordings${why}; ${what}.`, { field: 'dataset' });
  }
  return ds.recordings;
}

/**
 * Appends recordings to a dataset folder, one atomic file per recording, and keeps the manifest
 * current after each one, so an interrupted capture leaves a valid dataset of what was finished.
 */
export class DatasetWriter {
  readonly dir: string;
  private readonly labels = new Set<string>();
  private readonly used = new Set<string>();
  private count = 0;
  private readonly now: () => string;

  private constructor(dir: string, now: () => string) {
    this.dir = dir;
    this.now = now;
  }

  static async open(dir: string, now: () => string): Promise<DatasetWriter> {
    const abs = resolve(dir);
    try {
      await mkdir(abs, { recursive: true });
    } catch (err) {
      throw new StudioError('STUDIO_ERR_IO', `cannot create dataset folder ${dir}: ${err instanceof Error ? err.message : String(err)}`, { field: 'out', cause: err });
    }
    const w = new DatasetWriter(abs, now);
    for (const name of await readdir(abs)) {
      if (!name.endsWith('.json') || name === MANIFEST_FILE || name.startsWith('.')) continue;
      w.used.add(name);
      w.count++;
      const label = name.split('.')[0];
      if (label !== undefined && label !== '') w.labels.add(label);
    }
    return w;
  }

  get size(): number {
    return this.count;
  }

  /** A fresh id for a label: 5-digit counter, never reusing a file name. */
  private nextId(label: string): string {
    for (let n = this.count + 1; ; n++) {
      const id = String(n).padStart(5, '0');
      if (!this.used.has(recordingFileName(label, id))) return id;
    }
  }

  /** Writes one recording (atomically) and the manifest; returns the file name. */
  async add(rec: Omit<Recording, 'id'> & { id?: string }): Promise<string> {
    assertLabel(rec.label);
    const id = rec.id !== undefined && !this.used.has(recordingFileName(rec.label, rec.id)) ? rec.id : this.nextId(rec.label);
    const name = recordingFileName(rec.label, id);
    await writeFileAtomic(join(this.dir, name), JSON.stringify(recordingToEi({ ...rec, id })));
    this.used.add(name);
    this.labels.add(rec.label);
    this.count++;
    await this.writeManifest();
    return name;
  }

  async writeManifest(): Promise<void> {
    const manifest: DatasetManifest = {
      format: 'tinyspark.dataset',
      version: 1,
      labels: [...this.labels].sort(),
      recordings: this.count,
      updatedAt: this.now(),
    };
    await writeFileAtomic(join(this.dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

/** Writes a whole list of recordings into a (new or existing) dataset folder. */
export async function writeRecordings(dir: string, recordings: Recording[], now: () => string): Promise<string[]> {
  const w = await DatasetWriter.open(dir, now);
  const names: string[] = [];
  for (const r of recordings) names.push(await w.add(r));
  if (recordings.length === 0) await w.writeManifest();
  return names;
}
