import { QuantizerError } from './errors.js';
import { roundHalfAwayFromZero } from './rounding.js';

/** How a window of sensor samples becomes the network's input vector (docs/architecture.md section 3). */
export interface InputPipeline {
  sensor: 'imu' | 'proximity';
  /** Axis names, in input order: ax ay az (m/s^2), gx gy gz (rad/s), proximity (0..127.875). */
  axes: string[];
  /** Samples per axis fed to the network. */
  windowLength: number;
  /** Spacing of those samples in ms (the recording is resampled to it, nearest sample). */
  intervalMs: number;
  /** Per axis: feature = (value - offset) * scale. */
  scale: number[];
  offset: number[];
  /** input[t * axes.length + a], oldest sample first. */
  layout: 'time-major';
}

/** A recording of sensor samples, SI units, [sample][axis]. */
export interface SensorRecording {
  label?: string;
  intervalMs: number;
  axes: string[];
  values: number[][];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validate an unknown value as an InputPipeline and return a clean copy. `makeError` builds the
 * error for a field (default: QuantizerError with code QUANT_ERR_INVALID_PIPELINE).
 */
export function validatePipeline(
  value: unknown,
  prefix = 'pipeline',
  makeError: (field: string, message: string) => Error = (f, m) => new QuantizerError('QUANT_ERR_INVALID_PIPELINE', m, { field: f }),
): InputPipeline {
  if (!isRecord(value)) throw makeError(prefix, 'must be an object');
  const { sensor, axes, windowLength, intervalMs, scale, offset, layout } = value;
  if (sensor !== 'imu' && sensor !== 'proximity') throw makeError(`${prefix}.sensor`, `must be "imu" or "proximity", got ${JSON.stringify(sensor)}`);
  if (!Array.isArray(axes) || axes.length === 0 || !axes.every((a) => typeof a === 'string' && a.length > 0)) {
    throw makeError(`${prefix}.axes`, 'must be a non-empty array of axis names');
  }
  if (new Set(axes).size !== axes.length) throw makeError(`${prefix}.axes`, 'must not repeat an axis');
  if (typeof windowLength !== 'number' || !Number.isInteger(windowLength) || windowLength < 1) {
    throw makeError(`${prefix}.windowLength`, `must be a positive integer, got ${JSON.stringify(windowLength)}`);
  }
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw makeError(`${prefix}.intervalMs`, `must be a positive number, got ${JSON.stringify(intervalMs)}`);
  }
  const nums = (v: unknown, field: string): number[] => {
    if (!Array.isArray(v) || v.length !== axes.length) throw makeError(field, `must be an array of ${axes.length} numbers (one per axis)`);
    return v.map((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw makeError(`${field}[${i}]`, `must be a finite number, got ${JSON.stringify(x)}`);
      return x;
    });
  };
  const scaleOut = nums(scale, `${prefix}.scale`);
  const offsetOut = nums(offset, `${prefix}.offset`);
  if (layout !== 'time-major') throw makeError(`${prefix}.layout`, `must be "time-major", got ${JSON.stringify(layout)}`);
  return { sensor, axes: [...(axes as string[])], windowLength, intervalMs, scale: scaleOut, offset: offsetOut, layout };
}

/** Network input size of a pipeline: windowLength * axes.length. */
export function pipelineInputSize(pipeline: InputPipeline): number {
  return pipeline.windowLength * pipeline.axes.length;
}

/**
 * The network input of a recording: the LAST `windowLength` samples spaced `pipeline.intervalMs`
 * apart, ending at the recording's last sample, by nearest-sample resampling (sample index
 * `last - round(k * pipeline.intervalMs / recording.intervalMs)`, half away from zero, clamped at 0),
 * oldest first, time-major. Each feature is `(value - offset) * scale` computed in float32 like
 * the device's C code. Throws QUANT_ERR_AXIS_MISSING / QUANT_ERR_EMPTY_RECORDING.
 */
export function extractFeatures(pipeline: InputPipeline, recording: SensorRecording, out?: Float32Array): Float32Array {
  const nAxes = pipeline.axes.length;
  const W = pipeline.windowLength;
  const result = out ?? new Float32Array(W * nAxes);
  if (result.length !== W * nAxes) {
    throw new QuantizerError('QUANT_ERR_SHAPE_MISMATCH', `needs ${W * nAxes} values, got ${result.length}`, { field: 'out' });
  }
  const n = recording.values.length;
  if (n === 0) throw new QuantizerError('QUANT_ERR_EMPTY_RECORDING', 'has no samples', { field: 'recording.values' });
  if (!(recording.intervalMs > 0)) {
    throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be positive, got ${String(recording.intervalMs)}`, { field: 'recording.intervalMs' });
  }
  for (let a = 0; a < nAxes; a++) {
    const col = recording.axes.indexOf(pipeline.axes[a]!);
    if (col < 0) {
      throw new QuantizerError('QUANT_ERR_AXIS_MISSING', `has no axis "${pipeline.axes[a]!}" (has ${recording.axes.join(', ')})`, { field: 'recording.axes' });
    }
    const off = Math.fround(pipeline.offset[a]!);
    const sc = Math.fround(pipeline.scale[a]!);
    for (let t = 0; t < W; t++) {
      const back = roundHalfAwayFromZero(((W - 1 - t) * pipeline.intervalMs) / recording.intervalMs);
      const idx = Math.max(0, n - 1 - back);
      const v = recording.values[idx]?.[col];
      if (typeof v !== 'number') {
        throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be a number, got ${JSON.stringify(v)}`, { field: `recording.values[${idx}][${col}]` });
      }
      result[t * nAxes + a] = Math.fround(Math.fround(Math.fround(v) - off) * sc);
    }
  }
  return result;
}
