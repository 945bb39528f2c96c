import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { ZigguratNormal } from './ziggurat.js';

/** Normal CDF from erfc by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

describe('ZigguratNormal', () => {
  it('draws N(0, 1): Kolmogorov-Smirnov against the normal CDF, moments and both tails', () => {
    const g = new ZigguratNormal(createRng(11));
    const n = 200_000;
    const xs = new Float64Array(n);
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    let tail = 0;
    let far = 0;
    for (let i = 0; i < n; i++) {
      const x = g.next();
      xs[i] = x;
      s1 += x;
      s2 += x * x;
      s4 += x ** 4;
      if (Math.abs(x) > 3.442619855899) tail++;
      if (x > 4) far++;
    }
    xs.sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = phi(xs[i]!);
      d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
    }
    // KS critical value at alpha = 0.001: 1.95 / sqrt(n)
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
    // P(|z| > r) = 2 (1 - Phi(r)) = 5.66e-4: the tail algorithm is exercised and right
    const pTail = 2 * (1 - phi(3.442619855899));
    expect(Math.abs(tail - n * pTail)).toBeLessThan(5 * Math.sqrt(n * pTail));
    const pFar = 1 - phi(4);
    expect(Math.abs(far - n * pFar)).toBeLessThan(5 * Math.sqrt(n * pFar) + 1);
  });

  it('is deterministic per seed', () => {
    const a = new ZigguratNormal(createRng(3));
    const b = new ZigguratNormal(createRng(3));
    const xa = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xa);
  });
});
