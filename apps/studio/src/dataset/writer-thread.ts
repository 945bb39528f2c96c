// Recording files written by a thread of their own (the demo's capture): the capture thread only
// makes the text and posts it; the checks and the atomic write are writeSmallFileSafe's, run there.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { STUDIO_ERROR_CODES, StudioError } from '../errors.js';
import type { StudioErrorCode } from '../errors.js';

function isStudioErrorCode(code: string): code is StudioErrorCode {
  return Object.hasOwn(STUDIO_ERROR_CODES, code);
}

// CommonJS (an eval worker); the built atomic-write module is imported by its file URL.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.entry).then(({ writeSmallFileSafe }) => {
  parentPort.on('message', async (m) => {
    try {
      await writeSmallFileSafe(m.root, m.name, m.text);
      parentPort.postMessage({ id: m.id });
    } catch (err) {
      parentPort.postMessage({ id: m.id, error: { message: String(err && err.message || err), code: err && err.code, field: err && err.field } });
    }
  });
  parentPort.postMessage({ ready: true });
}, (err) => parentPort.postMessage({ ready: false, message: String(err && err.message || err) }));
`;

type Reply = { id: number; error?: { message: string; code?: string; field?: string } } | { ready: boolean; message?: string };

/** A thread that writes files (writeSmallFileSafe); undefined from `start` when running from sources. */
export class WriterThread {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: unknown) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      if (!('id' in m)) return;
      const w = this.waiting.get(m.id);
      if (w === undefined) return;
      this.waiting.delete(m.id);
      if (m.error === undefined) w.resolve();
      else {
        const code = m.error.code !== undefined && isStudioErrorCode(m.error.code) ? m.error.code : 'STUDIO_ERR_IO';
        w.reject(new StudioError(code, m.error.message, m.error.field !== undefined ? { field: m.error.field } : {}));
      }
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => this.failAll(new StudioError('STUDIO_ERR_IO', 'the file writer thread stopped')));
  }

  /**
   * Starts the thread when this module is the built one (dist); else undefined (write in this
   * thread). `entry`: the module whose `writeSmallFileSafe` the thread runs (tests).
   */
  static async start(entry: URL = new URL('./atomic-write.js', import.meta.url)): Promise<WriterThread | undefined> {
    if (!entry.href.endsWith('.js') && !entry.href.endsWith('.mjs')) return undefined;
    if (!existsSync(fileURLToPath(entry))) return undefined;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry: entry.href } });
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

  /** Writes `text` to `name` in `root` (writeSmallFileSafe, in the thread); resolves when it is on disk. */
  write(root: string, name: string, text: string): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, root, name, text });
    });
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
