// Runtime validation of every host -> board JSON request.
import {
  isJsonObject,
  ObjectReader,
  peekRequestId,
  readIdentifier,
  readNumber,
  readOneOf,
  withoutUndefined,
  type ReadContext,
} from './field-reader.js';
import { resolveLimits, type ValidateOptions } from './message-options.js';
import { readMessageType } from './message-type.js';
import {
  FAULT_KINDS,
  HOST_MESSAGE_TYPES,
  MAX_GESTURE_DOC_BYTES,
  MAX_REPLAY_BYTES,
  MAX_REPLAY_LOOPS,
  REPLAY_FORMATS,
  type GestureParams,
  type HostMessage,
  type RequestId,
  type ScenarioStep,
  type SensorSettings,
} from './messages.js';
import { ProtocolError } from './protocol-error.js';
import { SENSOR_GROUPS, SENSOR_NAMES, type SensorName } from './sensors.js';
import { MAX_SEED } from './truth-segment.js';
import { utf8ByteLength } from './utf8-byte-length.js';

/** Longest `sim.clock` advance in one request: one day of board time, in milliseconds. */
export const MAX_CLOCK_ADVANCE_MS = 86_400_000;
/** Largest simulated person index. */
export const MAX_PERSON = 1_000_000;

const SEED_RULE = { integer: true, min: 0, max: MAX_SEED } as const;
const PERSON_RULE = { integer: true, min: 0, max: MAX_PERSON } as const;
const POSITIVE = { min: 0, exclusiveMin: true } as const;
/** Largest gesture `variation` accepted (10 x the spread of real people). */
export const MAX_VARIATION = 10;
const VARIATION_RULE = { min: 0, max: MAX_VARIATION } as const;

function readSettings(r: ObjectReader, key: string): SensorSettings | undefined {
  const s = r.optObject(key);
  if (!s) return undefined;
  return withoutUndefined({ range: s.optNum('range', POSITIVE), rateHz: s.optNum('rateHz', POSITIVE) });
}

