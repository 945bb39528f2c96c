import { EmulatorError } from '../errors.js';
import { IDENTITY_AXIS_MAP, parseAxisMap } from './axis-map.js';
import { REPLAY_SENSORS, unitFactor } from './units.js';
import type { ReplaySensor } from './units.js';

/**
 * Recordings from elsewhere (Edge Impulse JSON, CSV, the `{ recordings: [...] }` files of the data
 * sets, one `{ label, ax, ay, az }` object) turned into what a board replays: per sensor, values in
 * the board's SI units (m/s^2, rad/s, counts/8) in the board's frame, at the recording's own rate.
 * Resampling to the board's rate happens when the board samples them (see resample.ts).
 */

/** Input formats `importRecording` reads. */
export const RECORDING_FORMATS = ['ei-json', 'csv', 'recordings'] as const;
export type RecordingFormat = (typeof RECORDING_FORMATS)[number];

/** Longest recording a board replays (one pass), ms: 10 minutes. */
export const MAX_REPLAY_MS = 600_000;
/** Most samples of one sensor in a replayed recording. */
export const MAX_REPLAY_SAMPLES = 1 << 20;

/** One sensor of a replayed recording: `values[k * channels + a]` (3 channels, 1 for proximity), board frame, board units. */
export interface ReplayTrack {
  readonly sensor: ReplaySensor;
  readonly rateHz: number;
  readonly count: number;
  readonly channels: number;
  readonly values: Float64Array;
}

export interface ReplayRecording {
  /** The recording's label (ground truth of the replay), or null when it has none. */
  readonly label: string | null;
  /** Length of one pass, ms: count / rate of its longest track. */
  readonly durationMs: number;
  readonly tracks: Partial<Record<ReplaySensor, ReplayTrack>>;
}

export interface ImportOptions {
  /** Input format (default: detected: a string is CSV, an object with `payload` Edge Impulse, else `recordings`). */
  format?: RecordingFormat;
  /** Which recording of a `{ recordings: [...] }` document (default 0). */
  index?: number;
  /** Label to use (overrides the file's). */
  label?: string;
  /** Sampling rate (Hz) when the file does not say (CSV without timestamps, the data-set files). */
  rateHz?: number;
  /** Units per sensor when the file does not say (defaults: the board's m/s2, rad/s, counts/8; `g` for `recordings`). */
  units?: Partial<Record<ReplaySensor, string>>;
  /** Board axes from the recording's: `x=-y,y=x,z=z` (board x = minus the recording's y, ...). Default identity. */
  axisMap?: string;
  /** Keep only these sensors (default: every sensor the recording has). */
  sensors?: readonly ReplaySensor[];
  /** Longest accepted recording, ms (default {@link MAX_REPLAY_MS}). */
  maxDurationMs?: number;
}

function bad(field: string, text: string): EmulatorError {
  return new EmulatorError('EMU_ERR_BAD_RECORDING', text, { field });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Which sensor and axis (0..2) a column name is: ax, accX, acc_x, gyrZ, gz, proximity, ... */
export function axisRole(name: string): { sensor: ReplaySensor; axis: number } | undefined {
  const n = name.toLowerCase().replace(/[^a-z]/g, '');
  if (n === 'proximity' || n === 'prox') return { sensor: 'proximity', axis: 0 };
  const m = /^(a|acc|accel|accelerometer|g|gyr|gyro|gyroscope)?([xyz])$/.exec(n);
  if (m === null) return undefined;
  const p = m[1] ?? 'a';
  const sensor: ReplaySensor = p.startsWith('g') ? 'gyroscope' : 'accelerometer';
  return { sensor, axis: 'xyz'.indexOf(m[2]!) };
}

/** Raw columns before conversion. */
interface Columns {
  /** Column name -> values, with the field path of each value for errors. */
  cols: { name: string; unit: string | undefined; values: number[]; field: (i: number) => string }[];
  rateHz: number | undefined;
  label: string | null;
  /** Field of the sample list (for length errors). */
  valuesField: string;
  defaultUnits: Partial<Record<ReplaySensor, string>>;
}

function finite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(field, `must be a finite number, got ${v === null ? 'null (NaN)' : JSON.stringify(v)}`);
  return v;
}

