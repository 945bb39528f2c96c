/**
 * Training diagnostics: the course's "training problems", reported as typed records at the
 * epoch/step they are detected instead of printing NaN.
 */
import { ACT_RELU } from './activation.js';
import type { BatchForward } from './batch-forward.js';
import type { PackedDataset } from './dataset.js';
import type { Model } from './model.js';
import type { Diagnostic } from './training-records.js';

export type { Diagnostic, DiagnosticCode } from './training-records.js';

export interface DiagnosticOptions {
  /** Warn when the largest |weight| exceeds this (default 1000). */
  explodingWeightThreshold?: number;
  /** Warn when the monitored loss has not improved by minDelta for this many epochs (default 20; 0 disables). */
  plateauPatience?: number;
  /** Relative improvement that counts for the plateau check (default 1e-4: 0.01 %). */
  plateauMinDelta?: number;
  /** Check relu layers for dead units every epoch on up to this many training samples (default 256; 0 disables). */
  deadReluSamples?: number;
  /** Warn when the largest class has more than this many times the samples of the smallest (default 1.5). */
  imbalanceRatio?: number;
}

/** Largest |value| over all weights and biases; NaN if any parameter is NaN, Infinity if any is infinite. */
export function maxAbsWeight(model: Model): number {
  let m = 0;
  for (const layer of model.layers) {
    for (const arr of [layer.weights, layer.bias]) {
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i]!;
        if (v !== v) return NaN;
        const a = v < 0 ? -v : v;
        if (a > m) m = a;
      }
    }
  }
  return m;
}

/** The first non-finite parameter, as { layer, param, index }, or null. */
export function findNonFiniteWeight(model: Model): { layer: number; param: 'weights' | 'bias'; index: number } | null {
  for (let l = 0; l < model.layers.length; l++) {
    const layer = model.layers[l]!;
    for (let i = 0; i < layer.weights.length; i++) if (!Number.isFinite(layer.weights[i]!)) return { layer: l, param: 'weights', index: i };
    for (let i = 0; i < layer.bias.length; i++) if (!Number.isFinite(layer.bias[i]!)) return { layer: l, param: 'bias', index: i };
  }
  return null;
}

/** Class counts from one-hot (argmax) targets, and an imbalance diagnostic if the spread is too large. */
export function checkClassBalance(classes: Int32Array, numClasses: number, ratio: number): Diagnostic | null {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < classes.length; i++) counts[classes[i]!]!++;
  let min = Infinity;
  let max = 0;
  let minC = 0;
  let maxC = 0;
  counts.forEach((c, i) => {
    if (c < min) {
      min = c;
      minC = i;
    }
    if (c > max) {
      max = c;
      maxC = i;
    }
  });
  if (numClasses < 2 || (min > 0 && max / min <= ratio)) return null;
  const message =
    min === 0
      ? `class ${minC} has no training samples: the network cannot learn it; record some`
      : `class ${maxC} has ${max} samples but class ${minC} only ${min} (ratio ${(max / min).toFixed(2)} > ${ratio}): the network will favour the larger class; record more of the smaller one or balance the data`;
  return { code: 'CORE_WARN_CLASS_IMBALANCE', severity: 'warning', epoch: -1, message, details: { counts, ratio: min === 0 ? Infinity : max / min } };
}

/**
 * Dead ReLU check: run up to `maxSamples` samples forward and report, per relu layer, the units
 * that output 0 for every one of them. All units dead: CORE_WARN_DEAD_RELU_LAYER (nothing flows
 * back through that layer any more); at least half dead: CORE_WARN_DEAD_RELU_UNITS.
 */
