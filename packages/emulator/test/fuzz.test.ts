// Issue 9, proof: a seeded fuzz run against a real server (loopback, ephemeral port, virtual clock).
// Bounded in work (the frame count), not in time: frames go one at a time, each answered before the
// next, so the run is the same on a loaded machine. The long run (`pnpm fuzz`) uses the same code.
import type { BoardMessage, HelloMessage, RecordingMessage } from '@tinyspark/protocol';
import { validateBoardMessage } from '@tinyspark/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { createFrameGenerator } from './fuzz/generator.js';
import { laneSeed, mergeTallies, runFuzz } from './fuzz/driver.js';
import type { FuzzTally } from './fuzz/driver.js';
import { generatorOptions } from './fuzz/fixtures.js';
import { TestClient } from './helpers.js';

const SEED = 9;
const FRAMES = 10_000;
/** Lanes run side by side, each on its own board (so each board sees a fixed sequence of frames). */
const LANES = 4;
// small frame and model limits, so oversized frames (just over the limit, and past twice it) are cheap
const LIMITS = { maxFrameBytes: 64 * 1024, maxModelBytes: 16 * 1024 };

let emu: RunningEmulator;
let tally: FuzzTally;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => {
  unhandled.push(e);
};

beforeAll(async () => {
  process.on('uncaughtException', onUnhandled);
  process.on('unhandledRejection', onUnhandled);
  emu = await startEmulator({ clock: 'virtual', port: 0, boards: LANES + 1, seed: SEED, limits: LIMITS });
});
afterAll(async () => {
  await emu.close();
  process.off('uncaughtException', onUnhandled);
  process.off('unhandledRejection', onUnhandled);
});

describe(`fuzz: ${FRAMES} seeded frames (seed ${SEED}) against ${LANES} boards`, () => {
  it('every frame is answered by a documented error or ack, or closed with a documented code a client can cause; no crash', { timeout: 300_000 }, async () => {
    const first = await TestClient.open(emu.boards[0]!.url);
    const hello = first.messages[0] as HelloMessage;
    await first.close();
    const lanes = Array.from({ length: LANES }, (_, lane) =>
      runFuzz({ url: emu.boards[lane]!.url, generator: createFrameGenerator(generatorOptions(laneSeed(SEED, lane), hello.limits)), frames: FRAMES / LANES }),
    );
    tally = mergeTallies(await Promise.all(lanes));
    expect(tally.violations).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(tally.frames).toBe(FRAMES);
    // the run reached every kind of frame and every request type, valid and mutated
    const kinds = Object.keys(tally.kinds);
    for (const k of ['random-bytes-binary', 'random-bytes-text', 'random-text', 'random-json', 'oversized-frame', 'oversized-1009', 'model-too-large', 'valid-as-binary']) expect(kinds).toContain(k);
    for (const type of ['configure', 'stream.start', 'stream.stop', 'record', 'model.deploy', 'model.clear', 'infer.start', 'infer.stop', 'ping', 'sim.perform', 'sim.scenario', 'sim.button', 'sim.fault', 'sim.clock', 'sim.replay']) {
      expect(kinds).toContain(`valid:${type}`);
      expect(kinds).toContain(`mutated:${type}`);
    }
    // and got the answers those frames call for
    for (const code of ['ack', 'BAD_JSON', 'BAD_FIELD', 'BAD_FRAME', 'UNKNOWN_TYPE', 'FRAME_TOO_LARGE', 'MODEL_TOO_LARGE', 'UNKNOWN_GESTURE']) expect(Object.keys(tally.replies)).toContain(code);
    for (const code of ['1007', '1009']) expect(Object.keys(tally.closes)).toContain(code);
    expect(tally.reconnects).toBeGreaterThan(0);
  });

  it('after the run a normal client is served: hello, ping, sim.perform, record and its recording', async () => {
    // a fuzzed board and one nobody touched
    for (const id of ['board-0', `board-${LANES}`]) {
      const c = await TestClient.open(`${emu.url}/boards/${id}`);
      const hello = c.messages[0]!;
      expect(validateBoardMessage(hello).type).toBe('hello');
      // whatever the fuzzer left running (a delayed recording, a fault) ends within this advance
      expect(await c.request({ type: 'sim.clock', advanceMs: 130_000 })).toMatchObject({ type: 'ack' });
      expect(await c.request({ type: 'configure', accelerometer: { rateHz: 104, range: 4 }, gyroscope: { rateHz: 104, range: 250 } })).toMatchObject({ type: 'ack' });
      const pong = (await c.request({ type: 'ping' })) as BoardMessage;
      expect(pong).toMatchObject({ type: 'ack', result: { t: expect.any(Number) } });
      expect(await c.request({ type: 'sim.perform', gesture: 'circle', seed: 1 })).toMatchObject({ type: 'ack', result: { segment: { gesture: 'circle' } } });
      const ack = await c.request({ type: 'record', label: 'after_fuzz', durationMs: 1000 });
      expect(ack).toMatchObject({ type: 'ack' });
      const recording = c.upcoming((m) => m.type === 'recording');
      expect(await c.request({ type: 'sim.clock', advanceMs: 1500 })).toMatchObject({ type: 'ack' });
      const rec = (await recording) as RecordingMessage;
      expect(validateBoardMessage(rec)).toMatchObject({ type: 'recording', label: 'after_fuzz', id: (ack as { id: unknown }).id });
      expect(rec.values).toHaveLength(104);
      await c.close();
    }
  });
});