function fromEi(doc: Record<string, unknown>): Columns {
  const payload = doc['payload'];
  if (!isObj(payload)) throw bad('payload', 'is missing or not an object (an Edge Impulse data-acquisition document has one)');
  const interval = payload['interval_ms'];
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval <= 0) throw bad('payload.interval_ms', `must be a positive number, got ${JSON.stringify(interval)}`);
  const sensors = payload['sensors'];
  if (!Array.isArray(sensors) || sensors.length === 0) throw bad('payload.sensors', 'must be a non-empty list');
  const values = payload['values'];
  if (!Array.isArray(values) || values.length === 0) throw bad('payload.values', 'must be a non-empty list of samples');
  const cols = sensors.map((s: unknown, i) => {
    if (!isObj(s) || typeof s['name'] !== 'string') throw bad(`payload.sensors[${i}].name`, 'must be a string');
    return { name: s['name'], unit: typeof s['units'] === 'string' ? s['units'] : undefined, values: [] as number[], field: (k: number) => `payload.values[${k}][${i}]` };
  });
  values.forEach((row: unknown, k) => {
    const r = typeof row === 'number' && cols.length === 1 ? [row] : row;
    if (!Array.isArray(r) || r.length !== cols.length) throw bad(`payload.values[${k}]`, `must have ${cols.length} value(s), one per sensor axis`);
    r.forEach((v: unknown, a) => cols[a]!.values.push(finite(v, `payload.values[${k}][${a}]`)));
  });
  const meta = isObj(doc['tinyspark']) ? doc['tinyspark'] : {};
  const label = typeof meta['label'] === 'string' ? meta['label'] : null;
  return { cols, rateHz: 1000 / interval, label, valuesField: 'payload.values', defaultUnits: {} };
}

