import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FullyConnectedParams } from './fully-connected-params.js';
import { fullyConnectedInt8 } from './fully-connected.js';
import { fullyConnectedInt8Prepared, prepareFullyConnectedInt8 } from './fully-connected-prepared.js';
import { createWasmInt8Network } from './fc-int8-network.js';
import { int8SimdAvailable } from './fc-int8-simd.js';
import { FC_INT8_SIMD_WASM_BASE64 } from './fc-int8-simd-module.js';
import { bigIntReference, int8s, INT32_MAX, INT32_MIN, randomBias } from '../../test/support/fc-reference.js';
import { seededRng } from '../../test/support/seeded-rng.js';

type Rng = ReturnType<typeof seededRng>;
const MIN = INT32_MIN;
const MAX = INT32_MAX;

/** A random layer: sizes around every multiple of 4 / 8 / 16, extremes everywhere, both roundings. */
function randomLayer(rng: Rng) {
  const inputDepth = rng.next() < 0.15 ? rng.int(100, 700) : rng.int(1, 70);
  const outputDepth = rng.next() < 0.1 ? rng.int(20, 70) : rng.int(1, 19);
  const extreme = rng.next() < 0.3 ? 0.9 : 0.1;
  const input = int8s(rng, inputDepth, -128, extreme);
  const weights = int8s(rng, inputDepth * outputDepth, rng.next() < 0.7 ? -127 : -128, extreme);
  const bias = randomBias(rng, outputDepth, 0.35, 3); // accumulators that wrap
  const rounding = rng.next() < 0.35 ? 'single' : 'double';
  const perChannel = rng.next() < 0.5;
  const nM = perChannel ? outputDepth : 1;
  const mult = Int32Array.from({ length: nM }, () => {
    const r = rng.next();
    if (r < 0.6) return rng.int(1 << 30, MAX);
    if (r < 0.8) return [0, 1, MAX, MAX - 1, 1 << 30][rng.int(0, 4)]!;
    return rounding === 'single' ? rng.int(0, MAX) : rng.next() < 0.3 ? MIN : rng.int(MIN, MAX); // negative: the saturating path
  });
  const shift = Int32Array.from({ length: nM }, () => {
    const r = rng.next();
    if (r < 0.1) return [-31, 30, 0, -1, 1][rng.int(0, 4)]!;
    return r < 0.85 ? rng.int(-31, 0) : rng.int(1, 30);
  });
  const lo = rng.int(-128, 0);
  const p: FullyConnectedParams = {
    inputOffset: rng.next() < 0.3 ? [-127, 128, 0][rng.int(0, 2)]! : rng.int(-127, 128),
    filterOffset: rng.next() < 0.8 ? 0 : rng.next() < 0.5 ? [-128, 128, 127][rng.int(0, 2)]! : rng.int(-128, 128),
    outputOffset: rng.next() < 0.2 ? [-128, 127][rng.int(0, 1)]! : rng.int(-128, 127),
    outputMultiplier: perChannel ? mult : rng.next() < 0.5 ? mult[0]! : mult,
    outputShift: perChannel ? shift : rng.next() < 0.5 ? shift[0]! : shift,
    activationMin: lo,
    activationMax: rng.int(lo, 127),
    inputDepth,
    outputDepth,
    rounding,
  };
  return { p, input, weights, bias };
}

/** One layer on the WebAssembly kernels. */
function onWasm(p: FullyConnectedParams, input: Int8Array, weights: Int8Array, bias: Int32Array | null): number[] {
  const net = createWasmInt8Network([{ params: p, weights, bias }])!;
  net.input.set(input);
  net.run();
  return Array.from(net.outputs[0]!);
}

function onJs(p: FullyConnectedParams, input: Int8Array, weights: Int8Array, bias: Int32Array | null): { prepared: number[]; reference: number[] } {
  const prep = prepareFullyConnectedInt8(p, weights, bias)!;
  const fast = new Int8Array(p.outputDepth);
  fullyConnectedInt8Prepared(prep, input, fast);
  const ref = new Int8Array(p.outputDepth);
  fullyConnectedInt8(p, input, weights, bias, ref);
  return { prepared: Array.from(fast), reference: Array.from(ref) };
}

