import type { Recording } from './recording.js';
import { durationMs } from './recording.js';

export interface LabelStats {
  label: string;
  recordings: number;
  durationMs: { min: number; mean: number; max: number; total: number };
  samples: number;
}

export interface DatasetStats {
  recordings: number;
  labels: LabelStats[];
  /** counts[label][person] ("unknown" when a recording has no person). */
  perPerson: Record<string, Record<string, number>>;
  persons: string[];
  /** Distinct sampling rates (Hz, rounded to 0.01) with their recording counts. */
  ratesHz: { hz: number; recordings: number }[];
  /** Distinct axis lists with their recording counts. */
  axes: { axes: string[]; recordings: number }[];
  totalDurationMs: number;
}

export function personKey(r: Recording): string {
  return r.person === undefined ? 'unknown' : String(r.person);
}

export function datasetStats(recordings: Recording[]): DatasetStats {
  const byLabel = new Map<string, Recording[]>();
  for (const r of recordings) {
    const list = byLabel.get(r.label) ?? [];
    list.push(r);
    byLabel.set(r.label, list);
  }
  const labels: LabelStats[] = [...byLabel.keys()].sort().map((label) => {
    const list = byLabel.get(label) ?? [];
    const d = list.map(durationMs);
    const total = d.reduce((a, b) => a + b, 0);
    return {
      label,
      recordings: list.length,
      durationMs: { min: Math.min(...d), mean: total / d.length, max: Math.max(...d), total },
      samples: list.reduce((a, r) => a + r.values.length, 0),
    };
  });
  const perPerson: Record<string, Record<string, number>> = {};
  const persons = new Set<string>();
  for (const r of recordings) {
    const p = personKey(r);
    persons.add(p);
    const row = (perPerson[r.label] ??= {});
    row[p] = (row[p] ?? 0) + 1;
  }
  const rates = new Map<number, number>();
  for (const r of recordings) {
    const hz = Math.round((1000 / r.intervalMs) * 100) / 100;
    rates.set(hz, (rates.get(hz) ?? 0) + 1);
  }
  const axes = new Map<string, number>();
  for (const r of recordings) axes.set(r.axes.join(','), (axes.get(r.axes.join(',')) ?? 0) + 1);
  return {
    recordings: recordings.length,
    labels,
    perPerson,
    persons: [...persons].sort((a, b) => (a === 'unknown' ? 1 : b === 'unknown' ? -1 : Number(a) - Number(b))),
    ratesHz: [...rates.entries()].map(([hz, n]) => ({ hz, recordings: n })).sort((a, b) => b.recordings - a.recordings),
    axes: [...axes.entries()].map(([a, n]) => ({ axes: a.split(','), recordings: n })).sort((a, b) => b.recordings - a.recordings),
    totalDurationMs: labels.reduce((a, l) => a + l.durationMs.total, 0),
  };
}

export function formatStats(s: DatasetStats): string {
  const lines: string[] = [];
  lines.push(`${s.recordings} recordings, ${s.labels.length} labels, ${s.persons.length} person(s), ${(s.totalDurationMs / 1000).toFixed(1)} s in total`);
  lines.push(`rates: ${s.ratesHz.map((r) => `${r.hz} Hz (${r.recordings})`).join(', ')}`);
  lines.push(`axes:  ${s.axes.map((a) => `${a.axes.join(',')} (${a.recordings})`).join('; ')}`);
  lines.push('');
  const w = Math.max(5, ...s.labels.map((l) => l.label.length));
  const head = `${'label'.padEnd(w)}  count  duration ms (min/mean/max)  ${s.persons.map((p) => `p${p}`.padStart(5)).join('')}`;
  lines.push(head);
  for (const l of s.labels) {
    const per = s.persons.map((p) => String(s.perPerson[l.label]?.[p] ?? 0).padStart(5)).join('');
    const d = `${l.durationMs.min.toFixed(0)}/${l.durationMs.mean.toFixed(0)}/${l.durationMs.max.toFixed(0)}`;
    lines.push(`${l.label.padEnd(w)}  ${String(l.recordings).padStart(5)}  ${d.padEnd(26)}  ${per}`);
  }
  return lines.join('\n');
}
