import { ACT_SOFTMAX } from './activation.js';
import { BatchForward } from './batch-forward.js';
import { CoreError } from './errors.js';
import { clipGradNorm, clipGradValues, clipWeights } from './gradient-clip.js';
import { activationBackward } from './kernels/activation-kernels.js';
import { denseInputGradients, denseWeightGradients } from './kernels/dense-backward.js';
import { forwardOnWasm } from './kernels/wasm/wasm-forward.js';
import type { WasmWorkspace } from './kernels/wasm/wasm-workspace.js';
import { wasmSimdAvailable } from './kernels/wasm/dense-simd.js';
import { assertLossFits, LOSS_CE, lossAndOutputDelta, lossCode, softmaxCrossEntropy, type Loss } from './loss.js';
import type { Model } from './model.js';
import { Optimizer, type OptimizerSpec } from './optimizer.js';

export interface TrainerOptions {
  /** Default: 'categorical_crossentropy' when the last layer is softmax, else 'mse'. */
  loss?: Loss;
  /** Default: { type: 'sgd', learningRate: options.learningRate ?? 0.01 }. */
  optimizer?: OptimizerSpec;
  /** Shorthand for plain SGD's learning rate when `optimizer` is not given (default 0.01). */
  learningRate?: number;
  /** Initial batch capacity of the work buffers (default 32; grows on demand). */
  maxBatchSize?: number;
  /** After every update, clamp every weight and bias to [-weightClip, weightClip] (the course's "limit the weights"). */
  weightClip?: number;
  /** Before every update, scale all gradients so their global L2 norm is at most this. */
  gradientClipNorm?: number;
  /** Before every update, clamp every gradient element to [-v, v]. */
  gradientClipValue?: number;
  /**
   * Which dense kernels run the step: 'wasm' (WebAssembly SIMD; throws where it is unavailable),
   * 'js' (the JavaScript kernels), or 'auto' (default: wasm where available). Both give the same
   * bits (docs/decisions/0008-float32.md).
   */
  kernels?: TrainerKernels;
}

export type TrainerKernels = 'auto' | 'wasm' | 'js';

/** A low-level training loop body: you choose the samples and their order. */
export interface Trainer {
  readonly model: Model;
  readonly loss: Loss;
  readonly optimizer: Optimizer;
  /**
   * One optimizer step on `batchSize` samples stored contiguously: inputs [batchSize x inputSize],
   * targets [batchSize x outputSize]. Gradients are averaged over the batch. Returns the mean loss
   * of the batch, computed in the forward pass before the update. No allocation (unless the batch
   * is larger than any before).
   */
  step(inputsFlat: Float32Array, targetsFlat: Float32Array, batchSize: number): number;
  /** Samples of the last step whose argmax output matched the argmax target. */
  readonly lastCorrect: number;
  /** Sum over the last step's samples and outputs of (output - target): the course's "sum of errors", a diagnostic only. */
  readonly lastErrorSum: number;
  /** Parameter tensors in update order: layer 0 weights, layer 0 bias (if useBias), layer 1 weights, ... */
  readonly params: Float32Array[];
  /** Gradients of the last step, aligned with `params` (after clipping). */
  readonly grads: Float32Array[];
  /** The kernels this trainer runs ('wasm' or 'js'). */
  readonly kernels: 'wasm' | 'js';
}

