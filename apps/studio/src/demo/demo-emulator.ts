// The demo's emulator in a worker thread: the boards (sensor models, recordings, int8 inference,
// their JSON replies) run on the second core while this thread captures, trains and verifies. The
// studio still talks to them over loopback WebSockets exactly as to any emulator.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { startEmulator } from '@tinyspark/emulator';
import type { StartEmulatorOptions } from '@tinyspark/emulator';
import { toStudioError } from '../errors.js';

/** What the demo uses of a running emulator. */
export interface DemoEmulator {
  readonly url: string;
  readonly boards: readonly { id: string; url: string }[];
  /** Where the boards run: `worker` (a thread of their own) or `in-process` (this thread). */
  readonly where: 'worker' | 'in-process';
  close(): Promise<void>;
}

type FromWorker =
  | { type: 'ready'; url: string; boards: { id: string; url: string }[] }
  | { type: 'error'; message: string; code?: string; field?: string }
  | { type: 'closed' };

// CommonJS (an eval worker); the emulator's built entry is imported by its file URL.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
import(pathToFileURL(workerData.entry).href).then(async ({ startEmulator }) => {
  let emu;
  try {
    emu = await startEmulator(workerData.options);
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: String(err && err.message || err), code: err && err.code, field: err && err.field });
    return;
  }
  parentPort.on('message', async (m) => {
    if (m !== 'close') return;
    await emu.close().catch(() => undefined);
    parentPort.postMessage({ type: 'closed' });
  });
  parentPort.postMessage({ type: 'ready', url: emu.url, boards: emu.boards.map((b) => ({ id: b.id, url: b.url })) });
}, (err) => parentPort.postMessage({ type: 'error', message: 'cannot load the emulator: ' + String(err && err.message || err) }));
`;

/** The built emulator entry (dist/index.js), or undefined when it is not built (running from sources). */
function builtEmulatorEntry(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('@tinyspark/emulator');
    return entry.endsWith('.js') && existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

function fromWorkerError(m: { message: string; code?: string; field?: string }): Error {
  const err = new Error(m.message) as Error & { code?: string; field?: string };
  if (m.code !== undefined) err.code = m.code;
  if (m.field !== undefined) err.field = m.field;
  return err;
}

/**
 * Starts the emulator for the demo: in a worker thread when the emulator is built (the CLI), else
 * (tests running the sources) in this thread. Options must be plain data (they are copied over).
 * Errors come back as StudioErrors like startEmulator's would.
 */
export async function startDemoEmulator(options: StartEmulatorOptions): Promise<DemoEmulator> {
  const entry = builtEmulatorEntry();
  if (entry === undefined) {
    const emu = await startEmulator(options).catch((err: unknown) => {
      throw toStudioError(err);
    });
    return { url: emu.url, boards: emu.boards, where: 'in-process', close: () => emu.close() };
  }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry, options } });
  const ready = await new Promise<{ url: string; boards: { id: string; url: string }[] }>((resolve, reject) => {
    const onExit = (code: number): void => reject(new Error(`the emulator thread stopped (exit code ${code})`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (m: FromWorker) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'error') reject(fromWorkerError(m));
      else reject(new Error('the emulator thread closed before it started'));
    });
  }).catch(async (err: unknown) => {
    await worker.terminate();
    throw toStudioError(err);
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
      worker.postMessage('close');
    }).then(async () => {
      await worker.terminate();
    }));
  return { url: ready.url, boards: ready.boards, where: 'worker', close };
}