function readSensors(r: ObjectReader, key: string): SensorName[] {
  const list = r.array(key, (v, p) => readOneOf(r.ctx, p, v, SENSOR_NAMES), { min: 1, max: SENSOR_NAMES.length });
  if (new Set(list).size !== list.length) {
    throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "${r.at(key)}" must not repeat a sensor`, { field: r.at(key), requestId: r.ctx.requestId });
  }
  return list;
}

function readParams(r: ObjectReader): GestureParams | undefined {
  const params = r.optNumberMap('params');
  if (!params) return undefined;
  for (const key of ['amplitude', 'tempo', 'durationMs']) {
    if (params[key] !== undefined) readNumber(r.ctx, r.at(`params.${key}`), params[key], POSITIVE);
  }
  if (params['variation'] !== undefined) readNumber(r.ctx, r.at('params.variation'), params['variation'], VARIATION_RULE);
  return params;
}

const WINDOW_STARTS = ['at', 'after'] as const;

function readStep(ctx: ReadContext, path: string, value: unknown): ScenarioStep {
  const s = ObjectReader.of(ctx, path, value);
  return withoutUndefined({
    atMs: s.num('atMs', { min: 0 }),
    gesture: s.ident('gesture'),
    label: s.raw('label') === null ? null : s.optIdent('label'),
    person: s.optNum('person', PERSON_RULE),
    seed: s.optNum('seed', SEED_RULE),
    params: readParams(s),
  });
}

const UNIT_RULE = { min: 1, max: 16 } as const;

function readReplay(r: ObjectReader, id: RequestId): HostMessage {
  const recording = r.required('recording');
  if (typeof recording !== 'string' && !isJsonObject(recording)) {
    throw new ProtocolError('PROTO_ERR_BAD_FIELD', 'field "recording" must be an object (Edge Impulse JSON, { recordings: [...] }) or CSV text', { field: 'recording', requestId: id });
  }
  const bytes = typeof recording === 'string' ? utf8ByteLength(recording) : utf8ByteLength(JSON.stringify(recording));
  if (bytes > MAX_REPLAY_BYTES) {
    throw new ProtocolError('PROTO_ERR_LIMIT_EXCEEDED', `field "recording" is ${bytes} bytes, more than MAX_REPLAY_BYTES ${MAX_REPLAY_BYTES}; cut the recording or replay it in parts`, {
      field: 'recording',
      requestId: id,
    });
  }
  const u = r.optObject('units');
  return withoutUndefined({
    type: 'sim.replay' as const,
    id,
    recording,
    format: r.optOneOf('format', REPLAY_FORMATS),
    index: r.optNum('index', { integer: true, min: 0, max: 1_000_000 }),
    label: r.raw('label') === null ? null : r.optIdent('label'),
    rateHz: r.optNum('rateHz', { min: 0, exclusiveMin: true, max: 100_000 }),
    units: u
      ? withoutUndefined({ accelerometer: u.optStr('accelerometer', UNIT_RULE), gyroscope: u.optStr('gyroscope', UNIT_RULE), proximity: u.optStr('proximity', UNIT_RULE) })
      : undefined,
    axisMap: r.optStr('axisMap', { min: 1, max: 32 }),
    sensors: r.has('sensors') ? readSensors(r, 'sensors') : undefined,
    loop: r.optNum('loop', { integer: true, min: 1, max: MAX_REPLAY_LOOPS }),
    startOffsetMs: r.optNum('startOffsetMs', { min: 0, max: MAX_CLOCK_ADVANCE_MS }),
    speed: r.optNum('speed', { min: 0.1, max: 10 }),
    noise: r.has('noise') ? r.bool('noise') : undefined,
  });
}

function readGesture(r: ObjectReader, id: RequestId): HostMessage {
  if (!r.has('gesture')) {
    if (r.has('replace')) badCombination(r.ctx, 'replace', 'is only allowed with "gesture"');
    return { type: 'sim.gesture' as const, id };
  }
  const gesture = r.raw('gesture');
  if (!isJsonObject(gesture)) {
    throw new ProtocolError('PROTO_ERR_BAD_FIELD', 'field "gesture" must be a tinyspark.gesture v1 document (an object)', { field: 'gesture', requestId: id });
  }
  const bytes = utf8ByteLength(JSON.stringify(gesture));
  if (bytes > MAX_GESTURE_DOC_BYTES) {
    throw new ProtocolError('PROTO_ERR_LIMIT_EXCEEDED', `field "gesture" is ${bytes} bytes, more than MAX_GESTURE_DOC_BYTES ${MAX_GESTURE_DOC_BYTES}; learn it with fewer examples or knots`, {
      field: 'gesture',
      requestId: id,
    });
  }
  return withoutUndefined({ type: 'sim.gesture' as const, id, gesture, replace: r.has('replace') ? r.bool('replace') : undefined });
}

function badCombination(ctx: ReadContext, field: string, message: string): never {
  throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "${field}" ${message}`, { field, requestId: ctx.requestId });
}

/**
 * Validates a host -> board request (already parsed) and returns it typed, with unknown fields
 * dropped. Throws {@link ProtocolError} naming the field (`error.requestId` holds the request's id
 * when it was readable, so a board can answer `{type:"error", id, code: error.wireCode, ...}`).
 *
 * @example
 * const req = validateHostMessage({ type: 'ping', id: 'r1' }); // { type: 'ping', id: 'r1' }
 */
