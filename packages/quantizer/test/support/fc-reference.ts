// The independent references the int8 fully-connected tests compare against.
import type { FullyConnectedParams } from '../../src/runtime/fully-connected.js';
import { mbqmC } from './c-semantics.js';
import type { seededRng } from './seeded-rng.js';

type Rng = ReturnType<typeof seededRng>;

/** The TFLM reference kernel transcribed with BigInt accumulators (int32 wrap as on the device); any batch count. */
export function bigIntReference(p: FullyConnectedParams, input: Int8Array, weights: Int8Array, bias: Int32Array | null): number[] {
  const out: number[] = [];
  const perUnit = (v: number | ArrayLike<number>, o: number): number => (typeof v === 'number' ? v : v[v.length > 1 ? o : 0]!);
  for (let b = 0; b < input.length / p.inputDepth; b++) {
    for (let o = 0; o < p.outputDepth; o++) {
      let acc = 0n;
      for (let d = 0; d < p.inputDepth; d++) {
        acc += BigInt(weights[o * p.inputDepth + d]! + p.filterOffset) * BigInt(input[b * p.inputDepth + d]! + p.inputOffset);
      }
      if (bias) acc += BigInt(bias[o]!);
      // acc += output_offset is an int32 addition in the C code too
      let y = Number(BigInt.asIntN(32, BigInt(mbqmC(Number(BigInt.asIntN(32, acc)), perUnit(p.outputMultiplier, o), perUnit(p.outputShift, o))) + BigInt(p.outputOffset)));
      if (y < p.activationMin) y = p.activationMin;
      if (y > p.activationMax) y = p.activationMax;
      out.push(y);
    }
  }
  return out;
}

/** int8 values, often at the extremes. */
export function int8s(rng: Rng, n: number, lo: number, extreme: number): Int8Array {
  return Int8Array.from({ length: n }, () => {
    const r = rng.next();
    if (r < extreme / 2) return lo;
    if (r < extreme) return 127;
    return rng.int(lo, 127);
  });
}


export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * A random bias (one draw decides its kind): none in 15% of layers, values at the int32 ends (so the
 * accumulators wrap) up to `wrapBelow`, else ordinary ones. `edgeJitter` moves the end values inwards
 * by up to that much.
 */
export function randomBias(rng: Rng, outputDepth: number, wrapBelow: number, edgeJitter: number): Int32Array | null {
  const kind = rng.next();
  if (kind < 0.15) return null;
  return Int32Array.from({ length: outputDepth }, () => {
    if (kind < wrapBelow) {
      if (edgeJitter === 0) return rng.next() < 0.5 ? INT32_MIN : INT32_MAX;
      return rng.next() < 0.5 ? INT32_MIN + rng.int(0, edgeJitter) : INT32_MAX - rng.int(0, edgeJitter);
    }
    return rng.int(-300000, 300000);
  });
}
