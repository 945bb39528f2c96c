import { mulberry32, signedUniform } from './mulberry32.js';

/** Dense kernels in the spec's `[in][out]` row-major layout (the tfjs Dense layout). */
export interface LayerInit {
  readonly fanIn: number;
  readonly fanOut: number;
  /** length fanIn*fanOut, element [i*fanOut + o] */
  readonly kernel: Float32Array;
  /** length fanOut, all zero */
  readonly bias: Float32Array;
}

/**
 * `glorotInit(sizes, seed)`: one mulberry32(seed) stream; for each layer in order,
 * k[i] = (2r-1) * sqrt(6 / (fanIn + fanOut)) for i = 0..fanIn*fanOut-1. Biases start at 0.
 */
export function glorotInit(sizes: readonly number[], seed: number): LayerInit[] {
  const next = mulberry32(seed);
  const layers: LayerInit[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = signedUniform(next) * limit;
    layers.push({ fanIn, fanOut, kernel, bias: new Float32Array(fanOut) });
  }
  return layers;
}

/** The same kernel as `[out][in]` row-major (tinyspark's DenseLayer.weights layout). */
export function kernelToUnitMajor(layer: LayerInit): Float32Array {
  const out = new Float32Array(layer.fanIn * layer.fanOut);
  for (let i = 0; i < layer.fanIn; i++) {
    for (let o = 0; o < layer.fanOut; o++) out[o * layer.fanIn + i] = layer.kernel[i * layer.fanOut + o]!;
  }
  return out;
}
