import { EmulatorError } from '../errors.js';

/** One performance of a learned gesture, on `knots` evenly spaced instants of its duration. */
export interface LearnedPerformance {
  /** Duration, s. */
  readonly durationS: number;
  /** World-frame linear acceleration (gravity removed), m/s2: `knots` rows of [x, y, z] (x forward, y left, z up). */
  readonly accel: readonly (readonly number[])[];
  /** Board orientation (board -> world) as a rotation vector, rad: `knots` rows of [x, y, z]. */
  readonly rotation: readonly (readonly number[])[];
}

/**
 * A gesture learned from a few recordings (`tinyspark gesture learn`), versioned JSON:
 * `{ "format": "tinyspark.gesture", "version": 1, ... }`. The emulator performs it through the
 * same trajectory -> specific force -> sensor model path as a built-in gesture.
 */
export interface LearnedGestureDoc {
  readonly format: 'tinyspark.gesture';
  readonly version: 1;
  /** Gesture name (identifier `[A-Za-z0-9_-]{1,64}`, not a built-in name). */
  readonly name: string;
  readonly kind: 'handheld';
  /** Instants per performance (8..1024). */
  readonly knots: number;
  /** The canonical template: the medoid of the examples (what variation 0 performs). */
  readonly template: LearnedPerformance;
  /** The examples it was learned from, resampled to the knots (their spread is the variation). */
  readonly examples: readonly LearnedPerformance[];
  /** Where it came from and how it was fitted (informational). */
  readonly source?: {
    readonly recordings?: number;
    readonly sensors?: readonly string[];
    readonly rateHz?: number;
    readonly axisMap?: string;
    readonly tiltCutoffHz?: number;
    readonly method?: string;
  };
  /** What the fit could identify and what it assumed. */
  readonly notes?: readonly string[];
}

export const GESTURE_FORMAT = 'tinyspark.gesture';
export const GESTURE_VERSION = 1;
export const MAX_KNOTS = 1024;
export const MAX_EXAMPLES = 256;
/** Largest learned gesture file, bytes of JSON. */
export const MAX_GESTURE_BYTES = 4 * 1024 * 1024;

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

function bad(field: string, text: string): EmulatorError {
  return new EmulatorError('EMU_ERR_BAD_GESTURE_FILE', text, { field });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rows(v: unknown, field: string, knots: number, limit: number): number[][] {
  if (!Array.isArray(v) || v.length !== knots) throw bad(field, `must be a list of ${knots} rows [x, y, z] (one per knot), got ${Array.isArray(v) ? `${v.length} rows` : JSON.stringify(v)?.slice(0, 40)}`);
  return v.map((row: unknown, k) => {
    if (!Array.isArray(row) || row.length !== 3) throw bad(`${field}[${k}]`, 'must be [x, y, z]');
    return row.map((x: unknown, a) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw bad(`${field}[${k}][${a}]`, `must be a finite number, got ${x === null ? 'null (NaN)' : JSON.stringify(x)}`);
      if (Math.abs(x) > limit) throw bad(`${field}[${k}][${a}]`, `${x} is beyond ${limit} (physically impossible for a hand)`);
      return x;
    });
  });
}

function performance(v: unknown, field: string, knots: number): LearnedPerformance {
  if (!isObj(v)) throw bad(field, 'must be an object { durationS, accel, rotation }');
  const d = v['durationS'];
  if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0 || d > 60) throw bad(`${field}.durationS`, `must be a duration in (0, 60] s, got ${JSON.stringify(d)}`);
  return { durationS: d, accel: rows(v['accel'], `${field}.accel`, knots, 2000), rotation: rows(v['rotation'], `${field}.rotation`, knots, 4 * Math.PI) };
}

/**
 * Validates a learned gesture document (parsed JSON), returning it typed. Throws
 * EMU_ERR_BAD_GESTURE_FILE naming the field (`examples[2].accel[17][1]`, `version`, `name`).
 */
export function parseGestureDoc(json: unknown): LearnedGestureDoc {
  if (!isObj(json)) throw bad('(document)', 'must be a JSON object');
  if (json['format'] !== GESTURE_FORMAT) throw bad('format', `must be "${GESTURE_FORMAT}", got ${JSON.stringify(json['format'])}`);
  if (json['version'] !== GESTURE_VERSION) throw bad('version', `must be ${GESTURE_VERSION} (this emulator reads version 1), got ${JSON.stringify(json['version'])}`);
  const name = json['name'];
  if (typeof name !== 'string' || !NAME.test(name)) throw bad('name', `must be an identifier [A-Za-z0-9_-]{1,64}, got ${JSON.stringify(name)}`);
  if (json['kind'] !== 'handheld') throw bad('kind', `must be "handheld" (version 1 learns hand-held IMU gestures), got ${JSON.stringify(json['kind'])}`);
  const knots = json['knots'];
  if (typeof knots !== 'number' || !Number.isInteger(knots) || knots < 8 || knots > MAX_KNOTS) throw bad('knots', `must be an integer in 8..${MAX_KNOTS}, got ${JSON.stringify(knots)}`);
  const template = performance(json['template'], 'template', knots);
  const ex = json['examples'];
  if (!Array.isArray(ex) || ex.length === 0 || ex.length > MAX_EXAMPLES) throw bad('examples', `must be a list of 1..${MAX_EXAMPLES} performances`);
  const examples = ex.map((e: unknown, i) => performance(e, `examples[${i}]`, knots));
  const out: LearnedGestureDoc = {
    format: GESTURE_FORMAT,
    version: GESTURE_VERSION,
    name,
    kind: 'handheld',
    knots,
    template,
    examples,
    ...(isObj(json['source']) ? { source: json['source'] as LearnedGestureDoc['source'] } : {}),
    ...(Array.isArray(json['notes']) ? { notes: (json['notes'] as unknown[]).filter((n): n is string => typeof n === 'string') } : {}),
  };
  return out;
}