export function validateHostMessage(json: unknown, options?: ValidateOptions): HostMessage {
  const limits = resolveLimits(options);
  const ctx: ReadContext = { requestId: peekRequestId(json), maxStringLength: limits.maxStringLength };
  const r = ObjectReader.of(ctx, '', json);
  const type = readMessageType(r, HOST_MESSAGE_TYPES, 'host');
  const id = r.requestId();
  switch (type) {
    case 'configure':
      return withoutUndefined({
        type,
        id,
        accelerometer: readSettings(r, 'accelerometer'),
        gyroscope: readSettings(r, 'gyroscope'),
        proximity: readSettings(r, 'proximity'),
      });
    case 'stream.start':
      return { type, id, sensors: readSensors(r, 'sensors') };
    case 'stream.stop':
      return withoutUndefined({ type, id, sensors: r.has('sensors') ? readSensors(r, 'sensors') : undefined });
    case 'record':
      return withoutUndefined({
        type,
        id,
        label: r.ident('label'),
        durationMs: r.num('durationMs', { min: 0, exclusiveMin: true, max: limits.maxRecordingMs }),
        delayMs: r.optNum('delayMs', { min: 0, max: limits.maxRecordingMs }),
        sensor: r.optOneOf('sensor', SENSOR_GROUPS),
      });
    case 'model.deploy': {
      const model = r.object('model').obj;
      const bytes = utf8ByteLength(JSON.stringify(model));
      if (bytes > limits.maxModelBytes) {
        throw new ProtocolError('PROTO_ERR_MODEL_TOO_LARGE', `field "model" is ${bytes} bytes of JSON, more than maxModelBytes ${limits.maxModelBytes}`, {
          field: 'model',
          requestId: id,
        });
      }
      return { type, id, model };
    }
    case 'model.clear':
    case 'infer.stop':
    case 'ping':
      return { type, id };
    case 'infer.start': {
      const mode = r.oneOf('mode', ['sliding', 'recording'] as const);
      if (mode === 'recording') {
        if (r.has('hopMs')) badCombination(ctx, 'hopMs', 'is only allowed with mode "sliding"');
        return { type, id, mode };
      }
      return { type, id, mode, hopMs: r.num('hopMs', { min: 0, exclusiveMin: true, max: 60_000 }) };
    }
    case 'sim.perform':
      return withoutUndefined({
        type,
        id,
        gesture: r.ident('gesture'),
        person: r.optNum('person', PERSON_RULE),
        seed: r.optNum('seed', SEED_RULE),
        variation: r.optNum('variation', VARIATION_RULE),
        params: readParams(r),
      });
    case 'sim.scenario': {
      if (r.has('steps') === r.has('generate')) badCombination(ctx, 'steps', 'or "generate" is required, not both');
      if (r.has('steps')) {
        const steps = r.array('steps', (v, p) => readStep(ctx, p, v), { min: 1, max: limits.maxScenarioSteps });
        steps.forEach((step, i) => {
          if (i > 0 && step.atMs < (steps[i - 1] as ScenarioStep).atMs) badCombination(ctx, `steps[${i}].atMs`, 'must not be smaller than the previous step\'s');
        });
        return withoutUndefined({ type, id, steps, windowStart: r.optOneOf('windowStart', WINDOW_STARTS) });
      }
      const g = r.object('generate');
      const gapMs = g.optArray('gapMs', (v, p) => readNumber(ctx, p, v, { min: 0, max: 600_000 }), { min: 2, max: 2 });
      if (gapMs && (gapMs[0] as number) > (gapMs[1] as number)) badCombination(ctx, 'generate.gapMs', 'must be [min, max] with min <= max');
      return withoutUndefined({
        type,
        id,
        generate: withoutUndefined({
          count: g.num('count', { integer: true, min: 1, max: limits.maxScenarioSteps }),
          gestures: g.array('gestures', (v, p) => readIdentifier(ctx, p, v), { min: 1, max: 64 }),
          person: g.optNum('person', PERSON_RULE),
          seed: g.num('seed', SEED_RULE),
          gapMs: gapMs ? ([gapMs[0], gapMs[1]] as [number, number]) : undefined,
        }),
        windowStart: r.optOneOf('windowStart', WINDOW_STARTS),
      });
    }
    case 'sim.button': {
      const action = r.oneOf('action', ['press', 'release', 'click'] as const);
      if (action !== 'click' && r.has('durationMs')) badCombination(ctx, 'durationMs', 'is only allowed with action "click"');
      return withoutUndefined({
        type,
        id,
        button: r.oneOf('button', [1, 2] as const),
        action,
        durationMs: r.optNum('durationMs', { min: 0, exclusiveMin: true, max: limits.maxRecordingMs }),
      });
    }
    case 'sim.fault':
      return withoutUndefined({
        type,
        id,
        kind: r.oneOf('kind', FAULT_KINDS),
        sensor: r.optOneOf('sensor', SENSOR_NAMES),
        params: r.optNumberMap('params'),
        durationMs: r.optNum('durationMs', { min: 0, exclusiveMin: true, max: MAX_CLOCK_ADVANCE_MS }),
      });
    case 'sim.clock':
      return { type, id, advanceMs: r.num('advanceMs', { min: 0, max: MAX_CLOCK_ADVANCE_MS }) };
    case 'sim.replay':
      return readReplay(r, id);
    case 'sim.gesture':
      return readGesture(r, id);
  }
}
