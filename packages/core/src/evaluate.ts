import { BatchForward } from './batch-forward.js';
import { packDataset, type Dataset, type PackedDataset } from './dataset.js';
import { assertLossFits, lossAndOutputDelta, lossCode, type Loss } from './loss.js';
import type { Model } from './model.js';
import { defaultLoss } from './trainer.js';

export interface Evaluation {
  /** Mean per-sample loss (see Loss for the definitions). */
  loss: number;
  /** Share of samples whose argmax output equals the argmax target. */
  accuracy: number;
  /** confusion[actual][predicted]. */
  confusion: number[][];
  /** The course's "sum of errors" (sum of output - target over all samples and outputs): a diagnostic, it cancels. */
  errorSum: number;
  /** Predicted class per sample. */
  predictions: Int32Array;
}

const CHUNK = 256;

/** Evaluate on packed data (internal; used by train). */
export function evaluatePacked(model: Model, data: PackedDataset, loss: Loss, fwd?: BatchForward): Evaluation {
  const f = fwd ?? new BatchForward(model, Math.min(CHUNK, data.count));
  const k = model.outputSize;
  const nl = model.layers.length;
  const lossId = lossCode(loss);
  const act = model.layers[nl - 1]!.activationCode;
  const confusion: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const predictions = new Int32Array(data.count);
  const scratch = new Float32Array(Math.min(CHUNK, data.count) * k);
  let lossSum = 0;
  let errorSum = 0;
  let hits = 0;
  for (let s0 = 0; s0 < data.count; s0 += CHUNK) {
    const b = Math.min(CHUNK, data.count - s0);
    f.run(data.inputs.subarray(s0 * model.inputSize), b);
    const a = f.a[nl - 1]!;
    const y = data.targets.subarray(s0 * k);
    lossSum += lossAndOutputDelta(lossId, act, f.z[nl - 1]!, a, y, b, k, scratch);
    for (let s = 0; s < b; s++) {
      let bp = 0;
      let bt = 0;
      for (let j = 0; j < k; j++) {
        errorSum += a[s * k + j]! - y[s * k + j]!;
        if (a[s * k + j]! > a[s * k + bp]!) bp = j;
        if (y[s * k + j]! > y[s * k + bt]!) bt = j;
      }
      predictions[s0 + s] = bp;
      confusion[bt]![bp]!++;
      if (bp === bt) hits++;
    }
  }
  return { loss: lossSum / data.count, accuracy: hits / data.count, confusion, errorSum, predictions };
}

/** Loss, accuracy and confusion matrix of `model` on `data` (does not change the model). */
export function evaluate(model: Model, data: Dataset, options: { loss?: Loss } = {}): Evaluation {
  const loss = options.loss ?? defaultLoss(model);
  assertLossFits(loss, model.layers[model.layers.length - 1]!.activationCode);
  return evaluatePacked(model, packDataset(data, model.inputSize, model.outputSize), loss);
}
