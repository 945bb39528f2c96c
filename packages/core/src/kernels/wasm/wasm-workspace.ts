/**
 * A trainer's WebAssembly workspace: one kernel instance over its own memory, which holds for
 * every layer its weights, bias, their gradients, the batch's sums/outputs and deltas, plus the
 * input batch and the weight-gradient scratch. Activations, gradients and deltas live there for
 * the trainer's lifetime (the JavaScript side works on Float32Array views of the same memory,
 * nothing copied). The layers' parameters stay the model's own Float32Arrays (the public API);
 * they are copied in before each step and out after the update: one copy of the parameters each
 * way per step, nothing per sample.
 */
import { ACT_SOFTMAX } from '../../activation.js';
import type { DenseLayer } from '../../dense-layer.js';
import { instantiateDenseSimd, type DenseSimdKernels } from './dense-simd.js';

/** What a workspace is sized from: a Model (named structurally, so model.ts can use workspaces without an import circle). */
export interface LayerStack {
  readonly inputSize: number;
  readonly layers: readonly DenseLayer[];
}

export class WasmWorkspace {
  readonly kernels: DenseSimdKernels;
  readonly capacity: number;
  /** Byte offsets, per layer. `b`/`gb` are 0 for a layer without bias. */
  readonly w: number[] = [];
  readonly b: number[] = [];
  readonly gw: number[] = [];
  readonly gb: number[] = [];
  readonly z: number[] = [];
  readonly a: number[] = [];
  readonly d: number[] = [];
  readonly x: number;
  readonly scratch: number;
  /** Views of the same memory, per layer. */
  readonly wView: Float32Array[] = [];
  readonly bView: Float32Array[] = [];
  readonly gwView: Float32Array[] = [];
  readonly gbView: (Float32Array | null)[] = [];
  readonly zView: Float32Array[] = [];
  readonly aView: Float32Array[] = [];
  readonly dView: Float32Array[] = [];
  readonly xView: Float32Array;

  private constructor(model: LayerStack, capacity: number, kernels: DenseSimdKernels, buffer: ArrayBuffer, plan: Plan) {
    this.kernels = kernels;
    this.capacity = capacity;
    const view = (ptr: number, len: number): Float32Array => new Float32Array(buffer, ptr, len);
    model.layers.forEach((layer, l) => {
      const p = plan.layers[l]!;
      this.w.push(p.w);
      this.b.push(layer.useBias ? p.b : 0);
      this.gw.push(p.gw);
      this.gb.push(layer.useBias ? p.gb : 0);
      this.z.push(p.z);
      this.a.push(p.a);
      this.d.push(p.d);
      this.wView.push(view(p.w, layer.weights.length));
      this.bView.push(view(p.b, layer.units));
      this.gwView.push(view(p.gw, layer.weights.length));
      this.gbView.push(layer.useBias ? view(p.gb, layer.units) : null);
      this.zView.push(view(p.z, layer.units * capacity));
      this.aView.push(view(p.a, layer.units * capacity));
      this.dView.push(view(p.d, layer.units * capacity));
    });
    this.x = plan.x;
    this.scratch = plan.scratch;
    this.xView = view(plan.x, model.inputSize * capacity);
  }

  /** A workspace for batches of up to `capacity` samples, or null where WebAssembly SIMD is unavailable. */
  static create(model: LayerStack, capacity: number): WasmWorkspace | null {
    const plan = planLayout(model, capacity);
    const inst = instantiateDenseSimd(plan.bytes);
    if (inst === null) return null;
    return new WasmWorkspace(model, capacity, inst.kernels, inst.buffer, plan);
  }
}

interface LayerPlan {
  w: number;
  b: number;
  gw: number;
  gb: number;
  z: number;
  a: number;
  d: number;
}
interface Plan {
  layers: LayerPlan[];
  x: number;
  scratch: number;
  bytes: number;
}

/** Byte offsets of every buffer, each 16-byte aligned; offset 0 stays unused (it means "no bias"). */
function planLayout(model: LayerStack, capacity: number): Plan {
  let next = 16;
  const take = (floats: number): number => {
    const p = next;
    next += Math.ceil((floats * 4) / 16) * 16;
    return p;
  };
  let maxUnits = 1;
  const layers = model.layers.map((layer) => {
    maxUnits = Math.max(maxUnits, layer.units);
    const w = take(layer.weights.length);
    const b = take(layer.units);
    const gw = take(layer.weights.length);
    const gb = take(layer.units);
    const z = take(layer.units * capacity);
    // a softmax layer keeps its logits (z) apart from its outputs (a), for the fused cross-entropy
    const a = layer.activationCode === ACT_SOFTMAX ? take(layer.units * capacity) : z;
    const d = take(layer.units * capacity);
    return { w, b, gw, gb, z, a, d };
  });
  const x = take(model.inputSize * capacity);
  const scratch = take(maxUnits * capacity);
  return { layers, x, scratch, bytes: next };
}
