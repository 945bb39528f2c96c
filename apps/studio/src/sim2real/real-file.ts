import { readFile } from 'node:fs/promises';
import { StudioError } from '../errors.js';
import type { Recording } from '../dataset/recording.js';

/** Standard gravity (m/s^2 per g), as the emulator's sensor model uses it. */
export const G = 9.80665;

/** One board axis taken from a source axis, with a sign: `x=-y` is { target: 0, source: 1, sign: -1 }. */
export interface AxisTerm {
  target: 0 | 1 | 2;
  source: 0 | 1 | 2;
  sign: 1 | -1;
}

/** The real accelerometer recordings' frame mapped to the board's (see docs/decisions/0009-gesture-calibration.md). */
export const WIIMOTE_AXIS_MAP = 'x=-y,y=x,z=z';

const AXIS_INDEX: Record<string, 0 | 1 | 2> = { x: 0, y: 1, z: 2 };

/** Parses an axis map such as `x=-y,y=x,z=z` (each board axis once, each source axis once). */
export function parseAxisMap(text: string, field = 'axis-map'): AxisTerm[] {
  const terms = text.split(',').map((s) => s.trim());
  const out: AxisTerm[] = [];
  for (const t of terms) {
    const m = /^([xyz])=(-?)([xyz])$/.exec(t);
    if (m === null) throw new StudioError('STUDIO_ERR_BAD_OPTION', `${field}: "${t}" is not of the form x=-y (board axis = [-]source axis)`, { field });
    out.push({ target: AXIS_INDEX[m[1]!]!, source: AXIS_INDEX[m[3]!]!, sign: m[2] === '-' ? -1 : 1 });
  }
  const targets = new Set(out.map((o) => o.target));
  const sources = new Set(out.map((o) => o.source));
  if (out.length !== 3 || targets.size !== 3 || sources.size !== 3) {
    throw new StudioError('STUDIO_ERR_BAD_OPTION', `${field}: needs each of x, y, z once on both sides, got "${text}"`, { field });
  }
  return out.sort((a, b) => a.target - b.target);
}

/** A recording of the real file in its own units, rate and frame. */
export interface RealRecordingRaw {
  label: string;
  /** Position in the file (0-based). */
  index: number;
  ax: number[];
  ay: number[];
  az: number[];
}

export interface RealFile {
  rateHz: number;
  /** 'g' or 'm/s2'. */
  units: 'g' | 'm/s2';
  recordings: RealRecordingRaw[];
}

function bad(path: string, msg: string, field: string): StudioError {
  return new StudioError('STUDIO_ERR_RECORDING_PARSE', `${path}: ${msg}`, { field });
}

/**
 * Reads a file in the format of the calibration file: `{ approx_rate_hz, units, recordings: [{ label,
 * ax, ay, az }] }`. Missing file: STUDIO_ERR_FILE_NOT_FOUND (exit 3) naming the path.
 */
export async function loadRealFile(path: string): Promise<RealFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `cannot read the real recordings ${path}: ${(err as Error).message}`, { field: 'real', cause: err });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${path}: not JSON (${(err as Error).message})`, { field: 'real', cause: err });
  }
  return parseRealFile(doc, path);
}

export function parseRealFile(doc: unknown, path = 'real file'): RealFile {
  if (typeof doc !== 'object' || doc === null) throw bad(path, 'must be a JSON object', 'real');
  const d = doc as Record<string, unknown>;
  const rateHz = typeof d['approx_rate_hz'] === 'number' ? d['approx_rate_hz'] : typeof d['rate_hz'] === 'number' ? d['rate_hz'] : 100;
  if (!(rateHz > 0 && rateHz <= 10_000)) throw bad(path, `approx_rate_hz must be in (0, 10000], got ${rateHz}`, 'approx_rate_hz');
  const unitsText = typeof d['units'] === 'string' ? d['units'] : 'g';
  const units: 'g' | 'm/s2' = /^m\/s/.test(unitsText) ? 'm/s2' : 'g';
  const recs = d['recordings'];
  if (!Array.isArray(recs) || recs.length === 0) throw bad(path, 'recordings must be a non-empty array', 'recordings');
  const recordings: RealRecordingRaw[] = recs.map((r: unknown, index) => {
    const field = `recordings[${index}]`;
    if (typeof r !== 'object' || r === null) throw bad(path, `${field} must be an object`, field);
    const o = r as Record<string, unknown>;
    const label = o['label'];
    if (typeof label !== 'string' || label === '') throw bad(path, `${field}.label must be a non-empty string`, `${field}.label`);
    const axes = (['ax', 'ay', 'az'] as const).map((k) => {
      const v = o[k];
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw bad(path, `${field}.${k} must be a non-empty array of finite numbers`, `${field}.${k}`);
      }
      return v as number[];
    });
    if (axes[0]!.length !== axes[1]!.length || axes[0]!.length !== axes[2]!.length) throw bad(path, `${field}: ax, ay and az differ in length`, field);
    return { label, index, ax: axes[0]!, ay: axes[1]!, az: axes[2]! };
  });
  return { rateHz, units, recordings };
}

export interface BoardImportOptions {
  /** Source rate (Hz). */
  rateHz: number;
  units: 'g' | 'm/s2';
  axisMap: AxisTerm[];
  /** The board's accelerometer rate (Hz). Default 104. */
  boardRateHz?: number;
  /** The board's accelerometer full scale (g): values beyond it read as the limit. Default 4. */
  rangeG?: number;
}

/**
 * A real recording as the board would have recorded it: axes mapped to the board frame, units to
 * m/s^2, resampled (linear interpolation) to the board's rate, clipped to its full scale.
 */
export function toBoardRecording(raw: RealRecordingRaw, o: BoardImportOptions): Recording {
  const boardRate = o.boardRateHz ?? 104;
  const lim = (o.rangeG ?? 4) * G;
  const k = o.units === 'g' ? G : 1;
  const src = [raw.ax, raw.ay, raw.az];
  const n = src[0]!.length;
  const spanS = (n - 1) / o.rateHz;
  const m = Math.max(1, Math.floor(spanS * boardRate + 1e-9) + 1);
  const values: number[][] = [];
  for (let j = 0; j < m; j++) {
    const pos = Math.min(n - 1, (j / boardRate) * o.rateHz);
    const i0 = Math.floor(pos);
    const i1 = Math.min(n - 1, i0 + 1);
    const f = pos - i0;
    const row = [0, 0, 0];
    for (const t of o.axisMap) {
      const s = src[t.source]!;
      const v = t.sign * k * (s[i0]! * (1 - f) + s[i1]! * f);
      row[t.target] = Math.max(-lim, Math.min(lim, v));
    }
    values.push(row);
  }
  return { id: `real-${raw.index}`, label: raw.label, intervalMs: 1000 / boardRate, axes: ['ax', 'ay', 'az'], units: ['m/s2', 'm/s2', 'm/s2'], values };
}

/**
 * Splits recordings into a fit half and a held-out half: within each label, alternate positions in the
 * file (the file has no person ids, so the halves are not person-disjoint; see the ADR).
 */
export function splitHalves<T extends { label: string }>(recs: readonly T[]): { fit: T[]; heldOut: T[] } {
  const seen = new Map<string, number>();
  const fit: T[] = [];
  const heldOut: T[] = [];
  for (const r of recs) {
    const i = seen.get(r.label) ?? 0;
    seen.set(r.label, i + 1);
    (i % 2 === 0 ? fit : heldOut).push(r);
  }
  return { fit, heldOut };
}
