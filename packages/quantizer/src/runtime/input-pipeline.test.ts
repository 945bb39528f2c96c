import { describe, expect, it } from 'vitest';
import { extractFeatures, validatePipeline } from './input-pipeline.js';
import type { InputPipeline } from './input-pipeline.js';

const PROX: InputPipeline = { sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' };

describe('extractFeatures', () => {
  it('course pipeline: a 3-sample 250 ms recording divided by 100, oldest first', () => {
    const f = extractFeatures(PROX, { intervalMs: 250, axes: ['proximity'], values: [[0], [35.5], [120.1]] });
    expect(Array.from(f)).toEqual([0, Math.fround(Math.fround(35.5) * Math.fround(0.01)), Math.fround(Math.fround(120.1) * Math.fround(0.01))]);
  });
  it('resamples a faster recording by nearest sample, ending at the last sample', () => {
    // 50 ms recording of values = index; 250 ms spacing -> indices last-10, last-5, last
    const values = Array.from({ length: 30 }, (_, i) => [i]);
    const f = extractFeatures({ ...PROX, scale: [1] }, { intervalMs: 50, axes: ['proximity'], values });
    expect(Array.from(f)).toEqual([19, 24, 29]);
    // a live sliding window gives the same input as the recorded window ending at the same sample
    const g = extractFeatures({ ...PROX, scale: [1] }, { intervalMs: 50, axes: ['proximity'], values: values.slice(5) });
    expect(Array.from(g)).toEqual([19, 24, 29]);
  });
  it('time-major with axis selection, offset and scale; short recordings repeat the first sample', () => {
    const p: InputPipeline = { sensor: 'imu', axes: ['gz', 'ax'], windowLength: 3, intervalMs: 10, scale: [2, 0.5], offset: [1, 0], layout: 'time-major' };
    const rec = { intervalMs: 10, axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'], values: [[1, 0, 0, 0, 0, 5], [3, 0, 0, 0, 0, 7]] };
    expect(Array.from(extractFeatures(p, rec))).toEqual([8, 0.5, 8, 0.5, 12, 1.5]);
  });
  it('names the missing axis and empty recordings', () => {
    expect(() => extractFeatures(PROX, { intervalMs: 10, axes: ['ax'], values: [[1]] })).toThrow(/QUANT_ERR_AXIS_MISSING/);
    expect(() => extractFeatures(PROX, { intervalMs: 10, axes: ['proximity'], values: [] })).toThrow(/QUANT_ERR_EMPTY_RECORDING/);
    expect(() => extractFeatures(PROX, { intervalMs: 250, axes: ['ax', 'proximity'], values: [[1, 2], [3]] })).toThrow(/recording\.values\[1\]\[1\]/);
  });
});

describe('validatePipeline', () => {
  it('accepts the course pipeline and names bad fields', () => {
    expect(validatePipeline(PROX)).toEqual(PROX);
    expect(() => validatePipeline({ ...PROX, scale: [1, 2] })).toThrow(/pipeline\.scale/);
    expect(() => validatePipeline({ ...PROX, layout: 'axis-major' })).toThrow(/pipeline\.layout/);
    expect(() => validatePipeline({ ...PROX, sensor: 'mic' })).toThrow(/QUANT_ERR_INVALID_PIPELINE/);
  });
});
