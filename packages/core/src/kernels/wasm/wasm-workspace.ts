/**
 * A model's WebAssembly memory: one kernel instance over one memory that holds, for every layer,
 * its weights and bias (resident: the layers' `weights`/`bias` arrays are views of this memory, see
 * Model), their gradients, and two work regions: the trainer's (per layer sums/outputs and deltas,
 * the input batch, the targets, the weight-gradient scratch) and predict's (sums/outputs and the
 * input), each with a layer table for the whole-network kernels (`mlp_forward`, `mlp_backward`).
 * Nothing is copied per call except the caller's inputs (and targets) in and the outputs read back.
 *
 * Layout (byte offsets, each buffer 16-byte aligned, offset 0 unused: a 0 pointer means "none"):
 *   [parameters and gradients: fixed for the memory's lifetime][train region][predict region]
 * A larger batch than either region holds re-plans the regions and grows the memory; growing
 * detaches the old ArrayBuffer, so every view is made anew and `epoch` counts up (holders of views
 * re-read them when it changed). Parameter offsets never move and their values survive growth.
 */
import { ACT_RELU, ACT_SOFTMAX } from '../../activation.js';
import type { DenseLayer } from '../../dense-layer.js';
import { instantiateDenseSimd, type DenseSimdKernels, type WasmMemory } from './dense-simd.js';

/** What a workspace is sized from: a Model (named structurally, so model.ts can use workspaces without an import circle). */
export interface LayerStack {
  readonly inputSize: number;
  readonly layers: readonly DenseLayer[];
}

/** Bytes per layer record of the kernels' layer table (see dense-simd.wat, `mlp_forward`). */
export const TABLE_RECORD_BYTES = 48;

const WASM_PAGE_BYTES = 65536;

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** One work region's offsets and views: per layer z (sums), a (outputs), d (deltas; train only). */
export interface WorkRegion {
  readonly capacity: number;
  readonly z: number[];
  readonly a: number[];
  readonly d: number[];
  readonly x: number;
  /** targets (train only; 0 in the predict region) */
  readonly t: number;
  readonly table: number;
  readonly zView: Float32Array[];
  readonly aView: Float32Array[];
  readonly dView: Float32Array[];
  readonly xView: Float32Array;
  readonly tView: Float32Array;
}

export class WasmWorkspace {
  readonly kernels: DenseSimdKernels;
  private readonly memory: WasmMemory;
  private readonly model: LayerStack;
  /** Counts up whenever the views below are made anew (the memory grew or a region was re-planned). */
  epoch = 0;
  /** Byte offsets of the parameters and gradients, per layer (fixed). `b`/`gb` are 0 for a layer without bias in the tables. */
  readonly w: number[] = [];
  readonly b: number[] = [];
  readonly gw: number[] = [];
  readonly gb: number[] = [];
  /** The weight-gradient scratch (train region). */
  scratch = 0;
  wView: Float32Array[] = [];
  bView: Float32Array[] = [];
  gwView: Float32Array[] = [];
  gbView: (Float32Array | null)[] = [];
  /** The trainer's region. */
  train: WorkRegion;
  /** predict/predictBatch's region. */
  predict: WorkRegion;
  private readonly paramsEnd: number;

  private constructor(model: LayerStack, kernels: DenseSimdKernels, memory: WasmMemory, paramsEnd: number) {
    this.model = model;
    this.kernels = kernels;
    this.memory = memory;
    this.paramsEnd = paramsEnd;
    const empty = new Float32Array(0);
    const none: WorkRegion = { capacity: 0, z: [], a: [], d: [], x: 0, t: 0, table: 0, zView: [], aView: [], dView: [], xView: empty, tView: empty };
    this.train = none;
    this.predict = none;
  }

  /**
   * A workspace for training batches of up to `trainCapacity` and predict batches of up to
   * `predictCapacity` samples (at least 1 each), parameters zero; null where WebAssembly SIMD is
   * unavailable.
   */
  static create(model: LayerStack, trainCapacity: number, predictCapacity = 1): WasmWorkspace | null {
    let next = 16;
    const take = (floats: number): number => {
      const p = next;
      next += align16(floats * 4);
      return p;
    };
    const offsets = model.layers.map((layer) => ({ w: take(layer.units * layer.inputSize), b: take(layer.units), gw: take(layer.units * layer.inputSize), gb: take(layer.units) }));
    const paramsEnd = next;
    const inst = instantiateDenseSimd(paramsEnd + regionBytes(model, Math.max(1, trainCapacity), true) + regionBytes(model, Math.max(1, predictCapacity), false));
    if (inst === null) return null;
    const ws = new WasmWorkspace(model, inst.kernels, inst.memory, paramsEnd);
    model.layers.forEach((layer, l) => {
      const o = offsets[l]!;
      ws.w.push(o.w);
      ws.b.push(o.b);
      ws.gw.push(o.gw);
      ws.gb.push(o.gb);
    });
    ws.layout(Math.max(1, trainCapacity), Math.max(1, predictCapacity));
    return ws;
  }

