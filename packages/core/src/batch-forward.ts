import { ACT_SOFTMAX } from './activation.js';
import { applyActivation } from './kernels/activation-kernels.js';
import { denseForwardBatch } from './kernels/dense-forward.js';
import type { Model } from './model.js';

/**
 * Reusable forward-pass buffers for batches: per layer the sums `z[l]` and outputs `a[l]`
 * ([capacity x units], row-major per sample). `a[l]` is the same array as `z[l]` (activation in
 * place) except for a softmax layer, whose logits are kept for the fused cross-entropy.
 * Grows (allocates) only when a batch larger than the capacity arrives.
 */
export class BatchForward {
  readonly model: Model;
  capacity = 0;
  z: Float32Array[] = [];
  a: Float32Array[] = [];

  constructor(model: Model, capacity: number) {
    this.model = model;
    this.ensure(capacity);
  }

  ensure(batch: number): void {
    if (batch <= this.capacity) return;
    this.capacity = batch;
    this.z = this.model.layers.map((layer) => new Float32Array(layer.units * batch));
    this.a = this.model.layers.map((layer, l) =>
      layer.activationCode === ACT_SOFTMAX ? new Float32Array(layer.units * batch) : this.z[l]!,
    );
  }

  /** Forward `batch` samples from `x` ([batch x inputSize]); results in this.z / this.a. */
  run(x: Float32Array, batch: number): void {
    this.ensure(batch);
    const layers = this.model.layers;
    let input = x;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      const z = this.z[l]!;
      const a = this.a[l]!;
      denseForwardBatch(layer.weights, layer.useBias ? layer.bias : null, input, layer.inputSize, batch, layer.units, z);
      applyActivation(layer.activationCode, z, a, batch * layer.units, layer.units);
      input = a;
    }
  }
}
