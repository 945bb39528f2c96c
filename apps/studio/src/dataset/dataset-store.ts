import { lstat, mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StudioError } from '../errors.js';
import { isTempName, pathInside, removeStaleTempFiles, writeFileSafe, writeSmallFileSafe } from './atomic-write.js';
import { recordingFromEi, recordingToEi } from './ei-json.js';
import { WriterThread } from './writer-thread.js';
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

/** The newest dataset format version this studio reads and writes. */
export const DATASET_FORMAT_VERSION = 1;

/**
 * Checks the manifest of a dataset folder before anything reads or writes it: a manifest.json that is
 * not a file is an IO error (exit 5); one written by a newer tinyspark (format version above
 * DATASET_FORMAT_VERSION) is an error (exit 3), so that nothing misreads or overwrites it.
 * Returns the parsed manifest document, or undefined when there is none or it does not parse.
 */
async function inspectManifest(abs: string): Promise<unknown> {
  const file = join(abs, MANIFEST_FILE);
  let info;
  try {
    info = await lstat(file);
  } catch {
    return undefined;
  }
  if (!info.isFile()) {
    throw new StudioError('STUDIO_ERR_IO', `${file} is ${info.isDirectory() ? 'a directory' : 'not a regular file'}: the dataset's manifest must be a file; move it away (it is rebuilt from the recordings)`, { field: MANIFEST_FILE });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  const m = doc as Partial<DatasetManifest> | null;
  if (m !== null && typeof m === 'object' && m.format === 'tinyspark.dataset' && typeof m.version === 'number' && m.version > DATASET_FORMAT_VERSION) {
    throw new StudioError(
      'STUDIO_ERR_FORMAT_VERSION',
      `${file}: version ${m.version} is a newer dataset format than this studio reads (version ${DATASET_FORMAT_VERSION}); update tinyspark. Nothing was read or changed`,
      { field: 'version' },
    );
  }
  return doc;
}

/**
 * Reads a dataset folder. A recording file that does not parse (or whose label could not be a file
 * name, or whose format version is newer) is reported in `problems` (by name and field) and skipped;
 * so is a temporary file left by a killed writer. A missing folder is an error, and so are a
 * manifest.json that is a directory (IO, exit 5) and a newer dataset format version.
 */
export async function loadDataset(dir: string): Promise<Dataset> {
  const abs = resolve(dir);
  if (!(await isDir(abs))) {
    throw new StudioError('STUDIO_ERR_DATASET_NOT_FOUND', `dataset folder ${dir} does not exist: capture one with \`tinyspark capture\` or pass the right path.`, { field: 'dataset' });
  }
  const manifestDoc = await inspectManifest(abs);
  const all = (await readdir(abs)).sort();
  const names = all.filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  const problems: DatasetProblem[] = [];
  for (const name of all.filter(isTempName)) {
    const size = await stat(join(abs, name)).then((st) => st.size, () => 0);
    problems.push({ file: name, code: 'STUDIO_ERR_LEFTOVER_TMP', message: `${name} is a temporary file (${size} bytes) left by an interrupted write; the next capture or import into this dataset removes it, or delete it` });
  }
  const recordings: Recording[] = [];
  let manifest: DatasetManifest | undefined;
  // the files are read a few at a time (one after the other is a round trip to the thread pool
  // each), then handled in name order as before
  const texts = await readAll(names.map((name) => (name === MANIFEST_FILE ? undefined : join(abs, name))), READ_AHEAD);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    let doc: unknown;
    try {
      const text = texts[i]!;
      if (text instanceof Error) throw text;
      doc = name === MANIFEST_FILE ? manifestDoc : JSON.parse(text ?? '');
      if (name === MANIFEST_FILE && doc === undefined) throw new Error('unreadable');
    } catch (err) {
      const what = err instanceof Error ? err.message : String(err);
      if (name === MANIFEST_FILE) problems.push({ file: name, code: 'STUDIO_ERR_MANIFEST', message: `${name} is not valid JSON; it is rebuilt on the next write` });
      else problems.push({ file: name, code: 'STUDIO_ERR_RECORDING_PARSE', message: `${name} is not valid JSON (${what}); fix or delete it` });
      continue;
    }
    if (name === MANIFEST_FILE) {
      const m = doc as Partial<DatasetManifest>;
      if (m && m.format === 'tinyspark.dataset' && m.version === 1 && Array.isArray(m.labels)) manifest = m as DatasetManifest;
      else problems.push({ file: name, code: 'STUDIO_ERR_MANIFEST', message: `${name} is not a tinyspark.dataset v1 manifest; it is rebuilt on the next write` });
      continue;
    }
    const id = recordingIdOf(name);
    try {
      recordings.push(recordingFromEi(doc, name, id));
    } catch (err) {
      problems.push({ file: name, code: err instanceof StudioError ? err.code : 'STUDIO_ERR_RECORDING_PARSE', message: err instanceof Error ? err.message : String(err) });
    }
  }
  return { dir: abs, manifest, recordings, problems };
}

