// The frame generator's vocabulary (issue 9): the types of what it makes, JSON text with numbers
// JSON.stringify cannot write, and the values it draws from. Split out of generator.ts.
import { HOST_MESSAGE_TYPES, MAX_CLOCK_ADVANCE_MS } from '@tinyspark/protocol';

/** The board limits the generator aims at (a board announces them in `hello.limits`). */
export interface FuzzLimits {
  readonly maxFrameBytes: number;
  readonly maxModelBytes: number;
  readonly maxRecordingMs: number;
}

export interface FrameGeneratorOptions {
  readonly seed: number;
  readonly limits: FuzzLimits;
  /** Gestures the board knows (valid `sim.perform` / `sim.scenario` pick from them). */
  readonly gestures: readonly string[];
  /** A valid `tinyspark.qmodel` document for valid `model.deploy` requests. */
  readonly model: Record<string, unknown>;
  /**
   * Largest `sim.clock.advanceMs` of a *valid* request (bad ones go up to 1e308). Default 2000:
   * the work of the run is bounded by the frame count, each advance by this.
   */
  readonly maxValidAdvanceMs?: number;
}

/** What a frame should get; `any` for frames whose answer depends on the board's state. */
export type FrameExpectation = 'any' | 'error' | 'bad-frame' | 'bad-json-or-1007' | 'too-large' | 'close-1009';

/** One frame to send. */
export interface FuzzFrame {
  /** Index in the run (0-based): with the seed, reproduces the frame. */
  readonly index: number;
  /** How it was made, e.g. `mutated:record`, `random-bytes`. */
  readonly kind: string;
  /** Text (a string, or bytes that may not be UTF-8) or binary. */
  readonly data: string | Buffer;
  readonly binary: boolean;
  /**
   * The id its reply must carry: the request's when readable, null when not; undefined when the
   * frame is too damaged to say (random bytes flipped inside the id).
   */
  readonly replyId: string | number | null | undefined;
  readonly expect: FrameExpectation;
  /** A valid `sim.fault` `disconnect`: once acked, the server closes the connection (4099). */
  readonly disconnects: boolean;
}

/** JSON text inserted verbatim (numbers JSON.stringify cannot write: `1e999`, 30 digits, ...). */
export class Raw {
  constructor(readonly text: string) {}
}
export type Value = null | boolean | number | string | Raw | Value[] | { [k: string]: Value };

export function toJson(v: Value): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export const HUGE_NUMBERS: readonly (number | Raw)[] = [
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -(2 ** 53),
  2 ** 32,
  2 ** 31,
  -1,
  0,
  -0,
  0.5,
  5e-324,
  1e-7,
  86_400_001,
  MAX_CLOCK_ADVANCE_MS + 1,
  new Raw('1e999'),
  new Raw('-1e999'),
  new Raw('1e-999'),
  new Raw('123456789012345678901234567890'),
  new Raw('-0.0e0'),
  new Raw('1E+2'),
];

export const SENSORS = ['accelerometer', 'gyroscope', 'proximity'] as const;
export const ACCEL_RANGES = [2, 4, 8, 16];
export const GYRO_RANGES = [125, 250, 500, 1000, 2000];
export const RATES = [12.5, 26, 52, 104, 208, 416, 833, 1666, 3332, 6664];
/** A protocol type list may grow (new requests are fuzzed with random fields until they get a builder). */
export const TYPES: readonly string[] = HOST_MESSAGE_TYPES;
