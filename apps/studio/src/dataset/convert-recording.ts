// Recordings from another device made like the board's: units, rate, axis map, sensor subset
// (`tinyspark dataset import --units --rate --axis-map --sensors`), with the emulator's replay
// functions (the same the board uses for sim.replay).
import { EmulatorError } from '@tinyspark/emulator/errors';
import { applyAxisMap, axisRole, BOARD_UNITS, importRecording, parseAxisMap, parseSensorList, resampleTrack, REPLAY_UNITS, unitFactor } from '@tinyspark/emulator/replay';
import type { AxisMap, ReplaySensor } from '@tinyspark/emulator/replay';
import { StudioError } from '../errors.js';
import type { Recording } from './recording.js';

/** What `dataset import` is asked to do to each recording. */
export interface ImportConversion {
  /** Units of the input per sensor (`--units g` or `--units g,dps`). */
  units?: Partial<Record<ReplaySensor, string>>;
  /** Resample to this rate, Hz (`--rate 104`). */
  rateHz?: number;
  /** Board axes from the input's (`--axis-map x=-y,y=x,z=z`). */
  axisMap?: AxisMap;
  /** Keep only these sensors (`--sensors accel`). */
  sensors?: ReplaySensor[];
}

const BOARD_AXES: Readonly<Record<ReplaySensor, readonly string[]>> = { accelerometer: ['ax', 'ay', 'az'], gyroscope: ['gx', 'gy', 'gz'], proximity: ['proximity'] };

function option(field: string, err: unknown): StudioError {
  const text = err instanceof Error ? err.message : String(err);
  return new StudioError('STUDIO_ERR_BAD_OPTION', `dataset import: --${field}: ${err instanceof EmulatorError ? err.detail : text}`, { field, cause: err });
}

/** Parses the command's flags (each optional) into a conversion; bad values are usage errors naming the flag. */
export function parseImportConversion(flags: { units?: string; rate?: string; axisMap?: string; sensors?: string }): ImportConversion {
  const c: ImportConversion = {};
  if (flags.units !== undefined) {
    const units: Partial<Record<ReplaySensor, string>> = {};
    for (const raw of flags.units.split(',')) {
      const u = raw.trim();
      const sensor = (Object.keys(REPLAY_UNITS) as ReplaySensor[]).find((s) => {
        try {
          unitFactor(s, u);
          return true;
        } catch {
          return false;
        }
      });
      if (sensor === undefined) throw option('units', `${JSON.stringify(u)} is not a unit: use g, mg or m/s2 (accelerometer), dps, mdps or rad/s (gyroscope), counts or counts/8 (proximity)`);
      units[sensor] = u;
    }
    c.units = units;
  }
  if (flags.rate !== undefined) {
    const r = Number(flags.rate);
    if (!(Number.isFinite(r) && r > 0 && r <= 100_000)) throw option('rate', `must be a rate in Hz in (0, 100000], got ${JSON.stringify(flags.rate)}`);
    c.rateHz = r;
  }
  try {
    if (flags.axisMap !== undefined) c.axisMap = parseAxisMap(flags.axisMap, 'axis-map');
  } catch (e) {
    throw option('axis-map', e);
  }
  try {
    if (flags.sensors !== undefined) c.sensors = parseSensorList(flags.sensors, 'sensors');
  } catch (e) {
    throw option('sensors', e);
  }
  return c;
}

/** True when the conversion changes anything. */
export function hasConversion(c: ImportConversion): boolean {
  return c.units !== undefined || c.rateHz !== undefined || c.axisMap !== undefined || c.sensors !== undefined;
}

/**
 * Converts one recording: units to the board's (m/s2, rad/s, counts/8; `--units` says what the
 * input is in, else the recording's own units), axes mapped and renamed to the board's (ax ay az,
 * gx gy gz, proximity), sensors not asked for dropped, then resampled band-limited to `rateHz`.
 * Columns that are no sensor axis are kept as they are unless a sensor subset is given.
 */