/** The id of a recording file `<label>.<id>.json` (the stem when there is no label part). */
export function recordingIdOf(name: string): string {
  return name.replace(/\.json$/, '').split('.').slice(1).join('.') || name.replace(/\.json$/, '');
}

/**
 * A sink that writes through `writer` and keeps every recording as loadDataset would read it back
 * (id from the file name; `recordings()` in file-name order, the order loadDataset gives): for a
 * capture that goes on to use what it captured without reading the files again.
 */
export function keepingSink(writer: DatasetWriter): { add: DatasetWriter['add']; writeManifest(): Promise<void>; recordings(): Recording[] } {
  const kept: { name: string; rec: Recording }[] = [];
  return {
    add: async (rec, options) => {
      const name = await writer.add(rec, options);
      const { id: _id, ...rest } = rec;
      kept.push({ name, rec: { ...rest, id: recordingIdOf(name) } });
      return name;
    },
    writeManifest: () => writer.writeManifest(),
    recordings: () => [...kept].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((k) => k.rec),
  };
}

/**
 * Background recording writes (DatasetWriter.add with `background`) in flight at once: enough for
 * a few takes of each of the demo's boards to go to the writer thread in one message.
 */
const BACKGROUND_WRITES = 64;

/** Files a dataset load reads at once. */
const READ_AHEAD = 16;

/** Reads the files (undefined: skipped) with at most `width` reads at a time; a failed read is its Error. */
async function readAll(files: readonly (string | undefined)[], width: number): Promise<(string | Error | undefined)[]> {
  const out: (string | Error | undefined)[] = new Array<string | Error | undefined>(files.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const file = files[i];
      out[i] = file === undefined ? undefined : await readFile(file, 'utf8').catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, files.length) }, lane));
  return out;
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
 * Appends recordings to a dataset folder, one atomic file per recording (written through
 * writeFileSafe: a label or id can never place a file outside the folder). The manifest is written
 * once per batch (`writeManifest`, `addBatch`), not after each recording: the files are the source
 * of truth, and a killed capture leaves a valid dataset of what was finished.
 */
export class DatasetWriter {
  readonly dir: string;
  /** Temporary files of killed writers that `open` removed. */
  readonly removedTempFiles: string[];
  private readonly labels = new Set<string>();
  private readonly used = new Set<string>();
  private count = 0;
  private readonly now: () => string;
  /** Writes started by `add(..., { background: true })` and not yet finished. */
  private readonly inFlight = new Set<Promise<void>>();
  private backgroundError: unknown;
  /** Where background writes run (useWriterThread); else the thread pool. */
  private thread: WriterThread | undefined;

  private constructor(dir: string, now: () => string, removed: string[]) {
    this.dir = dir;
    this.now = now;
    this.removedTempFiles = removed;
  }

