// The host -> board JSON requests of protocol v1. The README documents each field with its unit;
// `validate-host-message.ts` checks them at runtime.
import type { RequestId } from './board-messages.js';
import type { SensorGroup, SensorName } from './sensors.js';

// ---------------------------------------------------------------------------------------------
// host -> board

/** Settings of one sensor in `configure`; absent fields keep their value. */
export interface SensorSettings {
  /** Full-scale range in the sensor's `rangeUnit` (g, dps); one of `rangeOptions`. */
  readonly range?: number;
  /** Output data rate in Hz; one of `rateOptionsHz`. */
  readonly rateHz?: number;
}

/** Change ranges and rates. Ack `result`: `{ sensors: SensorDescriptor[] }`. */
export interface ConfigureRequest {
  readonly type: 'configure';
  readonly id: RequestId;
  readonly accelerometer?: SensorSettings;
  readonly gyroscope?: SensorSettings;
  readonly proximity?: SensorSettings;
}

/** Start binary sample frames for these sensors (on this connection). */
export interface StreamStartRequest {
  readonly type: 'stream.start';
  readonly id: RequestId;
  /** Non-empty, no duplicates. */
  readonly sensors: readonly SensorName[];
}

/** Stop binary sample frames for these sensors (absent: all). */
export interface StreamStopRequest {
  readonly type: 'stream.stop';
  readonly id: RequestId;
  readonly sensors?: readonly SensorName[];
}

/** Capture one labelled recording; answered by an ack, later by a `recording` with this id. */
export interface RecordRequest {
  readonly type: 'record';
  readonly id: RequestId;
  readonly label: string;
  /** Capture length, milliseconds (> 0, <= limits.maxRecordingMs). */
  readonly durationMs: number;
  /** Wait before the capture starts, milliseconds (default 0). */
  readonly delayMs?: number;
  /** Which sensors (default `imu`). */
  readonly sensor?: SensorGroup;
}

/** Deploy an int8 model (`tinyspark.qmodel` v1 document). Ack `result`: `{ labels: string[] }`. */
export interface ModelDeployRequest {
  readonly type: 'model.deploy';
  readonly id: RequestId;
  /** The qmodel document; the board validates it (MODEL_INVALID / MODEL_TOO_LARGE). */
  readonly model: { readonly [key: string]: unknown };
}

/** Remove the deployed model (stops inference). */
export interface ModelClearRequest {
  readonly type: 'model.clear';
  readonly id: RequestId;
}

/** Start inference: on a sliding window every `hopMs`, or once per recording. */
export type InferStartRequest =
  | { readonly type: 'infer.start'; readonly id: RequestId; readonly mode: 'sliding'; readonly hopMs: number }
  | { readonly type: 'infer.start'; readonly id: RequestId; readonly mode: 'recording' };

/** Stop inference. */
export interface InferStopRequest {
  readonly type: 'infer.stop';
  readonly id: RequestId;
}

/** Liveness check; ack `result`: `{ t: board clock ms }`. */
export interface PingRequest {
  readonly type: 'ping';
  readonly id: RequestId;
}

/** Parameters of a simulated gesture (all optional; each has a seeded default). */
export interface GestureParams {
  /** Multiplier of the gesture's size (1 = typical). */
  readonly amplitude?: number;
  /** Multiplier of the gesture's speed (1 = typical). */
  readonly tempo?: number;
  /** Duration of the gesture, milliseconds (overrides tempo). */
  readonly durationMs?: number;
  /** Extra gesture-specific numbers. */
  readonly [key: string]: number | undefined;
}

/** Emulator only: perform one gesture now. Ack `result`: `{ segment: TruthSegment }`. */
export interface SimPerformRequest {
  readonly type: 'sim.perform';
  readonly id: RequestId;
  readonly gesture: string;
  /** Simulated person (style), non-negative integer (default 0). */
  readonly person?: number;
  /** Seed of the variation, uint32 (default: drawn from the board's rng). */
  readonly seed?: number;
  /**
   * Spread of the gesture's drawn variation, 0..MAX_VARIATION (default 1: the spread of real people;
   * 0: the canonical template; above 1 every distribution widened, for domain randomisation).
   */
  readonly variation?: number;
  readonly params?: GestureParams;
}

