import { describe, expect, it } from 'vitest';
import { activationBounds } from './activation-bounds.js';
import { fullyConnectedInt8 } from './fully-connected.js';
import { validateFullyConnected } from './validate-fully-connected.js';
import { fullyConnectedRealMultiplier, quantizeMultiplier } from './quantize-multiplier.js';
import { mbqmC } from '../../test/support/c-semantics.js';
import { seededRng } from '../../test/support/seeded-rng.js';

// TFLM fully_connected_test.cc (quantization.md vectors 29-31)
const INPUT_Q = Int8Array.from([0, 1, 2, 3, 4, 5, 6, 7, -10, -11, 0, 1, 2, 3, 4, 5, 6, -9, 8, -11]);
const W10 = Int8Array.from([...Array(3)].flatMap(() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));

function params(outputZp: number, act: 'none' | 'relu') {
  const { multiplier, shift } = quantizeMultiplier(fullyConnectedRealMultiplier(1, 1, 0.5, false));
  const b = activationBounds(act, 0.5, outputZp);
  return {
    inputOffset: 1,
    filterOffset: 0,
    outputOffset: outputZp,
    outputMultiplier: multiplier,
    outputShift: shift,
    activationMin: b.min,
    activationMax: b.max,
    inputDepth: 10,
    outputDepth: 3,
  };
}

describe('fullyConnectedInt8: TFLM vectors', () => {
  it('#29 SimpleTestQuantizedInt8', () => {
    const out = new Int8Array(6);
    fullyConnectedInt8(params(-1, 'none'), INPUT_Q, W10, Int32Array.from([1, 2, 3]), out);
    expect(Array.from(out)).toEqual([47, 49, 51, 115, 117, 119]);
  });
  it('#30 null bias', () => {
    const out = new Int8Array(6);
    fullyConnectedInt8(params(-1, 'none'), INPUT_Q, W10, null, out);
    expect(Array.from(out)).toEqual([45, 45, 45, 113, 113, 113]);
  });
  it('#31 RELU with output zp -128', () => {
    const w = W10.slice();
    for (let d = 0; d < 10; d++) w[10 + d] = -(d + 1);
    const out = new Int8Array(6);
    fullyConnectedInt8(params(-128, 'relu'), INPUT_Q, w, Int32Array.from([1, -2, 3]), out);
    expect(Array.from(out)).toEqual([-80, -128, -76, -12, -128, -8]);
  });
  it('per-channel multipliers apply per output unit', () => {
    const out = new Int8Array(6);
    const p = { ...params(-1, 'none'), outputMultiplier: Int32Array.from([1 << 30, 1 << 30, 1 << 30]), outputShift: Int32Array.from([2, 1, 0]) };
    fullyConnectedInt8(p, INPUT_Q, W10, Int32Array.from([1, 2, 3]), out);
    // acc = 24*2-1 ... : unit 0 x2, unit 1 x1, unit 2 x0.5 of (acc), then -1
    expect(Array.from(out)).toEqual([47, 24, 12, 115, 58, 29]);
  });
  it('filterOffset is applied to the weights (legacy TFLite nonzero weight zp)', () => {
    const out = new Int8Array(1);
    fullyConnectedInt8(
      { inputOffset: 0, filterOffset: 2, outputOffset: 0, outputMultiplier: 1 << 30, outputShift: 1, activationMin: -128, activationMax: 127, inputDepth: 2, outputDepth: 1 },
      Int8Array.from([3, -4]),
      Int8Array.from([1, 1]),
      null,
      out,
    );
    expect(out[0]).toBe(3 * 3 + 3 * -4);
  });
  it('clamps at the activation bounds and rejects bad shapes', () => {
    const out = new Int8Array(1);
    const p = { inputOffset: 0, filterOffset: 0, outputOffset: 0, outputMultiplier: 1 << 30, outputShift: 10, activationMin: -10, activationMax: 20, inputDepth: 1, outputDepth: 1 };
    fullyConnectedInt8(p, Int8Array.from([100]), Int8Array.from([100]), null, out);
    expect(out[0]).toBe(20);
    fullyConnectedInt8(p, Int8Array.from([-100]), Int8Array.from([100]), null, out);
    expect(out[0]).toBe(-10);
    expect(() => fullyConnectedInt8({ ...p, inputDepth: 3 }, Int8Array.from([1, 2]), Int8Array.from([1, 2, 3]), null, out)).toThrow(/input/);
    expect(() => validateFullyConnected({ ...p, outputMultiplier: [1, 2] }, Int8Array.from([1]), null)).toThrow(/params\.outputMultiplier/);
    expect(() => validateFullyConnected({ ...p, outputShift: 31 }, Int8Array.from([1]), null)).toThrow('[quantizer] QUANT_ERR_INVALID_ARGUMENT: params.outputShift: must be an integer in [-31, 30], got 31');
  });
});

