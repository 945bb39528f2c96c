/** Classification metrics over class indices. */
import { CoreError } from './errors.js';

/** confusion[actual][predicted] counts. */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): number[][] {
  if (actual.length !== predicted.length) {
    throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `${actual.length} actual vs ${predicted.length} predicted`, 'predicted');
  }
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `must be a positive integer, got ${String(numClasses)}`, 'numClasses');
  }
  const m: number[][] = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (!Number.isInteger(a) || a < 0 || a >= numClasses) throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `class ${a} out of range`, `actual[${i}]`);
    if (!Number.isInteger(p) || p < 0 || p >= numClasses) throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `class ${p} out of range`, `predicted[${i}]`);
    m[a]![p]!++;
  }
  return m;
}

/** Share of samples whose predicted class equals the actual class (0 for no samples). */
export function accuracy(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (actual.length !== predicted.length) {
    throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `${actual.length} actual vs ${predicted.length} predicted`, 'predicted');
  }
  if (actual.length === 0) return 0;
  let hit = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) hit++;
  return hit / actual.length;
}

export interface ClassReport {
  label: string;
  /** TP / (TP + FP); 0 when the class was never predicted. */
  precision: number;
  /** TP / (TP + FN); 0 when the class has no samples. */
  recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  f1: number;
  /** Number of samples of this class. */
  support: number;
}

export interface ClassificationReport {
  classes: ClassReport[];
  accuracy: number;
  /** Unweighted means over classes. */
  macro: { precision: number; recall: number; f1: number };
}

/** Per-class precision/recall/F1 from a confusion matrix (confusion[actual][predicted]). */
export function classificationReport(confusion: number[][], labels?: string[]): ClassificationReport {
  const k = confusion.length;
  let total = 0;
  let diag = 0;
  const classes: ClassReport[] = [];
  for (let c = 0; c < k; c++) {
    const row = confusion[c]!;
    if (row.length !== k) throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `row has ${row.length} entries, expected ${k}`, `confusion[${c}]`);
    const tp = row[c]!;
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += row[j]!;
      predicted += confusion[j]![c]!;
    }
    total += support;
    diag += tp;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    classes.push({ label: labels?.[c] ?? String(c), precision, recall, f1, support });
  }
  const mean = (f: (r: ClassReport) => number): number => (k === 0 ? 0 : classes.reduce((s, r) => s + f(r), 0) / k);
  return {
    classes,
    accuracy: total === 0 ? 0 : diag / total,
    macro: { precision: mean((r) => r.precision), recall: mean((r) => r.recall), f1: mean((r) => r.f1) },
  };
}
