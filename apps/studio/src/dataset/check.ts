import type { DatasetProblem } from './dataset-store.js';
import type { Recording } from './recording.js';
import { datasetStats } from './stats.js';

export type IssueSeverity = 'error' | 'warning';

export interface DatasetIssue {
  severity: IssueSeverity;
  /** Stable kind: PARSE_ERROR, TOO_FEW_LABELS, TOO_FEW_RECORDINGS, CLASS_IMBALANCE, DUPLICATE, OUTLIER, MIXED_RATES, MIXED_AXES, NON_FINITE, SHORT_RECORDING, MISSING_PERSON, LEFTOVER_TMP. */
  kind: string;
  message: string;
  files: string[];
}

export interface CheckOptions {
  /** Fewer recordings of a label than this is a warning (default 5: the course's "5-7 is enough" toy minimum). */
  minPerLabel?: number;
  /** Largest/smallest label count above this ratio is a warning (default 2). */
  maxImbalance?: number;
  /** Robust z-score above which a recording is an outlier (default 8). */
  outlierZ?: number;
}

export function fileOf(r: Recording): string {
  return `${r.label}.${r.id}.json`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Per axis: mean and standard deviation of one recording (the features outliers are judged by). */
function summary(r: Recording): number[] {
  const out: number[] = [];
  for (let a = 0; a < r.axes.length; a++) {
    let s = 0;
    let s2 = 0;
    for (const row of r.values) {
      const v = row[a] ?? 0;
      s += v;
      s2 += v * v;
    }
    const n = r.values.length;
    const mean = s / n;
    out.push(mean, Math.sqrt(Math.max(0, s2 / n - mean * mean)));
  }
  return out;
}

/** The course's "deployment problems", checked on a dataset. Errors make training unsafe; warnings deserve a look. */
export function checkDataset(recordings: Recording[], problems: DatasetProblem[], options: CheckOptions = {}): DatasetIssue[] {
  const minPerLabel = options.minPerLabel ?? 5;
  const maxImbalance = options.maxImbalance ?? 2;
  const outlierZ = options.outlierZ ?? 8;
  const issues: DatasetIssue[] = [];
  for (const p of problems) {
    if (p.code === 'STUDIO_ERR_LEFTOVER_TMP') {
      issues.push({ severity: 'warning', kind: 'LEFTOVER_TMP', message: p.message, files: [p.file] });
      continue;
    }
    issues.push({ severity: p.code === 'STUDIO_ERR_MANIFEST' ? 'warning' : 'error', kind: 'PARSE_ERROR', message: p.message, files: [p.file] });
  }
  const stats = datasetStats(recordings);
  if (stats.labels.length < 2) {
    issues.push({ severity: 'error', kind: 'TOO_FEW_LABELS', message: `only ${stats.labels.length} label(s): a classifier needs at least 2 (record another gesture, or idle)`, files: [] });
  }
  for (const l of stats.labels) {
    if (l.recordings < minPerLabel) {
      issues.push({ severity: 'warning', kind: 'TOO_FEW_RECORDINGS', message: `label ${l.label} has ${l.recordings} recording(s); record at least ${minPerLabel}, from more than one person if you can`, files: [] });
    }
  }
  if (stats.labels.length >= 2) {
    const counts = stats.labels.map((l) => l.recordings);
    const hi = Math.max(...counts);
    const lo = Math.min(...counts);
    if (hi / lo > maxImbalance) {
      const big = stats.labels.find((l) => l.recordings === hi)?.label;
      const small = stats.labels.find((l) => l.recordings === lo)?.label;
      issues.push({ severity: 'warning', kind: 'CLASS_IMBALANCE', message: `class imbalance: ${big} has ${hi} recordings, ${small} only ${lo} (ratio ${(hi / lo).toFixed(1)} > ${maxImbalance}); record more of the small classes`, files: [] });
    }
  }
  if (stats.ratesHz.length > 1) {
    const minority = recordings.filter((r) => Math.round((1000 / r.intervalMs) * 100) / 100 !== stats.ratesHz[0]?.hz).map(fileOf);
    issues.push({ severity: 'error', kind: 'MIXED_RATES', message: `recordings were made at different rates (${stats.ratesHz.map((r) => `${r.hz} Hz x${r.recordings}`).join(', ')}): record everything the same way, or re-record the odd ones`, files: minority });
  }
  if (stats.axes.length > 1) {
    const main = stats.axes[0]?.axes.join(',');
    const odd = recordings.filter((r) => r.axes.join(',') !== main).map(fileOf);
    issues.push({ severity: 'error', kind: 'MIXED_AXES', message: `recordings have different sensor axes (${stats.axes.map((a) => `[${a.axes.join(',')}] x${a.recordings}`).join(', ')})`, files: odd });
  }
  const nonFinite = recordings.filter((r) => r.values.some((row) => row.some((v) => !Number.isFinite(v)))).map(fileOf);
  if (nonFinite.length > 0) {
    issues.push({ severity: 'error', kind: 'NON_FINITE', message: `${nonFinite.length} recording(s) contain NaN or infinite values (null in JSON): delete or re-record them`, files: nonFinite });
  }
  const seen = new Map<string, string>();
  for (const r of recordings) {
    const key = `${r.axes.join(',')}|${JSON.stringify(r.values)}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push({ severity: 'warning', kind: 'DUPLICATE', message: `${fileOf(r)} has exactly the same samples as ${first} (copied twice?)`, files: [fileOf(r), first] });
    else seen.set(key, fileOf(r));
  }
  const lengths = recordings.map((r) => r.values.length);
  const medLen = median(lengths);
  const short = recordings.filter((r) => r.values.length < medLen * 0.5).map(fileOf);
  if (short.length > 0) {
    issues.push({ severity: 'warning', kind: 'SHORT_RECORDING', message: `${short.length} recording(s) are less than half the usual length (${medLen} samples)`, files: short });
  }
  // Outliers: per label and per summary feature, robust z-score (median and MAD).
  const byLabel = new Map<string, Recording[]>();
  for (const r of recordings) if (!nonFinite.includes(fileOf(r))) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r]);
  for (const [label, list] of byLabel) {
    if (list.length < 5) continue;
    const sums = list.map(summary);
    const width = Math.min(...sums.map((s) => s.length));
    const flagged = new Set<string>();
    for (let f = 0; f < width; f++) {
      const col = sums.map((s) => s[f] ?? 0);
      const med = median(col);
      const mad = median(col.map((v) => Math.abs(v - med))) * 1.4826;
      const spread = Math.max(mad, 1e-3 * (Math.abs(med) + 1));
      col.forEach((v, i) => {
        const rec = list[i];
        if (rec !== undefined && Math.abs(v - med) / spread > outlierZ) flagged.add(fileOf(rec));
      });
    }
    if (flagged.size > 0) {
      issues.push({ severity: 'warning', kind: 'OUTLIER', message: `${flagged.size} ${label} recording(s) look unlike the others of that label (robust z > ${outlierZ}): look at them, a mislabelled or botched take trains the model wrong`, files: [...flagged] });
    }
  }
  if (stats.persons.length === 1 && stats.persons[0] === 'unknown') {
    issues.push({ severity: 'warning', kind: 'MISSING_PERSON', message: 'no recording says who performed it: a held-out-person evaluation is not possible, and accuracy will be optimistic', files: [] });
  }
  return issues;
}

export function formatIssues(issues: DatasetIssue[]): string {
  if (issues.length === 0) return 'no problems found';
  return issues
    .map((i) => {
      const files = i.files.length === 0 ? '' : `\n    ${i.files.slice(0, 8).join(', ')}${i.files.length > 8 ? `, ... (${i.files.length - 8} more)` : ''}`;
      return `${i.severity === 'error' ? 'ERROR  ' : 'warning'} ${i.kind}: ${i.message}${files}`;
    })
    .join('\n');
}
