import type { BoardClient } from '@tinyspark/protocol';
import { StudioError } from '../errors.js';
import { boardError } from './board-error.js';
import type { CaptureHooks, CaptureResult, CaptureSpec, RecordingSink } from './capture-types.js';
import { recordingFromMessage } from './capture-types.js';
import { captureFromStream } from './stream-capture.js';

export type { CaptureHooks, CaptureResult, CaptureSpec, RecordingSink } from './capture-types.js';
export { recordingFromMessage } from './capture-types.js';

/** How long capture waits for a lost board to come back before giving up (STUDIO_ERR_DISCONNECTED), ms. */
export const DEFAULT_RECONNECT_DEADLINE_MS = 60_000;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when the board accepts sim.clock (an emulator on the virtual clock). */
export async function detectVirtualClock(board: BoardClient): Promise<boolean> {
  if (!board.hello.capabilities.sim) return false;
  try {
    await board.sim.clock(1);
    return true;
  } catch {
    return false;
  }
}

/** Resolves true once the board is open again, false when it is closed for good, aborted, or past the deadline. */
function waitForOpen(board: BoardClient, signal: AbortSignal | undefined, deadlineMs: number): Promise<boolean> {
  if (board.state === 'open') return Promise.resolve(true);
  if (board.state === 'closed') return Promise.resolve(false);
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    const done = (v: boolean): void => {
      for (const off of offs) off();
      resolve(v);
    };
    if (Number.isFinite(deadlineMs)) {
      const timer = setTimeout(() => done(false), deadlineMs);
      offs.push(() => clearTimeout(timer));
    }
    offs.push(board.on('open', () => done(true)));
    offs.push(board.on('close', (c) => {
      if (!c.willReconnect) done(false);
    }));
    if (signal !== undefined) {
      const onAbort = (): void => done(false);
      signal.addEventListener('abort', onAbort, { once: true });
      offs.push(() => signal.removeEventListener('abort', onAbort));
    }
  });
}

/**
 * Records `count` labelled windows, writing each one atomically the moment it completes. A disconnect
 * discards the recording in progress and, once the client has reconnected, records it again; Ctrl-C
 * (the signal) stops after keeping what was finished.
 */
export async function captureRecordings(board: BoardClient, writer: RecordingSink, spec: CaptureSpec, hooks: CaptureHooks): Promise<CaptureResult> {
  const files: string[] = [];
  // One manifest per batch, also after an error or Ctrl-C (it lists what was finished).
  const flush = async (): Promise<void> => {
    if (files.length > 0 && hooks.deferManifest !== true && writer.writeManifest !== undefined) await writer.writeManifest();
  };
  let result: CaptureResult;
  try {
    const gesture = spec.gesture;
    result =
      hooks.fromStream === true && gesture !== undefined && hooks.virtualClock === true
        ? await captureFromStream(board, writer, { ...spec, gesture }, hooks, files)
        : await captureInto(board, writer, spec, hooks, files);
  } catch (err) {
    await flush().catch(() => undefined);
    throw err;
  }
  await flush();
  return result;
}

