import { CoreError } from './errors.js';
import { createRng } from './rng.js';
import type { Rng } from './rng.js';

/**
 * Data augmentation of sensor recordings for training, the magic-wand way. Every option is off
 * (0) by default; each draw comes from the seeded generator, so a run is reproducible. Applied to
 * recordings (samples x axes) before the input pipeline, on copies: the originals are kept.
 */
export interface AugmentOptions {
  /** Augmented copies per recording (default 0: augmentation off). */
  copies?: number;
  /** Seed of every draw (default 0). */
  seed?: number;
  /**
   * Time warp: a smooth monotone warp of the time axis, t' = t + e sin(pi t / T) T / pi with
   * e uniform in [-timeWarp, timeWarp] (0..0.3; 0.2 = the middle moves by up to 6% of the
   * recording), resampled linearly: a gesture performed a little faster then slower, or the reverse.
   */
  timeWarp?: number;
  /** Amplitude scale: each copy's motion (its deviation from the recording's mean) times exp(amplitude * N(0,1)). */
  amplitude?: number;
  /**
   * Rotation of the board in the hand, degrees: each 3-axis group (ax ay az, gx gy gz) is rotated
   * by one rotation per copy, about a random axis by an angle N(0, rotationDeg). Gravity turns with it.
   */
  rotationDeg?: number;
  /** Added white noise, standard deviation in the values' units (m/s2 for an accelerometer). */
  noise?: number;
  /** Added constant offset per axis (sensor bias), standard deviation in the values' units. */
  offset?: number;
}

/** A recording as augmentation sees it (the quantizer's SensorRecording shape). */
export interface AugmentableRecording {
  values: readonly (readonly number[])[];
  axes: readonly string[];
}

function check(o: AugmentOptions, key: keyof AugmentOptions, max: number): number {
  const v = o[key] ?? 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a number in [0, ${max}], got ${String(v)}`, { field: `augment.${key}` });
  }
  return v;
}

/** Validates augmentation options (typed errors naming `augment.<option>`); returns them with defaults. */
export function resolveAugmentOptions(o: AugmentOptions = {}): Required<AugmentOptions> {
  const copies = check(o, 'copies', 1000);
  if (!Number.isInteger(copies)) throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a whole number, got ${copies}`, { field: 'augment.copies' });
  return {
    copies,
    seed: o.seed ?? 0,
    timeWarp: check(o, 'timeWarp', 0.3),
    amplitude: check(o, 'amplitude', 1),
    rotationDeg: check(o, 'rotationDeg', 180),
    noise: check(o, 'noise', 1e6),
    offset: check(o, 'offset', 1e6),
  };
}

/** Indices of the 3-axis groups (x, y, z of one sensor) among the axes. */
function triplets(axes: readonly string[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i + 2 < axes.length; i++) {
    const a = axes[i]!.toLowerCase();
    const b = axes[i + 1]!.toLowerCase();
    const c = axes[i + 2]!.toLowerCase();
    if (a.endsWith('x') && b.endsWith('y') && c.endsWith('z') && a.slice(0, -1) === b.slice(0, -1) && a.slice(0, -1) === c.slice(0, -1)) {
      out.push([i, i + 1, i + 2]);
      i += 2;
    }
  }
  return out;
}

function rotationMatrix(rng: Rng, sigmaDeg: number): number[] {
  let x = rng.normal();
  let y = rng.normal();
  let z = rng.normal();
  const n = Math.hypot(x, y, z) || 1;
  x /= n;
  y /= n;
  z /= n;
  const t = ((sigmaDeg * Math.PI) / 180) * rng.normal();
  const c = Math.cos(t);
  const s = Math.sin(t);
  const C = 1 - c;
  return [c + x * x * C, x * y * C - z * s, x * z * C + y * s, y * x * C + z * s, c + y * y * C, y * z * C - x * s, z * x * C - y * s, z * y * C + x * s, c + z * z * C];
}

/** One augmented copy of `values` (samples x axes) drawn from `rng`. */
export function augmentValues(values: readonly (readonly number[])[], axes: readonly string[], o: Required<AugmentOptions>, rng: Rng): number[][] {
  const n = values.length;
  const m = axes.length;
  let out = values.map((r) => [...r]);
  if (o.timeWarp > 0 && n > 2) {
    const e = (2 * rng.next() - 1) * o.timeWarp;
    const warped: number[][] = [];
    for (let k = 0; k < n; k++) {
      const s = k / (n - 1);
      const p = Math.min(n - 1, Math.max(0, (s + (e * Math.sin(Math.PI * s)) / Math.PI) * (n - 1)));
      const i = Math.min(n - 2, Math.floor(p));
      const f = p - i;
      warped.push(out[i]!.map((v, a) => v * (1 - f) + out[i + 1]![a]! * f));
    }
    out = warped;
  }
  if (o.amplitude > 0) {
    const s = Math.exp(o.amplitude * rng.normal());
    for (let a = 0; a < m; a++) {
      let mean = 0;
      for (const r of out) mean += r[a]!;
      mean /= n;
      for (const r of out) r[a] = mean + s * (r[a]! - mean);
    }
  }
  if (o.rotationDeg > 0) {
    const R = rotationMatrix(rng, o.rotationDeg);
    for (const [i, j, k] of triplets(axes)) {
      for (const r of out) {
        const x = r[i!]!;
        const y = r[j!]!;
        const z = r[k!]!;
        r[i!] = R[0]! * x + R[1]! * y + R[2]! * z;
        r[j!] = R[3]! * x + R[4]! * y + R[5]! * z;
        r[k!] = R[6]! * x + R[7]! * y + R[8]! * z;
      }
    }
  }
  if (o.offset > 0) {
    const off = Array.from({ length: m }, () => o.offset * rng.normal());
    for (const r of out) for (let a = 0; a < m; a++) r[a] = r[a]! + off[a]!;
  }
  if (o.noise > 0) for (const r of out) for (let a = 0; a < m; a++) r[a] = r[a]! + o.noise * rng.normal();
  return out;
}

/**
 * The recordings followed by `copies` augmented copies of each (in order: every recording's first
 * copy, then every second copy, ...). Off by default: with `copies` 0 the input is returned as is.
 */
export function augmentRecordings<T extends AugmentableRecording>(recordings: readonly T[], options: AugmentOptions = {}): T[] {
  const o = resolveAugmentOptions(options);
  if (o.copies === 0) return [...recordings];
  const rng = createRng(o.seed >>> 0);
  const out: T[] = [...recordings];
  for (let c = 0; c < o.copies; c++) {
    for (const r of recordings) out.push({ ...r, values: augmentValues(r.values, r.axes, o, rng) });
  }
  return out;
}
