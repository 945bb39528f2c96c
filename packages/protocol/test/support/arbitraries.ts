// fast-check arbitraries of every protocol message (tests only; excluded from the build).
import fc from 'fast-check';
import { MAX_SEED } from '../../src/truth-segment.js';
import { MAX_CLOCK_ADVANCE_MS, MAX_PERSON } from '../../src/validate-host-message.js';
import { RECORDING_AXES } from '../../src/validate-board-message.js';
import { BOARD_MODES, FAULT_KINDS, type BoardMessage, type HostMessage, type SensorDescriptor, type TruthSegment } from '../../src/messages.js';
import { SENSOR_AXES, SENSOR_GROUPS, SENSOR_NAMES, SENSOR_RANGE_UNITS, SENSOR_UNITS, type SensorName } from '../../src/sensors.js';
import { WIRE_ERROR_CODES } from '../../src/wire-error-codes.js';
import type { SampleFrame } from '../../src/sample-frame.js';

/** Finite double without -0 (JSON cannot carry -0). */
export const finite = (min = -1e12, max = 1e12): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);
export const positive = (max = 1e9): fc.Arbitrary<number> => fc.double({ min: 1e-6, max, noNaN: true });
export const ident = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
export const anyText = (maxLength: number, minLength = 0): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ minLength, maxLength }), fc.string({ minLength, maxLength, unit: 'binary' }));
export const requestId = fc.oneof(anyText(64, 1), fc.maxSafeNat());
export const sensorName = fc.constantFrom(...SENSOR_NAMES);
const sensorList = (minLength: number): fc.Arbitrary<SensorName[]> => fc.uniqueArray(sensorName, { minLength, maxLength: 3 });
const seed = fc.integer({ min: 0, max: MAX_SEED });
const person = fc.integer({ min: 0, max: MAX_PERSON });
const boardTime = finite(0, 1e12);

const ascending = fc.uniqueArray(positive(1e5), { minLength: 1, maxLength: 8 }).map((a) => [...a].sort((x, y) => x - y));

export const sensorDescriptor = (name: SensorName): fc.Arbitrary<SensorDescriptor> =>
  fc
    .record({ rangeOptions: ascending, rateOptionsHz: ascending, r: fc.nat(), q: fc.nat(), lsb: positive(10) })
    .map(({ rangeOptions, rateOptionsHz, r, q, lsb }) => ({
      name,
      axes: [...SENSOR_AXES[name]],
      unit: SENSOR_UNITS[name],
      rangeUnit: SENSOR_RANGE_UNITS[name],
      rangeOptions,
      range: rangeOptions[r % rangeOptions.length] as number,
      rateOptionsHz,
      rateHz: rateOptionsHz[q % rateOptionsHz.length] as number,
      lsb,
    }));

export const truthSegment: fc.Arbitrary<TruthSegment> = fc
  .record({ label: fc.option(ident, { nil: null }), gesture: ident, startMs: boardTime, lengthMs: finite(0, 1e6), person, seed })
  .map(({ lengthMs, ...s }) => ({ ...s, endMs: s.startMs + lengthMs }));

const t = { t: boardTime };

export const helloMessage = fc.record({
  type: fc.constant('hello' as const),
  protocol: fc.constant(1 as const),
  board: fc.record({ model: anyText(128, 1), firmware: anyText(128, 1), id: anyText(128, 1) }),
  sensors: fc.subarray([...SENSOR_NAMES]).chain((names) => fc.tuple(...names.map(sensorDescriptor))).map((list) => [...list]),
  mode: fc.constantFrom(...BOARD_MODES),
  streaming: sensorList(0),
  capabilities: fc.record({ sim: fc.boolean(), inference: fc.boolean(), buttons: fc.integer({ min: 0, max: 16 }), neopixels: fc.integer({ min: 0, max: 1024 }) }),
  limits: fc.record({ maxFrameBytes: fc.integer({ min: 1 }), maxModelBytes: fc.integer({ min: 1 }), maxRecordingMs: positive(1e9) }),
});

const jsonObject = fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }) as fc.Arbitrary<{ [key: string]: never }>;

