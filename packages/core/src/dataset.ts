import { CoreError } from './errors.js';

/** Training data: one input vector and one target vector per sample (one-hot targets for classification). */
export interface Dataset {
  /** Float32Array[] or number[][] (any array of array-likes). */
  inputs: readonly ArrayLike<number>[];
  targets: readonly ArrayLike<number>[];
}

/** A dataset packed into contiguous row-major float32 arrays. */
export interface PackedDataset {
  count: number;
  inputSize: number;
  outputSize: number;
  inputs: Float32Array;
  targets: Float32Array;
}

/**
 * Validate and pack a dataset. Throws CoreError naming the offending field, e.g.
 * `inputs[3][2]` (CORE_ERR_NON_FINITE_INPUT) or `targets[0]` (CORE_ERR_SHAPE_MISMATCH).
 */
export function packDataset(data: Dataset, inputSize: number, outputSize: number, field = 'data'): PackedDataset {
  if (data === null || typeof data !== 'object' || !Array.isArray(data.inputs) || !Array.isArray(data.targets)) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', 'must be { inputs: [...], targets: [...] }', field);
  }
  const n = data.inputs.length;
  if (n === 0) throw new CoreError('CORE_ERR_EMPTY_DATASET', 'has no samples', `${field}.inputs`);
  if (data.targets.length !== n) {
    throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `has ${data.targets.length} targets for ${n} inputs`, `${field}.targets`);
  }
  const inputs = new Float32Array(n * inputSize);
  const targets = new Float32Array(n * outputSize);
  for (let s = 0; s < n; s++) {
    copyRow(data.inputs[s], inputSize, inputs, s * inputSize, `${field}.inputs[${s}]`);
    copyRow(data.targets[s], outputSize, targets, s * outputSize, `${field}.targets[${s}]`);
  }
  return { count: n, inputSize, outputSize, inputs, targets };
}

function copyRow(row: ArrayLike<number> | undefined, len: number, out: Float32Array, off: number, field: string): void {
  if (row === undefined || row === null || typeof row.length !== 'number') {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', 'must be an array of numbers', field);
  }
  if (row.length !== len) throw new CoreError('CORE_ERR_SHAPE_MISMATCH', `expected ${len} values, got ${row.length}`, field);
  for (let i = 0; i < len; i++) {
    const v = row[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new CoreError('CORE_ERR_NON_FINITE_INPUT', `must be a finite number, got ${String(v)}`, `${field}[${i}]`);
    }
    out[off + i] = v;
  }
}

/** Class index (argmax, first wins) of every target row. */
export function targetClasses(p: PackedDataset): Int32Array {
  const out = new Int32Array(p.count);
  const k = p.outputSize;
  for (let s = 0; s < p.count; s++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (p.targets[s * k + j]! > p.targets[s * k + best]!) best = j;
    out[s] = best;
  }
  return out;
}

/** Rows [from, to) of a packed dataset (views, not copies). */
export function slicePacked(p: PackedDataset, from: number, to: number): PackedDataset {
  return {
    count: to - from,
    inputSize: p.inputSize,
    outputSize: p.outputSize,
    inputs: p.inputs.subarray(from * p.inputSize, to * p.inputSize),
    targets: p.targets.subarray(from * p.outputSize, to * p.outputSize),
  };
}
