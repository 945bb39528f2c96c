// Board hardening against the real emulator on loopback (port 0, virtual clock): unknown board ids,
// tokens, a board that is gone for good, a motionless emulator board, one manifest per batch.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '@tinyspark/emulator';
import { startEmulator } from '@tinyspark/emulator';
import { captureRecordings } from '../src/board/capture-session.js';
import type { RecordingSink } from '../src/board/capture-session.js';
import { openBoard, withCreate } from '../src/board/connect.js';
import { DatasetWriter } from '../src/dataset/dataset-store.js';
import type { StudioIo } from '../src/io.js';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';

// Slow but correct on a loaded machine: explicit, generous budget; no timing in the assertions.
const BUDGET_MS = 240_000;

let dir: string;
let emu: RunningEmulator;
let locked: RunningEmulator;

async function run(argv: string[], extra: Partial<StudioIo> = {}): Promise<{ code: number; out: string; err: string; json: () => { result?: Record<string, unknown>; error?: { code: string; message: string } } }> {
  const io = createBufferedIo(dir, extra);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err(), json: () => JSON.parse(io.out().trim().split('\n').pop() ?? '{}') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-board-'));
  emu = await startEmulator({ port: 0, seed: 5, clock: 'virtual', boards: ['a', 'b'] });
  locked = await startEmulator({ port: 0, seed: 5, clock: 'virtual', boards: ['a'], token: 's3cret' });
}, BUDGET_MS);
afterAll(async () => {
  await emu.close();
  await locked.close();
}, BUDGET_MS);

describe('board ids and tokens', { timeout: BUDGET_MS }, () => {
  it('a board id that does not exist fails naming the boards that do, unless --create-board', async () => {
    const typo = emu.url.replace(/\/?$/, '/boards/board-9');
    const c = await run(['capture', '--board', typo, '--label', 'circle', '--gesture', 'circle', '--count', '1', '--out', 'typo', '--json']);
    expect(c.code).toBe(4);
    expect(c.json().error?.code).toBe('STUDIO_ERR_UNKNOWN_BOARD');
    expect(c.err).toMatch(/there is no board "board-9" at .*: its boards are a \(ws:\/\/127\.0\.0\.1:\d+\/boards\/a\), b \(/);
    expect(c.err).toMatch(/--create-board/);
    const v = await run(['verify', '--board', typo, '--model', 'nope.json']);
    expect(v.code).toBe(3); // the model is checked first
    const made = await run(['capture', '--board', typo, '--create-board', '--label', 'circle', '--gesture', 'circle', '--count', '1', '--out', 'typo', '--quiet']);
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    expect(withCreate('ws://h:1/boards/x?token=t')).toBe('ws://h:1/boards/x?token=t&create=1');
  });

  it('--token and TINYSPARK_TOKEN reach the board; without one the error says how to pass it', async () => {
    const url = locked.boards[0]?.url ?? '';
    const none = await run(['capture', '--board', url, '--label', 'circle', '--gesture', 'circle', '--count', '1', '--out', 'tok']);
    expect(none.code).toBe(4);
    expect(none.err).toMatch(/needs an access token: pass --token <token> or set TINYSPARK_TOKEN/);
    const wrong = await run(['capture', '--board', url, '--token', 'nope', '--label', 'circle', '--gesture', 'circle', '--count', '1', '--out', 'tok']);
    expect(wrong.code).toBe(4);
    expect(wrong.err).toMatch(/refused the token/);
    const flag = await run(['capture', '--board', url, '--token', 's3cret', '--label', 'circle', '--gesture', 'circle', '--count', '1', '--out', 'tok', '--quiet']);
    expect(flag.code).toBe(0);
    const env = await run(['capture', '--board', url, '--label', 'wave', '--gesture', 'wave', '--count', '1', '--out', 'tok', '--quiet'], { env: { TINYSPARK_TOKEN: 's3cret' } });
    expect(env.code).toBe(0);
    const typo = await run(['deploy', 'nope.int8.json', '--board', url.replace(/\/a$/, '/zz'), '--token', 's3cret']);
    expect(typo.code).toBe(3); // the model is checked before connecting
  });
});

describe('capture', { timeout: BUDGET_MS }, () => {
  it('a board that is gone for good ends the capture at the deadline: STUDIO_ERR_DISCONNECTED, finished recordings kept', async () => {
    const gone = await startEmulator({ port: 0, seed: 2, clock: 'virtual', boards: ['g'] });
    const io = createBufferedIo(dir);
    const board = await openBoard(io, gone.boards[0]?.url ?? '', { reconnect: { initialDelayMs: 1, maxDelayMs: 5, jitter: 0 } });
    const writer = await DatasetWriter.open(join(dir, 'gone'), () => 'now');
    let closing: Promise<void> | undefined;
    const err = await captureRecordings(board, writer, { label: 'wave', gesture: 'wave', person: 1, seed: 1, count: 4, durationMs: 500, delayMs: 0, sensor: 'imu' }, {
      now: () => 'now',
      virtualClock: true,
      reconnectDeadlineMs: 50,
      onSaved: () => {
        closing ??= gone.close();
      },
    }).then(() => undefined, (e: unknown) => e);
    await board.close();
    await closing;
    expect(err).toMatchObject({ code: 'STUDIO_ERR_DISCONNECTED', exitCode: 4 });
    expect((err as Error).message).toMatch(/was not back within 50 ms; 1 recording\(s\) were saved/);
    expect((await readdir(join(dir, 'gone'))).filter((n) => n.endsWith('.json')).sort()).toEqual(['manifest.json', 'wave.p1-s1.json']);
  });

  it('without --gesture on the emulator it warns that the board is motionless and says how to perform a gesture', async () => {
    const c = await run(['capture', '--board', emu.boards[1]?.url ?? '', '--label', 'wave', '--count', '1', '--out', 'still', '--quiet']);
    expect(c.code).toBe(0);
    expect(c.err).toMatch(/motionless board .* labelled "wave"\. To record the gesture, pass --gesture <name> \(e\.g\. --gesture wave/);
    const g = await run(['capture', '--board', emu.boards[1]?.url ?? '', '--label', 'wave', '--gesture', 'wave', '--count', '1', '--out', 'still', '--quiet']);
    expect(g.err).toBe('');
  });

  it('writes the manifest once per batch, not after each recording', async () => {
    const io = createBufferedIo(dir);
    const board = await openBoard(io, emu.boards[0]?.url ?? '');
    const writer = await DatasetWriter.open(join(dir, 'batch'), () => 'now');
    let manifests = 0;
    const sink: RecordingSink = {
      add: (rec, options) => writer.add(rec, options),
      writeManifest: async () => {
        manifests++;
        await writer.writeManifest();
      },
    };
    const res = await captureRecordings(board, sink, { label: 'tap', gesture: 'tap', person: 2, seed: 1, count: 5, durationMs: 300, delayMs: 0, sensor: 'imu' }, { now: () => 'now', virtualClock: true });
    await board.close();
    expect(res.files).toHaveLength(5);
    expect(manifests).toBe(1);
    expect((await readdir(join(dir, 'batch'))).sort()).toEqual(['manifest.json', ...res.files].sort());
  });
});
