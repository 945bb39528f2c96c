import { describe, expect, it } from 'vitest';
import { augmentRecordings, resolveAugmentOptions } from './augment.js';

const rec = (label: string, phase: number) => ({
  label,
  axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'],
  values: Array.from({ length: 40 }, (_, k) => [Math.sin(k / 5 + phase), 0.5 * Math.cos(k / 3), 9.8 + 0.1 * k, 0.1, -0.2, 0.3]),
});
const recs = [rec('a', 0), rec('b', 1)];

describe('augmentRecordings', () => {
  it('is off by default: the recordings come back as they are', () => {
    expect(augmentRecordings(recs)).toEqual(recs);
    expect(augmentRecordings(recs, { timeWarp: 0.2 })).toEqual(recs);
  });

  it('appends copies of every recording, keeps the originals, and is reproducible by seed', () => {
    const o = { copies: 3, timeWarp: 0.2, amplitude: 0.2, rotationDeg: 15, noise: 0.1, offset: 0.1, seed: 7 };
    const a = augmentRecordings(recs, o);
    expect(a).toHaveLength(8);
    expect(a.slice(0, 2)).toEqual(recs);
    expect(a.map((r) => r.label)).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(augmentRecordings(recs, o)).toEqual(a);
    expect(augmentRecordings(recs, { ...o, seed: 8 })).not.toEqual(a);
    expect(a[2]!.values).not.toEqual(recs[0]!.values);
    expect(a[2]!.values).toHaveLength(40);
  });

  it('each transform does what it says', () => {
    const one = (o: Parameters<typeof augmentRecordings>[1]) => augmentRecordings([recs[0]!], { copies: 1, seed: 3, ...o })[1]!.values;
    // rotation keeps the length of every xyz group (gravity turns with the board)
    const r = one({ rotationDeg: 30 });
    r.forEach((row, k) => {
      const src = recs[0]!.values[k]!;
      expect(Math.hypot(row[0]!, row[1]!, row[2]!)).toBeCloseTo(Math.hypot(src[0]!, src[1]!, src[2]!), 9);
      expect(Math.hypot(row[3]!, row[4]!, row[5]!)).toBeCloseTo(Math.hypot(src[3]!, src[4]!, src[5]!), 9);
    });
    // amplitude scales the deviation from the mean, the mean stays
    const amp = one({ amplitude: 0.5 });
    const mean = (v: number[][], a: number) => v.reduce((s, row) => s + row[a]!, 0) / v.length;
    expect(mean(amp, 2)).toBeCloseTo(mean(recs[0]!.values, 2), 9);
    // an offset is one constant per axis
    const off = one({ offset: 1 });
    const d0 = off[0]![0]! - recs[0]!.values[0]![0]!;
    off.forEach((row, k) => expect(row[0]! - recs[0]!.values[k]![0]!).toBeCloseTo(d0, 9));
    // time warp keeps the ends
    const tw = one({ timeWarp: 0.3 });
    expect(tw[0]).toEqual(recs[0]!.values[0]);
    expect(tw[39]![0]).toBeCloseTo(recs[0]!.values[39]![0]!, 9);
  });

  it('refuses bad options naming augment.<option>', () => {
    expect(() => resolveAugmentOptions({ timeWarp: 0.5 })).toThrow(expect.objectContaining({ code: 'CORE_ERR_INVALID_ARGUMENT', field: 'augment.timeWarp' }));
    expect(() => resolveAugmentOptions({ copies: 1.5 })).toThrow(expect.objectContaining({ field: 'augment.copies' }));
    expect(() => resolveAugmentOptions({ noise: Number.NaN })).toThrow(expect.objectContaining({ field: 'augment.noise' }));
  });
});
