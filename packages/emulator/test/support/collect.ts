import type { SampleFrame, SensorName } from '@tinyspark/protocol';
import { Board } from '../../src/board/board.js';
import { VirtualClock } from '../../src/virtual-clock.js';

/** Test helper: a board on a virtual clock collecting every frame of the given sensors. */
export function collectingBoard(seed: number, sensors: readonly SensorName[]): { board: Board; clock: VirtualClock; frames: SampleFrame[] } {
  const clock = new VirtualClock();
  const board = new Board({ id: 'test', seed, clock });
  const frames: SampleFrame[] = [];
  board.addListener({ frame: (f) => frames.push({ ...f, raw: f.raw.slice() }) });
  for (const s of sensors) board.setDemand(s, 1);
  return { board, clock, frames };
}

/** Advances the board's clock by `ms` and produces the samples. */
export function run(b: { board: Board; clock: VirtualClock }, ms: number): void {
  b.clock.advance(ms);
  b.board.sync(b.clock.now());
}

/** All raw values of one sensor's frames, concatenated. */
export function rawOf(frames: readonly SampleFrame[], sensor: SensorName): Int16Array {
  const parts = frames.filter((f) => f.sensor === sensor);
  const out = new Int16Array(parts.reduce((s, f) => s + f.raw.length, 0));
  let o = 0;
  for (const f of parts) {
    out.set(f.raw, o);
    o += f.raw.length;
  }
  return out;
}

/** Per-axis mean and standard deviation of interleaved raw values. */
export function axisStats(raw: Int16Array, axes: number): { mean: number[]; sd: number[] } {
  const n = raw.length / axes;
  const mean: number[] = [];
  const sd: number[] = [];
  for (let a = 0; a < axes; a++) {
    let s = 0;
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      const v = raw[k * axes + a]!;
      s += v;
      s2 += v * v;
    }
    const m = s / n;
    mean.push(m);
    sd.push(Math.sqrt(Math.max(0, s2 / n - m * m)));
  }
  return { mean, sd };
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Exact mean and sd of round(mu + sigma * Z) (Z standard normal): what an ideal quantizer reports. */
export function quantizedMoments(mu: number, sigma: number): { mean: number; sd: number } {
  if (sigma === 0) return { mean: Math.round(mu), sd: 0 };
  let m = 0;
  let m2 = 0;
  for (let k = Math.floor(mu - 9 * sigma) - 1; k <= Math.ceil(mu + 9 * sigma) + 1; k++) {
    const p = normalCdf((k + 0.5 - mu) / sigma) - normalCdf((k - 0.5 - mu) / sigma);
    m += k * p;
    m2 += k * k * p;
  }
  return { mean: m, sd: Math.sqrt(Math.max(0, m2 - m * m)) };
}
