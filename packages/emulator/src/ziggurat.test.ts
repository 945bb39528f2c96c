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

  it('reads words in blocks without changing the stream: the same deviates as one word at a time, across fill/next calls of any size', () => {
    // the reference: Marsaglia & Tsang's algorithm drawing rng.nextUint32() per word, as before the blocks
    const { kn, wn, fn } = referenceTables();
    const refRng = createRng(5).fork('accelerometer');
    let words = 0;
    let deviates = 0;
    const word = (): number => (words++, refRng.nextUint32() | 0);
    const open01 = (): number => (words++, (refRng.nextUint32() + 0.5) / 4294967296);
    const ref = (): number => {
      deviates++;
      let hz = word();
      let iz = hz & 127;
      if (Math.abs(hz) < kn[iz]!) return hz * wn[iz]!;
      for (;;) {
        const x = hz * wn[iz]!;
        if (iz === 0) {
          let xt: number;
          let yt: number;
          do {
            xt = -Math.log(open01()) / 3.442619855899;
            yt = -Math.log(open01());
          } while (yt + yt < xt * xt);
          return hz > 0 ? 3.442619855899 + xt : -3.442619855899 - xt;
        }
        if (fn[iz]! + open01() * (fn[iz - 1]! - fn[iz]!) < Math.exp(-0.5 * x * x)) return x;
        hz = word();
        iz = hz & 127;
        if (Math.abs(hz) < kn[iz]!) return hz * wn[iz]!;
      }
    };
    const g = new ZigguratNormal(createRng(5).fork('accelerometer'));
    const sizes = [1, 3, 311, 512, 513, 1000, 7, 4096, 2];
    const out = new Float64Array(4096);
    for (let round = 0; round < 8; round++) {
      for (const n of sizes) {
        g.fill(out, n);
        for (let i = 0; i < n; i++) {
          expect(out[i]).toBe(ref());
        }
        expect(g.next()).toBe(ref());
      }
    }
    // the slow path (more than one word for a deviate) ran, also across block ends
    expect(words - deviates).toBeGreaterThan(20);
  });
});

/** The ziggurat tables from the paper's recursion (as ziggurat.ts computes them). */
function referenceTables(): { kn: Uint32Array; wn: Float64Array; fn: Float64Array } {
  const kn = new Uint32Array(128);
  const wn = new Float64Array(128);
  const fn = new Float64Array(128);
  const m1 = 2147483648;
  const v = 9.91256303526217e-3;
  let dn = 3.442619855899;
  let tn = dn;
  const q = v / Math.exp(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * m1);
  kn[1] = 0;
  wn[0] = q / m1;
  wn[127] = dn / m1;
  fn[0] = 1;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(v / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
  return { kn, wn, fn };
}
