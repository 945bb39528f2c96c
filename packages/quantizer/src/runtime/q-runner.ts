import { QuantizerError } from './errors.js';
import type { FullyConnectedParams } from './fully-connected-params.js';
import { fullyConnectedInt8 } from './fully-connected.js';
import type { PreparedFullyConnectedInt8 } from './fully-connected-prepared.js';
import { fullyConnectedInt8Prepared, prepareFullyConnectedInt8 } from './fully-connected-prepared.js';
import { createWasmInt8Network, type WasmInt8Network } from './fc-int8-network.js';
import { int8SimdAvailable } from './fc-int8-simd.js';
import { pipelineInputSize } from './input-pipeline.js';
import type { QModel } from './qmodel.js';
import { fullyConnectedParamsOf } from './qmodel.js';
import { quantizeValueInt8 } from './quantize-input.js';

/** One prediction. The object and its `logits` are reused by the next call: copy to keep. */
export interface QPrediction {
  /** argmax of the int8 logits (first index wins ties). */
  index: number;
  label: string;
  /** Display only: softmax of the dequantized logits at `index` (the device decides by argmax). */
  score: number;
  /** The int8 logits (reused buffer). */
  logits: Int8Array;
}

/** Runs a QModel; allocates nothing per inference once created. */
export interface QRunner {
  readonly model: QModel;
  /** Network input size. */
  readonly inputSize: number;
  /** float features -> int8 input (TFLM QUANTIZE, float32 division). Reused buffer. */
  quantizeInput(features: ArrayLike<number>): Int8Array;
  /** int8 input -> int8 logits. Reused buffer. */
  invoke(inputQ: Int8Array): Int8Array;
  /** quantizeInput + invoke + argmax. Reused result object. */
  predict(features: ArrayLike<number>): QPrediction;
  /** Every layer's int8 output of the last invoke (reused buffers; the last one is the logits). */
  readonly layerOutputs: readonly Int8Array[];
  /** The kernels this runner runs on: 'wasm' (WebAssembly SIMD) or 'js' (the same bits). */
  readonly kernels: QKernels;
}

/** Which int8 kernels a runner uses: see {@link QRunnerOptions}. */
export type QKernels = 'wasm' | 'js';

export interface QRunnerOptions {
  /**
   * 'auto' (default): the WebAssembly SIMD kernels where available, else the JavaScript ones;
   * 'wasm': the WebAssembly kernels or a QUANT_ERR_INVALID_ARGUMENT error; 'js': the JavaScript
   * kernels. Both give the same bits. With 'auto', the environment variable
   * TINYSPARK_INT8_KERNELS=js (or wasm) decides instead, so a whole test suite can run on either.
   */
  kernels?: 'auto' | QKernels;
}

/** TINYSPARK_INT8_KERNELS where the host has an environment (Node), else undefined. */
function kernelsFromEnvironment(): string | undefined {
  const host = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return host.process?.env?.TINYSPARK_INT8_KERNELS;
}