export function convertRecording(rec: Omit<Recording, 'id'>, c: ImportConversion, file: string): Omit<Recording, 'id'> {
  const groups = new Map<ReplaySensor, number[]>();
  const other: number[] = [];
  rec.axes.forEach((name, i) => {
    const role = axisRole(name);
    if (role === undefined) {
      other.push(i);
      return;
    }
    const list = groups.get(role.sensor) ?? [-1, -1, -1];
    list[role.axis] = i;
    groups.set(role.sensor, list);
  });
  const axes: string[] = [];
  const units: string[] = [];
  const columns: Float64Array[] = [];
  const n = rec.values.length;
  const column = (i: number): Float64Array => Float64Array.from(rec.values, (row) => row[i] ?? Number.NaN);
  for (const sensor of ['accelerometer', 'gyroscope', 'proximity'] as const) {
    const idx = groups.get(sensor);
    if (idx === undefined || (c.sensors !== undefined && !c.sensors.includes(sensor))) continue;
    const channels = sensor === 'proximity' ? 1 : 3;
    const present = idx.slice(0, channels);
    if (present.some((i) => i < 0)) throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: has some ${sensor} axes but not all three (${present.map((i) => (i < 0 ? '?' : rec.axes[i])).join(', ')})`, { field: 'axes' });
    const cols = present.map((i) => {
      const unit = c.units?.[sensor] ?? rec.units[i] ?? BOARD_UNITS[sensor];
      let f: number;
      try {
        f = unitFactor(sensor, unit, c.units?.[sensor] !== undefined ? 'units' : `payload.sensors[${i}].units`);
      } catch (e) {
        if (c.units?.[sensor] !== undefined) throw option('units', e);
        throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: axis ${rec.axes[i]} is in ${JSON.stringify(unit)}, not a unit of the ${sensor}: pass --units`, { field: 'units', cause: e });
      }
      const col = column(i);
      for (let k = 0; k < n; k++) col[k] = col[k]! * f;
      return col;
    });
    let mapped = cols;
    if (c.axisMap !== undefined && channels === 3) {
      const inter = new Float64Array(n * 3);
      for (let k = 0; k < n; k++) for (let a = 0; a < 3; a++) inter[k * 3 + a] = cols[a]![k]!;
      const out = applyAxisMap(inter, c.axisMap);
      mapped = [0, 1, 2].map((a) => Float64Array.from({ length: n }, (_, k) => out[k * 3 + a]!));
    }
    mapped.forEach((col, a) => {
      axes.push(BOARD_AXES[sensor][a]!);
      units.push(BOARD_UNITS[sensor]);
      columns.push(col);
    });
  }
  if (c.sensors === undefined) {
    for (const i of other) {
      axes.push(rec.axes[i]!);
      units.push(rec.units[i] ?? 'N/A');
      columns.push(column(i));
    }
  }
  if (columns.length === 0) throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: none of the sensors asked for (${(c.sensors ?? []).join(', ')}) is in it (axes ${rec.axes.join(', ')})`, { field: 'sensors' });
  let intervalMs = rec.intervalMs;
  let resampled = columns;
  if (c.rateHz !== undefined && Math.abs(1000 / c.rateHz - rec.intervalMs) > 1e-9) {
    const from = 1000 / rec.intervalMs;
    resampled = columns.map((col) => resampleTrack(col, 1, from, c.rateHz!));
    intervalMs = 1000 / c.rateHz;
  }
  const count = resampled[0]!.length;
  const values: number[][] = [];
  for (let k = 0; k < count; k++) values.push(resampled.map((col) => col[k]!));
  return { ...rec, intervalMs, axes, units, values };
}

/**
 * The data sets' `{ recordings: [{ label, ax, ay, az, ... }] }` documents (e.g. the GestureWiimote
 * calibration file): one recording per entry; such files do not say their rate (`intervalMs`) and
 * are in g unless `units` says otherwise.
 */
export function recordingsFromDataSetDoc(doc: unknown, file: string, intervalMs: number | undefined, label: string | undefined, inputUnits?: Partial<Record<ReplaySensor, string>>): Omit<Recording, 'id'>[] {
  const list = (doc as { recordings?: unknown }).recordings;
  if (!Array.isArray(list)) throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: has no recordings list`, { field: 'recordings' });
  if (intervalMs === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', `${file} does not say its sampling rate: pass --interval-ms (10 for the GestureWiimote recordings, ~100 Hz)`, { field: 'interval-ms' });
  const out: Omit<Recording, 'id'>[] = [];
  for (let i = 0; i < list.length; i++) {
    let r;
    try {
      r = importRecording(doc, { index: i, rateHz: 1000 / intervalMs, ...(label !== undefined ? { label } : {}), ...(inputUnits !== undefined ? { units: inputUnits } : {}) });
    } catch (e) {
      throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: ${e instanceof Error ? e.message : String(e)}`, { field: e instanceof EmulatorError ? e.field : 'recordings', cause: e });
    }
    const axes: string[] = [];
    const units: string[] = [];
    const cols: Float64Array[] = [];
    for (const sensor of ['accelerometer', 'gyroscope', 'proximity'] as const) {
      const t = r.tracks[sensor];
      if (t === undefined) continue;
      for (let a = 0; a < t.channels; a++) {
        axes.push(BOARD_AXES[sensor][a]!);
        units.push(BOARD_UNITS[sensor]);
        cols.push(Float64Array.from({ length: t.count }, (_, k) => t.values[k * t.channels + a]!));
      }
    }
    const values: number[][] = [];
    for (let k = 0; k < (cols[0]?.length ?? 0); k++) values.push(cols.map((c) => c[k]!));
    if (r.label === null) throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: recordings[${i}] has no label: pass --label`, { field: `recordings[${i}].label` });
    out.push({ label: r.label, intervalMs, axes, units, values });
  }
  return out;
}
