// Edge Impulse data-acquisition JSON (one recording per file) with the tinyspark extension
// block, as docs/architecture.md section 4 describes it.
import { StudioError } from '../errors.js';
import type { Recording } from './recording.js';
import { isLabel, unitOfAxis } from './recording.js';

/** The Edge Impulse format version (`protected.ver`) this studio reads and writes. */
export const EI_FORMAT_VERSION = 'v1';

export function recordingToEi(rec: Recording): unknown {
  const meta: Record<string, unknown> = { label: rec.label };
  if (rec.person !== undefined) meta['person'] = rec.person;
  if (rec.seed !== undefined) meta['seed'] = rec.seed;
  if (rec.gesture !== undefined) meta['gesture'] = rec.gesture;
  if (rec.board !== undefined) meta['board'] = rec.board;
  if (rec.capturedAt !== undefined) meta['capturedAt'] = rec.capturedAt;
  return {
    protected: { ver: EI_FORMAT_VERSION, alg: 'none' },
    signature: '0',
    payload: {
      device_name: rec.deviceName ?? 'tinyspark',
      device_type: rec.deviceType ?? 'TINYSPARK_S3',
      interval_ms: rec.intervalMs,
      sensors: rec.axes.map((name, i) => ({ name, units: rec.units[i] ?? unitOfAxis(name) })),
      values: rec.values,
    },
    tinyspark: meta,
  };
}

function bad(file: string, field: string, what: string): StudioError {
  return new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: ${field} ${what}. Fix or delete this file; the rest of the dataset stays usable.`, { field });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses one Edge Impulse data-acquisition document. The label comes from the tinyspark block,
 * else from the file name (`<label>.<anything>.json`, Edge Impulse's convention), else `fallbackLabel`.
 */
export function recordingFromEi(doc: unknown, file: string, id: string, fallbackLabel?: string): Recording {
  if (!isObj(doc)) throw bad(file, '(root)', 'is not a JSON object');
  const prot = doc['protected'];
  if (isObj(prot) && prot['ver'] !== undefined && prot['ver'] !== EI_FORMAT_VERSION) {
    throw new StudioError('STUDIO_ERR_FORMAT_VERSION', `${file}: protected.ver ${JSON.stringify(prot['ver'])} is not a format version this studio reads (${EI_FORMAT_VERSION}); update tinyspark, or convert the file. It is skipped; nothing was changed.`, { field: 'protected.ver' });
  }
  const payload = doc['payload'];
  if (!isObj(payload)) throw bad(file, 'payload', 'is missing or not an object');
  const interval = payload['interval_ms'];
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval <= 0) {
    throw bad(file, 'payload.interval_ms', `must be a positive number, got ${JSON.stringify(interval)}`);
  }
  const sensors = payload['sensors'];
  if (!Array.isArray(sensors) || sensors.length === 0) throw bad(file, 'payload.sensors', 'must be a non-empty list');
  const axes: string[] = [];
  const units: string[] = [];
  sensors.forEach((s, i) => {
    if (!isObj(s) || typeof s['name'] !== 'string') throw bad(file, `payload.sensors[${i}].name`, 'must be a string');
    axes.push(s['name']);
    units.push(typeof s['units'] === 'string' ? s['units'] : unitOfAxis(s['name']));
  });
  const values = payload['values'];
  if (!Array.isArray(values) || values.length === 0) throw bad(file, 'payload.values', 'must be a non-empty list of samples');
  const rows: number[][] = [];
  for (let i = 0; i < values.length; i++) {
    let row = values[i] as unknown;
    if (typeof row === 'number' && axes.length === 1) row = [row];
    if (!Array.isArray(row) || row.length !== axes.length) {
      throw bad(file, `payload.values[${i}]`, `must have ${axes.length} value(s) (one per sensor axis)`);
    }
    const out: number[] = [];
    for (let a = 0; a < row.length; a++) {
      const v = row[a] as unknown;
      // Non-finite values cannot be written in JSON; null (what JSON.stringify makes of NaN) is kept as NaN
      // so that `dataset check` can report it rather than the file being unreadable.
      if (v === null) out.push(Number.NaN);
      else if (typeof v === 'number') out.push(v);
      else throw bad(file, `payload.values[${i}][${a}]`, `must be a number, got ${JSON.stringify(v)}`);
    }
    rows.push(out);
  }
  const meta = isObj(doc['tinyspark']) ? doc['tinyspark'] : {};
  let label = typeof meta['label'] === 'string' ? meta['label'] : undefined;
  if (label === undefined) {
    const base = file.split(/[\\/]/).pop() ?? file;
    const parts = base.split('.');
    if (parts.length >= 3) label = parts[0];
  }
  label ??= fallbackLabel;
  if (label === undefined || label === '') throw bad(file, 'tinyspark.label', 'is missing and the file name does not start with <label>.');
  // The label becomes part of file names (`<label>.<id>.json`): "../../evil" must never get that far.
  if (!isLabel(label)) {
    throw new StudioError('STUDIO_ERR_RECORDING_PARSE', `${file}: tinyspark.label ${JSON.stringify(label.slice(0, 80))} is not a usable label (letters, digits, "_" or "-", at most 64, starting with a letter or digit). Fix or delete this file; the rest of the dataset stays usable.`, { field: 'tinyspark.label' });
  }
  const rec: Recording = { id, label, intervalMs: interval, axes, units, values: rows };
  if (typeof meta['person'] === 'number') rec.person = meta['person'];
  if (typeof meta['seed'] === 'number') rec.seed = meta['seed'];
  if (typeof meta['gesture'] === 'string') rec.gesture = meta['gesture'];
  if (typeof meta['board'] === 'string') rec.board = meta['board'];
  if (typeof meta['capturedAt'] === 'string') rec.capturedAt = meta['capturedAt'];
  if (typeof payload['device_name'] === 'string') rec.deviceName = payload['device_name'];
  if (typeof payload['device_type'] === 'string') rec.deviceType = payload['device_type'];
  return rec;
}
