import fc from 'fast-check';
import { prop } from '../test/support/property.js';
import { describe, expect, it } from 'vitest';
import type { HelloMessage } from './messages.js';
import { KIT_HELLO } from '../test/support/fixtures.js';
import { ProtocolError } from './protocol-error.js';
import { boardMessage } from '../test/support/arbitraries.js';
import { validateBoardMessage } from './validate-board-message.js';

function rejection(json: unknown): ProtocolError {
  try {
    validateBoardMessage(json);
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(json)}`);
}

const accel = KIT_HELLO.sensors[0] as HelloMessage['sensors'][number];
const withSensor = (patch: object): unknown => ({ ...KIT_HELLO, sensors: [{ ...accel, ...patch }] });

describe('validateBoardMessage', () => {
  it('accepts the kit hello unchanged', () => {
    expect(validateBoardMessage(JSON.parse(JSON.stringify(KIT_HELLO)))).toEqual(KIT_HELLO);
  });

  it('rejects a hello of another protocol version with PROTO_ERR_UNSUPPORTED_VERSION', () => {
    expect(rejection({ ...KIT_HELLO, protocol: 2 })).toMatchObject({ code: 'PROTO_ERR_UNSUPPORTED_VERSION', field: 'protocol', wireCode: 'UNSUPPORTED_VERSION' });
  });

  it.each([
    ['a hello without board', { ...KIT_HELLO, board: undefined }, 'board'],
    ['an empty board id', { ...KIT_HELLO, board: { ...KIT_HELLO.board, id: '' } }, 'board.id'],
    ['a sensor described twice', { ...KIT_HELLO, sensors: [accel, accel] }, 'sensors'],
    ['an unknown sensor', withSensor({ name: 'magnetometer' }), 'sensors[0].name'],
    ['axes in the wrong order', withSensor({ axes: ['ay', 'ax', 'az'] }), 'sensors[0].axes'],
    ['the wrong unit', withSensor({ unit: 'g' }), 'sensors[0].unit'],
    ['a range that is not an option', withSensor({ range: 3 }), 'sensors[0].range'],
    ['descending rate options', withSensor({ rateOptionsHz: [104, 52] }), 'sensors[0].rateOptionsHz'],
    ['a rate that is not an option', withSensor({ rateHz: 100 }), 'sensors[0].rateHz'],
    ['a zero lsb', withSensor({ lsb: 0 }), 'sensors[0].lsb'],
    ['an unknown mode', { ...KIT_HELLO, mode: 'sleeping' }, 'mode'],
    ['sim capability missing', { ...KIT_HELLO, capabilities: { inference: true, buttons: 2, neopixels: 5 } }, 'capabilities.sim'],
    ['a zero frame limit', { ...KIT_HELLO, limits: { ...KIT_HELLO.limits, maxFrameBytes: 0 } }, 'limits.maxFrameBytes'],
    ['an ack without id', { type: 'ack' }, 'id'],
    ['an ack result that is an array', { type: 'ack', id: 1, result: [1] }, 'result'],
    ['an error without message', { type: 'error', id: 1, code: 'BUSY' }, 'message'],
    ['an error with a numeric code', { type: 'error', id: 1, code: 5, message: 'x' }, 'code'],
    ['a recording with a short sample', { type: 'recording', id: null, label: 'a', sensor: 'proximity', axes: ['proximity'], values: [[1], []], intervalMs: 13.77, startedAt: 0 }, 'values[1]'],
    ['a recording with a NaN-ish value', { type: 'recording', id: null, label: 'a', sensor: 'proximity', axes: ['proximity'], values: [['1']], intervalMs: 13.77, startedAt: 0 }, 'values[0][0]'],
    ['a recording with imu axes for proximity', { type: 'recording', id: 1, label: 'a', sensor: 'proximity', axes: ['ax'], values: [], intervalMs: 1, startedAt: 0 }, 'axes'],
    ['a truth segment ending before it starts', { type: 'sim.truth', id: 1, segments: [{ label: 'a', gesture: 'a', startMs: 5, endMs: 4, person: 0, seed: 0 }] }, 'segments[0].endMs'],
    ['a prediction index past the logits', { type: 'prediction', label: 'a', index: 2, score: 0.5, logits: [1, 2], windowEnd: 0, latencyUs: 1 }, 'index'],
    ['a logit outside int8', { type: 'prediction', label: 'a', index: 0, score: 0.5, logits: [128], windowEnd: 0, latencyUs: 1 }, 'logits[0]'],
    ['a score above 1', { type: 'prediction', label: 'a', index: 0, score: 1.5, logits: [1], windowEnd: 0, latencyUs: 1 }, 'score'],
    ['a neopixel channel above 255', { type: 'neopixel', pixels: [[0, 256, 0]] }, 'pixels[0][1]'],
    ['a neopixel with two channels', { type: 'neopixel', pixels: [[0, 0]] }, 'pixels[0]'],
    ['button 0', { type: 'button', button: 0, pressed: true }, 'button'],
    ['a negative counter', { type: 'stats', sentFrames: -1, droppedFrames: 0, droppedSamples: 0, bufferedBytes: 0 }, 'sentFrames'],
    ['a led state as a number', { type: 'led', on: 1 }, 'on'],
  ])('rejects %s with PROTO_ERR_BAD_FIELD naming the field', (_name, json, field) => {
    expect(rejection(json)).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field });
  });

  it('rejects host message types with PROTO_ERR_UNKNOWN_TYPE listing the known ones', () => {
    const error = rejection({ type: 'ping', id: 1 });
    expect(error).toMatchObject({ code: 'PROTO_ERR_UNKNOWN_TYPE', field: 'type' });
    expect(error.supported).toContain('hello');
  });

  it('reads an error code from a newer protocol revision as INTERNAL, keeping its text', () => {
    expect(validateBoardMessage({ type: 'error', id: 'r1', code: 'OVERHEATED', message: 'too hot' })).toEqual({
      type: 'error',
      id: 'r1',
      code: 'INTERNAL',
      message: 'OVERHEATED: too hot',
    });
  });

  prop([fc.jsonValue()])('either accepts or throws a ProtocolError for any JSON value', (json) => {
    try {
      validateBoardMessage(json);
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
    }
  });

  prop([boardMessage, fc.nat(), fc.jsonValue({ maxDepth: 1 })])('either accepts or throws a ProtocolError naming a field when a field is replaced', (message, pick, value) => {
    const keys = Object.keys(message);
    const mutated = { ...message, [keys[pick % keys.length] as string]: value };
    try {
      validateBoardMessage(mutated);
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).field).toBeTypeOf('string');
    }
  });
});
