// Runtime validation of every board -> host JSON message.
import {
  ObjectReader,
  peekRequestId,
  readArray,
  readNumber,
  readOneOf,
  readString,
  withoutUndefined,
  type ReadContext,
} from './field-reader.js';
import { resolveLimits, type ValidateOptions } from './message-options.js';
import { readMessageType } from './message-type.js';
import {
  BOARD_MESSAGE_TYPES,
  BOARD_MODES,
  type BoardMessage,
  type HelloMessage,
  type Rgb,
  type SensorDescriptor,
} from './messages.js';
import { ProtocolError } from './protocol-error.js';
import { SENSOR_AXES, SENSOR_GROUPS, SENSOR_NAMES, SENSOR_RANGE_UNITS, SENSOR_UNITS, type SensorName } from './sensors.js';
import { readTruthSegment } from './truth-segment.js';
import { PROTOCOL_VERSION } from './version.js';
import { isWireErrorCode } from './wire-error-codes.js';

/** Axes of a recording per sensor group. */
export const RECORDING_AXES = Object.freeze({
  imu: Object.freeze([...SENSOR_AXES.accelerometer, ...SENSOR_AXES.gyroscope]),
  proximity: Object.freeze([...SENSOR_AXES.proximity]),
});

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function readAscendingPositive(r: ObjectReader, key: string): number[] {
  const list = r.array(key, (v, p) => readNumber(r.ctx, p, v, { min: 0, exclusiveMin: true }), { min: 1, max: 64 });
  for (let i = 1; i < list.length; i++) {
    if (!((list[i] as number) > (list[i - 1] as number))) {
      throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "${r.at(key)}" must be strictly ascending`, {
        field: r.at(key),
        requestId: r.ctx.requestId,
      });
    }
  }
  return list;
}

function notOneOf(r: ObjectReader, key: string, options: readonly number[]): never {
  throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "${r.at(key)}" must be one of ${options.join(', ')}`, {
    field: r.at(key),
    requestId: r.ctx.requestId,
  });
}

/** Validates one sensor descriptor (hello.sensors[i], configure ack). */
export function readSensorDescriptor(ctx: ReadContext, path: string, value: unknown): SensorDescriptor {
  const r = ObjectReader.of(ctx, path, value);
  const name = r.oneOf('name', SENSOR_NAMES);
  const axes = r.array('axes', (v, p) => readAxis(ctx, p, v), { min: 1, max: 8 });
  if (!sameList(axes, SENSOR_AXES[name])) {
    throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "${r.at('axes')}" must be ${JSON.stringify(SENSOR_AXES[name])} for ${name}`, {
      field: r.at('axes'),
      requestId: ctx.requestId,
    });
  }
  const unit = r.oneOf('unit', [SENSOR_UNITS[name]]);
  const rangeUnit = r.oneOf('rangeUnit', [SENSOR_RANGE_UNITS[name]]);
  const rangeOptions = readAscendingPositive(r, 'rangeOptions');
  const range = r.num('range');
  if (!rangeOptions.includes(range)) notOneOf(r, 'range', rangeOptions);
  const rateOptionsHz = readAscendingPositive(r, 'rateOptionsHz');
  const rateHz = r.num('rateHz');
  if (!rateOptionsHz.includes(rateHz)) notOneOf(r, 'rateHz', rateOptionsHz);
  return { name, axes, unit, rangeUnit, rangeOptions, range, rateOptionsHz, rateHz, lsb: r.num('lsb', { min: 0, exclusiveMin: true }) };
}

function readAxis(ctx: ReadContext, path: string, value: unknown): string {
  return readString(ctx, path, value, { min: 1, max: 32 });
}

function readSensorList(r: ObjectReader, key: string, min: number): SensorName[] {
  const list = r.array(key, (v, p) => readOneOf(r.ctx, p, v, SENSOR_NAMES), { min, max: SENSOR_NAMES.length });
  if (new Set(list).size !== list.length) {
    throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "${r.at(key)}" must not repeat a sensor`, { field: r.at(key), requestId: r.ctx.requestId });
  }
  return list;
}

