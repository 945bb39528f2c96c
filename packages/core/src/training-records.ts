/**
 * The records training reports: per-step progress, per-epoch history and diagnostics. A leaf
 * module (it imports nothing), so errors.ts can name them without importing the training code.
 */

export interface BatchProgress {
  epoch: number;
  epochs: number;
  /** 0-based step within the epoch. */
  batch: number;
  batches: number;
  /** Mean loss of this batch. */
  loss: number;
  /** Samples processed so far in this run. */
  samplesSeen: number;
}

export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's batches (each sample counted once, as it was seen). */
  loss: number;
  /** Training accuracy over the epoch as the samples were seen. */
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** The course's "sum of errors" over the epoch: a diagnostic only (positive and negative errors cancel). */
  errorSum: number;
  /** Largest |weight| after the epoch. */
  maxAbsWeight: number;
}

export type DiagnosticCode =
  | 'CORE_ERR_NON_FINITE_LOSS'
  | 'CORE_ERR_NON_FINITE_WEIGHTS'
  | 'CORE_WARN_EXPLODING_WEIGHTS'
  | 'CORE_WARN_LOSS_PLATEAU'
  | 'CORE_WARN_DEAD_RELU_LAYER'
  | 'CORE_WARN_DEAD_RELU_UNITS'
  | 'CORE_WARN_CLASS_IMBALANCE';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  /** 0-based epoch; -1 for checks made before the first epoch (class imbalance). */
  epoch: number;
  /** 0-based optimizer step within the epoch, when the problem was seen at a step. */
  step?: number;
  /** Plain-language explanation with the course's remedy. */
  message: string;
  /** Machine-readable facts (layer index, counts, values...). */
  details: Record<string, number | string | number[]>;
}
