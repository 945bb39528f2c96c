import { describe, expect, it } from 'vitest';
import { createRng, hashString } from './rng.js';

describe('createRng (sfc32 + splitmix32 seeding)', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('matches an independent python3 implementation of the documented algorithm', () => {
    // Reference values from this python3 transcription of the doc comment in rng.ts:
    //   def sm(z): z=(z+0x9E3779B9)&M; x=z; x=((x^(x>>16))*0x21F0AAAD)&M; x=((x^(x>>15))*0x735A2D97)&M; return z, x^(x>>15)
    //   z=seed^(stream*0x9E3779B1 & M); (z,a),(z,b),(z,c) = ...; d=1; discard 15; step: t=(a+b+d)&M; d+=1; a=b^(b>>9); b=(c+(c<<3))&M; c=(((c<<21)|(c>>11))&M)+t)&M
    // seed 1, stream 0 -> first three outputs:
    const r = createRng(1);
    const got = [r.nextUint32(), r.nextUint32(), r.nextUint32()];
    expect(got).toEqual(SFC32_SEED1);
  });

  it('uniforms are in [0, 1) with mean 1/2 and normals have mean 0, sigma 1', () => {
    const r = createRng(7);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      su += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(Math.abs(sn / n)).toBeLessThan(0.01);
    expect(Math.sqrt(sn2 / n)).toBeCloseTo(1, 2);
  });

  it('fork gives independent streams without consuming the parent', () => {
    const a = createRng(5);
    const b = createRng(5);
    const f1 = a.fork('x');
    expect(a.nextUint32()).toBe(b.nextUint32());
    expect(f1.nextUint32()).toBe(createRng(5).fork('x').nextUint32());
    expect(createRng(5).fork('x').nextUint32()).not.toBe(createRng(5).fork('y').nextUint32());
  });

  it('hashString is FNV-1a 32', () => {
    // published FNV-1a test vectors
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });
});

const SFC32_SEED1: number[] = [4064752930, 1169703512, 1317941441];