/** One step of a scripted scenario. */
export interface ScenarioStep {
  /** Offset from the scenario start, milliseconds (non-decreasing across steps). */
  readonly atMs: number;
  readonly gesture: string;
  /** Ground-truth label (default: the gesture; null: unlabelled motion). */
  readonly label?: string | null;
  readonly person?: number;
  readonly seed?: number;
  readonly params?: GestureParams;
}

/** How the board generates a scenario. */
export interface ScenarioGenerate {
  /** Number of gestures (1..limits maxScenarioSteps). */
  readonly count: number;
  /** Gestures to draw from (non-empty). */
  readonly gestures: readonly string[];
  readonly person?: number;
  readonly seed: number;
  /** Unlabelled motion between gestures, milliseconds `[min, max]` (default chosen by the board). */
  readonly gapMs?: readonly [number, number];
}

/**
 * Where a scenario step's window opens. `at` (the default): the step's motion covers its start
 * instant, so a sample falling exactly there shows the step. `after`: the sample at the exact start
 * instant still shows what came before (the previous gap's motion, or the board at rest), as it does
 * for a `sim.perform` sent when the clock stands at that instant; steps placed back to back then give
 * the samples that one `sim.perform` + `sim.clock` per step gives.
 */
export type ScenarioWindowStart = 'at' | 'after';

/** Emulator only: play a timed list of gestures; ack, then `sim.truth` with this id. */
export type SimScenarioRequest =
  | { readonly type: 'sim.scenario'; readonly id: RequestId; readonly steps: readonly ScenarioStep[]; readonly windowStart?: ScenarioWindowStart }
  | { readonly type: 'sim.scenario'; readonly id: RequestId; readonly generate: ScenarioGenerate; readonly windowStart?: ScenarioWindowStart };

/** Emulator only: press, release or click a button. */
export interface SimButtonRequest {
  readonly type: 'sim.button';
  readonly id: RequestId;
  readonly button: 1 | 2;
  readonly action: 'press' | 'release' | 'click';
  /** For `click`: how long the button is held, milliseconds (default 100). */
  readonly durationMs?: number;
}

/** Fault kinds `sim.fault` can inject. */
export const FAULT_KINDS = ['drop', 'noise', 'saturate', 'stuck', 'disconnect', 'jitter'] as const;
/** One of {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Emulator only: inject a fault for `durationMs` (absent: until cleared by a new fault or reconnect). */
export interface SimFaultRequest {
  readonly type: 'sim.fault';
  readonly id: RequestId;
  readonly kind: FaultKind;
  /** Limit the fault to one sensor (default: all). */
  readonly sensor?: SensorName;
  /** Kind-specific numbers, e.g. `{ probability }`, `{ sigma }`, `{ axis }`, `{ maxMs }`. */
  readonly params?: { readonly [key: string]: number };
  readonly durationMs?: number;
}

/** Emulator only, virtual clock: advance board time by `advanceMs` (ack after the time has passed). */
export interface SimClockRequest {
  readonly type: 'sim.clock';
  readonly id: RequestId;
  readonly advanceMs: number;
}

/** Formats a `sim.replay` recording may come in. */
export const REPLAY_FORMATS = ['ei-json', 'csv', 'recordings'] as const;
/** One of {@link REPLAY_FORMATS}. */
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

/**
 * Emulator only: play a recording through the board's sensor models (protocol v1, additive).
 * The board resamples it to its configured rates (band-limited), converts units, applies the axis
 * map and quantises it like a live sensor. Ack `result`: `{ truth: TruthSegment[], endMs }`, one
 * truth segment per pass carrying the recording's label (gesture `replay`).
 */
