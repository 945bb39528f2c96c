import type { Diagnostic, EpochRecord } from './training-records.js';

/**
 * Typed errors of @tinyspark/core. Every error carries a stable string `code`
 * (documented in the package README) and, where it applies, the offending `field`.
 */

/** Every error code core can throw. */
export type CoreErrorCode =
  | 'CORE_ERR_INVALID_ARGUMENT'
  | 'CORE_ERR_SHAPE_MISMATCH'
  | 'CORE_ERR_MODEL_FORMAT'
  | 'CORE_ERR_MODEL_VERSION'
  | 'CORE_ERR_MODEL_SHAPE'
  | 'CORE_ERR_MODEL_NON_FINITE'
  | 'CORE_ERR_UNKNOWN_ACTIVATION'
  | 'CORE_ERR_UNKNOWN_LOSS'
  | 'CORE_ERR_SOFTMAX_NOT_LAST'
  | 'CORE_ERR_INVALID_PIPELINE'
  | 'CORE_ERR_LOSS_REQUIRES_SOFTMAX'
  | 'CORE_ERR_EMPTY_DATASET'
  | 'CORE_ERR_NON_FINITE_INPUT'
  | 'CORE_ERR_NON_FINITE_LOSS'
  | 'CORE_ERR_NON_FINITE_WEIGHTS'
  | 'CORE_ERR_TFJS_FORMAT'
  | 'CORE_ERR_TFJS_UNSUPPORTED'
  | 'CORE_ERR_TFJS_SHAPE'
  | 'CORE_ERR_TFJS_WEIGHTS';

/** What a {@link CoreError} carries besides its code and text. */
export interface CoreErrorOptions {
  /** The option, argument or document field at fault (a JSON-path-like string). */
  readonly field?: string | undefined;
  /** The underlying cause, if any. */
  readonly cause?: unknown;
}

/** Base class of every error thrown by @tinyspark/core. */
export class CoreError extends Error {
  readonly code: CoreErrorCode;
  /** The option, argument or document field at fault (a JSON-path-like string), if any. */
  readonly field: string | undefined;
  /** The message without the `[core] CODE: field:` prefix. */
  readonly detail: string;

  constructor(code: CoreErrorCode, message: string, options?: CoreErrorOptions | string) {
    const o: CoreErrorOptions = typeof options === 'string' ? { field: options } : (options ?? {});
    const field = o.field;
    super(
      field === undefined ? `[core] ${code}: ${message}` : `[core] ${code}: ${field}: ${message}`,
      o.cause === undefined ? undefined : { cause: o.cause },
    );
    this.name = 'CoreError';
    this.code = code;
    this.field = field;
    this.detail = message;
  }
}

/** A model document (`tinyspark.model`) failed validation. `field` names the offending path, e.g. `layers[1].weights[0][2]`. */
export class ModelFormatError extends CoreError {
  declare readonly field: string;

  constructor(code: CoreErrorCode, field: string, message: string) {
    super(code, message, field);
    this.name = 'ModelFormatError';
  }
}

/** Training cannot continue (non-finite loss or weights, bad options, bad data). Carries where it happened. */
export class TrainingError extends CoreError {
  /** 0-based epoch at which the problem happened, if during training. */
  readonly epoch: number | undefined;
  /** 0-based optimizer step within the epoch, if during training. */
  readonly step: number | undefined;
  /** The epochs completed before the failure (train() fills it). */
  readonly history: EpochRecord[] | undefined;
  /** Every diagnostic up to and including the failure (train() fills it). */
  readonly diagnostics: Diagnostic[] | undefined;

  constructor(
    code: CoreErrorCode,
    message: string,
    where: { field?: string; epoch?: number; step?: number; history?: EpochRecord[]; diagnostics?: Diagnostic[] } = {},
  ) {
    super(code, message, where.field);
    this.name = 'TrainingError';
    this.epoch = where.epoch;
    this.step = where.step;
    this.history = where.history;
    this.diagnostics = where.diagnostics;
  }
}

/**
 * A tfjs LayersModel (`model.json` + weights) could not be imported or a model could not be exported
 * to it. `field` names the offending path, e.g. `modelTopology.config.layers[1].config.activation`.
 */
export class TfjsModelError extends CoreError {
  declare readonly field: string;

  constructor(code: CoreErrorCode, message: string, options: { field: string; cause?: unknown }) {
    super(code, message, options);
    this.name = 'TfjsModelError';
  }
}