describe('the WebAssembly SIMD int8 kernels give the JavaScript kernels\' bits', () => {
  it('WebAssembly SIMD is available in this Node (the tests below would otherwise prove nothing)', () => {
    expect(int8SimdAvailable()).toBe(true);
  });

  it('the checked-in module is the build of fc-int8-simd.wat', async () => {
    // @ts-expect-error: a plain .mjs build script without types
    const { assemble } = (await import('../../scripts/build-wasm.mjs')) as { assemble(wat: string): Promise<Uint8Array> };
    const wat = readFileSync(new URL('./fc-int8-simd.wat', import.meta.url), 'utf8');
    expect(Buffer.from(await assemble(wat)).toString('base64')).toBe(FC_INT8_SIMD_WASM_BASE64);
  });

  it('3000 random layers (both roundings, filter offsets, wrapping sums, saturating multipliers): wasm = JS = BigInt C', () => {
    const rng = seededRng(1415);
    let compared = 0;
    const bad: string[] = [];
    for (let t = 0; t < 3000; t++) {
      const { p, input, weights, bias } = randomLayer(rng);
      const wasm = onWasm(p, input, weights, bias);
      const js = onJs(p, input, weights, bias);
      if (wasm.join() !== js.prepared.join() || wasm.join() !== js.reference.join()) bad.push(`layer ${t}: ${p.inputDepth}x${p.outputDepth} ${p.rounding}`);
      if (p.rounding === 'double' && wasm.join() !== bigIntReference(p, input, weights, bias).join()) bad.push(`layer ${t}: BigInt`);
      compared++;
    }
    expect(bad).toEqual([]);
    expect(compared).toBe(3000);
  });

  it('the saturating SRDHM case (INT32_MIN x INT32_MIN, also after a left shift) and the largest sums', () => {
    const base: FullyConnectedParams = {
      inputOffset: 0,
      filterOffset: 0,
      outputOffset: -5,
      outputMultiplier: MIN,
      outputShift: 0,
      activationMin: -128,
      activationMax: 127,
      inputDepth: 3,
      outputDepth: 2,
    };
    const cases: [FullyConnectedParams, Int32Array][] = [
      [base, Int32Array.from([MIN, MIN + 1])],
      [{ ...base, outputShift: 1 }, Int32Array.from([-(2 ** 30), MIN])],
      [{ ...base, outputShift: -31, outputOffset: 127 }, Int32Array.from([MIN, MAX])],
    ];
    for (const [p, bias] of cases) {
      const input = new Int8Array(3);
      const weights = new Int8Array(6);
      expect(onWasm(p, input, weights, bias)).toEqual(bigIntReference(p, input, weights, bias));
      expect(onWasm(p, input, weights, bias)).toEqual(onJs(p, input, weights, bias).prepared);
    }
    // every weight and input at the extremes on a 4001-wide row (sums near +-2^26, then wrapped by the bias)
    for (const [w, x] of [[-128, -128], [-128, 127], [127, -128], [127, 127]] as const) {
      const p: FullyConnectedParams = { ...base, inputDepth: 4001, outputDepth: 5, outputMultiplier: 1 << 30, outputShift: -24, inputOffset: 128, outputOffset: 0 };
      const weights = new Int8Array(4001 * 5).fill(w);
      weights.fill(-w - 1, 4001, 2 * 4001);
      const input = new Int8Array(4001).fill(x);
      const bias = Int32Array.from([0, MAX, MIN, 12345, -1]);
      expect(onWasm(p, input, weights, bias)).toEqual(bigIntReference(p, input, weights, bias));
    }
  });

  /** A random chain: per-channel or per-tensor shifts (the kernel's two requantisation paths), optional filter offsets. */
  function chain(rng: Rng, dims: readonly number[], perTensor: boolean, filterOffsets: boolean) {
    return dims.slice(1).map((m, l) => {
      const n = dims[l]!;
      const params: FullyConnectedParams = {
        inputOffset: rng.int(-127, 128),
        filterOffset: filterOffsets ? rng.int(-3, 3) : 0,
        outputOffset: rng.int(-128, 127),
        outputMultiplier: Int32Array.from({ length: m }, () => rng.int(1 << 30, MAX)),
        outputShift: perTensor ? rng.int(-12, -6) : Int32Array.from({ length: m }, () => rng.int(-12, -6)),
        activationMin: l < dims.length - 2 ? -20 : -128,
        activationMax: 127,
        inputDepth: n,
        outputDepth: m,
      };
      return { params, weights: int8s(rng, n * m, -127, 0.05), bias: Int32Array.from({ length: m }, () => rng.int(-5000, 5000)) };
    });
  }

  it.each([
    [[150, 32, 16, 6], false, false],
    [[150, 32, 16, 6], true, false],
    [[37, 13, 7, 3], true, true],
    [[37, 13, 7, 3], false, true],
    [[5, 1, 9, 2], true, false],
  ] as const)('a chain %j (per-tensor %s, filter offsets %s) in one call equals the layers one by one', (dims, perTensor, filterOffsets) => {
    const rng = seededRng(dims[0] * 10 + (perTensor ? 1 : 0));
    const layers = chain(rng, dims, perTensor, filterOffsets);
    const net = createWasmInt8Network(layers)!;
    for (let s = 0; s < 20; s++) {
      const input = int8s(rng, dims[0], -128, 0.1);
      net.input.set(input);
      net.run();
      let x = input;
      for (let l = 0; l < layers.length; l++) {
        const { params, weights, bias } = layers[l]!;
        const js = onJs(params, x, weights, bias).prepared;
        expect(Array.from(net.outputs[l]!)).toEqual(js);
        x = Int8Array.from(js);
      }
    }
  });

  it('rejects a broken chain and a bad layer index', () => {
    const layers = chain(seededRng(7), [150, 32, 16, 6], false, false);
    const net = createWasmInt8Network(layers)!;
    expect(() => createWasmInt8Network([layers[0]!, layers[2]!])).toThrow(/CHAIN_MISMATCH/);
    expect(() => net.runLayer(3)).toThrow(/layer index/);
  });
});
