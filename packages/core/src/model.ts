import { ACT_LINEAR, ACT_RELU, ACT_SOFTMAX } from './activation.js';
import { DenseLayer } from './dense-layer.js';
import { CoreError } from './errors.js';
import { applyActivation } from './kernels/activation-kernels.js';
import { denseForwardBatch, denseForwardSample } from './kernels/dense-forward.js';
import { wasmSimdAvailable } from './kernels/wasm/dense-simd.js';
import { forwardOnWasm } from './kernels/wasm/wasm-forward.js';
import { WasmWorkspace } from './kernels/wasm/wasm-workspace.js';

/**
 * A feed-forward stack of dense layers. `predict` and `predictBatch` allocate nothing after the
 * first call of a given batch capacity: they return buffers owned by the model (copy to keep).
 */
export class Model {
  readonly layers: DenseLayer[];
  readonly inputSize: number;
  readonly outputSize: number;

  private readonly sampleBufs: Float32Array[];
  private readonly inputBuf: Float32Array;
  private batchCapacity = 0;
  private batchBufs: Float32Array[] = [];
  private batchView: Float32Array = new Float32Array(0);
  private batchViewSize = -1;
  /** The WebAssembly SIMD workspace of predict/predictBatch (null where SIMD is unavailable). */
  private ws: WasmWorkspace | null = null;
  private readonly wasm: boolean = wasmSimdAvailable();
  private predictView: Float32Array = new Float32Array(0);
  private predictEpoch = -1;
  /** Every hidden layer ReLU or linear: the whole forward pass is one WebAssembly call. */
  readonly fusedForward: boolean;

