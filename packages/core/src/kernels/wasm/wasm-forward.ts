/**
 * The forward pass of a whole model on the WebAssembly kernels, shared by the trainer and
 * Model.predict/predictBatch: the same operations in the same order as the JavaScript path
 * (docs/decisions/0008-float32.md). ReLU is applied inside the kernel as each sum is stored;
 * sigmoid, tanh and softmax run in JavaScript over views of the module memory (softmax in float64,
 * as everywhere).
 */
import { ACT_LINEAR, ACT_RELU } from '../../activation.js';
import { applyActivation } from '../activation-kernels.js';
import type { LayerStack, WasmWorkspace, WorkRegion } from './wasm-workspace.js';

/**
 * Forward `batch` samples already in `region.xView`; outputs in `region.aView[last]`. `fused`
 * (every hidden layer ReLU or linear) runs all dense layers in one `mlp_forward` call.
 * `skipLastActivation`: leave a sigmoid/tanh/softmax last layer's outputs to the caller (z only).
 */
export function forwardOnWasm(model: LayerStack, ws: WasmWorkspace, region: WorkRegion, batch: number, fused: boolean, skipLastActivation = false): void {
  const layers = model.layers;
  const nl = layers.length;
  const kn = ws.kernels;
  if (fused) {
    kn.mlp_forward(region.table, nl, batch);
  } else {
    let inPtr = region.x;
    for (let l = 0; l < nl; l++) {
      const layer = layers[l]!;
      const code = layer.activationCode;
      kn.dense_forward(ws.w[l]!, layer.useBias ? ws.b[l]! : 0, inPtr, layer.inputSize, batch, layer.units, region.z[l]!, code === ACT_RELU ? 1 : 0);
      if (l < nl - 1 && code !== ACT_RELU && code !== ACT_LINEAR) {
        applyActivation(code, region.zView[l]!, region.aView[l]!, batch * layer.units, layer.units);
      }
      inPtr = region.a[l]!;
    }
  }
  const last = layers[nl - 1]!;
  const code = last.activationCode;
  if (!skipLastActivation && code !== ACT_RELU && code !== ACT_LINEAR) {
    applyActivation(code, region.zView[nl - 1]!, region.aView[nl - 1]!, batch * last.units, last.units);
  }
}