function positiveOrUndefined(v: number | undefined, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a positive finite number, got ${String(v)}`, field);
  }
  return v;
}

export function defaultLoss(model: Model): Loss {
  return model.layers[model.layers.length - 1]!.activationCode === ACT_SOFTMAX ? 'categorical_crossentropy' : 'mse';
}

class TrainerImpl implements Trainer {
  readonly model: Model;
  readonly loss: Loss;
  readonly optimizer: Optimizer;
  private readonly paramList: Float32Array[];
  private readonly gradList: Float32Array[];
  readonly kernels: 'wasm' | 'js';

  private readonly fwd: BatchForward;
  private ws: WasmWorkspace | null = null;
  private wsEpoch = -1;
  private readonly sgd: boolean;
  /** Plain SGD without gradient clipping: the update runs inside mlp_backward. */
  private readonly sgdInModule: boolean;
  private readonly ceSoftmax: boolean;
  private readonly softmaxScratch: Float64Array;
  /** Lazy diagnostics: the last step's batch size and a copy of its targets (outputs stay in the work buffers). */
  private diagBatch = 0;
  private diagFresh = true;
  private diagTargets = new Float32Array(0);
  private correct = 0;
  private errorSum = 0;
  private deltas: Float32Array[] = [];
  private deltaCapacity = 0;
  private readonly gradW: Float32Array[];
  private readonly gradB: (Float32Array | null)[];
  private readonly lossId: number;
  private readonly weightClip: number | undefined;
  private readonly clipNorm: number | undefined;
  private readonly clipValue: number | undefined;

  constructor(model: Model, options: TrainerOptions) {
    this.model = model;
    this.loss = options.loss ?? defaultLoss(model);
    this.lossId = lossCode(this.loss);
    assertLossFits(this.loss, model.layers[model.layers.length - 1]!.activationCode);
    this.weightClip = positiveOrUndefined(options.weightClip, 'weightClip');
    this.clipNorm = positiveOrUndefined(options.gradientClipNorm, 'gradientClipNorm');
    this.clipValue = positiveOrUndefined(options.gradientClipValue, 'gradientClipValue');
    const cap = options.maxBatchSize ?? 32;
    if (!Number.isInteger(cap) || cap < 1) {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a positive integer, got ${String(cap)}`, 'maxBatchSize');
    }
    const kernels = options.kernels ?? 'auto';
    if (kernels !== 'auto' && kernels !== 'wasm' && kernels !== 'js') {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be 'auto', 'wasm' or 'js', got ${JSON.stringify(kernels)}`, 'kernels');
    }
    if (kernels === 'wasm' && !wasmSimdAvailable()) {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', 'WebAssembly SIMD is not available here (use kernels: "auto" or "js")', 'kernels');
    }
    this.kernels = kernels === 'js' || !wasmSimdAvailable() ? 'js' : 'wasm';
    this.fwd = new BatchForward(model, this.kernels === 'js' ? cap : 1);
    if (this.kernels === 'js') this.ensureDeltas(cap);
    this.paramList = [];
    this.gradList = [];
    this.gradW = [];
    this.gradB = [];
    if (this.kernels === 'wasm') this.ws = model.wasmMemory(cap, 0);
    model.layers.forEach((layer) => {
      const gw = new Float32Array(layer.weights.length);
      this.gradW.push(gw);
      this.gradB.push(layer.useBias ? new Float32Array(layer.units) : null);
    });
    this.bindParams();
    const spec: OptimizerSpec = options.optimizer ?? { type: 'sgd', learningRate: options.learningRate ?? 0.01 };
    this.optimizer = new Optimizer(spec, this.paramList);
    this.sgd = spec.type === 'sgd';
    this.sgdInModule = this.sgd && this.clipValue === undefined && this.clipNorm === undefined;
    this.ceSoftmax = this.lossId === LOSS_CE && model.layers[model.layers.length - 1]!.activationCode === ACT_SOFTMAX;
    this.softmaxScratch = new Float64Array(model.outputSize);
  }

  /**
   * (Re)fills `params` (the layers' current arrays: views of the model's WebAssembly memory when
   * it has one) and `grads` (views of that memory on the wasm kernels) in update order.
   */
  private bindParams(): void {
    const ws = this.ws;
    if (ws !== null) {
      this.wsEpoch = ws.epoch;
      this.model.layers.forEach((layer, l) => {
        this.gradW[l] = ws.gwView[l]!;
        this.gradB[l] = layer.useBias ? ws.gbView[l]! : null;
      });
    }
    this.paramList.length = 0;
    this.gradList.length = 0;
    this.model.layers.forEach((layer, l) => {
      this.paramList.push(layer.weights);
      this.gradList.push(this.gradW[l]!);
      if (layer.useBias) {
        this.paramList.push(layer.bias);
        this.gradList.push(this.gradB[l]!);
      }
    });
  }

  /** The layers' current parameter arrays (re-read after the model's memory grew). */
  get params(): Float32Array[] {
    if ((this.ws !== null && this.ws.epoch !== this.wsEpoch) || !this.paramsCurrent()) this.bindParams();
    return this.paramList;
  }

  /** The last step's gradients (views of the model's memory on the wasm kernels). */
  get grads(): Float32Array[] {
    if ((this.ws !== null && this.ws.epoch !== this.wsEpoch) || !this.paramsCurrent()) this.bindParams();
    return this.gradList;
  }

  /** Whether `params` still holds the layers' arrays (a predictBatch that grew the memory re-points them). */
  private paramsCurrent(): boolean {
    const layers = this.model.layers;
    let p = 0;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      if (this.paramList[p++] !== layer.weights) return false;
      if (layer.useBias && this.paramList[p++] !== layer.bias) return false;
    }
    return true;
  }

  get lastCorrect(): number {
    if (!this.diagFresh) this.computeDiagnostics();
    return this.correct;
  }

  get lastErrorSum(): number {
    if (!this.diagFresh) this.computeDiagnostics();
    return this.errorSum;
  }

  /** Keeps what lastCorrect/lastErrorSum need (computed only when read: no per-step work). */
  private noteDiagnostics(targetsFlat: Float32Array, batchSize: number): void {
    const len = batchSize * this.model.outputSize;
    if (this.diagTargets.length < len) this.diagTargets = new Float32Array(len);
    this.diagTargets.set(targetsFlat.length === len ? targetsFlat : targetsFlat.subarray(0, len));
    this.diagBatch = batchSize;
    this.diagFresh = false;
  }

  private computeDiagnostics(): void {
    const nl = this.model.layers.length;
    const outA = this.ws !== null ? this.ws.train.aView[nl - 1]! : this.fwd.a[nl - 1]!;
    this.countHits(outA, this.diagTargets, this.diagBatch, this.model.outputSize);
    this.diagFresh = true;
  }

  /** lastCorrect (argmax hits) and lastErrorSum (the course's sum of errors) of a batch's outputs. */
  private countHits(outA: Float32Array, targetsFlat: Float32Array, batchSize: number, k: number): void {
    let correct = 0;
    let errSum = 0;
    for (let r = 0; r < batchSize * k; r += k) {
      let bp = 0;
      let bt = 0;
      let vp = -Infinity;
      let vt = -Infinity;
      for (let j = 0; j < k; j++) {
        const p = outA[r + j]!;
        const t = targetsFlat[r + j]!;
        errSum += p - t;
        if (p > vp) {
          vp = p;
          bp = j;
        }
        if (t > vt) {
          vt = t;
          bt = j;
        }
      }
      if (bp === bt) correct++;
    }
    this.correct = correct;
    this.errorSum = errSum;
  }

  /**
   * The step on the WebAssembly kernels: same operations, same order as the JavaScript step below.
   * Parameters, activations and gradients stay in the model's memory; per step only the inputs
   * (and a copy of the targets for the lazy diagnostics) go in. With ReLU/linear hidden layers it
   * is one mlp_forward call, the fused softmax/cross-entropy over views of the module memory, and
   * one mlp_backward call that also applies plain SGD.
   */
  private stepWasm(inputsFlat: Float32Array, targetsFlat: Float32Array, batchSize: number): number {
    const model = this.model;
    const ws = model.wasmMemory(batchSize, 0)!;
    if (ws.epoch !== this.wsEpoch || !this.paramsCurrent()) {
      this.ws = ws;
      this.bindParams();
    }
    const bound = model.syncToMemory(ws);
    const kn = ws.kernels;
    const region = ws.train;
    const layers = model.layers;
    const nl = layers.length;
    const k = model.outputSize;
    const nIn = batchSize * model.inputSize;
    if (inputsFlat.buffer !== region.xView.buffer || inputsFlat.byteOffset !== region.x) {
      region.xView.set(inputsFlat.length === nIn ? inputsFlat : inputsFlat.subarray(0, nIn));
    }
    const fused = model.fusedForward;
    const last = layers[nl - 1]!;
    let lossSum: number;
    if (this.ceSoftmax) {
      // the last layer's softmax is part of the fused cross-entropy: forward with it left linear
      if (fused) kn.mlp_forward(region.table, nl, batchSize);
      else forwardOnWasm(model, ws, region, batchSize, false, true);
      lossSum = softmaxCrossEntropy(region.zView[nl - 1]!, region.aView[nl - 1]!, targetsFlat, batchSize, k, region.dView[nl - 1]!, this.softmaxScratch);
    } else {
      forwardOnWasm(model, ws, region, batchSize, fused, false);
      lossSum = lossAndOutputDelta(this.lossId, last.activationCode, region.zView[nl - 1]!, region.aView[nl - 1]!, targetsFlat, batchSize, k, region.dView[nl - 1]!);
    }
    this.noteDiagnostics(targetsFlat, batchSize);
    const scale = 1 / batchSize;
    const lr = this.optimizer.learningRate;
    let updated = false;
    if (fused) {
      kn.mlp_backward(region.table, nl, batchSize, scale, lr, this.sgdInModule ? 1 : 0, ws.scratch);
      updated = this.sgdInModule;
    } else {
      for (let l = nl - 1; l >= 0; l--) {
        const layer = layers[l]!;
        const x = l > 0 ? region.a[l - 1]! : region.x;
        kn.dense_weight_grad(region.d[l]!, x, layer.inputSize, batchSize, layer.units, scale, ws.gw[l]!, layer.useBias ? ws.gb[l]! : 0, ws.scratch);
        if (l > 0) {
          const prev = layers[l - 1]!;
          kn.dense_input_grad(ws.w[l]!, region.d[l]!, layer.inputSize, batchSize, layer.units, region.d[l - 1]!);
          activationBackward(prev.activationCode, region.aView[l - 1]!, region.dView[l - 1]!, batchSize * prev.units, prev.units);
        }
      }
    }
    if (!updated) {
      if (this.clipValue !== undefined) clipGradValues(this.gradList, this.clipValue);
      if (this.clipNorm !== undefined) clipGradNorm(this.gradList, this.clipNorm);
      if (this.sgd) {
        for (let l = 0; l < nl; l++) {
          const layer = layers[l]!;
          kn.sgd_update(ws.w[l]!, ws.gw[l]!, layer.weights.length, lr);
          if (layer.useBias) kn.sgd_update(ws.b[l]!, ws.gb[l]!, layer.units, lr);
        }
      } else {
        this.optimizer.update(this.paramList, this.gradList);
      }
    }
    if (this.weightClip !== undefined) clipWeights(this.paramList, this.weightClip);
    if (!bound) {
      // a layer shared with another model: its arrays are not this memory's, so copy the update out
      for (let l = 0; l < nl; l++) {
        layers[l]!.weights.set(ws.wView[l]!);
        layers[l]!.bias.set(ws.bView[l]!);
      }
    }
    return lossSum * scale;
  }

  private ensureDeltas(batch: number): void {
    if (batch <= this.deltaCapacity) return;
    this.deltaCapacity = batch;
    this.deltas = this.model.layers.map((layer) => new Float32Array(layer.units * batch));
  }

  step(inputsFlat: Float32Array, targetsFlat: Float32Array, batchSize: number): number {
    const model = this.model;
    const layers = model.layers;
    const nl = layers.length;
    const k = model.outputSize;
    if (!(batchSize >= 1) || (batchSize | 0) !== batchSize) {
      throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a positive integer, got ${String(batchSize)}`, 'batchSize');
    }
    if (inputsFlat.length < batchSize * model.inputSize) {
      throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `expected at least ${batchSize * model.inputSize} values, got ${inputsFlat.length}`, 'inputsFlat');
    }
    if (targetsFlat.length < batchSize * k) {
      throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `expected at least ${batchSize * k} values, got ${targetsFlat.length}`, 'targetsFlat');
    }
    if (this.ws !== null) return this.stepWasm(inputsFlat, targetsFlat, batchSize);
    if (batchSize > this.deltaCapacity) this.ensureDeltas(batchSize);
    if (!this.paramsCurrent()) this.bindParams();
    const fwd = this.fwd;
    fwd.run(inputsFlat, batchSize);
    const last = layers[nl - 1]!;
    const outA = fwd.a[nl - 1]!;
    const outD = this.deltas[nl - 1]!;

    this.noteDiagnostics(targetsFlat, batchSize);

    const lossSum = lossAndOutputDelta(this.lossId, last.activationCode, fwd.z[nl - 1]!, outA, targetsFlat, batchSize, k, outD);

    const scale = 1 / batchSize;
    for (let l = nl - 1; l >= 0; l--) {
      const layer = layers[l]!;
      const x = l > 0 ? fwd.a[l - 1]! : inputsFlat;
      const d = this.deltas[l]!;
      denseWeightGradients(d, x, layer.inputSize, batchSize, layer.units, scale, this.gradW[l]!, this.gradB[l] ?? null);
      if (l > 0) {
        const prev = layers[l - 1]!;
        const dPrev = this.deltas[l - 1]!;
        denseInputGradients(layer.weights, d, layer.inputSize, batchSize, layer.units, dPrev);
        activationBackward(prev.activationCode, fwd.a[l - 1]!, dPrev, batchSize * prev.units, prev.units);
      }
    }

    if (this.clipValue !== undefined) clipGradValues(this.gradList, this.clipValue);
    if (this.clipNorm !== undefined) clipGradNorm(this.gradList, this.clipNorm);
    this.optimizer.update(this.paramList, this.gradList);
    if (this.weightClip !== undefined) clipWeights(this.paramList, this.weightClip);
    return lossSum * scale;
  }
}

/** Create a low-level trainer for `model` (its parameters are updated in place). */
export function createTrainer(model: Model, options: TrainerOptions = {}): Trainer {
  return new TrainerImpl(model, options);
}
