import { parse } from 'csv-parse/sync';
import { StudioError } from '../errors.js';
import type { Recording } from './recording.js';
import { isLabel, unitOfAxis } from './recording.js';

export interface CsvTable {
  header: string[] | undefined;
  rows: string[][];
  /** The line number (1-based, in the file) each row ends on. */
  lines: number[];
}

function csvError(source: string, line: number, what: string, field?: string): StudioError {
  return new StudioError('STUDIO_ERR_CSV', `${source}, line ${line}: ${what}`, { field: field ?? `line ${line}` });
}

/**
 * Reads CSV text with csv-parse (RFC 4180: quoted fields with commas, quotes and line breaks; `#`
 * comment lines; blank lines skipped; cells trimmed). Ragged rows are an error naming the line.
 */
export function parseCsv(text: string, source: string): CsvTable {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      bom: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw csvError(source, e.lines ?? 1, `is not valid CSV: ${e.message ?? String(err)}`);
  }
  const rows = parsed.filter((r) => !(r.record.length === 1 && r.record[0] === '')).map((r) => ({ n: r.info.lines, cells: r.record }));
  if (rows.length === 0) throw csvError(source, 1, 'the file has no rows');
  const first = rows[0] as { n: number; cells: string[] };
  const hasHeader = first.cells.some((c) => c !== '' && !Number.isFinite(Number(c)) && !/^[+-]?(nan|inf|infinity)$/i.test(c));
  const width = first.cells.length;
  for (const r of rows) {
    if (r.cells.length !== width) {
      throw csvError(source, r.n, `has ${r.cells.length} column(s), the ${hasHeader ? 'header' : 'first row'} has ${width} (ragged CSV): every row needs the same columns`);
    }
  }
  const body = hasHeader ? rows.slice(1) : rows;
  return { header: hasHeader ? first.cells : undefined, rows: body.map((r) => r.cells), lines: body.map((r) => r.n) };
}

/** A cell that must be a finite number: NaN, Infinity, an overflow such as 1e999 or an empty cell is an error naming the file, line and column. */
function num(source: string, line: number, cell: string, column: string): number {
  const v = cell === '' ? Number.NaN : Number(cell);
  if (!Number.isFinite(v)) {
    const why = cell === '' ? 'is empty' : Number.isNaN(v) && !/^[+-]?nan$/i.test(cell) ? `is not a number: "${cell.slice(0, 40)}"` : `is "${cell.slice(0, 40)}", not a finite number`;
    throw csvError(source, line, `column ${column} ${why}`, column);
  }
  return v;
}

/** A plain vector: "5.1,46.7,120.5" on one line (or one value per line). */
export function parseVector(text: string, source: string): number[] {
  const t = parseCsv(text, source);
  const cells = t.rows.length === 1 ? (t.rows[0] ?? []) : t.rows.map((r) => r[0] ?? '');
  if (t.rows.length > 1 && (t.rows[0]?.length ?? 0) > 1) {
    throw csvError(source, 2, `expected one row of numbers (or one number per line), got ${t.rows.length} rows of ${t.rows[0]?.length} columns`);
  }
  return cells.map((c, i) => num(source, t.rows.length === 1 ? (t.lines[0] ?? 1) : (t.lines[i] ?? i + 1), c, `value ${i + 1}`));
}

const META = new Set(['file', 'recording', 'label', 'person', 'timestamp', 'time', 'seed', 'gesture']);

/**
 * Reads recordings from CSV. Two shapes:
 *  - many recordings: columns `file` (or `recording`), `label`, optional `person`, `timestamp` (ms), then one column per axis;
 *  - one recording (Edge Impulse CSV): `timestamp` (ms) then one column per axis; the label comes from `fallbackLabel`.
 * Without a timestamp column `intervalMs` must be given.
 */