function fromCsv(text: string): Columns {
  const lines = text.split(/\r?\n/).map((l, i) => ({ n: i + 1, cells: l.trim() })).filter((l) => l.cells !== '' && !l.cells.startsWith('#'));
  if (lines.length < 2) throw bad('csv', 'needs a header row and at least one row of samples');
  const header = lines[0]!.cells.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const rows = lines.slice(1).map((l) => ({ n: l.n, cells: l.cells.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')) }));
  const parsed = header.map((h) => {
    const m = /^(.*?)\s*[([]\s*([^)\]]+)\s*[)\]]$/.exec(h);
    return m ? { name: m[1]!, unit: m[2]! } : { name: h, unit: undefined };
  });
  const lower = parsed.map((p) => p.name.toLowerCase());
  const tcol = lower.findIndex((h) => h === 'timestamp' || h === 'time' || h === 't' || h === 'time_ms' || h === 'timestamp_ms');
  const lcol = lower.indexOf('label');
  const cols: Columns['cols'] = [];
  const colIndex: number[] = [];
  parsed.forEach((p, i) => {
    if (i === tcol || i === lcol || axisRole(p.name) === undefined) return;
    cols.push({ name: p.name, unit: p.unit, values: [], field: (k: number) => `csv.line ${rows[k]?.n ?? '?'}.${p.name}` });
    colIndex.push(i);
  });
  const times: number[] = [];
  for (const r of rows) {
    if (r.cells.length !== header.length) throw bad(`csv.line ${r.n}`, `has ${r.cells.length} columns, the header ${header.length}`);
    colIndex.forEach((ci, j) => {
      const cell = r.cells[ci]!;
      const v = cell === '' ? NaN : Number(cell);
      cols[j]!.values.push(finite(Number.isFinite(v) ? v : null, `csv.line ${r.n}.${parsed[ci]!.name}`));
    });
    if (tcol >= 0) times.push(finite(Number(r.cells[tcol]), `csv.line ${r.n}.${parsed[tcol]!.name}`));
  }
  let rateHz: number | undefined;
  if (times.length >= 2) {
    const d = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
    const median = d[Math.floor(d.length / 2)]!;
    if (!(median > 0)) throw bad(`csv.${parsed[tcol]!.name}`, 'timestamps (ms) must increase');
    rateHz = 1000 / median;
  }
  const label = lcol >= 0 && rows[0] !== undefined ? (rows[0].cells[lcol] ?? null) : null;
  return { cols, rateHz, label, valuesField: 'csv', defaultUnits: {} };
}

function fromRecordingObject(rec: Record<string, unknown>, path: string, top: Record<string, unknown>): Columns {
  const cols: Columns['cols'] = [];
  for (const [key, v] of Object.entries(rec)) {
    if (axisRole(key) === undefined || !Array.isArray(v)) continue;
    const values = v.map((x: unknown, k) => finite(x, `${path}${key}[${k}]`));
    cols.push({ name: key, unit: undefined, values, field: (k: number) => `${path}${key}[${k}]` });
  }
  const rate = typeof rec['rateHz'] === 'number' ? rec['rateHz'] : typeof top['rateHz'] === 'number' ? top['rateHz'] : undefined;
  const units = isObj(top['units']) ? (top['units'] as Record<string, string>) : {};
  return { cols, rateHz: rate, label: typeof rec['label'] === 'string' ? rec['label'] : null, valuesField: path === '' ? '(recording)' : path.slice(0, -1), defaultUnits: { accelerometer: 'g', ...units } };
}

/** The format of an input (a string is CSV; an object with `payload` Edge Impulse JSON; else `recordings`). */
export function detectFormat(input: unknown): RecordingFormat {
  if (typeof input === 'string') return 'csv';
  if (isObj(input) && isObj(input['payload'])) return 'ei-json';
  return 'recordings';
}

/** How many recordings an input holds (a `{ recordings: [...] }` document may hold many). */
export function recordingCount(input: unknown): number {
  return isObj(input) && Array.isArray(input['recordings']) ? input['recordings'].length : 1;
}

function columnsOf(input: unknown, format: RecordingFormat, index: number): Columns {
  if (format === 'csv') {
    if (typeof input !== 'string') throw bad('recording', 'must be CSV text for format "csv"');
    return fromCsv(input);
  }
  if (!isObj(input)) throw bad('recording', `must be a JSON object for format "${format}"`);
  if (format === 'ei-json') return fromEi(input);
  if (Array.isArray(input['recordings'])) {
    const list = input['recordings'];
    if (!Number.isInteger(index) || index < 0 || index >= list.length) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `${index} is not a recording of this file (it has ${list.length})`, { field: 'index' });
    }
    const rec = list[index] as unknown;
    if (!isObj(rec)) throw bad(`recordings[${index}]`, 'must be an object');
    return fromRecordingObject(rec, `recordings[${index}].`, input);
  }
  return fromRecordingObject(input, '', input);
}

/**
 * Reads one recording (of any supported format) into board units and the board frame. Throws
 * EmulatorError naming the field: EMU_ERR_BAD_RECORDING (shape, NaN, no sensor, no rate),
 * EMU_ERR_UNKNOWN_UNIT, EMU_ERR_RECORDING_TOO_LONG, EMU_ERR_INVALID_OPTION (index, axisMap).
 */
