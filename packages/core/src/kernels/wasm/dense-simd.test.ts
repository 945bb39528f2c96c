import { describe, expect, it } from 'vitest';
import { createRng } from '../../rng.js';
import { denseInputGradients, denseWeightGradients } from '../dense-backward.js';
import { denseForwardBatch } from '../dense-forward.js';
import { activationBackward, applyActivation } from '../activation-kernels.js';
import { ACT_RELU } from '../../activation.js';
import { wasmSimdAvailable } from './dense-simd.js';
import { WasmWorkspace } from './wasm-workspace.js';
import { createModel } from '../../create-model.js';

function rand(n: number, rng: { next(): number }, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * scale);
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('WebAssembly SIMD dense kernels', () => {
  it('WebAssembly SIMD is available in this Node (the tests below would otherwise prove nothing)', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });

  // every remainder of n, units and batch mod 4, the W1 and scaling-table shapes, and batch 1
  const shapes = [
    [1, 1, 1],
    [3, 2, 1],
    [5, 7, 3],
    [150, 32, 32],
    [32, 16, 5],
    [16, 6, 4],
    [7, 13, 6],
    [2, 5, 7],
    [36, 16, 1],
    [600, 256, 9],
  ] as const;

  it.each(shapes)('n=%i units=%i batch=%i: forward, weight, bias and input gradients, SGD: same bits as JavaScript', (n, units, batch) => {
    const rng = createRng(n * 1000 + units * 10 + batch);
    // a model only to size the workspace: one layer n -> units
    const model = createModel({ inputSize: n, layers: [{ units, activation: 'linear' }] }, { rng });
    const ws = WasmWorkspace.create(model, batch)!;
    const kn = ws.kernels;
    const w = rand(n * units, rng);
    const bias = rand(units, rng);
    // inputs over many magnitudes, so a different summation order would show in the bits
    const x = Float32Array.from(rand(n * batch, rng), (v, i) => v * 2 ** ((i * 7) % 23 - 11));
    const delta = rand(batch * units, rng);
    for (let i = 0; i < delta.length; i += 5) delta[i] = 0;
    ws.wView[0]!.set(w);
    ws.bView[0]!.set(bias);
    ws.train.xView.set(x);
    ws.train.dView[0]!.set(delta);

    for (const withBias of [true, false]) {
      const zJs = new Float32Array(batch * units);
      denseForwardBatch(w, withBias ? bias : null, x, n, batch, units, zJs);
      kn.dense_forward(ws.w[0]!, withBias ? ws.b[0]! : 0, ws.train.x, n, batch, units, ws.train.z[0]!, 0);
      expect(bits(ws.train.zView[0]!.subarray(0, batch * units))).toEqual(bits(zJs));
      // with ReLU applied as the sums are stored: the JavaScript forward, then applyActivation(relu)
      applyActivation(ACT_RELU, zJs, zJs, zJs.length, units);
      kn.dense_forward(ws.w[0]!, withBias ? ws.b[0]! : 0, ws.train.x, n, batch, units, ws.train.z[0]!, 1);
      expect(bits(ws.train.zView[0]!.subarray(0, batch * units))).toEqual(bits(zJs));
    }

    // ReLU backward: the JavaScript activationBackward(relu), zeros, negatives and -0 included
    const aR = Float32Array.from(rand(batch * units, rng), (v, i) => (i % 7 === 0 ? -0 : i % 5 === 0 ? 0 : v));
    const gR = rand(batch * units, rng);
    const gJs = new Float32Array(gR);
    activationBackward(ACT_RELU, aR, gJs, gJs.length, units);
    ws.train.zView[0]!.set(aR);
    ws.train.dView[0]!.set(gR);
    kn.relu_backward(ws.train.z[0]!, ws.train.d[0]!, batch * units);
    expect(bits(ws.train.dView[0]!.subarray(0, batch * units))).toEqual(bits(gJs));
    ws.train.dView[0]!.set(delta);

    const gwJs = new Float32Array(n * units);
    const gbJs = new Float32Array(units);
    denseWeightGradients(delta, x, n, batch, units, 1 / batch, gwJs, gbJs);
    ws.gwView[0]!.fill(99);
    kn.dense_weight_grad(ws.train.d[0]!, ws.train.x, n, batch, units, 1 / batch, ws.gw[0]!, ws.gb[0]!, ws.scratch);
    expect(bits(ws.gwView[0]!)).toEqual(bits(gwJs));
    expect(bits(ws.gbView[0]!)).toEqual(bits(gbJs));

    // input gradients into the x buffer (n x batch floats)
    const dxJs = new Float32Array(batch * n);
    denseInputGradients(w, delta, n, batch, units, dxJs);
    kn.dense_input_grad(ws.w[0]!, ws.train.d[0]!, n, batch, units, ws.train.x);
    expect(bits(ws.train.xView.subarray(0, batch * n))).toEqual(bits(dxJs));

    // SGD on the weights with the gradients just computed
    const wJs = new Float32Array(w);
    const lr = 0.05;
    for (let i = 0; i < wJs.length; i++) wJs[i] = wJs[i]! - Math.fround(Math.fround(lr) * gwJs[i]!);
    kn.sgd_update(ws.w[0]!, ws.gw[0]!, n * units, lr);
    expect(bits(ws.wView[0]!)).toEqual(bits(wJs));
  });
});
