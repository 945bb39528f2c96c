import type { LayerInit } from '../workload/glorot-init.js';

export type JsActivation = 'relu' | 'linear' | 'softmax';
export type JsLoss = 'categorical_crossentropy' | 'mse';

export interface JsMlpSpec {
  readonly init: readonly LayerInit[];
  readonly activations: readonly JsActivation[];
  readonly useBias: boolean;
  readonly loss: JsLoss;
  readonly learningRate: number;
  /** largest batch the buffers are sized for */
  readonly maxBatch: number;
}

/**
 * The spec's math in plain Float32Array JavaScript: `[in][out]` kernels, batch forward and backward,
 * plain SGD. The harness's own cross-check (and the "plain JS" column of benchmarks.md); buffers are
 * allocated once, so a step allocates nothing.
 */
export class JsMlp {
  readonly sizes: number[];
  readonly kernels: Float32Array[];
  readonly biases: Float32Array[];
  private readonly acts: Float32Array[];
  private readonly deltas: Float32Array[];
  private readonly gradK: Float32Array[];
  private readonly gradB: Float32Array[];

  constructor(private readonly spec: JsMlpSpec) {
    this.sizes = [spec.init[0]!.fanIn, ...spec.init.map((l) => l.fanOut)];
    this.kernels = spec.init.map((l) => Float32Array.from(l.kernel));
    this.biases = spec.init.map((l) => Float32Array.from(l.bias));
    this.acts = this.sizes.map((s) => new Float32Array(s * spec.maxBatch));
    this.deltas = this.sizes.map((s) => new Float32Array(s * spec.maxBatch));
    this.gradK = this.kernels.map((k) => new Float32Array(k.length));
    this.gradB = this.biases.map((b) => new Float32Array(b.length));
  }

  /** Forward pass of `batch` rows; returns the output activations `[batch][out]` (a reused buffer). */
  forward(inputs: Float32Array, batch: number): Float32Array {
    this.acts[0]!.set(inputs.subarray(0, batch * this.sizes[0]!));
    for (let l = 0; l < this.kernels.length; l++) {
      const nIn = this.sizes[l]!;
      const nOut = this.sizes[l + 1]!;
      const k = this.kernels[l]!;
      const bias = this.biases[l]!;
      const a = this.acts[l]!;
      const z = this.acts[l + 1]!;
      const act = this.spec.activations[l]!;
      for (let b = 0; b < batch; b++) {
        const zo = b * nOut;
        for (let o = 0; o < nOut; o++) z[zo + o] = this.spec.useBias ? bias[o]! : 0;
        for (let i = 0; i < nIn; i++) {
          const ai = a[b * nIn + i]!;
          if (ai === 0) continue;
          const ko = i * nOut;
          for (let o = 0; o < nOut; o++) z[zo + o] += ai * k[ko + o]!;
        }
        if (act === 'relu') {
          for (let o = 0; o < nOut; o++) if (z[zo + o]! < 0) z[zo + o] = 0;
        } else if (act === 'softmax') {
          let max = -Infinity;
          for (let o = 0; o < nOut; o++) max = Math.max(max, z[zo + o]!);
          let sum = 0;
          for (let o = 0; o < nOut; o++) {
            const e = Math.exp(z[zo + o]! - max);
            z[zo + o] = e;
            sum += e;
          }
          for (let o = 0; o < nOut; o++) z[zo + o] = z[zo + o]! / sum;
        }
      }
    }
    return this.acts[this.acts.length - 1]!;
  }

  /** One SGD step on `batch` rows; returns the batch's mean loss (computed before the update). */
  step(inputs: Float32Array, targets: Float32Array, batch: number): number {
    const out = this.forward(inputs, batch);
    const last = this.kernels.length;
    const nOut = this.sizes[last]!;
    const dOut = this.deltas[last]!;
    let loss = 0;
    for (let j = 0; j < batch * nOut; j++) {
      const y = out[j]!;
      const t = targets[j]!;
      if (this.spec.loss === 'mse') {
        const d = y - t;
        loss += 0.5 * d * d;
      } else if (t !== 0) {
        loss -= t * Math.log(Math.max(y, 1e-7));
      }
      dOut[j] = (y - t) / batch;
    }
    for (let l = last - 1; l >= 0; l--) {
      const nIn = this.sizes[l]!;
      const nO = this.sizes[l + 1]!;
      const k = this.kernels[l]!;
      const gk = this.gradK[l]!;
      const gb = this.gradB[l]!;
      const a = this.acts[l]!;
      const d = this.deltas[l + 1]!;
      const dPrev = this.deltas[l]!;
      gk.fill(0);
      gb.fill(0);
      for (let b = 0; b < batch; b++) {
        const dOff = b * nO;
        for (let o = 0; o < nO; o++) gb[o] += d[dOff + o]!;
        for (let i = 0; i < nIn; i++) {
          const ai = a[b * nIn + i]!;
          const ko = i * nO;
          let back = 0;
          for (let o = 0; o < nO; o++) {
            gk[ko + o] += ai * d[dOff + o]!;
            back += k[ko + o]! * d[dOff + o]!;
          }
          // ReLU derivative from the stored activation (a > 0 exactly when the pre-activation > 0)
          if (l > 0) dPrev[b * nIn + i] = this.spec.activations[l - 1] === 'relu' && ai <= 0 ? 0 : back;
        }
      }
      const lr = this.spec.learningRate;
      for (let j = 0; j < k.length; j++) k[j] -= lr * gk[j]!;
      if (this.spec.useBias) for (let o = 0; o < nO; o++) this.biases[l]![o] -= lr * gb[o]!;
    }
    return loss / batch;
  }
}
