import { gatherRows } from './gather-rows.js';
import { fisherYates } from './shuffle.js';
import type { W1Data } from './w1-data.js';

/** One mini-batch step of an engine: inputs and one-hot targets, flat, `n` rows; returns the batch loss. */
export type W1Step = (inputs: Float32Array, targets: Float32Array, n: number) => number;

/**
 * The spec's W1 epoch loop, the same for every JavaScript engine: per epoch a Fisher-Yates order
 * from its seed, batches gathered in that order into reused buffers, one `step` per batch.
 * Returns the mean batch loss of the last epoch (NaN with no epochs).
 */
export function runW1Epochs(data: W1Data, epochSeeds: readonly number[], batch: number, step: W1Step): number {
  const order = new Int32Array(data.samples);
  const xb = new Float32Array(batch * data.features);
  const yb = new Float32Array(batch * data.classes);
  let lastEpochLoss = NaN;
  for (const seed of epochSeeds) {
    fisherYates(order, seed);
    let sum = 0;
    let steps = 0;
    for (let start = 0; start < data.samples; start += batch) {
      const n = Math.min(batch, data.samples - start);
      gatherRows(data.x, data.features, order, start, n, xb);
      gatherRows(data.oneHot, data.classes, order, start, n, yb);
      sum += step(xb, yb, n);
      steps++;
    }
    lastEpochLoss = sum / steps;
  }
  return lastEpochLoss;
}
