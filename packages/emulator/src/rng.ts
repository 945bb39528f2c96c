/**
 * Seeded pseudo-random numbers for the emulator (the only place randomness comes from).
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's "Small Fast Chaotic" generator, 128-bit state of four
 * uint32 words a, b, c, counter). Step: t = a + b + counter; counter += 1; a = b ^ (b >>> 9);
 * b = c + (c << 3); c = (c << 21 | c >>> 11) + t; output t (all mod 2^32).
 * Seeding: the 32-bit seed and a 32-bit stream number go through splitmix32
 * (z += 0x9E3779B9; z = (z ^ z>>>16) * 0x21F0AAAD; z = (z ^ z>>>15) * 0x735A2D97; z ^= z>>>15)
 * to fill a, b, c; counter = 1; then 15 outputs are discarded.
 * Uniform: `next()` = (uint32 >>> 0) / 2^32 in [0, 1).
 * Normal deviates: Marsaglia's polar method (pairs; the second deviate is cached).
 * `fork(label)` derives an independent generator from this one's seed and an FNV-1a hash of the
 * label, without consuming numbers from this generator, so adding a consumer never shifts others.
 */
export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /**
   * Writes the next `n` words of `nextUint32()` (the same ones, in order) to out[0..n) as int32
   * bit patterns, without a call per word. Optional: consumers fall back to `nextUint32()`.
   */
  fillInt32?(out: Int32Array, n: number): void;
  /** Standard normal deviate (mean 0, sigma 1). */
  normal(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** An independent generator derived from this seed and `label`. */
  fork(label: string | number): Rng;
}

function splitmix32(state: { z: number }): number {
  state.z = (state.z + 0x9e3779b9) | 0;
  let z = state.z;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** FNV-1a 32-bit hash of a string (used to derive streams from labels). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes two 32-bit numbers into one (splitmix-based), for deriving seeds. */
export function mixSeeds(a: number, b: number): number {
  const st = { z: (a ^ Math.imul(b >>> 0, 0x85ebca6b)) | 0 };
  splitmix32(st);
  return splitmix32(st) ^ (b >>> 0);
}

class Sfc32 implements Rng {
  readonly seed: number;
  private readonly stream: number;
  /**
   * The state words a, b, c, counter. In an Int32Array, not four number fields: an int32 outside
   * the small-integer range stored in a field is a heap number, so each step allocated.
   */
  private readonly s = new Int32Array(4);
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number, stream: number) {
    this.seed = seed >>> 0;
    this.stream = stream >>> 0;
    const st = { z: (this.seed ^ Math.imul(this.stream, 0x9e3779b1)) | 0 };
    this.s[0] = splitmix32(st) | 0;
    this.s[1] = splitmix32(st) | 0;
    this.s[2] = splitmix32(st) | 0;
    this.s[3] = 1;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  fillInt32(out: Int32Array, n: number): void {
    const s = this.s;
    let a = s[0]!;
    let b = s[1]!;
    let c = s[2]!;
    let d = s[3]!;
    for (let i = 0; i < n; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      out[i] = t;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = this.nextUint32() / 2147483648 - 1;
      v = this.nextUint32() / 2147483648 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  fork(label: string | number): Rng {
    const h = typeof label === 'number' ? mixSeeds(label >>> 0, 0x5bd1e995) : hashString(label);
    return new Sfc32(mixSeeds(this.seed, this.stream), h);
  }
}

/** Creates a generator from a 32-bit seed (non-integers and negatives are reduced mod 2^32). */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be a finite number, got ${seed}`);
  return new Sfc32(Math.trunc(seed) >>> 0, stream);
}
