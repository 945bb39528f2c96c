/**
 * The input pipeline stored in model documents (docs/architecture.md section 3). Core stores and
 * validates its shape; it does not interpret sensors (@tinyspark/quantizer/runtime computes it).
 */
import { ModelFormatError } from './errors.js';

export interface InputPipeline {
  sensor: 'imu' | 'proximity';
  axes: string[];
  windowLength: number;
  intervalMs: number;
  scale: number[];
  offset: number[];
  layout: 'time-major';
}

/** An InputPipeline whose arrays may be readonly (accepted wherever core reads a pipeline). */
export interface ReadonlyInputPipeline {
  readonly sensor: 'imu' | 'proximity';
  readonly axes: readonly string[];
  readonly windowLength: number;
  readonly intervalMs: number;
  readonly scale: readonly number[];
  readonly offset: readonly number[];
  readonly layout: 'time-major';
}

/** The course's proximity network: three readings 250 ms apart, divided by 100. */
export const COURSE_PROXIMITY_PIPELINE: ReadonlyInputPipeline = Object.freeze({
  sensor: 'proximity',
  axes: Object.freeze(['proximity']),
  windowLength: 3,
  intervalMs: 250,
  scale: Object.freeze([0.01]),
  offset: Object.freeze([0]),
  layout: 'time-major',
});

/** Number of network inputs the pipeline produces: windowLength * axes.length. */
export function pipelineInputSize(p: ReadonlyInputPipeline): number {
  return p.windowLength * p.axes.length;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finiteArray(v: unknown, len: number, field: string): number[] {
  if (!Array.isArray(v)) throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', field, 'must be an array of numbers');
  if (v.length !== len) {
    throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', field, `must have one entry per axis (${len}), got ${v.length}`);
  }
  return v.map((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new ModelFormatError('CORE_ERR_MODEL_NON_FINITE', `${field}[${i}]`, `must be a finite number, got ${JSON.stringify(x)}`);
    }
    return x;
  });
}

/**
 * Validate an unknown value as an InputPipeline and return a clean copy.
 * Throws ModelFormatError (CORE_ERR_INVALID_PIPELINE / CORE_ERR_MODEL_NON_FINITE) naming the field
 * under `prefix` (default "pipeline").
 */
export function validatePipeline(value: unknown, prefix = 'pipeline'): InputPipeline {
  if (!isRecord(value)) throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', prefix, 'must be an object');
  const { sensor, axes, windowLength, intervalMs, layout } = value;
  if (sensor !== 'imu' && sensor !== 'proximity') {
    throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', `${prefix}.sensor`, `must be "imu" or "proximity", got ${JSON.stringify(sensor)}`);
  }
  if (!Array.isArray(axes) || axes.length === 0) {
    throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', `${prefix}.axes`, 'must be a non-empty array of axis names');
  }
  const seen = new Set<string>();
  axes.forEach((a, i) => {
    if (typeof a !== 'string' || a.length === 0) {
      throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', `${prefix}.axes[${i}]`, 'must be a non-empty string');
    }
    if (seen.has(a)) throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', `${prefix}.axes[${i}]`, `duplicate axis ${JSON.stringify(a)}`);
    seen.add(a);
  });
  if (typeof windowLength !== 'number' || !Number.isInteger(windowLength) || windowLength < 1) {
    throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', `${prefix}.windowLength`, `must be a positive integer, got ${JSON.stringify(windowLength)}`);
  }
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', `${prefix}.intervalMs`, `must be a positive finite number, got ${JSON.stringify(intervalMs)}`);
  }
  const scale = finiteArray(value.scale, axes.length, `${prefix}.scale`);
  const offset = finiteArray(value.offset, axes.length, `${prefix}.offset`);
  if (layout !== 'time-major') {
    throw new ModelFormatError('CORE_ERR_INVALID_PIPELINE', `${prefix}.layout`, `must be "time-major", got ${JSON.stringify(layout)}`);
  }
  return { sensor, axes: [...(axes as string[])], windowLength, intervalMs, scale, offset, layout };
}
