import { describe, expect, it } from 'vitest';
import { encodeTextFrame, parseTextFrame } from './parse-text-frame.js';
import { ProtocolError } from './protocol-error.js';

function rejection(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseTextFrame', () => {
  it('rejects broken JSON with PROTO_ERR_BAD_JSON (wire BAD_JSON)', () => {
    expect(rejection(() => parseTextFrame('{"type":"ping",'))).toMatchObject({ code: 'PROTO_ERR_BAD_JSON', wireCode: 'BAD_JSON', requestId: null });
  });

  it('decides the direction by type, or enforces the given one', () => {
    expect(parseTextFrame('{"type":"led","on":true}')).toEqual({ type: 'led', on: true });
    expect(parseTextFrame('{"type":"ping","id":"a"}')).toEqual({ type: 'ping', id: 'a' });
    expect(rejection(() => parseTextFrame('{"type":"led","on":true}', { from: 'host' }))).toMatchObject({ code: 'PROTO_ERR_UNKNOWN_TYPE' });
    expect(rejection(() => parseTextFrame('{"type":"ping","id":"a"}', { from: 'board' }))).toMatchObject({ code: 'PROTO_ERR_UNKNOWN_TYPE' });
  });

  it('accepts a frame of exactly maxFrameBytes UTF-8 bytes and rejects one byte more', () => {
    const base = '{"type":"serial","line":""}';
    const line = 'é'.repeat(10); // 20 UTF-8 bytes, 10 UTF-16 units
    const text = base.replace('""', `"${line}"`);
    const bytes = base.length + 20;
    expect(parseTextFrame(text, { limits: { maxFrameBytes: bytes } })).toEqual({ type: 'serial', line });
    expect(rejection(() => parseTextFrame(text, { limits: { maxFrameBytes: bytes - 1 } }))).toMatchObject({
      code: 'PROTO_ERR_FRAME_TOO_LARGE',
      wireCode: 'FRAME_TOO_LARGE',
    });
  });

  it('accepts free text of exactly maxStringLength characters and rejects one more', () => {
    const frame = (n: number): string => JSON.stringify({ type: 'serial', line: 'x'.repeat(n) });
    expect(parseTextFrame(frame(1024))).toEqual({ type: 'serial', line: 'x'.repeat(1024) });
    expect(rejection(() => parseTextFrame(frame(1025)))).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'line' });
    expect(parseTextFrame(frame(2000), { limits: { maxStringLength: 2000 } })).toMatchObject({ type: 'serial' });
  });

  it('accepts maxScenarioSteps steps and rejects one more', () => {
    const steps = (n: number) => Array.from({ length: n }, (_, i) => ({ atMs: i, gesture: 'tap' }));
    expect(parseTextFrame(JSON.stringify({ type: 'sim.scenario', id: 1, steps: steps(1000) }))).toMatchObject({ type: 'sim.scenario' });
    expect(rejection(() => parseTextFrame(JSON.stringify({ type: 'sim.scenario', id: 1, steps: steps(1001) })))).toMatchObject({ field: 'steps' });
  });

  it('refuses to encode an invalid message', () => {
    expect(rejection(() => encodeTextFrame({ type: 'sim.clock', id: 'c', advanceMs: Number.NaN }))).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'advanceMs' });
    expect(encodeTextFrame({ type: 'sim.clock', id: 'c', advanceMs: 10 })).toBe('{"type":"sim.clock","id":"c","advanceMs":10}');
  });
});