const recordingMessage = fc.constantFrom(...SENSOR_GROUPS).chain((sensor) =>
  fc.record(
    {
      type: fc.constant('recording' as const),
      id: fc.option(requestId, { nil: null }),
      label: ident,
      sensor: fc.constant(sensor),
      axes: fc.constant([...RECORDING_AXES[sensor]]),
      values: fc.array(fc.array(finite(-1e4, 1e4), { minLength: RECORDING_AXES[sensor].length, maxLength: RECORDING_AXES[sensor].length }), { maxLength: 20 }),
      intervalMs: positive(1e4),
      startedAt: boardTime,
      truth: fc.array(truthSegment, { maxLength: 4 }),
    },
    { requiredKeys: ['type', 'id', 'label', 'sensor', 'axes', 'values', 'intervalMs', 'startedAt'] },
  ),
);

const predictionMessage = fc.array(fc.integer({ min: -128, max: 127 }), { minLength: 1, maxLength: 16 }).chain((logits) =>
  fc.record({
    type: fc.constant('prediction' as const),
    label: anyText(256, 1),
    index: fc.integer({ min: 0, max: logits.length - 1 }),
    score: finite(0, 1),
    logits: fc.constant(logits),
    windowEnd: boardTime,
    latencyUs: finite(0, 1e9),
  }),
);

const count = fc.maxSafeNat();

/** Any valid board -> host message. */
export const boardMessage: fc.Arbitrary<BoardMessage> = fc.oneof(
  helloMessage,
  fc.record({ type: fc.constant('ack' as const), id: requestId, result: jsonObject }, { requiredKeys: ['type', 'id'] }),
  fc.record(
    {
      type: fc.constant('error' as const),
      id: fc.option(requestId, { nil: null }),
      code: fc.constantFrom(...WIRE_ERROR_CODES),
      message: anyText(200),
      field: anyText(256, 1),
      supported: fc.array(fc.oneof(finite(), anyText(64)), { maxLength: 8 }),
    },
    { requiredKeys: ['type', 'id', 'code', 'message'] },
  ),
  recordingMessage,
  predictionMessage,
  fc.record({ type: fc.constant('serial' as const), line: anyText(200), ...t }, { requiredKeys: ['type', 'line'] }),
  fc.record({ type: fc.constant('led' as const), on: fc.boolean(), ...t }, { requiredKeys: ['type', 'on'] }),
  fc.record(
    { type: fc.constant('neopixel' as const), pixels: fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), ...t },
    { requiredKeys: ['type', 'pixels'] },
  ),
  fc.record({ type: fc.constant('button' as const), button: fc.constantFrom(1 as const, 2 as const), pressed: fc.boolean(), ...t }, { requiredKeys: ['type', 'button', 'pressed'] }),
  fc.record({ type: fc.constant('mode' as const), mode: fc.constantFrom(...BOARD_MODES), streaming: sensorList(0), ...t }, { requiredKeys: ['type', 'mode', 'streaming'] }),
  fc.record(
    { type: fc.constant('stats' as const), sentFrames: count, droppedFrames: count, droppedSamples: count, bufferedBytes: count, ...t },
    { requiredKeys: ['type', 'sentFrames', 'droppedFrames', 'droppedSamples', 'bufferedBytes'] },
  ),
  fc.record({ type: fc.constant('sim.truth' as const), id: requestId, segments: fc.array(truthSegment, { maxLength: 5 }) }),
);

const settings = fc.record({ range: positive(), rateHz: positive() }, { requiredKeys: [] });
const gestureParams = fc.record({ amplitude: positive(10), tempo: positive(10), durationMs: positive(1e4), phase: finite() }, { requiredKeys: [] });

