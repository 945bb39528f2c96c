import fc from 'fast-check';
import { prop } from '../test/support/property.js';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './protocol-error.js';
import { hostMessage } from '../test/support/arbitraries.js';
import { MAX_VARIATION, validateHostMessage } from './validate-host-message.js';

function rejection(json: unknown, options?: Parameters<typeof validateHostMessage>[1]): ProtocolError {
  try {
    validateHostMessage(json, options);
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(json)}`);
}

describe('validateHostMessage', () => {
  it.each([
    ['a non-object', 42, 'PROTO_ERR_BAD_FIELD', '(message)'],
    ['an array', [], 'PROTO_ERR_BAD_FIELD', '(message)'],
    ['a missing type', { id: 'a' }, 'PROTO_ERR_BAD_FIELD', 'type'],
    ['an unknown type', { type: 'reboot', id: 'a' }, 'PROTO_ERR_UNKNOWN_TYPE', 'type'],
    ['a board message type', { type: 'hello', id: 'a' }, 'PROTO_ERR_UNKNOWN_TYPE', 'type'],
    ['a missing id', { type: 'ping' }, 'PROTO_ERR_BAD_FIELD', 'id'],
    ['an empty id', { type: 'ping', id: '' }, 'PROTO_ERR_BAD_FIELD', 'id'],
    ['a 65-character id', { type: 'ping', id: 'x'.repeat(65) }, 'PROTO_ERR_BAD_FIELD', 'id'],
    ['a negative id', { type: 'ping', id: -1 }, 'PROTO_ERR_BAD_FIELD', 'id'],
    ['a fractional id', { type: 'ping', id: 1.5 }, 'PROTO_ERR_BAD_FIELD', 'id'],
    ['a rate given as a string', { type: 'configure', id: 1, accelerometer: { rateHz: '104' } }, 'PROTO_ERR_BAD_FIELD', 'accelerometer.rateHz'],
    ['a zero range', { type: 'configure', id: 1, gyroscope: { range: 0 } }, 'PROTO_ERR_BAD_FIELD', 'gyroscope.range'],
    ['settings that are not an object', { type: 'configure', id: 1, proximity: 5 }, 'PROTO_ERR_BAD_FIELD', 'proximity'],
    ['no sensors to stream', { type: 'stream.start', id: 1, sensors: [] }, 'PROTO_ERR_BAD_FIELD', 'sensors'],
    ['an unknown sensor', { type: 'stream.start', id: 1, sensors: ['magnetometer'] }, 'PROTO_ERR_BAD_FIELD', 'sensors[0]'],
    ['a repeated sensor', { type: 'stream.stop', id: 1, sensors: ['gyroscope', 'gyroscope'] }, 'PROTO_ERR_BAD_FIELD', 'sensors'],
    ['a replay without a recording', { type: 'sim.replay', id: 1 }, 'PROTO_ERR_BAD_FIELD', 'recording'],
    ['a replay recording that is a number', { type: 'sim.replay', id: 1, recording: 5 }, 'PROTO_ERR_BAD_FIELD', 'recording'],
    ['a replay at speed 0', { type: 'sim.replay', id: 1, recording: {}, speed: 0 }, 'PROTO_ERR_BAD_FIELD', 'speed'],
    ['a replay with 0 passes', { type: 'sim.replay', id: 1, recording: {}, loop: 0 }, 'PROTO_ERR_BAD_FIELD', 'loop'],
    ['a replay in an unknown format', { type: 'sim.replay', id: 1, recording: {}, format: 'wav' }, 'PROTO_ERR_BAD_FIELD', 'format'],
    ['a replay unit that is not a string', { type: 'sim.replay', id: 1, recording: {}, units: { accelerometer: 9.8 } }, 'PROTO_ERR_BAD_FIELD', 'units.accelerometer'],
    ['a replay recording over MAX_REPLAY_BYTES', { type: 'sim.replay', id: 1, recording: 'x'.repeat(3 * 1024 * 1024 + 1) }, 'PROTO_ERR_LIMIT_EXCEEDED', 'recording'],
    ['a gesture replace without a document', { type: 'sim.gesture', id: 1, replace: true }, 'PROTO_ERR_BAD_FIELD', 'replace'],
    ['a gesture document that is text', { type: 'sim.gesture', id: 1, gesture: '{"format":"tinyspark.gesture"}' }, 'PROTO_ERR_BAD_FIELD', 'gesture'],
    ['a gesture replace that is not a boolean', { type: 'sim.gesture', id: 1, gesture: {}, replace: 'yes' }, 'PROTO_ERR_BAD_FIELD', 'replace'],
    ['a gesture document over MAX_GESTURE_DOC_BYTES', { type: 'sim.gesture', id: 1, gesture: { notes: ['x'.repeat(1024 * 1024)] } }, 'PROTO_ERR_LIMIT_EXCEEDED', 'gesture'],
    ['a label with a space', { type: 'record', id: 1, label: 'swipe left', durationMs: 1000 }, 'PROTO_ERR_BAD_FIELD', 'label'],
    ['a zero duration', { type: 'record', id: 1, label: 'a', durationMs: 0 }, 'PROTO_ERR_BAD_FIELD', 'durationMs'],
    ['a duration over maxRecordingMs', { type: 'record', id: 1, label: 'a', durationMs: 60_001 }, 'PROTO_ERR_BAD_FIELD', 'durationMs'],
    ['a negative delay', { type: 'record', id: 1, label: 'a', durationMs: 1, delayMs: -1 }, 'PROTO_ERR_BAD_FIELD', 'delayMs'],
    ['an unknown sensor group', { type: 'record', id: 1, label: 'a', durationMs: 1, sensor: 'gyroscope' }, 'PROTO_ERR_BAD_FIELD', 'sensor'],
    ['a model that is an array', { type: 'model.deploy', id: 1, model: [] }, 'PROTO_ERR_BAD_FIELD', 'model'],
    ['an unknown inference mode', { type: 'infer.start', id: 1, mode: 'batch' }, 'PROTO_ERR_BAD_FIELD', 'mode'],
    ['sliding without hopMs', { type: 'infer.start', id: 1, mode: 'sliding' }, 'PROTO_ERR_BAD_FIELD', 'hopMs'],
    ['hopMs with recording mode', { type: 'infer.start', id: 1, mode: 'recording', hopMs: 5 }, 'PROTO_ERR_BAD_FIELD', 'hopMs'],
    ['a gesture with a slash', { type: 'sim.perform', id: 1, gesture: '../x' }, 'PROTO_ERR_BAD_FIELD', 'gesture'],
    ['a seed above uint32', { type: 'sim.perform', id: 1, gesture: 'tap', seed: 2 ** 32 }, 'PROTO_ERR_BAD_FIELD', 'seed'],
    ['a fractional person', { type: 'sim.perform', id: 1, gesture: 'tap', person: 0.5 }, 'PROTO_ERR_BAD_FIELD', 'person'],
    ['a non-numeric param', { type: 'sim.perform', id: 1, gesture: 'tap', params: { amplitude: 'big' } }, 'PROTO_ERR_BAD_FIELD', 'params.amplitude'],
    ['a zero amplitude', { type: 'sim.perform', id: 1, gesture: 'tap', params: { amplitude: 0 } }, 'PROTO_ERR_BAD_FIELD', 'params.amplitude'],
    ['a negative variation', { type: 'sim.perform', id: 1, gesture: 'tap', variation: -0.1 }, 'PROTO_ERR_BAD_FIELD', 'variation'],
    ['a variation over MAX_VARIATION', { type: 'sim.perform', id: 1, gesture: 'tap', variation: 10.001 }, 'PROTO_ERR_BAD_FIELD', 'variation'],
    ['a variation given as a string', { type: 'sim.perform', id: 1, gesture: 'tap', variation: '1' }, 'PROTO_ERR_BAD_FIELD', 'variation'],
    ['a negative params.variation', { type: 'sim.perform', id: 1, gesture: 'tap', params: { variation: -1 } }, 'PROTO_ERR_BAD_FIELD', 'params.variation'],
    ['neither steps nor generate', { type: 'sim.scenario', id: 1 }, 'PROTO_ERR_BAD_FIELD', 'steps'],
    ['both steps and generate', { type: 'sim.scenario', id: 1, steps: [{ atMs: 0, gesture: 'tap' }], generate: { count: 1, gestures: ['tap'], seed: 1 } }, 'PROTO_ERR_BAD_FIELD', 'steps'],
    ['steps going back in time', { type: 'sim.scenario', id: 1, steps: [{ atMs: 10, gesture: 'tap' }, { atMs: 5, gesture: 'tap' }] }, 'PROTO_ERR_BAD_FIELD', 'steps[1].atMs'],
    ['a step label with a dot', { type: 'sim.scenario', id: 1, steps: [{ atMs: 0, gesture: 'tap', label: 'a.b' }] }, 'PROTO_ERR_BAD_FIELD', 'steps[0].label'],
    ['zero generated gestures', { type: 'sim.scenario', id: 1, generate: { count: 0, gestures: ['tap'], seed: 1 } }, 'PROTO_ERR_BAD_FIELD', 'generate.count'],
    ['more generated gestures than maxScenarioSteps', { type: 'sim.scenario', id: 1, generate: { count: 1001, gestures: ['tap'], seed: 1 } }, 'PROTO_ERR_BAD_FIELD', 'generate.count'],
    ['an empty gesture list', { type: 'sim.scenario', id: 1, generate: { count: 1, gestures: [], seed: 1 } }, 'PROTO_ERR_BAD_FIELD', 'generate.gestures'],
    ['a reversed gap range', { type: 'sim.scenario', id: 1, generate: { count: 1, gestures: ['tap'], seed: 1, gapMs: [5, 1] } }, 'PROTO_ERR_BAD_FIELD', 'generate.gapMs'],
    ['an unknown scenario window start', { type: 'sim.scenario', id: 1, steps: [{ atMs: 0, gesture: 'tap' }], windowStart: 'before' }, 'PROTO_ERR_BAD_FIELD', 'windowStart'],
    ['button 3', { type: 'sim.button', id: 1, button: 3, action: 'click' }, 'PROTO_ERR_BAD_FIELD', 'button'],
    ['a duration on a press', { type: 'sim.button', id: 1, button: 1, action: 'press', durationMs: 10 }, 'PROTO_ERR_BAD_FIELD', 'durationMs'],
    ['an unknown fault', { type: 'sim.fault', id: 1, kind: 'fire' }, 'PROTO_ERR_BAD_FIELD', 'kind'],
    ['a fault param that is not a number', { type: 'sim.fault', id: 1, kind: 'noise', params: { sigma: null } }, 'PROTO_ERR_BAD_FIELD', 'params.sigma'],
    ['a negative clock advance', { type: 'sim.clock', id: 1, advanceMs: -1 }, 'PROTO_ERR_BAD_FIELD', 'advanceMs'],
    ['a clock advance over one day', { type: 'sim.clock', id: 1, advanceMs: 86_400_001 }, 'PROTO_ERR_BAD_FIELD', 'advanceMs'],
    ['an infinite advance', { type: 'sim.clock', id: 1, advanceMs: Number.POSITIVE_INFINITY }, 'PROTO_ERR_BAD_FIELD', 'advanceMs'],
  ])('rejects %s', (_name, json, code, field) => {
    const error = rejection(json);
    expect({ code: error.code, field: error.field }).toEqual({ code, field });
    expect(error.message).toContain(`"${field === '(message)' ? '(message)' : field}"`);
  });

  it('keeps the request id in the error so the board can answer it, and maps the code for the wire', () => {
    const error = rejection({ type: 'record', id: 'r7', label: 'x', durationMs: 'long' });
    expect(error).toMatchObject({ requestId: 'r7', wireCode: 'BAD_FIELD', field: 'durationMs' });
    expect(rejection({ type: 'nope', id: 9 })).toMatchObject({ requestId: 9, wireCode: 'UNKNOWN_TYPE' });
    expect(rejection({ type: 'ping', id: {} })).toMatchObject({ requestId: null });
  });

  it('accepts a model of exactly maxModelBytes and rejects one byte more with PROTO_ERR_MODEL_TOO_LARGE', () => {
    const model = { format: 'tinyspark.qmodel', note: 'é' }; // 'é' is 2 UTF-8 bytes
    const bytes = JSON.stringify(model).length + 1;
    expect(validateHostMessage({ type: 'model.deploy', id: 1, model }, { limits: { maxModelBytes: bytes } })).toEqual({ type: 'model.deploy', id: 1, model });
    expect(rejection({ type: 'model.deploy', id: 1, model }, { limits: { maxModelBytes: bytes - 1 } })).toMatchObject({
      code: 'PROTO_ERR_MODEL_TOO_LARGE',
      wireCode: 'MODEL_TOO_LARGE',
      field: 'model',
    });
  });

  it('accepts recordings up to maxRecordingMs exactly', () => {
    expect(validateHostMessage({ type: 'record', id: 1, label: 'a', durationMs: 60_000, delayMs: 60_000 })).toMatchObject({ durationMs: 60_000 });
    expect(validateHostMessage({ type: 'record', id: 1, label: 'a', durationMs: 500 }, { limits: { maxRecordingMs: 500 } })).toMatchObject({ durationMs: 500 });
    expect(rejection({ type: 'record', id: 1, label: 'a', durationMs: 501 }, { limits: { maxRecordingMs: 500 } }).field).toBe('durationMs');
  });

  it('accepts a sim.perform variation from 0 to MAX_VARIATION exactly, and leaves it out when absent', () => {
    expect(validateHostMessage({ type: 'sim.perform', id: 1, gesture: 'left', variation: 0 })).toEqual({ type: 'sim.perform', id: 1, gesture: 'left', variation: 0 });
    expect(validateHostMessage({ type: 'sim.perform', id: 1, gesture: 'left', variation: MAX_VARIATION })).toMatchObject({ variation: 10 });
    expect(validateHostMessage({ type: 'sim.perform', id: 1, gesture: 'left' })).not.toHaveProperty('variation');
  });

  it('keeps a scenario windowStart of either form, and leaves it out when absent', () => {
    const steps = [{ atMs: 0, gesture: 'tap' }];
    expect(validateHostMessage({ type: 'sim.scenario', id: 1, steps, windowStart: 'after' })).toEqual({ type: 'sim.scenario', id: 1, steps, windowStart: 'after' });
    const generate = { count: 2, gestures: ['tap'], seed: 1 };
    expect(validateHostMessage({ type: 'sim.scenario', id: 1, generate, windowStart: 'at' })).toEqual({ type: 'sim.scenario', id: 1, generate, windowStart: 'at' });
    expect(validateHostMessage({ type: 'sim.scenario', id: 1, steps })).not.toHaveProperty('windowStart');
  });

  it('drops unknown fields', () => {
    expect(validateHostMessage({ type: 'ping', id: 'x', extra: true })).toEqual({ type: 'ping', id: 'x' });
  });

  prop([fc.jsonValue()])('either accepts or throws a ProtocolError for any JSON value', (json) => {
    try {
      validateHostMessage(json);
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
    }
  });

  prop([hostMessage, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })])(
    'either accepts or throws a ProtocolError when any field of a valid request is replaced',
    (message, key, value) => {
      const keys = Object.keys(message);
      const target = keys[key.length % keys.length] as string;
      const mutated = { ...message, [target]: value };
      try {
        validateHostMessage(mutated);
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
        expect((error as ProtocolError).field).toBeTypeOf('string');
      }
    },
  );
});
