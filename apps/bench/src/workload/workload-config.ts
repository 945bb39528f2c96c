import { epochSeed } from './shuffle.js';
import { W1, type W1Data } from './w1-data.js';
import { W2 } from './w2-data.js';
import { W3 } from './w3-w4.js';

/** Sizes of one run of the workloads: the spec's by default, smaller for tests ("tiny runs"). */
export interface WorkloadConfig {
  /** W1 uses the first n samples (default 4096) */
  readonly w1Samples: number;
  readonly w1Epochs: number;
  readonly w2Epochs: number;
  readonly w3Calls: number;
}

export const SPEC_CONFIG: WorkloadConfig = {
  w1Samples: W1.samples,
  w1Epochs: W1.epochs,
  w2Epochs: W2.epochs,
  w3Calls: W3.calls,
};

export function isSpecConfig(c: WorkloadConfig): boolean {
  return (
    c.w1Samples === SPEC_CONFIG.w1Samples &&
    c.w1Epochs === SPEC_CONFIG.w1Epochs &&
    c.w2Epochs === SPEC_CONFIG.w2Epochs &&
    c.w3Calls === SPEC_CONFIG.w3Calls
  );
}

export function epochSeeds(epochs: number): number[] {
  return Array.from({ length: epochs }, (_, e) => epochSeed(e));
}

/** The first n samples of W1 (views, no copy). */
export function sliceW1Data(data: W1Data, n: number): W1Data {
  if (n === data.samples) return data;
  return {
    samples: n,
    features: data.features,
    classes: data.classes,
    x: data.x.subarray(0, n * data.features),
    labels: data.labels.subarray(0, n),
    oneHot: data.oneHot.subarray(0, n * data.classes),
  };
}