const scenarioSteps = fc
  .array(
    fc.record(
      { delta: finite(0, 1e4), gesture: ident, label: fc.option(ident, { nil: null }), person, seed, params: gestureParams },
      { requiredKeys: ['delta', 'gesture'] },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((steps) => {
    let atMs = 0;
    return steps.map(({ delta, ...step }) => ({ ...step, atMs: (atMs += delta) }));
  });

/** Any valid host -> board request. */
export const hostMessage: fc.Arbitrary<HostMessage> = fc.oneof(
  fc.record(
    { type: fc.constant('configure' as const), id: requestId, accelerometer: settings, gyroscope: settings, proximity: settings },
    { requiredKeys: ['type', 'id'] },
  ),
  fc.record({ type: fc.constant('stream.start' as const), id: requestId, sensors: sensorList(1) }),
  fc.record({ type: fc.constant('stream.stop' as const), id: requestId, sensors: sensorList(1) }, { requiredKeys: ['type', 'id'] }),
  fc.record(
    { type: fc.constant('record' as const), id: requestId, label: ident, durationMs: fc.double({ min: 0.001, max: 60_000, noNaN: true }), delayMs: finite(0, 60_000), sensor: fc.constantFrom(...SENSOR_GROUPS) },
    { requiredKeys: ['type', 'id', 'label', 'durationMs'] },
  ),
  fc.record({ type: fc.constant('model.deploy' as const), id: requestId, model: jsonObject }),
  fc.record({ type: fc.constantFrom('model.clear' as const, 'infer.stop' as const, 'ping' as const), id: requestId }),
  fc.record({ type: fc.constant('infer.start' as const), id: requestId, mode: fc.constant('sliding' as const), hopMs: fc.double({ min: 0.001, max: 60_000, noNaN: true }) }),
  fc.record({ type: fc.constant('infer.start' as const), id: requestId, mode: fc.constant('recording' as const) }),
  fc.record({ type: fc.constant('sim.perform' as const), id: requestId, gesture: ident, person, seed, params: gestureParams }, { requiredKeys: ['type', 'id', 'gesture'] }),
  fc.record({ type: fc.constant('sim.scenario' as const), id: requestId, steps: scenarioSteps, windowStart: fc.constantFrom('at' as const, 'after' as const) }, { requiredKeys: ['type', 'id', 'steps'] }),
  fc.record({
    type: fc.constant('sim.scenario' as const),
    id: requestId,
    generate: fc.record(
      {
        count: fc.integer({ min: 1, max: 1000 }),
        gestures: fc.array(ident, { minLength: 1, maxLength: 5 }),
        person,
        seed,
        gapMs: fc.tuple(finite(0, 1e5), finite(0, 1e5)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]),
      },
      { requiredKeys: ['count', 'gestures', 'seed'] },
    ),
  }),
  fc.record({ type: fc.constant('sim.button' as const), id: requestId, button: fc.constantFrom(1 as const, 2 as const), action: fc.constantFrom('press' as const, 'release' as const) }),
  fc.record(
    { type: fc.constant('sim.button' as const), id: requestId, button: fc.constantFrom(1 as const, 2 as const), action: fc.constant('click' as const), durationMs: positive(60_000) },
    { requiredKeys: ['type', 'id', 'button', 'action'] },
  ),
  fc.record(
    {
      type: fc.constant('sim.fault' as const),
      id: requestId,
      kind: fc.constantFrom(...FAULT_KINDS),
      sensor: sensorName,
      params: fc.dictionary(ident, finite(), { maxKeys: 4 }),
      durationMs: positive(MAX_CLOCK_ADVANCE_MS),
    },
    { requiredKeys: ['type', 'id', 'kind'] },
  ),
  fc.record({ type: fc.constant('sim.clock' as const), id: requestId, advanceMs: finite(0, MAX_CLOCK_ADVANCE_MS) }),
  fc.record(
    {
      type: fc.constant('sim.replay' as const),
      id: requestId,
      recording: fc.oneof(jsonObject, fc.constant('t,ax,ay,az\n0,0,0,1\n')),
      format: fc.constantFrom('ei-json' as const, 'csv' as const, 'recordings' as const),
      label: fc.oneof(ident, fc.constant(null)),
      rateHz: positive(100_000),
      axisMap: fc.constant('x=-y,y=x,z=z'),
      loop: fc.integer({ min: 1, max: 1000 }),
      startOffsetMs: finite(0, 1e6),
      speed: fc.double({ min: 0.1, max: 10, noNaN: true }),
      noise: fc.boolean(),
    },
    { requiredKeys: ['type', 'id', 'recording'] },
  ),
  fc.record(
    { type: fc.constant('sim.gesture' as const), id: requestId, gesture: jsonObject, replace: fc.boolean() },
    { requiredKeys: ['type', 'id', 'gesture'] },
  ),
  fc.record({ type: fc.constant('sim.gesture' as const), id: requestId }),
) as fc.Arbitrary<HostMessage>;

/** Any valid sample frame. */
export const sampleFrame: fc.Arbitrary<SampleFrame> = fc
  .record({
    sensor: sensorName,
    seq: fc.integer({ min: 0, max: 0xffff_ffff }),
    t0Us: finite(0, 1e15),
    intervalUs: fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
    scale: fc.double({ min: 1e-9, max: 1e3, noNaN: true }),
    count: fc.integer({ min: 0, max: 64 }),
  })
  .chain((f) =>
    fc
      .array(fc.integer({ min: -32768, max: 32767 }), { minLength: f.count * SENSOR_AXES[f.sensor].length, maxLength: f.count * SENSOR_AXES[f.sensor].length })
      .map((values) => ({ ...f, raw: Int16Array.from(values) })),
  );