export function importRecording(input: unknown, options: ImportOptions = {}): ReplayRecording {
  const format = options.format ?? detectFormat(input);
  if (!(RECORDING_FORMATS as readonly string[]).includes(format)) {
    throw new EmulatorError('EMU_ERR_INVALID_OPTION', `${JSON.stringify(format)} is not a recording format; known: ${RECORDING_FORMATS.join(', ')}`, { field: 'format', supported: [...RECORDING_FORMATS] });
  }
  const c = columnsOf(input, format, options.index ?? 0);
  const rateHz = options.rateHz ?? c.rateHz;
  if (rateHz === undefined) throw bad('rateHz', 'the recording does not say its sampling rate: give rateHz (e.g. 100 for the GestureWiimote files)');
  if (!(typeof rateHz === 'number' && Number.isFinite(rateHz) && rateHz > 0 && rateHz <= 100_000)) throw bad('rateHz', `must be a rate in Hz in (0, 100000], got ${String(rateHz)}`);
  const map = options.axisMap !== undefined ? parseAxisMap(options.axisMap) : IDENTITY_AXIS_MAP;
  const maxMs = options.maxDurationMs ?? MAX_REPLAY_MS;
  const bySensor = new Map<ReplaySensor, (Columns['cols'][number] | undefined)[]>();
  for (const col of c.cols) {
    const role = axisRole(col.name)!;
    const list = bySensor.get(role.sensor) ?? [undefined, undefined, undefined];
    if (list[role.axis] !== undefined) throw bad(c.valuesField, `has two columns for ${role.sensor} axis ${'xyz'[role.axis]} (${list[role.axis]!.name}, ${col.name})`);
    list[role.axis] = col;
    bySensor.set(role.sensor, list);
  }
  if (bySensor.size === 0) throw bad(c.valuesField, 'has no accelerometer (ax ay az / accX ...), gyroscope (gx gy gz / gyrX ...) or proximity column');
  const tracks: Partial<Record<ReplaySensor, ReplayTrack>> = {};
  let longest = 0;
  for (const sensor of REPLAY_SENSORS) {
    const list = bySensor.get(sensor);
    if (list === undefined || (options.sensors !== undefined && !options.sensors.includes(sensor))) continue;
    const channels = sensor === 'proximity' ? 1 : 3;
    const present = list.slice(0, channels);
    const missing = present.findIndex((x) => x === undefined);
    if (missing >= 0) throw bad(c.valuesField, `has ${sensor} axes ${present.filter((x) => x).map((x) => x!.name).join(', ')} but not axis ${'xyz'[missing]}: a 3-axis sensor needs all three`);
    const cols = present as Columns['cols'];
    const count = cols[0]!.values.length;
    for (const col of cols) if (col.values.length !== count) throw bad(c.valuesField, `${col.name} has ${col.values.length} samples, ${cols[0]!.name} ${count}`);
    if (count === 0) throw bad(c.valuesField, `${sensor} has no samples`);
    const ms = (count / rateHz) * 1000;
    if (count > MAX_REPLAY_SAMPLES || ms > maxMs) {
      throw new EmulatorError('EMU_ERR_RECORDING_TOO_LONG', `${sensor}: ${count} samples at ${rateHz} Hz last ${ms.toFixed(0)} ms, more than the limit ${maxMs} ms (${MAX_REPLAY_SAMPLES} samples); cut it`, { field: c.valuesField });
    }
    const factors = cols.map((col, a) => {
      const unit = options.units?.[sensor] ?? col.unit ?? c.defaultUnits[sensor] ?? (sensor === 'accelerometer' ? 'm/s2' : sensor === 'gyroscope' ? 'rad/s' : 'counts/8');
      return unitFactor(sensor, unit, options.units?.[sensor] !== undefined ? `units.${sensor}` : col.unit !== undefined ? `${c.valuesField === 'payload.values' ? `payload.sensors[${a}].units` : `${col.name}.unit`}` : `units.${sensor}`);
    });
    const values = new Float64Array(count * channels);
    for (let k = 0; k < count; k++) {
      for (let b = 0; b < channels; b++) {
        const src = channels === 1 ? 0 : map.source[b]!;
        const sign = channels === 1 ? 1 : map.sign[b]!;
        values[k * channels + b] = sign * cols[src]!.values[k]! * factors[src]! + 0; // + 0: no -0
      }
    }
    tracks[sensor] = { sensor, rateHz, count, channels, values };
    longest = Math.max(longest, ms);
  }
  if (Object.keys(tracks).length === 0) throw bad('sensors', `the recording has none of the sensors asked for (${(options.sensors ?? []).join(', ')}); it has ${[...bySensor.keys()].join(', ')}`);
  const label = options.label ?? c.label;
  return { label: label === '' ? null : label, durationMs: longest, tracks };
}
