import { describe, expect, it } from 'vitest';
import { errorMessage, toErrorMessage } from './error-reply.js';
import { ProtocolError } from './protocol-error.js';
import { validateBoardMessage } from './validate-board-message.js';
import { validateHostMessage } from './validate-host-message.js';

describe('toErrorMessage', () => {
  it('turns a validation error into a valid error message answering the request', () => {
    let reply: unknown;
    try {
      validateHostMessage({ type: 'configure', id: 'c1', accelerometer: { rateHz: -5 } });
    } catch (error) {
      reply = toErrorMessage(error);
    }
    expect(reply).toEqual({
      type: 'error',
      id: 'c1',
      code: 'BAD_FIELD',
      field: 'accelerometer.rateHz',
      message: '[protocol] PROTO_ERR_BAD_FIELD: accelerometer.rateHz: field "accelerometer.rateHz" must be a finite number > 0, got number -5',
    });
    expect(validateBoardMessage(reply)).toEqual(reply);
  });

  it('lists supported types for an unknown type and uses the fallback id when the frame had none', () => {
    const error = new ProtocolError('PROTO_ERR_BAD_JSON', 'not JSON');
    expect(toErrorMessage(error, 'fallback')).toMatchObject({ id: 'fallback', code: 'BAD_JSON' });
    let reply: unknown;
    try {
      validateHostMessage({ type: 'dance', id: 3 });
    } catch (e) {
      reply = toErrorMessage(e);
    }
    expect(reply).toMatchObject({ id: 3, code: 'UNKNOWN_TYPE', field: 'type' });
    expect((reply as { supported: string[] }).supported).toContain('sim.clock');
  });

  it('reports anything else as INTERNAL', () => {
    expect(toErrorMessage(new Error('boom'), 4)).toEqual({ type: 'error', id: 4, code: 'INTERNAL', message: 'boom' });
    expect(toErrorMessage('weird')).toEqual({ type: 'error', id: null, code: 'INTERNAL', message: 'weird' });
  });

  it('builds a board error with the supported values listed', () => {
    const reply = errorMessage('r2', 'UNSUPPORTED_RATE', 'field "accelerometer.rateHz" 100 Hz is not supported', {
      field: 'accelerometer.rateHz',
      supported: [12.5, 26, 52, 104],
    });
    expect(validateBoardMessage(reply)).toEqual(reply);
  });
});

describe('error replies always fit the protocol', () => {
  it('a 2000-character id or an 1100-character label is echoed cut short, and the reply encodes', async () => {
    const { encodeTextFrame } = await import('./parse-text-frame.js');
    for (const json of [
      { type: 'ping', id: 'a'.repeat(2000) },
      { type: 'record', id: 1, label: 'b'.repeat(1100), durationMs: 1000 },
    ]) {
      let reply: ReturnType<typeof toErrorMessage> | undefined;
      try {
        validateHostMessage(json);
      } catch (e) {
        reply = toErrorMessage(e);
      }
      expect(reply!.code).toBe('BAD_FIELD');
      expect(reply!.message.length).toBeLessThan(400);
      expect(reply!.message).toMatch(/\(\d+ chars\)/);
      expect(() => encodeTextFrame(reply!)).not.toThrow();
    }
  });

  it('caps any message and field, whatever built them', () => {
    const e = new ProtocolError('PROTO_ERR_BAD_FIELD', 'y'.repeat(5000), { field: 'f'.repeat(5000) });
    const reply = toErrorMessage(e, 1);
    expect(reply.message.length).toBe(512);
    expect(reply.field!.length).toBe(256);
    expect(validateBoardMessage(reply)).toEqual(reply);
    const own = errorMessage(2, 'INTERNAL', 'z'.repeat(3000), { field: 'g'.repeat(3000) });
    expect(validateBoardMessage(own)).toEqual(own);
    expect(toErrorMessage(new Error('w'.repeat(3000))).message.length).toBe(512);
  });

  it('ProtocolError formats [protocol] CODE: field: text and keeps the text as detail', () => {
    const e = new ProtocolError('PROTO_ERR_TIMEOUT', 'no answer', { requestId: 3 });
    expect(e.message).toBe('[protocol] PROTO_ERR_TIMEOUT: no answer');
    expect(new ProtocolError('PROTO_ERR_BAD_FIELD', 'bad', { field: 'x.y' }).message).toBe('[protocol] PROTO_ERR_BAD_FIELD: x.y: bad');
    expect(e.detail).toBe('no answer');
  });
});
