// Issue 9: the documented limits and the real ones are the same, with the default limits.
import type { BoardMessage, ErrorMessage } from '@tinyspark/protocol';
import { CLOSE_CODES, DEFAULT_LIMITS } from '@tinyspark/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMULATOR_LIMITS, MODEL_ENVELOPE_BYTES, resolveLimits } from '../src/server/index.js';
import { closedAfterEach } from './support/servers.js';

const { emulator, client } = closedAfterEach();

describe('limits: documented = real', () => {
  it('the defaults are the protocol\'s frame and model limits, announced in hello', async () => {
    expect(DEFAULT_EMULATOR_LIMITS.maxFrameBytes).toBe(DEFAULT_LIMITS.maxFrameBytes);
    expect(DEFAULT_EMULATOR_LIMITS.maxModelBytes).toBe(DEFAULT_LIMITS.maxModelBytes);
    const emu = await emulator();
    const c = await client(emu.boards[0]!.url);
    const hello = c.messages.find((m) => m.type === 'hello') as Extract<BoardMessage, { type: 'hello' }>;
    expect(hello.limits).toMatchObject({ maxFrameBytes: DEFAULT_LIMITS.maxFrameBytes, maxModelBytes: DEFAULT_LIMITS.maxModelBytes });
  });

  it('MODEL_TOO_LARGE is reachable with the default limits (a 1.5 MiB model in a 1.5 MiB frame), with the request id', async () => {
    const emu = await emulator();
    const c = await client(emu.boards[0]!.url);
    const model = { format: 'tinyspark.qmodel', version: 1, padding: 'x'.repeat(1.5 * 1024 * 1024) };
    const e = (await c.request({ type: 'model.deploy', model })) as ErrorMessage;
    expect(e).toMatchObject({ type: 'error', code: 'MODEL_TOO_LARGE', field: 'model' });
    expect(e.message.length).toBeLessThan(512);
    expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
  });

  it('a model limit that leaves no room in a frame is refused at start (else MODEL_TOO_LARGE could never be sent)', () => {
    expect(() => resolveLimits({ maxFrameBytes: 1024 * 1024, maxModelBytes: 1024 * 1024 })).toThrowError(expect.objectContaining({ code: 'EMU_ERR_INVALID_OPTION', field: 'limits.maxModelBytes' }));
    expect(resolveLimits({ maxFrameBytes: 1024 * 1024, maxModelBytes: 1024 * 1024 - MODEL_ENVELOPE_BYTES }).maxModelBytes).toBe(1024 * 1024 - MODEL_ENVELOPE_BYTES);
    expect(() => resolveLimits({ maxPendingBytes: 0 })).toThrowError(expect.objectContaining({ field: 'limits.maxPendingBytes' }));
  });

  it('FRAME_TOO_LARGE names the id when it is readable; past twice the limit the socket closes 1009', async () => {
    const emu = await emulator({ limits: { maxFrameBytes: 64 * 1024, maxModelBytes: 16 * 1024 } });
    const c = await client(emu.boards[0]!.url);
    c.sendRaw(JSON.stringify({ type: 'ping', id: 'big-one', pad: 'y'.repeat(70 * 1024) }));
    expect(await c.upcoming((m) => m.type === 'error')).toMatchObject({ code: 'FRAME_TOO_LARGE', id: 'big-one' });
    c.sendRaw(JSON.stringify({ pad: 'y'.repeat(70 * 1024), type: 'ping', id: 7 }));
    expect(await c.upcoming((m) => m.type === 'error')).toMatchObject({ code: 'FRAME_TOO_LARGE', id: 7 });
    c.sendRaw('z'.repeat(130 * 1024));
    expect(await c.closed()).toBe(CLOSE_CODES.messageTooBig);
  });

  it('a text frame that is not UTF-8 closes that socket with 1007, as documented; others go on', async () => {
    const emu = await emulator();
    const bad = await client(emu.boards[0]!.url);
    const good = await client(emu.boards[0]!.url);
    bad.sendRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await bad.closed()).toBe(CLOSE_CODES.invalidPayload);
    expect(await good.request({ type: 'ping' })).toMatchObject({ type: 'ack' });
  });

  it('pending request bytes are bounded: reading pauses at maxPendingBytes, past twice it LIMIT_EXCEEDED; each request answered once', { timeout: 240_000 }, async () => {
    const maxPendingBytes = 2 * 1024 * 1024;
    const emu = await emulator({ limits: { maxPendingBytes } });
    const c = await client(emu.boards[0]!.url);
    let peak = 0;
    let paused = false;
    let on = true;
    const look = (): void => {
      if (!on) return;
      for (const cl of emu.diagnostics().boards[0]!.clients) {
        peak = Math.max(peak, cl.pendingBytes);
        paused ||= cl.paused;
      }
      setImmediate(look);
    };
    look();
    // the board is busy with an hour of virtual time (yielding between slices) while 12 x 0.9 MB arrive
    const hour = c.request({ type: 'sim.clock', advanceMs: 3_600_000 });
    const n = 12;
    const answers = new Map<number, string>();
    const all = new Promise<void>((resolve) =>
      c.ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const m = JSON.parse((data as Buffer).toString('utf8')) as { type: string; id?: unknown; code?: string };
        if (typeof m.id === 'number' && m.id >= 1000 && m.id < 1000 + n) {
          expect(answers.has(m.id)).toBe(false);
          answers.set(m.id, m.code ?? m.type);
          if (answers.size === n) resolve();
        }
      }),
    );
    for (let i = 0; i < n; i++) c.sendRaw(JSON.stringify({ type: 'model.deploy', id: 1000 + i, model: { format: 'tinyspark.qmodel', padding: 'p'.repeat(900_000) } }));
    await all;
    await hour;
    on = false;
    expect(peak).toBeLessThanOrEqual(2 * maxPendingBytes);
    expect(paused).toBe(true);
    expect(new Set(answers.values())).toEqual(new Set([...answers.values()].filter((v) => v === 'MODEL_INVALID' || v === 'LIMIT_EXCEEDED')));
    expect(await c.request({ type: 'ping' })).toMatchObject({ type: 'ack', result: { t: 3_600_000 } });
  });
});
