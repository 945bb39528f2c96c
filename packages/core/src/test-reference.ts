/**
 * Test-only float64 reference implementation of the network maths, written independently of the
 * kernels (plain nested arrays, textbook formulas). Excluded from the build (test-*.ts).
 */
import type { Activation } from './activation.js';
import type { Loss } from './loss.js';
import type { Model } from './model.js';

export interface RefLayer {
  w: number[][];
  b: number[] | null;
  act: Activation;
}

export function refLayers(model: Model): RefLayer[] {
  return model.layers.map((layer) => ({
    w: Array.from({ length: layer.units }, (_, u) => Array.from(layer.weights.subarray(u * layer.inputSize, (u + 1) * layer.inputSize))),
    b: layer.useBias ? Array.from(layer.bias) : null,
    act: layer.activation,
  }));
}

export function refActivate(act: Activation, z: number[]): number[] {
  if (act === 'linear') return z;
  if (act === 'relu') return z.map((v) => Math.max(0, v));
  if (act === 'sigmoid') return z.map((v) => 1 / (1 + Math.exp(-v)));
  if (act === 'tanh') return z.map((v) => Math.tanh(v));
  const e = z.map((v) => Math.exp(v));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function refForward(layers: RefLayer[], x: number[]): { z: number[]; a: number[] } {
  let a = x;
  let z: number[] = [];
  for (const L of layers) {
    z = L.w.map((row, u) => row.reduce((s, w, i) => s + w * a[i]!, L.b ? L.b[u]! : 0));
    a = refActivate(L.act, z);
  }
  return { z, a };
}

export function refLoss(loss: Loss, layers: RefLayer[], xs: number[][], ys: number[][]): number {
  let total = 0;
  xs.forEach((x, s) => {
    const { a } = refForward(layers, x);
    const y = ys[s]!;
    if (loss === 'mse') total += 0.5 * a.reduce((acc, v, j) => acc + (v - y[j]!) ** 2, 0);
    else total -= y.reduce((acc, t, j) => acc + t * Math.log(a[j]!), 0);
  });
  return total / xs.length;
}

/** Central finite-difference gradient of refLoss with respect to every weight and bias, in trainer param order. */
export function numericGradients(loss: Loss, layers: RefLayer[], xs: number[][], ys: number[][], h = 1e-6): number[][] {
  const out: number[][] = [];
  for (const L of layers) {
    const gw: number[] = [];
    for (const row of L.w) {
      for (let i = 0; i < row.length; i++) {
        const keep = row[i]!;
        row[i] = keep + h;
        const up = refLoss(loss, layers, xs, ys);
        row[i] = keep - h;
        const down = refLoss(loss, layers, xs, ys);
        row[i] = keep;
        gw.push((up - down) / (2 * h));
      }
    }
    out.push(gw);
    if (L.b) {
      const gb: number[] = [];
      for (let u = 0; u < L.b.length; u++) {
        const keep = L.b[u]!;
        L.b[u] = keep + h;
        const up = refLoss(loss, layers, xs, ys);
        L.b[u] = keep - h;
        const down = refLoss(loss, layers, xs, ys);
        L.b[u] = keep;
        gb.push((up - down) / (2 * h));
      }
      out.push(gb);
    }
  }
  return out;
}
