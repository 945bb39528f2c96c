// Bugs the fuzzer found (issue 9), each with the frame that showed it.
import type { BoardMessage, ErrorMessage } from '@tinyspark/protocol';
import { validateBoardMessage } from '@tinyspark/protocol';
import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { TestClient } from './helpers.js';
import { handBuiltQModel } from './qmodel-fixture.js';

const PROX: InputPipeline = { sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' };

let emu: RunningEmulator | undefined;
let c: TestClient | undefined;
afterEach(async () => {
  await c?.close();
  await emu?.close();
});

/** Every text message a client got is one the protocol accepts (none is the INTERNAL stand-in). */
function expectAllValid(messages: readonly BoardMessage[]): void {
  for (const m of messages) {
    expect(m.type === 'error' ? (m as ErrorMessage).code : m.type).not.toBe('INTERNAL');
    expect(() => validateBoardMessage(m)).not.toThrow();
  }
}

describe('fuzz findings', () => {
  it('a model whose label a prediction cannot carry (300 characters, or empty) is MODEL_INVALID naming the label, and the deployed model stays', async () => {
    emu = await startEmulator({ clock: 'virtual', port: 0 });
    c = await TestClient.open(emu.boards[0]!.url);
    const good = handBuiltQModel(PROX, [3, 2], ['near', 'far'], 1, 1.28 / 127);
    expect(await c.request({ type: 'model.deploy', model: good })).toMatchObject({ type: 'ack', result: { labels: ['near', 'far'] } });
    for (const [labels, field] of [
      [['near', 'x'.repeat(300)], 'model.labels[1]'],
      [['', 'far'], 'model.labels[0]'],
    ] as const) {
      const e = (await c.request({ type: 'model.deploy', model: { ...good, labels } })) as ErrorMessage;
      expect(e).toMatchObject({ type: 'error', code: 'MODEL_INVALID', field });
      expect(e.message.length).toBeLessThan(256);
    }
    // the good model still runs: its predictions arrive, every message valid
    expect(await c.request({ type: 'infer.start', mode: 'sliding', hopMs: 250 })).toMatchObject({ type: 'ack' });
    await c.request({ type: 'sim.clock', advanceMs: 2000 });
    expect(c.messages.some((m) => m.type === 'prediction' && m.label !== undefined)).toBe(true);
    expectAllValid(c.messages);
  });

  it('a model with many long labels deploys: its "Model deployed: ..." serial line is cut to the protocol\'s 1024 characters, not an INTERNAL error', async () => {
    emu = await startEmulator({ clock: 'virtual', port: 0 });
    c = await TestClient.open(emu.boards[0]!.url);
    const labels = Array.from({ length: 8 }, (_, i) => `${'l'.repeat(250)}${i}`);
    const model = handBuiltQModel(PROX, [3, 8], labels, 1, 1.28 / 127);
    const serial = c.upcoming((m) => m.type === 'serial');
    expect(await c.request({ type: 'model.deploy', model })).toMatchObject({ type: 'ack', result: { labels } });
    const line = ((await serial) as Extract<BoardMessage, { type: 'serial' }>).line;
    expect(line.startsWith('Model deployed: ')).toBe(true);
    expect(line.length).toBe(1024);
    expect(await c.request({ type: 'infer.start', mode: 'sliding', hopMs: 250 })).toMatchObject({ type: 'ack' });
    await c.request({ type: 'sim.clock', advanceMs: 1000 });
    expect(c.messages.some((m) => m.type === 'prediction')).toBe(true);
    expectAllValid(c.messages);
  });
});