describe('activationBounds (TFLM CalculateActivationRangeQuantized)', () => {
  it('RELU6 with s=0.05, zp=-128 gives max -8', () => {
    expect(activationBounds('relu6', Math.fround(0.05), -128)).toEqual({ min: -128, max: -8 });
    expect(activationBounds('relu', 0.1, 5)).toEqual({ min: 5, max: 127 });
    expect(activationBounds('none', 0.1, 5)).toEqual({ min: -128, max: 127 });
  });
});

describe('fullyConnectedInt8 equals a BigInt transcription of the TFLM reference kernel', () => {
  it('random shapes, batches, offsets, per-tensor and per-channel (2000 layers)', () => {
    const rng = seededRng(77);
    let bad = 0;
    for (let t = 0; t < 2000; t++) {
      const inputDepth = rng.int(1, 40);
      const outputDepth = rng.int(1, 12);
      const batches = rng.int(1, 3);
      const perChannel = rng.next() < 0.5;
      const input = Int8Array.from({ length: inputDepth * batches }, () => rng.int(-128, 127));
      const weights = Int8Array.from({ length: inputDepth * outputDepth }, () => rng.int(-127, 127));
      const bias = rng.next() < 0.8 ? Int32Array.from({ length: outputDepth }, () => rng.int(-200000, 200000)) : null;
      const nM = perChannel ? outputDepth : 1;
      const mult = Int32Array.from({ length: nM }, () => rng.int(1 << 30, 2147483647));
      const shift = Int32Array.from({ length: nM }, () => rng.int(-20, 2));
      const lo = rng.int(-128, 0);
      const p = {
        inputOffset: rng.int(-127, 128),
        filterOffset: rng.next() < 0.8 ? 0 : rng.int(-3, 3),
        outputOffset: rng.int(-128, 127),
        outputMultiplier: perChannel ? mult : mult[0]!,
        outputShift: perChannel ? shift : shift[0]!,
        activationMin: lo,
        activationMax: rng.int(lo, 127),
        inputDepth,
        outputDepth,
      };
      const out = new Int8Array(batches * outputDepth);
      fullyConnectedInt8(p, input, weights, bias, out);
      for (let b = 0; b < batches; b++) {
        for (let o = 0; o < outputDepth; o++) {
          let acc = 0n;
          for (let d = 0; d < inputDepth; d++) {
            acc += BigInt(weights[o * inputDepth + d]! + p.filterOffset) * BigInt(input[b * inputDepth + d]! + p.inputOffset);
          }
          if (bias) acc += BigInt(bias[o]!);
          const c = perChannel ? o : 0;
          let y = mbqmC(Number(BigInt.asIntN(32, acc)), mult[c]!, shift[c]!) + p.outputOffset;
          y = Math.min(p.activationMax, Math.max(p.activationMin, y));
          if (out[b * outputDepth + o] !== y) bad++;
        }
      }
    }
    expect(bad).toBe(0);
  });
});