export function checkDeadRelu(model: Model, data: PackedDataset, fwd: BatchForward, maxSamples: number, epoch: number): Diagnostic[] {
  const n = Math.min(maxSamples, data.count);
  if (n <= 0) return [];
  const relu = model.layers.map((layer) => layer.activationCode === ACT_RELU);
  if (!relu.includes(true)) return [];
  const alive = model.layers.map((layer) => new Uint8Array(layer.units));
  // units still to be seen alive; once every relu unit has fired there is nothing to report, so the
  // remaining samples are not run (the usual case after the first chunk; the report is the same)
  let pending = model.layers.reduce((sum, layer, l) => sum + (relu[l] ? layer.units : 0), 0);
  const chunk = Math.min(fwd.capacity, n, 32);
  for (let s0 = 0; s0 < n && pending > 0; s0 += chunk) {
    const b = Math.min(chunk, n - s0);
    fwd.run(data.inputs.subarray(s0 * model.inputSize), b);
    model.layers.forEach((layer, l) => {
      if (!relu[l]) return;
      const a = fwd.a[l]!;
      const al = alive[l]!;
      for (let s = 0; s < b; s++) {
        for (let u = 0; u < layer.units; u++) {
          if (al[u] === 0 && a[s * layer.units + u]! > 0) {
            al[u] = 1;
            pending--;
          }
        }
      }
    });
  }
  const out: Diagnostic[] = [];
  model.layers.forEach((layer, l) => {
    if (!relu[l]) return;
    const dead: number[] = [];
    alive[l]!.forEach((v, u) => {
      if (v === 0) dead.push(u);
    });
    if (dead.length === layer.units) {
      out.push({
        code: 'CORE_WARN_DEAD_RELU_LAYER',
        severity: 'warning',
        epoch,
        message: `every unit of relu layer ${l} outputs 0 for all ${n} checked samples: no gradient flows through it and training has stalled; lower the learning rate, use 'he' initialisation, or add biases`,
        details: { layer: l, deadUnits: dead, checkedSamples: n },
      });
    } else if (dead.length * 2 >= layer.units) {
      out.push({
        code: 'CORE_WARN_DEAD_RELU_UNITS',
        severity: 'warning',
        epoch,
        message: `${dead.length} of ${layer.units} units of relu layer ${l} output 0 for all ${n} checked samples (dead units no longer learn)`,
        details: { layer: l, deadUnits: dead, checkedSamples: n },
      });
    }
  });
  return out;
}

/**
 * Exploding weights: warns once when the largest |weight| after an epoch exceeds `threshold`,
 * and again only after it has come back under it.
 */
export class ExplodingWeightsDetector {
  private warned = false;

  constructor(private readonly threshold: number) {}

  /** The warning for this epoch's largest |weight|, or null. */
  check(maxAbs: number, epoch: number): Diagnostic | null {
    const threshold = this.threshold;
    if (!(maxAbs > threshold)) {
      this.warned = false;
      return null;
    }
    if (this.warned) return null;
    this.warned = true;
    return {
      code: 'CORE_WARN_EXPLODING_WEIGHTS',
      severity: 'warning',
      epoch,
      message: `the largest |weight| is ${maxAbs.toPrecision(4)} (> ${threshold}) after epoch ${epoch}: the weights are exploding; lower the learning rate or limit the weights (weightClip)`,
      details: { maxAbsWeight: maxAbs, threshold },
    };
  }
}

/**
 * Loss plateau: warns once when the monitored loss has not improved by the relative `minDelta`
 * for `patience` epochs (patience 0 disables it); an improvement re-arms it.
 */
export class PlateauDetector {
  private best = Infinity;
  private since = 0;
  private warned = false;

  constructor(
    private readonly patience: number,
    private readonly minDelta: number,
  ) {}

  /** The warning for this epoch's monitored loss, or null. `validation`: the monitored loss is the validation loss. */
  check(monitored: number, epoch: number, validation: boolean): Diagnostic | null {
    if (this.patience <= 0) return null;
    if (this.best === Infinity || monitored < this.best - Math.abs(this.best) * this.minDelta) {
      this.best = monitored;
      this.since = 0;
      this.warned = false;
      return null;
    }
    if (++this.since < this.patience || this.warned) return null;
    this.warned = true;
    return {
      code: 'CORE_WARN_LOSS_PLATEAU',
      severity: 'warning',
      epoch,
      message: `the ${validation ? 'validation ' : ''}loss has not improved for ${this.since} epochs (best ${this.best.toPrecision(5)}): training has stalled; try another learning rate, a larger network, or check that the inputs and labels fit the network's shape`,
      details: { epochsWithoutImprovement: this.since, bestLoss: this.best },
    };
  }
}
