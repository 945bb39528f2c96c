import { ACT_SOFTMAX } from './activation.js';
import { BatchForward } from './batch-forward.js';
import { CoreError } from './errors.js';
import { activationBackward, applyActivation } from './kernels/activation-kernels.js';
import { denseInputGradients, denseWeightGradients } from './kernels/dense-backward.js';
import { WasmWorkspace } from './kernels/wasm/wasm-workspace.js';
import { wasmSimdAvailable } from './kernels/wasm/dense-simd.js';
import { assertLossFits, lossAndOutputDelta, lossCode, type Loss } from './loss.js';
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
  readonly params: Float32Array[];
  readonly grads: Float32Array[];
  lastCorrect = 0;
  lastErrorSum = 0;
  readonly kernels: 'wasm' | 'js';

  private readonly fwd: BatchForward;
  private ws: WasmWorkspace | null = null;
  private readonly sgd: boolean;
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
    this.params = [];
    this.grads = [];
    this.gradW = [];
    this.gradB = [];
    if (this.kernels === 'wasm') this.ws = WasmWorkspace.create(model, cap);
    model.layers.forEach((layer, l) => {
      const gw = this.ws?.gwView[l] ?? new Float32Array(layer.weights.length);
      this.gradW.push(gw);
      this.params.push(layer.weights);
      this.grads.push(gw);
      if (layer.useBias) {
        const gb = this.ws?.gbView[l] ?? new Float32Array(layer.units);
        this.gradB.push(gb);
        this.params.push(layer.bias);
        this.grads.push(gb);
      } else {
        this.gradB.push(null);
      }
    });
    const spec: OptimizerSpec = options.optimizer ?? { type: 'sgd', learningRate: options.learningRate ?? 0.01 };
    this.optimizer = new Optimizer(spec, this.params);
    this.sgd = spec.type === 'sgd';
  }

  /** A workspace for `batch` samples (a new one, gradients views re-pointed, when the batch outgrows it). */
  private workspace(batch: number): WasmWorkspace {
    const ws = this.ws!;
    if (batch <= ws.capacity) return ws;
    const grown = WasmWorkspace.create(this.model, Math.max(batch, 2 * ws.capacity))!;
    let p = 0;
    this.model.layers.forEach((layer, l) => {
      this.gradW[l] = grown.gwView[l]!;
      this.grads[p++] = grown.gwView[l]!;
      if (layer.useBias) {
        this.gradB[l] = grown.gbView[l]!;
        this.grads[p++] = grown.gbView[l]!;
      }
    });
    this.ws = grown;
    return grown;
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
    this.lastCorrect = correct;
    this.lastErrorSum = errSum;
  }

  /** The step on the WebAssembly kernels: same operations, same order as the JavaScript step below. */
  private stepWasm(inputsFlat: Float32Array, targetsFlat: Float32Array, batchSize: number): number {
    const ws = this.workspace(batchSize);
    const kn = ws.kernels;
    const layers = this.model.layers;
    const nl = layers.length;
    const k = this.model.outputSize;
    for (let l = 0; l < nl; l++) {
      const layer = layers[l]!;
      ws.wView[l]!.set(layer.weights);
      if (layer.useBias) ws.bView[l]!.set(layer.bias);
    }
    ws.xView.set(inputsFlat.length === batchSize * this.model.inputSize ? inputsFlat : inputsFlat.subarray(0, batchSize * this.model.inputSize));
    let inPtr = ws.x;
    for (let l = 0; l < nl; l++) {
      const layer = layers[l]!;
      kn.dense_forward(ws.w[l]!, ws.b[l]!, inPtr, layer.inputSize, batchSize, layer.units, ws.z[l]!);
      applyActivation(layer.activationCode, ws.zView[l]!, ws.aView[l]!, batchSize * layer.units, layer.units);
      inPtr = ws.a[l]!;
    }
    const last = layers[nl - 1]!;
    const outA = ws.aView[nl - 1]!;
    this.countHits(outA, targetsFlat, batchSize, k);
    const lossSum = lossAndOutputDelta(this.lossId, last.activationCode, ws.zView[nl - 1]!, outA, targetsFlat, batchSize, k, ws.dView[nl - 1]!);
    const scale = 1 / batchSize;
    for (let l = nl - 1; l >= 0; l--) {
      const layer = layers[l]!;
      const x = l > 0 ? ws.a[l - 1]! : ws.x;
      kn.dense_weight_grad(ws.d[l]!, x, layer.inputSize, batchSize, layer.units, scale, ws.gw[l]!, ws.gb[l]!, ws.scratch);
      if (l > 0) {
        const prev = layers[l - 1]!;
        kn.dense_input_grad(ws.w[l]!, ws.d[l]!, layer.inputSize, batchSize, layer.units, ws.d[l - 1]!);
        activationBackward(prev.activationCode, ws.aView[l - 1]!, ws.dView[l - 1]!, batchSize * prev.units, prev.units);
      }
    }
    if (this.clipValue !== undefined) clipGradValues(this.grads, this.clipValue);
    if (this.clipNorm !== undefined) clipGradNorm(this.grads, this.clipNorm);
    if (this.sgd) {
      const lr = this.optimizer.learningRate;
      for (let l = 0; l < nl; l++) {
        const layer = layers[l]!;
        kn.sgd_update(ws.w[l]!, ws.gw[l]!, layer.weights.length, lr);
        layer.weights.set(ws.wView[l]!);
        if (layer.useBias) {
          kn.sgd_update(ws.b[l]!, ws.gb[l]!, layer.units, lr);
          layer.bias.set(ws.bView[l]!);
        }
      }
    } else {
      this.optimizer.update(this.params, this.grads);
    }
    if (this.weightClip !== undefined) clipWeights(this.params, this.weightClip);
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
    const fwd = this.fwd;
    fwd.run(inputsFlat, batchSize);
    const last = layers[nl - 1]!;
    const outA = fwd.a[nl - 1]!;
    const outD = this.deltas[nl - 1]!;

    this.countHits(outA, targetsFlat, batchSize, k);

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

    if (this.clipValue !== undefined) clipGradValues(this.grads, this.clipValue);
    if (this.clipNorm !== undefined) clipGradNorm(this.grads, this.clipNorm);
    this.optimizer.update(this.params, this.grads);
    if (this.weightClip !== undefined) clipWeights(this.params, this.weightClip);
    return lossSum * scale;
  }
}

/** Clamp every gradient element to [-v, v]. */
export function clipGradValues(grads: Float32Array[], v: number): void {
  for (const g of grads) {
    for (let i = 0; i < g.length; i++) {
      const x = g[i]!;
      if (x > v) g[i] = v;
      else if (x < -v) g[i] = -v;
    }
  }
}

/** Scale all gradients together so that their global L2 norm is at most maxNorm. Returns the norm before clipping. */
export function clipGradNorm(grads: Float32Array[], maxNorm: number): number {
  let s = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  const norm = Math.sqrt(s);
  if (norm > maxNorm) {
    const f = maxNorm / norm;
    for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * f;
  }
  return norm;
}

/** Clamp every parameter to [-c, c]. */
export function clipWeights(params: Float32Array[], c: number): void {
  clipGradValues(params, c);
}

/** Create a low-level trainer for `model` (its parameters are updated in place). */
export function createTrainer(model: Model, options: TrainerOptions = {}): Trainer {
  return new TrainerImpl(model, options);
}
