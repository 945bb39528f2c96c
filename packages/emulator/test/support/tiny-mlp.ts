import type { Rng } from '../../src/rng.js';

/**
 * Test-only: a small softmax MLP (one ReLU hidden layer, mini-batch SGD with momentum) used to check
 * that gestures are learnable but not trivially separable. Not part of the package API.
 */
export class TinyMlp {
  private readonly w1: Float64Array;
  private readonly b1: Float64Array;
  private readonly w2: Float64Array;
  private readonly b2: Float64Array;

  constructor(
    readonly nIn: number,
    readonly nHidden: number,
    readonly nOut: number,
    rng: Rng,
  ) {
    const he = (fan: number): number => rng.normal() * Math.sqrt(2 / fan);
    this.w1 = Float64Array.from({ length: nIn * nHidden }, () => he(nIn));
    this.b1 = new Float64Array(nHidden);
    this.w2 = Float64Array.from({ length: nHidden * nOut }, () => he(nHidden));
    this.b2 = new Float64Array(nOut);
  }

  private forward(x: ArrayLike<number>, h: Float64Array, p: Float64Array): void {
    for (let j = 0; j < this.nHidden; j++) {
      let s = this.b1[j]!;
      for (let i = 0; i < this.nIn; i++) s += this.w1[j * this.nIn + i]! * x[i]!;
      h[j] = s > 0 ? s : 0;
    }
    let max = -Infinity;
    for (let k = 0; k < this.nOut; k++) {
      let s = this.b2[k]!;
      for (let j = 0; j < this.nHidden; j++) s += this.w2[k * this.nHidden + j]! * h[j]!;
      p[k] = s;
      max = Math.max(max, s);
    }
    let z = 0;
    for (let k = 0; k < this.nOut; k++) z += p[k] = Math.exp(p[k]! - max);
    for (let k = 0; k < this.nOut; k++) p[k] = p[k]! / z;
  }

  predict(x: ArrayLike<number>): number {
    const h = new Float64Array(this.nHidden);
    const p = new Float64Array(this.nOut);
    this.forward(x, h, p);
    let best = 0;
    for (let k = 1; k < this.nOut; k++) if (p[k]! > p[best]!) best = k;
    return best;
  }

  train(xs: ArrayLike<number>[], ys: number[], epochs: number, lr: number, rng: Rng): void {
    const h = new Float64Array(this.nHidden);
    const p = new Float64Array(this.nOut);
    const dh = new Float64Array(this.nHidden);
    const order = xs.map((_, i) => i);
    for (let e = 0; e < epochs; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const n of order) {
        const x = xs[n]!;
        this.forward(x, h, p);
        p[ys[n]!] = p[ys[n]!]! - 1; // dL/dlogits for cross-entropy
        dh.fill(0);
        for (let k = 0; k < this.nOut; k++) {
          const g = p[k]!;
          for (let j = 0; j < this.nHidden; j++) {
            dh[j] = dh[j]! + g * this.w2[k * this.nHidden + j]!;
            this.w2[k * this.nHidden + j] = this.w2[k * this.nHidden + j]! - lr * g * h[j]!;
          }
          this.b2[k] = this.b2[k]! - lr * g;
        }
        for (let j = 0; j < this.nHidden; j++) {
          if (h[j]! <= 0) continue;
          const g = dh[j]!;
          for (let i = 0; i < this.nIn; i++) this.w1[j * this.nIn + i] = this.w1[j * this.nIn + i]! - lr * g * x[i]!;
          this.b1[j] = this.b1[j]! - lr * g;
        }
      }
    }
  }
}
