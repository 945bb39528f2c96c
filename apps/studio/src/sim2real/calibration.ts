import type { Recording } from '../dataset/recording.js';
import { G } from './real-file.js';

/** Per-gesture motion statistics compared between emulated and real recordings (medians over recordings). */
export interface GestureStats {
  label: string;
  count: number;
  /** Recording length, s (button press to release, or the emulated equivalent). */
  durationS: number;
  /** Coefficient of variation of the duration. */
  durationCv: number;
  /** Peak of |f - f_start| (g): how hard the gesture accelerates beyond the starting gravity reading. */
  peakG: number;
  /** Median absolute sample-to-sample change (g), resampled to the board's rate. */
  jerkG: number;
  /** Start tilt from level (degrees): angle between the first samples' mean and the board's +z. */
  tiltDeg: number;
  /** Spread (standard deviation) of the start tilt, degrees. */
  tiltSpreadDeg: number;
  /** Share of the dynamic energy per board axis (x, y, z), sums to 1. */
  energy: [number, number, number];
}

function median(a: number[]): number {
  if (a.length === 0) return NaN;
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function meanStd(a: number[]): { mean: number; std: number } {
  const mean = a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
  const v = a.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, a.length);
  return { mean, std: Math.sqrt(v) };
}

/** Statistics of one label's recordings (board frame, m/s^2). */
export function gestureStats(label: string, recs: readonly Recording[]): GestureStats {
  const dur: number[] = [];
  const peak: number[] = [];
  const jerk: number[] = [];
  const tilt: number[] = [];
  const e = [0, 0, 0];
  for (const r of recs) {
    const v = r.values;
    dur.push((v.length * r.intervalMs) / 1000);
    const k0 = Math.min(v.length, 4);
    const s = [0, 0, 0];
    for (let k = 0; k < k0; k++) for (let a = 0; a < 3; a++) s[a]! += v[k]![a]! / k0;
    const norm = Math.hypot(s[0]!, s[1]!, s[2]!);
    tilt.push(norm > 0 ? (Math.acos(Math.max(-1, Math.min(1, s[2]! / norm))) * 180) / Math.PI : 0);
    let p = 0;
    const d: number[] = [];
    const mean = [0, 0, 0];
    for (const row of v) for (let a = 0; a < 3; a++) mean[a]! += row[a]! / v.length;
    for (let k = 0; k < v.length; k++) {
      const row = v[k]!;
      p = Math.max(p, Math.hypot(row[0]! - s[0]!, row[1]! - s[1]!, row[2]! - s[2]!));
      for (let a = 0; a < 3; a++) e[a]! += (row[a]! - mean[a]!) ** 2;
      if (k > 0) {
        const q = v[k - 1]!;
        d.push(Math.hypot(row[0]! - q[0]!, row[1]! - q[1]!, row[2]! - q[2]!));
      }
    }
    peak.push(p / G);
    jerk.push(median(d) / G);
  }
  const et = e[0]! + e[1]! + e[2]! || 1;
  const ds = meanStd(dur);
  return {
    label,
    count: recs.length,
    durationS: median(dur),
    durationCv: ds.mean > 0 ? ds.std / ds.mean : 0,
    peakG: median(peak),
    jerkG: median(jerk),
    tiltDeg: median(tilt),
    tiltSpreadDeg: meanStd(tilt).std,
    energy: [e[0]! / et, e[1]! / et, e[2]! / et],
  };
}

export interface CalibrationRow {
  label: string;
  emulated: GestureStats;
  real: GestureStats;
}

/** Relative difference (emulated - real) / real. */
export function relDiff(emu: number, real: number): number {
  return real === 0 ? (emu === 0 ? 0 : Infinity) : (emu - real) / Math.abs(real);
}

export function calibrationTable(labels: readonly string[], emulated: readonly Recording[], real: readonly Recording[]): CalibrationRow[] {
  return labels.map((label) => ({
    label,
    emulated: gestureStats(label, emulated.filter((r) => r.label === label)),
    real: gestureStats(label, real.filter((r) => r.label === label)),
  }));
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;

/** The calibration table as text: emulated vs real per gesture, with the relative difference. */
export function formatCalibration(rows: readonly CalibrationRow[]): string {
  const lines = [
    'calibration (medians; emulated vs real, relative difference)',
    `${'gesture'.padEnd(13)} ${'duration s'.padEnd(20)} ${'duration CV'.padEnd(20)} ${'peak g'.padEnd(20)} ${'jerk g'.padEnd(22)} ${'tilt spread deg'.padEnd(20)} energy x/y/z emu | real`,
  ];
  const cell = (e: number, r: number, d = 2) => `${e.toFixed(d)}/${r.toFixed(d)} ${pct(relDiff(e, r))}`.padEnd(20);
  for (const { label, emulated: e, real: r } of rows) {
    lines.push(
      `${label.padEnd(13)} ${cell(e.durationS, r.durationS)} ${cell(e.durationCv, r.durationCv)} ${cell(e.peakG, r.peakG)} ${cell(e.jerkG, r.jerkG, 3).padEnd(22)} ${cell(e.tiltSpreadDeg, r.tiltSpreadDeg, 1)} ` +
        `${e.energy.map((x) => x.toFixed(2)).join('/')} | ${r.energy.map((x) => x.toFixed(2)).join('/')}`,
    );
  }
  return lines.join('\n');
}
