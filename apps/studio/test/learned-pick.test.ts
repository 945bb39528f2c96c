import { describe, expect, it } from 'vitest';
import type { Recording } from '../src/dataset/recording.js';
import { MIN_LEARN_SAMPLES, pickLearnSet } from '../src/sim2real/learned.js';

function rec(id: string, label: string, samples: number): Recording {
  return { id, label, intervalMs: 1000 / 104, axes: ['ax', 'ay', 'az'], units: ['m/s2', 'm/s2', 'm/s2'], values: Array.from({ length: samples }, () => [0, 0, 9.8]) };
}

describe('pickLearnSet', () => {
  it('never learns from a recording too short to fit (it stays in the test set), and every recording is in exactly one set', () => {
    const real = [rec('short', 'a', 2), ...Array.from({ length: 6 }, (_, i) => rec(`a${i}`, 'a', 60)), ...Array.from({ length: 6 }, (_, i) => rec(`b${i}`, 'b', 60))];
    for (let seed = 1; seed <= 20; seed++) {
      const { learn, test } = pickLearnSet(real, ['a', 'b'], 5, seed);
      expect(learn.every((r) => r.values.length >= MIN_LEARN_SAMPLES)).toBe(true);
      expect(test.map((r) => r.id)).toContain('short');
      expect(learn.filter((r) => r.label === 'a')).toHaveLength(5);
      expect(new Set([...learn, ...test].map((r) => r.id)).size).toBe(real.length);
    }
  });

  it('refuses N when a label has too few long-enough recordings, naming --learn', () => {
    const real = [rec('s1', 'a', 2), rec('s2', 'a', 3), ...Array.from({ length: 4 }, (_, i) => rec(`a${i}`, 'a', 60))];
    expect(() => pickLearnSet(real, ['a'], 5, 1)).toThrow(expect.objectContaining({ field: 'learn' }));
  });
});