  /** Grows the regions to hold the given batch sizes (no-op when they do). True when the views changed. */
  ensure(trainBatch: number, predictBatch: number): boolean {
    if (trainBatch <= this.train.capacity && predictBatch <= this.predict.capacity) return false;
    const tc = trainBatch > this.train.capacity ? Math.max(trainBatch, 2 * this.train.capacity) : this.train.capacity;
    const pc = predictBatch > this.predict.capacity ? Math.max(predictBatch, 2 * this.predict.capacity) : this.predict.capacity;
    this.layout(tc, pc);
    return true;
  }

  private layout(trainCapacity: number, predictCapacity: number): void {
    const need = this.paramsEnd + regionBytes(this.model, trainCapacity, true) + regionBytes(this.model, predictCapacity, false);
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / WASM_PAGE_BYTES));
    const buffer = this.memory.buffer;
    const view = (ptr: number, len: number): Float32Array => new Float32Array(buffer, ptr, len);
    const layers = this.model.layers;
    this.wView = layers.map((layer, l) => view(this.w[l]!, layer.units * layer.inputSize));
    this.bView = layers.map((layer, l) => view(this.b[l]!, layer.units));
    this.gwView = layers.map((layer, l) => view(this.gw[l]!, layer.units * layer.inputSize));
    this.gbView = layers.map((layer, l) => (layer.useBias ? view(this.gb[l]!, layer.units) : null));
    let next = this.paramsEnd;
    const take = (floats: number): number => {
      const p = next;
      next += align16(floats * 4);
      return p;
    };
    const region = (capacity: number, train: boolean): WorkRegion => {
      const z: number[] = [];
      const a: number[] = [];
      const d: number[] = [];
      for (const layer of layers) {
        const zp = take(layer.units * capacity);
        z.push(zp);
        // a softmax layer keeps its logits (z) apart from its outputs (a), for the fused cross-entropy
        a.push(layer.activationCode === ACT_SOFTMAX ? take(layer.units * capacity) : zp);
        d.push(train ? take(layer.units * capacity) : 0);
      }
      const k = layers[layers.length - 1]!.units;
      const x = take(this.model.inputSize * capacity);
      const t = train ? take(k * capacity) : 0;
      if (train) {
        let maxUnits = 1;
        for (const layer of layers) maxUnits = Math.max(maxUnits, layer.units);
        this.scratch = take(maxUnits * capacity);
      }
      const table = take((layers.length * TABLE_RECORD_BYTES) / 4);
      const rec = new Int32Array(buffer, table, (layers.length * TABLE_RECORD_BYTES) / 4);
      layers.forEach((layer, l) => {
        const r = (l * TABLE_RECORD_BYTES) / 4;
        rec[r] = this.w[l]!;
        rec[r + 1] = layer.useBias ? this.b[l]! : 0;
        rec[r + 2] = l === 0 ? x : a[l - 1]!;
        rec[r + 3] = layer.inputSize;
        rec[r + 4] = layer.units;
        rec[r + 5] = z[l]!;
        rec[r + 7] = d[l]!;
        rec[r + 8] = train ? this.gw[l]! : 0;
        rec[r + 9] = train && layer.useBias ? this.gb[l]! : 0;
        rec[r + 10] = layer.activationCode === ACT_RELU ? 1 : 0;
      });
      return {
        capacity,
        z,
        a,
        d,
        x,
        t,
        table,
        zView: layers.map((layer, l) => view(z[l]!, layer.units * capacity)),
        aView: layers.map((layer, l) => view(a[l]!, layer.units * capacity)),
        dView: layers.map((layer, l) => (train ? view(d[l]!, layer.units * capacity) : new Float32Array(0))),
        xView: view(x, this.model.inputSize * capacity),
        tView: train ? view(t, k * capacity) : new Float32Array(0),
      };
    };
    this.train = region(trainCapacity, true);
    this.predict = region(predictCapacity, false);
    this.epoch++;
  }
}

/** Bytes of one work region (the same arithmetic as `layout`, an upper bound incl. alignment). */
function regionBytes(model: LayerStack, capacity: number, train: boolean): number {
  let bytes = 0;
  let maxUnits = 1;
  for (const layer of model.layers) {
    maxUnits = Math.max(maxUnits, layer.units);
    const f = align16(layer.units * capacity * 4);
    bytes += f * (layer.activationCode === ACT_SOFTMAX ? 2 : 1) + (train ? f : 0);
  }
  const k = model.layers[model.layers.length - 1]!.units;
  bytes += align16(model.inputSize * capacity * 4);
  if (train) bytes += align16(k * capacity * 4) + align16(maxUnits * capacity * 4);
  bytes += align16(model.layers.length * TABLE_RECORD_BYTES);
  return bytes;
}