  /**
   * Opens (creating it if needed) a dataset folder for writing. Fails before writing anything when the
   * manifest is a directory (IO) or of a newer format; removes temporary files of killed writers.
   */
  static async open(dir: string, now: () => string): Promise<DatasetWriter> {
    const abs = resolve(dir);
    if (await isDir(abs)) await inspectManifest(abs);
    try {
      await mkdir(abs, { recursive: true });
    } catch (err) {
      throw new StudioError('STUDIO_ERR_IO', `cannot create dataset folder ${dir}: ${err instanceof Error ? err.message : String(err)}`, { field: 'out', cause: err });
    }
    const w = new DatasetWriter(abs, now, await removeStaleTempFiles(abs));
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

  /** The file name a recording gets (label checked; the id is made safe). Claims the name. */
  private claim(rec: Omit<Recording, 'id'> & { id?: string }): { name: string; id: string } {
    assertLabel(rec.label);
    const wanted = rec.id !== undefined && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(rec.id) ? rec.id : undefined;
    const id = wanted !== undefined && !this.used.has(recordingFileName(rec.label, wanted)) ? wanted : this.nextId(rec.label);
    const name = recordingFileName(rec.label, id);
    this.used.add(name);
    return { name, id };
  }

  /**
   * Writes one recording (atomically); returns the file name. `manifest: true` (the default, for
   * one-off additions) also rewrites the manifest; a batch passes false and calls writeManifest once.
   * `background: true` returns once the name is claimed and the text made: the file is written by
   * the thread pool while the caller goes on (at most BACKGROUND_WRITES at once); `settle()` (and
   * writeManifest) waits for them and throws the first failure, as does the next `add`.
   */
  async add(rec: Omit<Recording, 'id'> & { id?: string }, options: { manifest?: boolean; background?: boolean } = {}): Promise<string> {
    if (this.backgroundError !== undefined) await this.settle();
    const { name, id } = this.claim(rec);
    if (options.background === true && !(options.manifest ?? true)) {
      while (this.inFlight.size >= BACKGROUND_WRITES) await Promise.race(this.inFlight);
      // the writer thread makes the text itself (the number formatting is most of a recording's cost)
      const full: Recording = { ...rec, id };
      const write: Promise<void> = (this.thread !== undefined ? this.thread.write(this.dir, name, full) : writeFileSafe(this.dir, name, JSON.stringify(recordingToEi(full)))).then(
        () => undefined,
        (err: unknown) => {
          this.used.delete(name);
          this.count--;
          this.backgroundError ??= err;
        },
      );
      const tracked = write.finally(() => this.inFlight.delete(tracked));
      this.inFlight.add(tracked);
      this.labels.add(rec.label);
      this.count++;
      return name;
    }
    try {
      await writeSmallFileSafe(this.dir, name, JSON.stringify(recordingToEi({ ...rec, id })));
    } catch (err) {
      this.used.delete(name);
      throw err;
    }
    this.labels.add(rec.label);
    this.count++;
    if (options.manifest ?? true) await this.writeManifest();
    return name;
  }

  /**
   * Background writes go to a thread of their own (writer-thread.ts) when the studio runs built;
   * call close() when done. From sources they stay on the thread pool.
   */
  async useWriterThread(): Promise<void> {
    this.thread ??= await WriterThread.start();
  }

  /** Waits for the background writes and stops the writer thread (if any). */
  async close(): Promise<void> {
    try {
      await this.settle();
    } finally {
      const t = this.thread;
      this.thread = undefined;
      await t?.close();
    }
  }

  /** Waits for every background write; throws the first one that failed (its file is not in the dataset). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    const err = this.backgroundError;
    this.backgroundError = undefined;
    if (err !== undefined) throw err;
  }

  /**
   * Writes a batch of recordings, all or nothing: every label is checked before the first file is
   * written, and when a write fails the files of this batch already written are removed again.
   * The manifest is written once, at the end.
   */
  async addBatch(recordings: readonly (Omit<Recording, 'id'> & { id?: string })[]): Promise<string[]> {
    for (const r of recordings) assertLabel(r.label);
    const written: string[] = [];
    try {
      for (const r of recordings) written.push(await this.add(r, { manifest: false }));
    } catch (err) {
      await this.remove(written);
      throw err;
    }
    await this.writeManifest();
    return written;
  }

  /** Removes files this writer wrote (a rollback). */
  async remove(names: readonly string[]): Promise<void> {
    for (const name of names) {
      await unlink(await pathInside(this.dir, name)).catch(() => undefined);
      if (this.used.delete(name)) this.count--;
    }
  }

  async writeManifest(): Promise<void> {
    await this.settle();
    const manifest: DatasetManifest = {
      format: 'tinyspark.dataset',
      version: 1,
      labels: [...this.labels].sort(),
      recordings: this.count,
      updatedAt: this.now(),
    };
    await writeFileSafe(this.dir, MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

/** Writes a whole list of recordings into a (new or existing) dataset folder, all or nothing. */
export async function writeRecordings(dir: string, recordings: Recording[], now: () => string): Promise<string[]> {
  const w = await DatasetWriter.open(dir, now);
  return w.addBatch(recordings);
}