export function recordingsFromCsv(text: string, source: string, opts: { fallbackLabel?: string; intervalMs?: number }): Omit<Recording, 'id'>[] {
  const t = parseCsv(text, source);
  if (t.header === undefined) {
    throw csvError(source, 1, 'needs a header row naming the columns (timestamp, then the axes such as ax,ay,az,gx,gy,gz or proximity)');
  }
  const h = t.header.map((c) => c.toLowerCase());
  const col = (name: string): number => h.indexOf(name);
  const fileCol = col('file') >= 0 ? col('file') : col('recording');
  const labelCol = col('label');
  const personCol = col('person');
  const tsCol = col('timestamp') >= 0 ? col('timestamp') : col('time');
  const axisCols = t.header.map((c, i) => ({ c, i })).filter(({ c }) => !META.has(c.toLowerCase()));
  if (axisCols.length === 0) throw csvError(source, 1, 'no sensor axis columns besides file/label/person/timestamp');
  if (tsCol < 0 && opts.intervalMs === undefined) {
    throw csvError(source, 1, 'has no timestamp column: pass --interval-ms with the sampling interval', 'timestamp');
  }
  const groups = new Map<string, { line: number; cells: string[] }[]>();
  t.rows.forEach((cells, i) => {
    const key = fileCol >= 0 ? (cells[fileCol] ?? '') : labelCol >= 0 ? `${cells[labelCol]}` : 'recording';
    const list = groups.get(key) ?? [];
    list.push({ line: t.lines[i] ?? i + 2, cells });
    groups.set(key, list);
  });
  const out: Omit<Recording, 'id'>[] = [];
  for (const [key, rows] of groups) {
    const firstRow = rows[0] as { line: number; cells: string[] };
    const label = labelCol >= 0 ? (firstRow.cells[labelCol] ?? '') : opts.fallbackLabel;
    if (label === undefined || label === '') throw csvError(source, firstRow.line, 'no label: add a label column or pass --label', 'label');
    if (!isLabel(label)) {
      throw csvError(source, firstRow.line, `label ${JSON.stringify(label.slice(0, 80))} is not usable (letters, digits, "_" or "-", at most 64, starting with a letter or digit)`, 'label');
    }
    let intervalMs = opts.intervalMs ?? 0;
    if (tsCol >= 0) {
      if (rows.length < 2) throw csvError(source, firstRow.line, `recording "${key}" has a single row: the interval cannot be derived from the timestamps`, 'timestamp');
      const ts = rows.map((r) => num(source, r.line, r.cells[tsCol] ?? '', 'timestamp'));
      intervalMs = ((ts[ts.length - 1] ?? 0) - (ts[0] ?? 0)) / (ts.length - 1);
      if (!(intervalMs > 0)) throw csvError(source, firstRow.line, `recording "${key}": timestamps must increase`, 'timestamp');
    }
    const rec: Omit<Recording, 'id'> = {
      label,
      intervalMs,
      axes: axisCols.map((a) => a.c),
      units: axisCols.map((a) => unitOfAxis(a.c)),
      values: rows.map((r) => axisCols.map((a) => num(source, r.line, r.cells[a.i] ?? '', a.c))),
    };
    if (personCol >= 0 && firstRow.cells[personCol] !== '') rec.person = num(source, firstRow.line, firstRow.cells[personCol] ?? '', 'person');
    out.push(rec);
  }
  return out;
}

/** The many-recordings CSV shape (see recordingsFromCsv). All recordings must share their axes. */
export function recordingsToCsv(recordings: Recording[]): string {
  const axes = recordings[0]?.axes ?? [];
  for (const r of recordings) {
    if (r.axes.join(',') !== axes.join(',')) {
      throw new StudioError('STUDIO_ERR_DATASET_EMPTY', `cannot write one CSV: ${r.label}.${r.id}.json has axes [${r.axes.join(',')}], others [${axes.join(',')}]; export as JSON instead`);
    }
  }
  const lines = [['file', 'label', 'person', 'timestamp', ...axes].join(',')];
  for (const r of recordings) {
    r.values.forEach((row, i) => {
      const ts = Math.round(i * r.intervalMs * 1000) / 1000;
      lines.push([`${r.label}.${r.id}`, r.label, r.person ?? '', ts, ...row.map((v) => String(v))].join(','));
    });
  }
  return `${lines.join('\n')}\n`;
}
