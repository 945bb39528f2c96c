// Recording files written by a thread of their own (the demo's capture): the capture thread posts
// the recording (its values as one Float64Array: no number formatting there), the thread makes the
// text (JSON.stringify(recordingToEi(rec)), the same bytes) and runs writeSmallFileSafe's checks and
// atomic write.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { STUDIO_ERROR_CODES, StudioError } from '../errors.js';
import type { StudioErrorCode } from '../errors.js';
import { recordingToEi } from './ei-json.js';
import type { Recording } from './recording.js';

function isStudioErrorCode(code: string): code is StudioErrorCode {
  return Object.hasOwn(STUDIO_ERROR_CODES, code);
}

// CommonJS (an eval worker); the built atomic-write and ei-json modules are imported by their file
// URLs. A message is a batch of files, written in order; the reply is one message with each
// file's outcome. A file is its text, or a recording whose values come flat (`flat`, `width` per row).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
Promise.all([import(workerData.entry), import(workerData.textEntry)]).then(([{ writeSmallFileSafe }, { recordingToEi }]) => {
  const textOf = (f) => {
    if (typeof f.text === 'string') return f.text;
    const values = [];
    for (let i = 0; i < f.flat.length; i += f.width) values.push(Array.from(f.flat.subarray(i, i + f.width)));
    return JSON.stringify(recordingToEi({ ...f.rec, values }));
  };
  parentPort.on('message', async (m) => {
    const done = [];
    for (const f of m.files) {
      try {
        await writeSmallFileSafe(f.root, f.name, textOf(f));
        done.push({ id: f.id });
      } catch (err) {
        done.push({ id: f.id, error: { message: String(err && err.message || err), code: err && err.code, field: err && err.field } });
      }
    }
    parentPort.postMessage({ done });
  });
  parentPort.postMessage({ ready: true });
}, (err) => parentPort.postMessage({ ready: false, message: String(err && err.message || err) }));
`;

type QueuedFile = { id: number; root: string; name: string } & ({ text: string } | { rec: Omit<Recording, 'values'>; flat: Float64Array; width: number });

type Outcome = { id: number; error?: { message: string; code?: string; field?: string } };
type Reply = { done: Outcome[] } | { ready: boolean; message?: string };

/** A thread that writes files (writeSmallFileSafe); undefined from `start` when running from sources. */
export class WriterThread {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: unknown) => void }>();

  /** Files asked for in this turn of the event loop: they go to the thread in one message. */
  private queue: QueuedFile[] = [];

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      if (!('done' in m)) return;
      for (const o of m.done) {
        const w = this.waiting.get(o.id);
        if (w === undefined) continue;
        this.waiting.delete(o.id);
        if (o.error === undefined) w.resolve();
        else {
          const code = o.error.code !== undefined && isStudioErrorCode(o.error.code) ? o.error.code : 'STUDIO_ERR_IO';
          w.reject(new StudioError(code, o.error.message, o.error.field !== undefined ? { field: o.error.field } : {}));
        }
      }
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => this.failAll(new StudioError('STUDIO_ERR_IO', 'the file writer thread stopped')));
  }

  /**
   * Starts the thread when this module is the built one (dist); else undefined (write in this
   * thread). `entry`: the module whose `writeSmallFileSafe` the thread runs, `textEntry` the one
   * whose `recordingToEi` makes a recording's document (tests).
   */
  static async start(entry: URL = new URL('./atomic-write.js', import.meta.url), textEntry: URL = new URL('./ei-json.js', import.meta.url)): Promise<WriterThread | undefined> {
    for (const e of [entry, textEntry]) {
      if (!e.href.endsWith('.js') && !e.href.endsWith('.mjs')) return undefined;
      if (!existsSync(fileURLToPath(e))) return undefined;
    }
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry: entry.href, textEntry: textEntry.href } });
    const ok = await new Promise<boolean>((resolve) => {
      worker.once('message', (m: Reply) => resolve('ready' in m && m.ready));
      worker.once('error', () => resolve(false));
    });
    if (!ok) {
      await worker.terminate();
      return undefined;
    }
    return new WriterThread(worker);
  }

  /**
   * Writes `content` to `name` in `root` (writeSmallFileSafe, in the thread); resolves when it is on
   * disk. A recording is written as `JSON.stringify(recordingToEi(rec))`, its text made there. The writes asked for in one turn of the event loop go to the thread in one message (a
   * message per file cost the capture thread more than making the file's text).
   */
  write(root: string, name: string, content: string | Recording): Promise<void> {
    const id = this.nextId++;
    let file: QueuedFile;
    if (typeof content === 'string') file = { id, root, name, text: content };
    else {
      const { values, ...rec } = content;
      const width = values[0]?.length ?? 0;
      // rows of another length than the first go as text (the flat form holds equal rows only)
      if (width === 0 || values.some((r) => r.length !== width)) return this.write(root, name, JSON.stringify(recordingToEi(content)));
      const flat = new Float64Array(values.length * width);
      for (let i = 0; i < values.length; i++) flat.set(values[i] as number[], i * width);
      file = { id, root, name, rec, flat, width };
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.queue.push(file);
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const files = this.queue;
    this.queue = [];
    if (files.length > 0) this.worker.postMessage({ files });
  }

  private failAll(err: unknown): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
