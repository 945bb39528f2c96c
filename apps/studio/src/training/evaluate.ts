import type { Model } from '@tinyspark/core';
import type { QModel } from '@tinyspark/quantizer/runtime';
import { createQRunner } from '@tinyspark/quantizer/runtime';
import { buildConfusion, metricsFromConfusion } from '../render/confusion-table.js';
import type { ClassMetrics } from '../render/confusion-table.js';
import type { Examples } from './examples.js';

export interface Evaluation {
  labels: string[];
  accuracy: number;
  perClass: ClassMetrics[];
  confusion: number[][];
  predicted: number[];
  count: number;
}

function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if ((v[i] ?? -Infinity) > (v[best] ?? -Infinity)) best = i;
  return best;
}

function summarise(labels: string[], truth: number[], predicted: number[]): Evaluation {
  const confusion = buildConfusion(labels.length, truth, predicted);
  const { accuracy, perClass } = metricsFromConfusion(labels, confusion);
  return { labels, accuracy, perClass, confusion, predicted, count: truth.length };
}

/** Float model: argmax of the outputs (first index wins ties, as on the device). */
export function evaluateFloat(model: Model, labels: string[], ex: Examples): Evaluation {
  const predicted = ex.inputs.map((x) => argmax(model.predict(x)));
  return summarise(labels, ex.classes, predicted);
}

/** Int8 model through the quantizer runtime: what the device computes, bit for bit. */
export function evaluateInt8(qmodel: QModel, labels: string[], ex: Examples): Evaluation {
  const runner = createQRunner(qmodel);
  const predicted = ex.inputs.map((x) => runner.predict(x).index);
  return summarise(labels, ex.classes, predicted);
}
