// The board -> host JSON messages of protocol v1 (and the types both directions share). The README
// documents each field with its unit; `validate-board-message.ts` checks them at runtime.
import type { SensorGroup, SensorName, SensorRangeUnit, SensorUnit } from './sensors.js';
import type { ProtocolVersion } from './version.js';
import type { WireErrorCode } from './wire-error-codes.js';

/** Request id: a string of 1..64 characters or a non-negative safe integer, chosen by the host. */
export type RequestId = string | number;

/** Plain JSON value (what `JSON.parse` can return). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Firmware program the board runs, like the course's programs. */
export const BOARD_MODES = ['idle', 'streaming', 'recording', 'inference'] as const;
/** One of {@link BOARD_MODES}. */
export type BoardMode = (typeof BOARD_MODES)[number];

// ---------------------------------------------------------------------------------------------
// board -> host

/** A sensor as the board describes it in `hello` and in the `configure` ack. */
export interface SensorDescriptor {
  readonly name: SensorName;
  /** Axis names in sample order: `ax ay az`, `gx gy gz`, or `proximity`. */
  readonly axes: readonly string[];
  /** Unit of the values after scaling: `m/s^2`, `rad/s`, `counts/8`. */
  readonly unit: SensorUnit;
  /** Unit of `range` / `rangeOptions`: `g`, `dps`, `counts/8`. */
  readonly rangeUnit: SensorRangeUnit;
  /** Selectable full-scale ranges (+- value), ascending. */
  readonly rangeOptions: readonly number[];
  /** Current full-scale range (+- value), one of `rangeOptions`. */
  readonly range: number;
  /** Selectable output data rates in Hz, ascending. */
  readonly rateOptionsHz: readonly number[];
  /** Current output data rate in Hz, one of `rateOptionsHz`. */
  readonly rateHz: number;
  /** Value of one LSB in `unit` (SI per LSB) at the current range. */
  readonly lsb: number;
}

/** What the board can do. */
export interface BoardCapabilities {
  /** True when the board accepts `sim.*` requests (an emulator); false on real hardware. */
  readonly sim: boolean;
  /** True when the board can run a deployed int8 model. */
  readonly inference: boolean;
  /** Number of buttons (TinySpark: 2). */
  readonly buttons: number;
  /** Number of NeoPixels (TinySpark: 5). */
  readonly neopixels: number;
}

/** The board's limits (finite; the host must respect them). */
export interface BoardLimits {
  /** Largest frame the board accepts, in bytes. */
  readonly maxFrameBytes: number;
  /** Largest model document `model.deploy` accepts, in UTF-8 bytes of its JSON. */
  readonly maxModelBytes: number;
  /** Longest `record` `durationMs` (and `delayMs`). */
  readonly maxRecordingMs: number;
}

/** First frame a board sends on every connection. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly protocol: ProtocolVersion;
  readonly board: {
    /** Board model, e.g. `TinySpark S3`. */
    readonly model: string;
    /** Firmware identification, e.g. `tinyspark-emulator 0.1.0`. */
    readonly firmware: string;
    /** Board id, unique per server (`/boards/<id>`). */
    readonly id: string;
  };
  readonly sensors: readonly SensorDescriptor[];
  readonly mode: BoardMode;
  /** Sensors currently streaming binary sample frames to this connection. */
  readonly streaming: readonly SensorName[];
  readonly capabilities: BoardCapabilities;
  readonly limits: BoardLimits;
}

/** Positive answer to a request. `result` depends on the request (see README). */
export interface AckMessage {
  readonly type: 'ack';
  readonly id: RequestId;
  /** A JSON object; its shape per request type is {@link AckResults}. */
  readonly result?: { readonly [key: string]: unknown };
}

/** Negative answer to a request (id = the request's id, or null when it could not be read). */
export interface ErrorMessage {
  readonly type: 'error';
  readonly id: RequestId | null;
  readonly code: WireErrorCode;
  /** Human-readable; names the offending field. */
  readonly message: string;
  /** The offending field path, when there is one. */
  readonly field?: string;
  /** For UNSUPPORTED_RATE / UNSUPPORTED_RANGE / UNKNOWN_GESTURE: the supported values. */
  readonly supported?: readonly (number | string)[];
}

/** A ground-truth segment: what the simulated person did from `startMs` to `endMs` (board clock). */
export interface TruthSegment {
  /** Label to learn/evaluate (null for unlabelled motion between gestures). */
  readonly label: string | null;
  /** Gesture performed (for unlabelled motion: the kind of motion, e.g. `idle`). */
  readonly gesture: string;
  /** Board clock, milliseconds. */
  readonly startMs: number;
  /** Board clock, milliseconds (> startMs). */
  readonly endMs: number;
  /** Simulated person (style) index. */
  readonly person: number;
  /** Seed of the gesture's variation. */
  readonly seed: number;
}

