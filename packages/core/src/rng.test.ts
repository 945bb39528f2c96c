import { describe, expect, it } from 'vitest';
import { CoreError } from './errors.js';
import { createRng, shuffleInPlace } from './rng.js';

// Reference values computed independently with a Python re-implementation of mulberry32
// (arbitrary-precision integers masked to 32 bits), and the benchmark spec's first value for seed 42.
const PY_REFERENCE: Record<number, number[]> = {
  42: [2581720956, 1925393290, 3661312704, 2876485805, 750819978],
  7: [50271532, 266108690, 4195786334, 3002305430, 2239590375],
  0: [1144304738, 1416247, 958946056, 627933444, 2007157716],
  [-1]: [3850105811, 813802916, 3073704848, 4054706436, 3630262831],
};

describe('createRng (mulberry32)', () => {
  it('matches the benchmark spec: seed 42 starts with 0.6011037519201636', () => {
    expect(createRng(42).next()).toBe(0.6011037519201636);
  });

  it.each(Object.entries(PY_REFERENCE))('matches an independent implementation for seed %s', (seed, values) => {
    const rng = createRng(Number(seed));
    expect(values.map(() => rng.nextUint32())).toEqual(values);
  });

  it('next() is nextUint32() / 2^32 and lies in [0, 1)', () => {
    const a = createRng(5);
    const b = createRng(5);
    for (let i = 0; i < 1000; i++) {
      const v = a.next();
      expect(v).toBe(b.nextUint32() / 4294967296);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('state() lets a stream be resumed exactly', () => {
    const a = createRng(123);
    a.next();
    a.next();
    const b = createRng(a.state());
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
  });

  it('normal() is Box-Muller on two uniforms and has mean ~0 and variance ~1', () => {
    const a = createRng(9);
    const u = createRng(9);
    const first = a.normal();
    const u1 = 1 - u.next();
    const u2 = u.next();
    expect(first).toBe(Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    let s = 0;
    let s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const z = a.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });

  it('fork() gives an independent stream seeded from the parent', () => {
    const a = createRng(1);
    const child = a.fork();
    const ref = createRng(1);
    const seed = ref.nextUint32();
    expect(child.next()).toBe(createRng(seed).next());
    expect(a.next()).toBe(ref.next());
  });

  it('rejects non-integer seeds with a typed error', () => {
    expect(() => createRng(1.5)).toThrow(CoreError);
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
  });
});

describe('shuffleInPlace', () => {
  it('is the Fisher-Yates of the benchmark spec', () => {
    const p = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
    shuffleInPlace(p, createRng(1000));
    const q = [0, 1, 2, 3, 4, 5, 6, 7];
    const r = createRng(1000);
    for (let i = q.length - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [q[i], q[j]] = [q[j]!, q[i]!];
    }
    expect(Array.from(p)).toEqual(q);
    expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