export interface SimReplayRequest {
  readonly type: 'sim.replay';
  readonly id: RequestId;
  /**
   * The recording: an Edge Impulse data-acquisition document (the dataset folder's files), a
   * `{ recordings: [{ label, ax, ay, az, ... }] }` document (or one such object), or CSV text.
   * At most {@link MAX_REPLAY_BYTES} UTF-8 bytes as JSON.
   */
  readonly recording: Readonly<Record<string, unknown>> | string;
  /** Format of `recording` (default: detected: text is CSV, `payload` Edge Impulse, else `recordings`). */
  readonly format?: ReplayFormat;
  /** Which recording of a `{ recordings: [...] }` document (default 0). */
  readonly index?: number;
  /** Ground-truth label (default: the recording's; null: unlabelled). */
  readonly label?: string | null;
  /** The recording's sampling rate, Hz, when it does not say (CSV without timestamps, data-set files). */
  readonly rateHz?: number;
  /** Units per sensor when the recording does not say: `g`, `mg`, `m/s2`; `dps`, `mdps`, `rad/s`; `counts`, `counts/8`. */
  readonly units?: { readonly accelerometer?: string; readonly gyroscope?: string; readonly proximity?: string };
  /** Board axes from the recording's, `x=-y,y=x,z=z` style (default identity). */
  readonly axisMap?: string;
  /** Replay only these sensors (default: every sensor the recording has). */
  readonly sensors?: readonly SensorName[];
  /** Number of passes, 1..1000 (default 1). */
  readonly loop?: number;
  /** Start this far into the recording, ms (first pass only; default 0). */
  readonly startOffsetMs?: number;
  /** Playback speed factor, 0.1..10 (default 1: 2 = twice as fast). */
  readonly speed?: number;
  /** Add the board's own sensor noise and bias (default false: the recording already has its sensor's). */
  readonly noise?: boolean;
}

/** Largest `sim.replay` recording, UTF-8 bytes of its JSON (3 MiB, inside the 4 MiB frame). */
export const MAX_REPLAY_BYTES = 3 * 1024 * 1024;
/** Most passes of one `sim.replay`. */
export const MAX_REPLAY_LOOPS = 1000;

/**
 * Emulator only: add a learned gesture (a `tinyspark.gesture` v1 document, `tinyspark gesture
 * learn`) to the emulator's gesture table (protocol v1, additive), or without `gesture` just list
 * the table. An added gesture is then performed like a built-in one by `sim.perform` and
 * `sim.scenario` (its name is its ground-truth label). The table is the emulator process's: every
 * board of that emulator sees the gesture. The emulator validates the document (`BAD_FIELD` naming
 * `gesture.<path>`). Ack `result`: `{ name?, gestures }`.
 */
export interface SimGestureRequest {
  readonly type: 'sim.gesture';
  readonly id: RequestId;
  /** The `tinyspark.gesture` v1 document, at most {@link MAX_GESTURE_DOC_BYTES} UTF-8 bytes as JSON; absent: add nothing, list. */
  readonly gesture?: Readonly<Record<string, unknown>>;
  /** Replace an earlier learned gesture of the same name (default false; built-in names never). */
  readonly replace?: boolean;
}

/** Largest `sim.gesture` document, UTF-8 bytes of its JSON (1 MiB). */
export const MAX_GESTURE_DOC_BYTES = 1024 * 1024;

/** Every request a host sends. */
export type HostMessage =
  | ConfigureRequest
  | StreamStartRequest
  | StreamStopRequest
  | RecordRequest
  | ModelDeployRequest
  | ModelClearRequest
  | InferStartRequest
  | InferStopRequest
  | PingRequest
  | SimPerformRequest
  | SimScenarioRequest
  | SimButtonRequest
  | SimFaultRequest
  | SimClockRequest
  | SimReplayRequest
  | SimGestureRequest;

/** Type tags of {@link HostMessage}. */
export const HOST_MESSAGE_TYPES = [
  'configure',
  'stream.start',
  'stream.stop',
  'record',
  'model.deploy',
  'model.clear',
  'infer.start',
  'infer.stop',
  'ping',
  'sim.perform',
  'sim.scenario',
  'sim.button',
  'sim.fault',
  'sim.clock',
  'sim.replay',
  'sim.gesture',
] as const satisfies readonly HostMessage['type'][];

/** One of {@link HOST_MESSAGE_TYPES}. */
export type HostMessageType = HostMessage['type'];

/** True for request types only an emulator accepts (a real board answers NOT_SUPPORTED). */
export function isSimMessageType(type: string): boolean {
  return type.startsWith('sim.');
}

/** A host request of the given type. */
export type HostMessageOf<T extends HostMessageType> = Extract<HostMessage, { type: T }>;
