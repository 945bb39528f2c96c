/**
 * A chain of int8 FULLY_CONNECTED layers on the WebAssembly SIMD kernels (fc-int8-simd.wat), batch
 * 1: every layer's weights, folded constants, multipliers and shifts are written once into the
 * instance's memory (a snapshot, like fully-connected-prepared.ts), and the input and every
 * layer's output are resident buffers there, exposed as Int8Array views. One `run()` is one call
 * into the module for the whole network; nothing is copied per call but what the caller writes
 * into `input`. The results are bit-identical to fullyConnectedInt8Prepared / fullyConnectedInt8
 * (docs/decisions/0015-int8-simd.md, fc-int8-simd.test.ts).
 *
 * Layout (byte offsets, 16-byte aligned, offset 0 unused):
 *   [per layer: weights (mPad x nPad bytes, interleaved by blocks of four units: see the .wat),
 *    constants (mPad i32), multipliers, shifts][accumulator scratch (largest mPad i32)]
 *   [input (nPad0 bytes)][per layer: output (its outputDepth rounded up to 8 bytes)][layer table]
 * nPad is inputDepth rounded up to 8, mPad outputDepth rounded up to 4; padding bytes are 0 and
 * stay 0 (the kernel writes only the real outputs), so padded products add nothing.
 */
import { QuantizerError } from './errors.js';
import { instantiateFcInt8Simd, type FcInt8SimdKernels } from './fc-int8-simd.js';
import type { FullyConnectedParams } from './fully-connected-params.js';
import { validatePreparable } from './fully-connected-prepared.js';

/** Bytes per layer record (fields in fc-int8-simd.wat). */
export const RECORD_BYTES = 64;

/** One layer as createWasmInt8Network takes it. */
export interface Int8LayerSpec {
  readonly params: FullyConnectedParams;
  readonly weights: Int8Array;
  readonly bias: Int32Array | null;
}

/** The network in one WebAssembly instance. */
export interface WasmInt8Network {
  /** The first layer's input (inputDepth int8 values), a view of the module memory: write it, then run(). */
  readonly input: Int8Array;
  /** Every layer's output (outputDepth int8 values), views of the module memory, valid after run(). */
  readonly outputs: readonly Int8Array[];
  /** Every layer in order on `input`. */
  run(): void;
  /** Only layer `l` (its input is `input` for l = 0, else `outputs[l - 1]`). */
  runLayer(l: number): void;
}

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;
const roundUp = (v: number, k: number): number => Math.ceil(v / k) * k;

/** 1 when the layer requantises four units at once in the kernel: double rounding, one shift for all units. */
function vectorRequant(params: FullyConnectedParams): number {
  if (params.rounding === 'single') return 0;
  const s = params.outputShift;
  if (typeof s === 'number') return 1;
  for (let o = 1; o < s.length; o++) if (s[o] !== s[0]) return 0;
  return 1;
}

function perUnit(v: number | ArrayLike<number>, o: number): number {
  return typeof v === 'number' ? v : v[v.length > 1 ? o : 0]!;
}

/**
 * The network of `layers` (each one validated as prepareFullyConnectedInt8 does, and layer l+1's
 * inputDepth must be layer l's outputDepth). Null where WebAssembly SIMD is unavailable.
 */
export function createWasmInt8Network(layers: readonly Int8LayerSpec[]): WasmInt8Network | null {
  if (layers.length === 0) throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', 'needs at least one layer', { field: 'layers' });
  for (let l = 0; l < layers.length; l++) {
    const { params, weights, bias } = layers[l]!;
    validatePreparable(params, weights, bias);
    if (l > 0 && params.inputDepth !== layers[l - 1]!.params.outputDepth) {
      throw new QuantizerError('QUANT_ERR_CHAIN_MISMATCH', `inputDepth ${params.inputDepth} is not the previous layer's outputDepth ${layers[l - 1]!.params.outputDepth}`, {
        field: `layers[${l}].inputDepth`,
      });
    }
  }
  // plan
  let at = 16;
  const plan = layers.map(({ params }) => {
    const nPad = roundUp(params.inputDepth, 8);
    const mPad = roundUp(params.outputDepth, 4);
    const w = at;
    at += align16(mPad * nPad * 2);
    const c = at;
    at += align16(mPad * 4);
    const mult = at;
    at += align16(params.outputDepth * 4);
    const shift = at;
    at += align16(params.outputDepth * 4);
    return { nPad, mPad, w, c, mult, shift, x: 0, out: 0 };
  });
  const acc = at; // the accumulators' scratch, shared by the layers
  at += align16(Math.max(...plan.map((p) => p.mPad)) * 4);
  const xs = at; // the widened input's scratch, shared by the layers
  at += align16(Math.max(...plan.map((p) => p.nPad)) * 2);
  const input = at;
  at += align16(plan[0]!.nPad);
  for (let l = 0; l < layers.length; l++) {
    plan[l]!.x = l === 0 ? input : plan[l - 1]!.out;
    plan[l]!.out = at;
    at += align16(roundUp(layers[l]!.params.outputDepth, 8));
  }
  const table = at;
  at += layers.length * RECORD_BYTES;
  const inst = instantiateFcInt8Simd(at);
  if (inst === null) return null;
  const { buffer } = inst.memory;
  const i16 = new Int16Array(buffer);
  const i32 = new Int32Array(buffer);
  for (let l = 0; l < layers.length; l++) {
    const { params, weights, bias } = layers[l]!;
    const p = plan[l]!;
    const { inputDepth: n, outputDepth: m, inputOffset, filterOffset } = params;
    for (let o = 0; o < m; o++) {
      let sumW = 0; // sum_d (w + filterOffset), modulo 2^32
      for (let d = 0; d < n; d++) {
        const wv = weights[o * n + d]!;
        i16[(p.w >> 1) + (o >> 2) * 4 * p.nPad + (d >> 3) * 32 + (o & 3) * 8 + (d & 7)] = wv;
        sumW = (sumW + wv + filterOffset) | 0;
      }
      i32[(p.c >> 2) + o] = ((bias === null ? 0 : bias[o]!) + Math.imul(inputOffset, sumW)) | 0;
      i32[(p.mult >> 2) + o] = perUnit(params.outputMultiplier, o);
      i32[(p.shift >> 2) + o] = perUnit(params.outputShift, o);
    }
    const r = (table + l * RECORD_BYTES) >> 2;
    i32.set(
      [p.x, p.nPad, m, p.w, p.c, p.mult, p.shift, p.out, params.outputOffset, params.activationMin, params.activationMax, params.rounding === 'single' ? 1 : 0, filterOffset, acc, xs, vectorRequant(params)],
      r,
    );
  }
  const kernels: FcInt8SimdKernels = inst.kernels;
  const outputs = layers.map((layer, l) => new Int8Array(buffer, plan[l]!.out, layer.params.outputDepth));
  const nLayers = layers.length;
  return {
    input: new Int8Array(buffer, input, layers[0]!.params.inputDepth),
    outputs,
    run: () => kernels.fc_network(table, nLayers),
    runLayer: (l: number) => {
      if (!Number.isInteger(l) || l < 0 || l >= nLayers) throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be a layer index in [0, ${nLayers - 1}], got ${String(l)}`, { field: 'l' });
      kernels.fc_layer(table + l * RECORD_BYTES);
    },
  };
}
