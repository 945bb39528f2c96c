/**
 * Optimizers over a list of parameter tensors (Float32Array) and their gradients.
 * - sgd:      w = w - lr * g, in float32 (lr rounded to float32, then one float32 multiply and one
 *             float32 subtract: the WebAssembly kernel's `sgd_update`, docs/decisions/0008-float32.md)
 * - momentum: v = mu * v - lr * g; w += v            (nesterov: w += mu * v - lr * g, after updating v)
 * - adam:     t += 1; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 *             w -= lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)   (Kingma & Ba, section 2 form)
 * Momentum and Adam keep their state in float64 and round only the stored weight. One tight loop per tensor, no allocation per step.
 */
import { CoreError } from './errors.js';

export type OptimizerSpec =
  | { type: 'sgd'; learningRate: number }
  | { type: 'momentum'; learningRate: number; momentum?: number; nesterov?: boolean }
  | { type: 'adam'; learningRate?: number; beta1?: number; beta2?: number; epsilon?: number };

const OPT_SGD = 0;
const OPT_MOMENTUM = 1;
const OPT_ADAM = 2;

function checkRate(v: unknown, field: string, lo: number, hi: number, inclusiveLo = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (inclusiveLo ? v < lo : v <= lo) || v >= hi) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a number in ${inclusiveLo ? '[' : '('}${lo}, ${hi}), got ${String(v)}`, field);
  }
  return v;
}

export class Optimizer {
  readonly spec: Readonly<OptimizerSpec>;
  learningRate: number;
  private readonly kind: number;
  private readonly mu: number;
  private readonly nesterov: boolean;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private t = 0;
  private readonly s1: Float64Array[];
  private readonly s2: Float64Array[];

  constructor(spec: OptimizerSpec, params: Float32Array[]) {
    this.spec = { ...spec };
    this.s1 = [];
    this.s2 = [];
    this.mu = 0;
    this.nesterov = false;
    this.beta1 = 0.9;
    this.beta2 = 0.999;
    this.epsilon = 1e-7;
    switch (spec.type) {
      case 'sgd':
        this.kind = OPT_SGD;
        this.learningRate = checkRate(spec.learningRate, 'optimizer.learningRate', 0, Infinity);
        break;
      case 'momentum':
        this.kind = OPT_MOMENTUM;
        this.learningRate = checkRate(spec.learningRate, 'optimizer.learningRate', 0, Infinity);
        this.mu = checkRate(spec.momentum ?? 0.9, 'optimizer.momentum', 0, 1, true);
        this.nesterov = spec.nesterov ?? false;
        this.s1 = params.map((p) => new Float64Array(p.length));
        break;
      case 'adam':
        this.kind = OPT_ADAM;
        this.learningRate = checkRate(spec.learningRate ?? 0.001, 'optimizer.learningRate', 0, Infinity);
        this.beta1 = checkRate(spec.beta1 ?? 0.9, 'optimizer.beta1', 0, 1, true);
        this.beta2 = checkRate(spec.beta2 ?? 0.999, 'optimizer.beta2', 0, 1, true);
        this.epsilon = checkRate(spec.epsilon ?? 1e-7, 'optimizer.epsilon', 0, Infinity);
        this.s1 = params.map((p) => new Float64Array(p.length));
        this.s2 = params.map((p) => new Float64Array(p.length));
        break;
      default:
        throw new CoreError(
          'CORE_ERR_INVALID_ARGUMENT',
          `unknown optimizer ${JSON.stringify((spec as { type?: unknown }).type)} (use sgd, momentum, adam)`,
          'optimizer.type',
        );
    }
  }

  /** Apply one update to every params[p] from grads[p]. */
  update(params: Float32Array[], grads: Float32Array[]): void {
    const lr = this.learningRate;
    if (this.kind === OPT_SGD) {
      const lr32 = Math.fround(lr);
      for (let p = 0; p < params.length; p++) {
        const w = params[p]!;
        const g = grads[p]!;
        for (let i = 0; i < w.length; i++) w[i] = w[i]! - Math.fround(lr32 * g[i]!);
      }
      return;
    }
    if (this.kind === OPT_MOMENTUM) {
      const mu = this.mu;
      for (let p = 0; p < params.length; p++) {
        const w = params[p]!;
        const g = grads[p]!;
        const v = this.s1[p]!;
        if (this.nesterov) {
          for (let i = 0; i < w.length; i++) {
            const vi = mu * v[i]! - lr * g[i]!;
            v[i] = vi;
            w[i] = w[i]! + mu * vi - lr * g[i]!;
          }
        } else {
          for (let i = 0; i < w.length; i++) {
            const vi = mu * v[i]! - lr * g[i]!;
            v[i] = vi;
            w[i] = w[i]! + vi;
          }
        }
      }
      return;
    }
    this.t++;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const eps = this.epsilon;
    const lrT = (lr * Math.sqrt(1 - Math.pow(b2, this.t))) / (1 - Math.pow(b1, this.t));
    for (let p = 0; p < params.length; p++) {
      const w = params[p]!;
      const g = grads[p]!;
      const m = this.s1[p]!;
      const v = this.s2[p]!;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]!;
        const mi = b1 * m[i]! + (1 - b1) * gi;
        const vi = b2 * v[i]! + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] = w[i]! - (lrT * mi) / (Math.sqrt(vi) + eps);
      }
    }
  }
}