async function captureInto(board: BoardClient, writer: RecordingSink, spec: CaptureSpec, hooks: CaptureHooks, files: string[]): Promise<CaptureResult> {
  const virtual = hooks.virtualClock ?? (await detectVirtualClock(board));
  const deadlineMs = hooks.reconnectDeadlineMs ?? DEFAULT_RECONNECT_DEADLINE_MS;
  let reconnects = 0;
  let discarded = 0;
  let busyRetries = 0;
  const seeds: number[] = [];
  for (let s = spec.seed; seeds.length < spec.count; s++) if (!(spec.skipSeeds?.has(s) ?? false)) seeds.push(s);
  let i = 0;
  while (i < seeds.length) {
    if (hooks.signal?.aborted) return { files, reconnects, discarded, interrupted: true };
    if (board.state !== 'open') {
      hooks.note?.(`[studio] board disconnected; waiting for it to come back (finished recordings are safe on disk)`);
      const ok = await waitForOpen(board, hooks.signal, deadlineMs);
      if (hooks.signal?.aborted) return { files, reconnects, discarded, interrupted: true };
      if (!ok) {
        const why = board.state === 'closed' ? 'and did not come back' : `and was not back within ${deadlineMs >= 1000 ? `${Math.round(deadlineMs / 1000)} s` : `${deadlineMs} ms`}`;
        throw new StudioError('STUDIO_ERR_DISCONNECTED', `the board ${board.url} went away ${why}; ${files.length} recording(s) were saved, run the same command again to record the rest`, { field: 'board' });
      }
      reconnects++;
      hooks.note?.('[studio] board reconnected; resuming capture');
    }
    const seed = seeds[i] as number;
    const opts = hooks.signal !== undefined ? { signal: hooks.signal } : {};
    try {
      if (spec.gesture === undefined && !virtual) hooks.note?.(`perform "${spec.label}" now (${spec.durationMs} ms${spec.delayMs > 0 ? ` after ${spec.delayMs} ms` : ''})`);
      const pending = board.record({ label: spec.label, durationMs: spec.durationMs, delayMs: spec.delayMs, sensor: spec.sensor }, opts);
      pending.catch(() => undefined);
      if (spec.gesture !== undefined) {
        // sent together, not one after the other's answer: the board runs its requests in arrival
        // order, so this is the same sequence in one round trip instead of three
        const steps: Promise<unknown>[] = [];
        if (spec.delayMs > 0 && virtual) steps.push(board.sim.clock(spec.delayMs, opts));
        steps.push(board.sim.perform({ gesture: spec.gesture, ...(spec.person !== undefined ? { person: spec.person } : {}), ...(spec.variation !== undefined ? { variation: spec.variation } : {}), seed }, opts));
        if (virtual) steps.push(board.sim.clock(spec.durationMs + 1, opts));
        for (const step of steps) step.catch(() => undefined);
        for (const step of steps) await step;
      } else if (virtual) {
        await board.sim.clock(spec.delayMs + spec.durationMs + 1, opts);
      }
      const msg = await pending;
      const rec = recordingFromMessage(msg, spec, seed, board.hello.board.id, hooks.now());
      // Simulated takes get a name from who performed them and the seed (stable across runs); others a counter.
      const file = await writer.add(spec.gesture !== undefined ? { ...rec, id: `p${spec.person ?? 0}-s${seed}` } : rec, { manifest: false });
      files.push(file);
      busyRetries = 0;
      hooks.onSaved?.(file, { ...rec, id: file });
      i++;
      hooks.bar?.update(i, `${file}`);
    } catch (err) {
      if (hooks.signal?.aborted) return { files, reconnects, discarded, interrupted: true };
      if (err instanceof StudioError) throw err;
      const code = (err as { code?: string }).code;
      if ((err as { remoteCode?: string }).remoteCode === 'BUSY' && busyRetries < 5) {
        // The board is still finishing a recording that was cut off by a disconnect: let it end, then retry.
        busyRetries++;
        hooks.note?.('[studio] the board is still finishing an earlier recording; waiting for it');
        if (virtual) await board.sim.clock(spec.delayMs + spec.durationMs + 1, opts).catch(() => undefined);
        else await pause(spec.delayMs + spec.durationMs);
        continue;
      }
      if (code === 'PROTO_ERR_CANCELED' || code === 'PROTO_ERR_NOT_CONNECTED' || code === 'PROTO_ERR_TIMEOUT') {
        discarded++;
        hooks.note?.(`[studio] the recording in progress was lost (${(err as Error).message}); it is discarded and will be recorded again`);
        if (discarded > seeds.length + 5) throw boardError(board.url, err, 'capture');
        // The socket may still be closing: give the client a moment to notice before trying again.
        if (board.state === 'open') await pause(Math.min(1000, 10 * 2 ** Math.min(discarded, 7)));
        continue;
      }
      throw boardError(board.url, err, 'capture');
    }
  }
  return { files, reconnects, discarded, interrupted: false };
}
