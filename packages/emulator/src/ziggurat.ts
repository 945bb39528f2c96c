import type { Rng } from './rng.js';

/**
 * Standard normal deviates by the ziggurat method (Marsaglia & Tsang, "The Ziggurat Method for
 * Generating Random Variables", J. Stat. Softw. 5(8), 2000: 128 layers, r = 3.442619855899,
 * layer area v = 9.91256303526217e-3), drawing 32-bit words from a seeded `Rng`. About 99 % of
 * deviates cost one word, one multiply and one compare (no log/sqrt), which is why the sensor
 * models use it for their white noise: exact N(0, 1) like the polar method, ~3x cheaper.
 * Tables are computed at load from the paper's recursion (IEEE double, deterministic).
 */
const LAYERS = 128;
const R = 3.442619855899;
const V = 9.91256303526217e-3;
const M1 = 2147483648;

// kn < 2^31 (int32): compared with int32 words without a conversion to double
const kn = new Int32Array(LAYERS);
const wn = new Float64Array(LAYERS);
const fn = new Float64Array(LAYERS);
{
  let dn = R;
  let tn = dn;
  const q = V / Math.exp(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * M1);
  kn[1] = 0;
  wn[0] = q / M1;
  wn[LAYERS - 1] = dn / M1;
  fn[0] = 1;
  fn[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * M1);
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / M1;
  }
}

/** Words read from the generator per block (see ZigguratNormal). */
const BLOCK = 64;

/**
 * The generator's words are read in blocks of {@link BLOCK} (`Rng.fillInt32`, one call per block
 * instead of one per word) and consumed strictly in order, by the fast path and the rare slow
 * path alike: the deviates are exactly those of drawing one word at a time. A ZigguratNormal owns
 * its generator: nothing else may draw from it (the words read ahead would be missed).
 */
export class ZigguratNormal {
  private readonly words = new Int32Array(BLOCK);
  private pos = BLOCK;

  constructor(private readonly rng: Rng) {}

  private refill(): void {
    const rng = this.rng;
    if (rng.fillInt32 !== undefined) rng.fillInt32(this.words, BLOCK);
    else for (let i = 0; i < BLOCK; i++) this.words[i] = rng.nextUint32() | 0;
    this.pos = 0;
  }

  /** The next word as int32. */
  private word(): number {
    if (this.pos === BLOCK) this.refill();
    return this.words[this.pos++]!;
  }

  /** Uniform in (0, 1): never 0, so its logarithm is finite. */
  private open01(): number {
    return ((this.word() >>> 0) + 0.5) / 4294967296;
  }

  /** Writes `n` deviates to out[0..n) (the same ones `next()` would give, in order). */
  fill(out: Float64Array, n: number): void {
    // module tables in locals (a module binding is re-checked on every access)
    const K = kn;
    const W = wn;
    const F = fn;
    const words = this.words;
    let pos = this.pos;
    let i = 0;
    while (i < n) {
      if (pos === BLOCK) {
        this.refill();
        pos = 0;
      }
      // as many deviates as the block still has words for (the slow path may take more)
      const end = Math.min(n, i + (BLOCK - pos));
      let hz = 0;
      for (; i < end; i++) {
        hz = words[pos++]!;
        // |hz| < kn[iz] without -hz overflowing: hz ^ (hz >> 31) is |hz| - 1 for negative hz
        if ((hz ^ (hz >> 31)) >= K[hz & (LAYERS - 1)]! + (hz >> 31)) break;
        out[i] = hz * W[hz & (LAYERS - 1)]!;
      }
      if (i < end) {
        // the word at i needs the slow path (it draws further words in order): the wedge tests
        // inline, word for word what slow() does; the base strip's tail (layer 0) goes to slow()
        let iz = hz & (LAYERS - 1);
        for (;;) {
          if (iz === 0) {
            this.pos = pos;
            out[i++] = this.slow(hz, 0);
            pos = this.pos;
            break;
          }
          const x = hz * W[iz]!;
          if (pos === BLOCK) {
            this.refill();
            pos = 0;
          }
          if (F[iz]! + ((words[pos++]! >>> 0) + 0.5) / 4294967296 * (F[iz - 1]! - F[iz]!) < Math.exp(-0.5 * x * x)) {
            out[i++] = x;
            break;
          }
          if (pos === BLOCK) {
            this.refill();
            pos = 0;
          }
          hz = words[pos++]!;
          iz = hz & (LAYERS - 1);
          if ((hz < 0 ? -hz : hz) < K[iz]!) {
            out[i++] = hz * W[iz]!;
            break;
          }
        }
      }
    }
    this.pos = pos;
  }

  /** A standard normal deviate. */
  next(): number {
    const hz = this.word();
    const iz = hz & (LAYERS - 1);
    if ((hz < 0 ? -hz : hz) < kn[iz]!) return hz * wn[iz]!;
    return this.slow(hz, iz);
  }

  private slow(hz0: number, iz0: number): number {
    let hz = hz0;
    let iz = iz0;
    for (;;) {
      const x = hz * wn[iz]!;
      if (iz === 0) {
        // the base strip's tail beyond r (Marsaglia 1964)
        let xt: number;
        let yt: number;
        do {
          xt = -Math.log(this.open01()) / R;
          yt = -Math.log(this.open01());
        } while (yt + yt < xt * xt);
        return hz > 0 ? R + xt : -R - xt;
      }
      if (fn[iz]! + this.open01() * (fn[iz - 1]! - fn[iz]!) < Math.exp(-0.5 * x * x)) return x;
      hz = this.word();
      iz = hz & (LAYERS - 1);
      if ((hz < 0 ? -hz : hz) < kn[iz]!) return hz * wn[iz]!;
    }
  }
}