function chooseKernels(requested: QRunnerOptions['kernels']): QKernels {
  let choice = requested ?? 'auto';
  if (choice === 'auto') {
    const env = kernelsFromEnvironment();
    if (env === 'js' || env === 'wasm') choice = env;
  }
  if (choice !== 'auto' && choice !== 'wasm' && choice !== 'js') {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be "auto", "wasm" or "js", got ${JSON.stringify(choice)}`, { field: 'options.kernels' });
  }
  const available = int8SimdAvailable();
  if (choice === 'wasm' && !available) {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', 'WebAssembly SIMD is not available here', { field: 'options.kernels' });
  }
  return choice === 'js' || !available ? 'js' : 'wasm';
}

/** Argmax of int8 logits, first index wins ties. */
export function argmaxInt8(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/**
 * Create a runner for a validated QModel (from loadQModel or convert). Every layer is prepared
 * here, once (parameter checks, folded offsets; the weights go into the WebAssembly module's
 * memory, fc-int8-network.ts, or become the JavaScript kernels' two-lane weights,
 * fully-connected-prepared.ts), so the runner is a snapshot of the model: later edits to its
 * arrays are not seen. On the WebAssembly kernels the input buffer, `logits` and `layerOutputs`
 * are views of the module's memory (still plain Int8Arrays).
 */
export function createQRunner(qmodel: QModel, options: QRunnerOptions = {}): QRunner {
  const inputSize = pipelineInputSize(qmodel.pipeline);
  const params: FullyConnectedParams[] = qmodel.layers.map((l) => fullyConnectedParamsOf(l, qmodel.rounding));
  const net: WasmInt8Network | null = chooseKernels(options.kernels) === 'wasm' ? createWasmInt8Network(qmodel.layers.map((l, i) => ({ params: params[i]!, weights: l.weights, bias: l.bias }))) : null;
  // null also when no further module memory can be allocated: 'auto' falls back to the JavaScript kernels
  if (net === null && options.kernels === 'wasm') {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', 'the WebAssembly kernels could not allocate their memory', { field: 'options.kernels' });
  }
  const inputBuf = net?.input ?? new Int8Array(inputSize);
  const outs = net?.outputs ?? qmodel.layers.map((l) => new Int8Array(l.outputDepth));
  // JS kernels: null only for weights too large for exact two-lane sums: those layers use the reference kernel
  const prepared: (PreparedFullyConnectedInt8 | null)[] = net !== null ? [] : qmodel.layers.map((l, i) => prepareFullyConnectedInt8(params[i]!, l.weights, l.bias));
  const weights = qmodel.layers.map((l, i) => (prepared[i] === null ? l.weights.slice() : l.weights));
  const biases = qmodel.layers.map((l, i) => (prepared[i] === null && l.bias !== null ? l.bias.slice() : l.bias));
  const nLayers = qmodel.layers.length;
  const logits = outs[outs.length - 1]!;
  const { scale: inScale, zeroPoint: inZp } = qmodel.input;
  const { scale: outScale, zeroPoint: outZp } = qmodel.output;
  const result: QPrediction = { index: 0, label: qmodel.labels[0]!, score: 0, logits };

  const quantizeInput = (features: ArrayLike<number>): Int8Array => {
    if (features.length !== inputSize) {
      throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `expected ${inputSize} values, got ${features.length}`, { field: 'features' });
    }
    for (let i = 0; i < inputSize; i++) inputBuf[i] = quantizeValueInt8(features[i]!, inScale, inZp);
    return inputBuf;
  };
  const invoke = (inputQ: Int8Array): Int8Array => {
    if (inputQ.length !== inputSize) {
      throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `expected ${inputSize} values, got ${inputQ.length}`, { field: 'inputQ' });
    }
    if (net !== null) {
      if (inputQ !== inputBuf) inputBuf.set(inputQ);
      net.run();
      return logits;
    }
    let x = inputQ;
    for (let l = 0; l < nLayers; l++) {
      const p = prepared[l]!;
      if (p !== null) fullyConnectedInt8Prepared(p, x, outs[l]!);
      else fullyConnectedInt8(params[l]!, x, weights[l]!, biases[l] ?? null, outs[l]!);
      x = outs[l]!;
    }
    return logits;
  };
  const predict = (features: ArrayLike<number>): QPrediction => {
    invoke(quantizeInput(features));
    const index = argmaxInt8(logits);
    // display score: softmax of the dequantized logits (max-shifted for stability)
    const top = outScale * (logits[index]! - outZp);
    let sum = 0;
    for (let i = 0; i < logits.length; i++) sum += Math.exp(outScale * (logits[i]! - outZp) - top);
    result.index = index;
    result.label = qmodel.labels[index]!;
    result.score = 1 / sum;
    return result;
  };
  return { model: qmodel, inputSize, quantizeInput, invoke, predict, layerOutputs: outs, kernels: net !== null ? 'wasm' : 'js' };
}