  constructor(layers: DenseLayer[]) {
    if (!Array.isArray(layers) || layers.length === 0) {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', 'a model needs at least one layer', 'layers');
    }
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      if (!(layer instanceof DenseLayer)) {
        throw new CoreError('CORE_ERR_INVALID_ARGUMENT', 'not a DenseLayer', `layers[${l}]`);
      }
      if (l > 0 && layer.inputSize !== layers[l - 1]!.units) {
        throw new CoreError(
          'CORE_ERR_SHAPE_MISMATCH',
          `inputSize ${layer.inputSize} does not match the previous layer's units ${layers[l - 1]!.units}`,
          `layers[${l}].inputSize`,
        );
      }
      if (layer.activation === 'softmax' && l !== layers.length - 1) {
        throw new CoreError('CORE_ERR_SOFTMAX_NOT_LAST', 'softmax is only allowed on the last layer', `layers[${l}].activation`);
      }
    }
    this.layers = layers;
    this.fusedForward = layers.every((layer, l) => l === layers.length - 1 || layer.activationCode === ACT_RELU || layer.activationCode === ACT_LINEAR);
    this.inputSize = layers[0]!.inputSize;
    this.outputSize = layers[layers.length - 1]!.units;
    this.sampleBufs = layers.map((layer) => new Float32Array(layer.units));
    this.inputBuf = new Float32Array(this.inputSize);
  }

  /** Total number of trainable parameters. */
  get paramCount(): number {
    let n = 0;
    for (const layer of this.layers) n += layer.paramCount;
    return n;
  }

  /**
   * Forward one sample. Returns the model's reused output buffer (length outputSize):
   * copy it if you keep it past the next call.
   */
  predict(input: ArrayLike<number>): Float32Array {
    if (input.length !== this.inputSize) {
      throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `expected ${this.inputSize} values, got ${input.length}`, 'input');
    }
    const ws = this.wasm ? (this.ws ?? this.wasmMemory(0, 1)) : null;
    if (ws !== null) {
      const region = ws.predict;
      const xv = region.xView;
      if (input instanceof Float32Array) xv.set(input);
      else for (let i = 0; i < this.inputSize; i++) xv[i] = input[i]!;
      this.runWasm(ws, 1);
      if (this.predictEpoch !== ws.epoch) {
        this.predictView = region.aView[this.layers.length - 1]!.subarray(0, this.outputSize);
        this.predictEpoch = ws.epoch;
      }
      return this.predictView;
    }
    let x: Float32Array;
    if (input instanceof Float32Array) {
      x = input;
    } else {
      x = this.inputBuf;
      for (let i = 0; i < this.inputSize; i++) x[i] = input[i]!;
    }
    const layers = this.layers;
    const bufs = this.sampleBufs;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      const z = bufs[l]!;
      denseForwardSample(layer.weights, layer.useBias ? layer.bias : null, x, 0, layer.inputSize, layer.units, z, 0);
      applyActivation(layer.activationCode, z, z, layer.units, layer.units);
      x = z;
    }
    return x;
  }

  /**
   * Forward `batchSize` samples stored contiguously in `inputsFlat` (sample b at
   * [b*inputSize, (b+1)*inputSize)). Returns a reused buffer of batchSize*outputSize values.
   */
  predictBatch(inputsFlat: Float32Array, batchSize: number): Float32Array {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a positive integer, got ${String(batchSize)}`, 'batchSize');
    }
    if (inputsFlat.length < batchSize * this.inputSize) {
      throw new CoreError(
        'CORE_ERR_SHAPE_MISMATCH',
        `expected at least ${batchSize * this.inputSize} values (${batchSize} x ${this.inputSize}), got ${inputsFlat.length}`,
        'inputsFlat',
      );
    }
    if (this.wasm) {
      const ws = this.wasmMemory(0, batchSize)!;
      const region = ws.predict;
      region.xView.set(inputsFlat.length === batchSize * this.inputSize ? inputsFlat : inputsFlat.subarray(0, batchSize * this.inputSize));
      this.runWasm(ws, batchSize);
      const out = region.aView[this.layers.length - 1]!;
      if (batchSize * this.outputSize === out.length) return out;
      if (this.batchView.buffer !== out.buffer || this.batchView.byteOffset !== out.byteOffset || this.batchViewSize !== batchSize) {
        this.batchView = out.subarray(0, batchSize * this.outputSize);
        this.batchViewSize = batchSize;
      }
      return this.batchView;
    }
    if (batchSize > this.batchCapacity) {
      this.batchCapacity = batchSize;
      this.batchBufs = this.layers.map((layer) => new Float32Array(layer.units * batchSize));
      this.batchViewSize = -1;
    }
    const layers = this.layers;
    let x = inputsFlat;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      const z = this.batchBufs[l]!;
      denseForwardBatch(layer.weights, layer.useBias ? layer.bias : null, x, layer.inputSize, batchSize, layer.units, z);
      const len = batchSize * layer.units;
      applyActivation(layer.activationCode, z, z, len, layer.activationCode === ACT_SOFTMAX ? layer.units : len);
      x = z;
    }
    if (batchSize === this.batchCapacity) return x;
    if (this.batchViewSize !== batchSize) {
      this.batchView = x.subarray(0, batchSize * this.outputSize);
      this.batchViewSize = batchSize;
    }
    return this.batchView;
  }

  /**
   * The model's WebAssembly memory, holding at least the given train/predict batch sizes (null
   * where WebAssembly SIMD is unavailable). Created on first use: the layers' current parameters
   * are copied in and from then on every layer's `weights` and `bias` ARE views of that memory
   * (resident: nothing is copied per call). When a larger batch makes the memory grow, the views
   * are made anew and the layers re-pointed to them. Internal (the trainer's and predict's).
   */
  wasmMemory(trainBatch: number, predictBatch: number): WasmWorkspace | null {
    if (!this.wasm) return null;
    let ws = this.ws;
    if (ws === null) {
      ws = WasmWorkspace.create(this, trainBatch, Math.max(1, predictBatch));
      if (ws === null) return null;
      this.layers.forEach((layer, l) => {
        ws!.wView[l]!.set(layer.weights);
        ws!.bView[l]!.set(layer.bias);
      });
      this.ws = ws;
      this.bindLayers(ws);
    } else if (ws.ensure(trainBatch, predictBatch)) {
      this.bindLayers(ws);
    }
    return ws;
  }

  private bindLayers(ws: WasmWorkspace): void {
    this.layers.forEach((layer, l) => {
      const mutable = layer as { weights: Float32Array; bias: Float32Array };
      mutable.weights = ws.wView[l]!;
      mutable.bias = ws.bView[l]!;
    });
  }

  /**
   * True when every layer's arrays are this memory's views (the normal case). Otherwise (a layer
   * shared with another model re-pointed them) the layers' values are copied in and false is
   * returned: the caller copies updated parameters back out.
   */
  syncToMemory(ws: WasmWorkspace): boolean {
    const layers = this.layers;
    let bound = true;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      if (layer.weights !== ws.wView[l] || layer.bias !== ws.bView[l]) {
        ws.wView[l]!.set(layer.weights);
        ws.bView[l]!.set(layer.bias);
        bound = false;
      }
    }
    return bound;
  }

  /**
   * Forward `batch` samples already in the predict region's input on the WebAssembly kernels (the
   * same operations in the same order as the JavaScript kernels, docs/decisions/0008-float32.md):
   * one `mlp_forward` call when every hidden layer is ReLU or linear, then the last layer's
   * activation (softmax in float64, as the JavaScript path).
   */
  private runWasm(ws: WasmWorkspace, batch: number): void {
    this.syncToMemory(ws);
    forwardOnWasm(this, ws, ws.predict, batch, this.fusedForward);
  }

  /** Index of the largest output for one sample (first index wins ties). */
  classify(input: ArrayLike<number>): number {
    return argmax(this.predict(input), 0, this.outputSize);
  }

  /** A deep copy (parameters copied, buffers fresh). */
  clone(): Model {
    return new Model(this.layers.map((layer) => layer.clone()));
  }

  /** Copy all parameters from a model of identical architecture. */
  copyWeightsFrom(other: Model): void {
    if (other.layers.length !== this.layers.length) {
      throw new CoreError('CORE_ERR_SHAPE_MISMATCH', 'different number of layers', 'layers');
    }
    for (let l = 0; l < this.layers.length; l++) {
      const a = this.layers[l]!;
      const b = other.layers[l]!;
      if (a.weights.length !== b.weights.length || a.units !== b.units) {
        throw new CoreError('CORE_ERR_SHAPE_MISMATCH', 'different layer shape', `layers[${l}]`);
      }
      a.weights.set(b.weights);
      a.bias.set(b.bias);
    }
  }
}

/** Index of the largest of v[off .. off+k) (first index wins ties; NaN never wins). */
export function argmax(v: ArrayLike<number>, off: number, k: number): number {
  let best = 0;
  let bestV = -Infinity;
  for (let j = 0; j < k; j++) {
    const x = v[off + j]!;
    if (x > bestV) {
      bestV = x;
      best = j;
    }
  }
  return best;
}