/** A finished labelled capture. Shaped like the quantizer's `SensorRecording` (plus metadata). */
export interface RecordingMessage {
  readonly type: 'recording';
  /** The `record` request's id, or null when Button 1 triggered it. */
  readonly id: RequestId | null;
  readonly label: string;
  /** Which sensors: `imu` (ax ay az gx gy gz) or `proximity`. */
  readonly sensor: SensorGroup;
  /** Axis names, in the order of each sample's values. */
  readonly axes: readonly string[];
  /** Samples: `values[sample][axis]`, SI units (proximity: counts/8). */
  readonly values: readonly (readonly number[])[];
  /** Spacing of samples, milliseconds. */
  readonly intervalMs: number;
  /** Board clock at the first sample, milliseconds. */
  readonly startedAt: number;
  /** Ground truth of what was performed during the capture (emulator only, else absent). */
  readonly truth?: readonly TruthSegment[];
}

/** One inference result. */
export interface PredictionMessage {
  readonly type: 'prediction';
  /** Predicted label (argmax of the int8 logits, first index wins ties). */
  readonly label: string;
  /** Index of `label` in the model's labels. */
  readonly index: number;
  /** Softmax of the dequantized logits at `index`, in [0, 1] (display only). */
  readonly score: number;
  /** The int8 logits (-128..127), one per label. */
  readonly logits: readonly number[];
  /** Board clock at the last sample of the window, milliseconds. */
  readonly windowEnd: number;
  /** Time the int8 model took, microseconds. */
  readonly latencyUs: number;
}

/** One line the firmware printed on the serial console (without the newline). */
export interface SerialMessage {
  readonly type: 'serial';
  readonly line: string;
  /** Board clock, milliseconds. */
  readonly t?: number;
}

/** The red LED changed. */
export interface LedMessage {
  readonly type: 'led';
  readonly on: boolean;
  readonly t?: number;
}

/** An RGB colour, each channel 0..255. */
export type Rgb = readonly [number, number, number];

/** The NeoPixels changed: one colour per pixel, in strip order. */
export interface NeopixelMessage {
  readonly type: 'neopixel';
  readonly pixels: readonly Rgb[];
  readonly t?: number;
}

/** A button changed state (`pressed` = true when pressed; the pins are active low). */
export interface ButtonMessage {
  readonly type: 'button';
  readonly button: 1 | 2;
  readonly pressed: boolean;
  readonly t?: number;
}

/** The firmware mode (or the set of streaming sensors) changed. */
export interface ModeMessage {
  readonly type: 'mode';
  readonly mode: BoardMode;
  readonly streaming: readonly SensorName[];
  readonly t?: number;
}

/** Counters for this connection since it opened. */
export interface StatsMessage {
  readonly type: 'stats';
  /** Binary sample frames sent. */
  readonly sentFrames: number;
  /** Frames dropped for this connection (send buffer full). */
  readonly droppedFrames: number;
  /** Samples in the dropped frames (samples lost to a `drop` fault are lost on the link: the host sees a sequence gap). */
  readonly droppedSamples: number;
  /** Bytes waiting in this connection's send buffer. */
  readonly bufferedBytes: number;
  readonly t?: number;
}

/** Ground truth of a `sim.scenario` (sent after its ack, with the scenario's request id). */
export interface SimTruthMessage {
  readonly type: 'sim.truth';
  readonly id: RequestId;
  readonly segments: readonly TruthSegment[];
}

/** Every JSON message a board sends. */
export type BoardMessage =
  | HelloMessage
  | AckMessage
  | ErrorMessage
  | RecordingMessage
  | PredictionMessage
  | SerialMessage
  | LedMessage
  | NeopixelMessage
  | ButtonMessage
  | ModeMessage
  | StatsMessage
  | SimTruthMessage;

/** Type tags of {@link BoardMessage}. */
export const BOARD_MESSAGE_TYPES = [
  'hello',
  'ack',
  'error',
  'recording',
  'prediction',
  'serial',
  'led',
  'neopixel',
  'button',
  'mode',
  'stats',
  'sim.truth',
] as const satisfies readonly BoardMessage['type'][];

/** One of {@link BOARD_MESSAGE_TYPES}. */
export type BoardMessageType = BoardMessage['type'];
/** A board message of the given type. */
export type BoardMessageOf<T extends BoardMessageType> = Extract<BoardMessage, { type: T }>;