function readHello(r: ObjectReader): HelloMessage {
  const protocol = r.num('protocol', { integer: true, min: 1 });
  if (protocol !== PROTOCOL_VERSION) {
    throw new ProtocolError('PROTO_ERR_UNSUPPORTED_VERSION', `board speaks protocol ${protocol}, this client speaks ${PROTOCOL_VERSION}`, {
      field: 'protocol',
    });
  }
  const board = r.object('board');
  const sensors = r.array('sensors', (v, p) => readSensorDescriptor(r.ctx, p, v), { max: SENSOR_NAMES.length });
  if (new Set(sensors.map((s) => s.name)).size !== sensors.length) {
    throw new ProtocolError('PROTO_ERR_BAD_FIELD', 'field "sensors" must not describe a sensor twice', { field: 'sensors' });
  }
  const caps = r.object('capabilities');
  const lim = r.object('limits');
  const positiveInt = { integer: true, min: 1 } as const;
  return {
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    board: {
      model: board.str('model', { min: 1, max: 128 }),
      firmware: board.str('firmware', { min: 1, max: 128 }),
      id: board.str('id', { min: 1, max: 128 }),
    },
    sensors,
    mode: r.oneOf('mode', BOARD_MODES),
    streaming: readSensorList(r, 'streaming', 0),
    capabilities: {
      sim: caps.bool('sim'),
      inference: caps.bool('inference'),
      buttons: caps.num('buttons', { integer: true, min: 0, max: 16 }),
      neopixels: caps.num('neopixels', { integer: true, min: 0, max: 1024 }),
    },
    limits: {
      maxFrameBytes: lim.num('maxFrameBytes', positiveInt),
      maxModelBytes: lim.num('maxModelBytes', positiveInt),
      maxRecordingMs: lim.num('maxRecordingMs', { min: 0, exclusiveMin: true }),
    },
  };
}

function readJsonObject(r: ObjectReader, key: string): { readonly [key: string]: unknown } {
  return r.object(key).obj;
}

function readRgb(ctx: ReadContext, path: string, value: unknown): Rgb {
  const channel = (v: unknown, p: string): number => readNumber(ctx, p, v, { integer: true, min: 0, max: 255 });
  const list = readArray(ctx, path, value, channel, { min: 3, max: 3 });
  return [list[0] as number, list[1] as number, list[2] as number];
}

/**
 * A recording's values when they are all well-formed (an array of rows of `width` finite
 * numbers), copied; else undefined, and the field-by-field reader names the first problem.
 */
function finiteRows(value: unknown, width: number): number[][] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: number[][] = new Array<number[]>(value.length);
  for (let i = 0; i < value.length; i++) {
    const row: unknown = value[i];
    if (!Array.isArray(row) || row.length !== width) return undefined;
    const copy = new Array<number>(width);
    for (let a = 0; a < width; a++) {
      const v: unknown = row[a];
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      copy[a] = v;
    }
    out[i] = copy;
  }
  return out;
}

/**
 * Validates a board -> host JSON message (already parsed) and returns it typed, with unknown fields
 * dropped. Throws {@link ProtocolError} naming the field: PROTO_ERR_BAD_FIELD, PROTO_ERR_UNKNOWN_TYPE,
 * PROTO_ERR_UNSUPPORTED_VERSION.
 *
 * @example
 * const msg = validateBoardMessage(JSON.parse(text));
 * if (msg.type === 'prediction') console.log(msg.label, msg.score);
 */
