// The demo's emulator in a worker thread: the boards (sensor models, recordings, int8 inference,
// their JSON replies) run on the second core while this thread captures, trains and verifies. The
// studio still talks to them over loopback WebSockets exactly as to any emulator. The thread can be
// started before the CLI has loaded its commands (warmDemoEmulator): it loads the emulator's
// modules meanwhile, and starts the boards when the demo sends it their options.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
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

// CommonJS (an eval worker); the emulator's built entry is imported by its file URL at once, and
// the emulator started with the options of the first message.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const loading = import(pathToFileURL(workerData.entry).href);
loading.catch(() => undefined);
parentPort.once('message', async ({ options }) => {
  let startEmulator;
  try {
    ({ startEmulator } = await loading);
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: 'cannot load the emulator: ' + String(err && err.message || err) });
    return;
  }
  let emu;
  try {
    emu = await startEmulator(options);
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
});
`;

/** A thread started ahead by warmDemoEmulator, loading the emulator; taken by the next startDemoEmulator. */
let warm: Worker | undefined;

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
 * Starts the demo's emulator thread now (when the emulator is built), so that it loads its modules
 * while this thread loads the CLI; the next startDemoEmulator uses it. An unused thread does not
 * keep the process alive.
 */
export function warmDemoEmulator(): void {
  if (warm !== undefined) return;
  const entry = builtEmulatorEntry();
  if (entry === undefined) return;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry } });
  worker.unref();
  // a thread that stops before it is used is forgotten (the demo starts another)
  worker.on('error', ignoreWarmError);
  worker.once('exit', () => {
    if (warm === worker) warm = undefined;
  });
  warm = worker;
}

function ignoreWarmError(): void {
  // the thread exits after an error: see the exit handler
}

/**
 * Starts the emulator for the demo: in a worker thread when the emulator is built (the CLI), else
 * (tests running the sources) in this thread. Options must be plain data (they are copied over).
 * Errors come back as StudioErrors like startEmulator's would.
 */
export async function startDemoEmulator(options: StartEmulatorOptions): Promise<DemoEmulator> {
  const ahead = warm;
  warm = undefined;
  const entry = ahead === undefined ? builtEmulatorEntry() : undefined;
  if (ahead === undefined && entry === undefined) {
    // from sources (tests): in this thread; the emulator's modules are loaded only here
    const { startEmulator } = await import('@tinyspark/emulator');
    const emu = await startEmulator(options).catch((err: unknown) => {
      throw toStudioError(err);
    });
    return { url: emu.url, boards: emu.boards, where: 'in-process', close: () => emu.close() };
  }
  const worker = ahead ?? new Worker(WORKER_SOURCE, { eval: true, workerData: { entry } });
  worker.off('error', ignoreWarmError);
  worker.ref();
  worker.postMessage({ options });
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
