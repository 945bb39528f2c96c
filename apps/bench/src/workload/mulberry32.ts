/**
 * The benchmark spec's PRNG (benchmarks.md "Shared definitions"): a 32-bit state,
 * returns floats in [0, 1). Every engine and the C reference draw from this stream.
 */
export type RandomStream = () => number;

export function mulberry32(seed: number): RandomStream {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value uniform in [-1, 1): `2r - 1` computed in float64 (store it in a Float32Array). */
export function signedUniform(next: RandomStream): number {
  return 2 * next() - 1;
}