export function validateBoardMessage(json: unknown, options?: ValidateOptions): BoardMessage {
  const limits = resolveLimits(options);
  const ctx: ReadContext = { requestId: peekRequestId(json), maxStringLength: limits.maxStringLength };
  const r = ObjectReader.of(ctx, '', json);
  const type = readMessageType(r, BOARD_MESSAGE_TYPES, 'board');
  const t = (): { t?: number } => withoutUndefined({ t: r.optNum('t', { min: 0 }) });
  switch (type) {
    case 'hello':
      return readHello(r);
    case 'ack': {
      const id = r.requestId();
      return withoutUndefined({ type, id, result: r.has('result') ? readJsonObject(r, 'result') : undefined });
    }
    case 'error': {
      const id = r.raw('id') === null ? null : r.requestId();
      // A code this version does not know (from a newer board) is read as INTERNAL, its text kept in the message.
      const codeText = r.str('code', { min: 1, max: 64 });
      const known = isWireErrorCode(codeText);
      const message = r.str('message');
      return withoutUndefined({
        type,
        id,
        code: known ? codeText : ('INTERNAL' as const),
        message: known ? message : `${codeText}: ${message}`,
        field: r.optStr('field', { min: 1, max: 256 }),
        supported: r.optArray(
          'supported',
          (v, p) => (typeof v === 'string' ? readString(ctx, p, v, { max: 64 }) : readNumber(ctx, p, v)),
          { max: 256 },
        ),
      });
    }
    case 'recording': {
      const id = r.raw('id') === null ? null : r.requestId();
      const sensor = r.oneOf('sensor', SENSOR_GROUPS);
      const axes = r.array('axes', (v, p) => readAxis(ctx, p, v), { min: 1, max: 8 });
      const expectedAxes = RECORDING_AXES[sensor];
      if (!sameList(axes, expectedAxes)) {
        throw new ProtocolError('PROTO_ERR_BAD_FIELD', `field "axes" must be ${JSON.stringify(expectedAxes)} for sensor ${sensor}`, {
          field: 'axes',
          requestId: ctx.requestId,
        });
      }
      const values =
        finiteRows(r.raw('values'), axes.length) ??
        r.array('values', (row, p) => readArray(ctx, p, row, (v, q) => readNumber(ctx, q, v), { min: axes.length, max: axes.length }));
      return withoutUndefined({
        type,
        id,
        label: r.ident('label'),
        sensor,
        axes,
        values,
        intervalMs: r.num('intervalMs', { min: 0, exclusiveMin: true }),
        startedAt: r.num('startedAt', { min: 0 }),
        truth: r.optArray('truth', (v, p) => readTruthSegment(ctx, p, v), { max: limits.maxScenarioSteps * 2 + 1 }),
      });
    }
    case 'prediction': {
      const logits = r.array('logits', (v, p) => readNumber(ctx, p, v, { integer: true, min: -128, max: 127 }), { min: 1, max: 1024 });
      return {
        type,
        label: r.str('label', { min: 1, max: 256 }),
        index: r.num('index', { integer: true, min: 0, max: logits.length - 1 }),
        score: r.num('score', { min: 0, max: 1 }),
        logits,
        windowEnd: r.num('windowEnd', { min: 0 }),
        latencyUs: r.num('latencyUs', { min: 0 }),
      };
    }
    case 'serial':
      return { type, line: r.str('line'), ...t() };
    case 'led':
      return { type, on: r.bool('on'), ...t() };
    case 'neopixel':
      return { type, pixels: r.array('pixels', (v, p) => readRgb(ctx, p, v), { min: 1, max: 1024 }), ...t() };
    case 'button':
      return { type, button: r.oneOf('button', [1, 2] as const), pressed: r.bool('pressed'), ...t() };
    case 'mode':
      return { type, mode: r.oneOf('mode', BOARD_MODES), streaming: readSensorList(r, 'streaming', 0), ...t() };
    case 'stats': {
      const count = { integer: true, min: 0 } as const;
      return {
        type,
        sentFrames: r.num('sentFrames', count),
        droppedFrames: r.num('droppedFrames', count),
        droppedSamples: r.num('droppedSamples', count),
        bufferedBytes: r.num('bufferedBytes', count),
        ...t(),
      };
    }
    case 'sim.truth':
      return {
        type,
        id: r.requestId(),
        segments: r.array('segments', (v, p) => readTruthSegment(ctx, p, v), { max: limits.maxScenarioSteps * 2 + 1 }),
      };
  }
}
