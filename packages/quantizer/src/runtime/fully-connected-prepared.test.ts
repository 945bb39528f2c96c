import { describe, expect, it } from 'vitest';
import type { FullyConnectedParams } from './fully-connected.js';
import { fullyConnectedInt8 } from './fully-connected.js';
import { fullyConnectedInt8Prepared, prepareFullyConnectedInt8 } from './fully-connected-prepared.js';
import { bigIntReference, int8s, INT32_MAX, INT32_MIN, randomBias } from '../../test/support/fc-reference.js';
import { seededRng } from '../../test/support/seeded-rng.js';

type Rng = ReturnType<typeof seededRng>;
const MIN = INT32_MIN;
const MAX = INT32_MAX;

function randomLayer(rng: Rng) {
  const inputDepth = rng.next() < 0.1 ? rng.int(150, 600) : rng.int(1, 48);
  const outputDepth = rng.int(1, 19);
  const batches = rng.int(1, 3);
  const extreme = rng.next() < 0.3 ? 0.9 : 0.1;
  const input = int8s(rng, inputDepth * batches, -128, extreme);
  const weights = int8s(rng, inputDepth * outputDepth, rng.next() < 0.8 ? -127 : -128, extreme);
  const bias = randomBias(rng, outputDepth, 0.3, 0); // overflowing accumulators wrap
  const perChannel = rng.next() < 0.5;
  const nM = perChannel ? outputDepth : 1;
  const mult = Int32Array.from({ length: nM }, () => {
    const r = rng.next();
    if (r < 0.7) return rng.int(1 << 30, MAX);
    if (r < 0.8) return [0, 1, MAX, 1 << 30][rng.int(0, 3)]!;
    return rng.int(MIN, MAX); // negative multipliers take the general path
  });
  const shift = Int32Array.from({ length: nM }, () => (rng.next() < 0.85 ? rng.int(-31, 0) : rng.int(1, 30)));
  const lo = rng.int(-128, 0);
  const p: FullyConnectedParams = {
    inputOffset: rng.next() < 0.2 ? [-127, 128, 0][rng.int(0, 2)]! : rng.int(-127, 128),
    filterOffset: rng.next() < 0.8 ? 0 : rng.int(-128, 128),
    outputOffset: rng.int(-128, 127),
    outputMultiplier: perChannel ? mult : rng.next() < 0.5 ? mult[0]! : mult,
    outputShift: perChannel ? shift : rng.next() < 0.5 ? shift[0]! : shift,
    activationMin: lo,
    activationMax: rng.int(lo, 127),
    inputDepth,
    outputDepth,
  };
  return { p, input, weights, bias, batches };
}

describe('fullyConnectedInt8Prepared equals the reference kernel and the BigInt C transcription', () => {
  it('3000 random layers: extreme weights, inputs, offsets, int32-extreme biases, any multiplier and shift', () => {
    const rng = seededRng(2024);
    let bad = 0;
    let prepared = 0;
    for (let t = 0; t < 3000; t++) {
      const { p, input, weights, bias, batches } = randomLayer(rng);
      const expected = bigIntReference(p, input, weights, bias);
      const ref = new Int8Array(batches * p.outputDepth);
      fullyConnectedInt8(p, input, weights, bias, ref);
      const prep = prepareFullyConnectedInt8(p, weights, bias);
      expect(prep).not.toBeNull(); // every int8 layer this size fits the two-lane sums
      prepared++;
      const fast = new Int8Array(batches * p.outputDepth);
      fullyConnectedInt8Prepared(prep!, input, fast);
      if (Array.from(ref).join() !== expected.join()) bad++;
      if (Array.from(fast).join() !== expected.join()) bad++;
    }
    expect(prepared).toBe(3000);
    expect(bad).toBe(0);
  });

  it('the largest sums: all weights and inputs at -128 / 127 on a 4000-wide row', () => {
    for (const [w, x] of [
      [-128, -128],
      [-128, 127],
      [127, -128],
      [127, 127],
    ] as const) {
      const inputDepth = 4000;
      const outputDepth = 3;
      const p: FullyConnectedParams = {
        inputOffset: 0,
        filterOffset: 0,
        outputOffset: 0,
        outputMultiplier: 1 << 30,
        outputShift: -20,
        activationMin: -128,
        activationMax: 127,
        inputDepth,
        outputDepth,
      };
      const weights = new Int8Array(inputDepth * outputDepth).fill(w);
      weights.fill(-w - 1, inputDepth, 2 * inputDepth); // the neighbour lane at the other extreme
      const input = new Int8Array(inputDepth).fill(x);
      const prep = prepareFullyConnectedInt8(p, weights, null)!;
      const fast = new Int8Array(outputDepth);
      fullyConnectedInt8Prepared(prep, input, fast);
      expect(Array.from(fast)).toEqual(bigIntReference(p, input, weights, null));
    }
  });

  it('falls back (null) when two-lane sums could lose exactness, and validates like the reference', () => {
    const p: FullyConnectedParams = {
      inputOffset: 0,
      filterOffset: 65536,
      outputOffset: 0,
      outputMultiplier: 1 << 30,
      outputShift: 0,
      activationMin: -128,
      activationMax: 127,
      inputDepth: 4096,
      outputDepth: 2,
    };
    expect(prepareFullyConnectedInt8(p, new Int8Array(8192), null)).toBeNull();
    expect(() => prepareFullyConnectedInt8({ ...p, filterOffset: 0.5 }, new Int8Array(8192), null)).toThrow(/params\.filterOffset/);
    expect(() => prepareFullyConnectedInt8(p, new Int8Array(8191), null)).toThrow(/weights/);
    const small = prepareFullyConnectedInt8({ ...p, filterOffset: 0, inputDepth: 2, outputDepth: 1 }, Int8Array.from([1, 2]), null)!;
    expect(() => fullyConnectedInt8Prepared(small, new Int8Array(3), new Int8Array(2))).toThrow(/input/);
    expect(() => fullyConnectedInt8Prepared(small, new Int8Array(4), new Int8Array(1))).toThrow(/output/);
  });
});

describe('fullyConnectedInt8 with offsets too large for exact float64 sums wraps every addition', () => {
  it('equals the BigInt transcription (products near 2^40, 4096-wide rows)', () => {
    const rng = seededRng(5);
    const inputDepth = 4096;
    const p: FullyConnectedParams = {
      inputOffset: 1 << 20,
      filterOffset: -(1 << 20),
      outputOffset: 3,
      outputMultiplier: Int32Array.from([1 << 30, MAX]),
      outputShift: Int32Array.from([-24, -25]), // the wrapped int32 sums land inside [-128, 127]
      activationMin: -128,
      activationMax: 127,
      inputDepth,
      outputDepth: 2,
    };
    const input = int8s(rng, inputDepth, -128, 0.2);
    const weights = int8s(rng, inputDepth * 2, -127, 0.2);
    const bias = Int32Array.from([12345, -67890]);
    const out = new Int8Array(2);
    fullyConnectedInt8(p, input, weights, bias, out);
    const expected = bigIntReference(p, input, weights, bias);
    expect(expected.some((y) => y > -128 && y < 127)).toBe(true);
    expect(Array.from(out)).toEqual(expected);
  });
});
