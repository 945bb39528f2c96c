import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordingToEi, recordingToEiText } from './ei-json.js';
import type { Recording } from './recording.js';

const base: Recording = { id: 'p1-s7', label: 'circle', intervalMs: 9.615384615384615, axes: ['ax', 'ay', 'az'], units: ['m/s2', 'm/s2', 'm/s2'], values: [] };

describe('recordingToEiText', () => {
  it('is JSON.stringify(recordingToEi(rec)) to the byte, for any numbers and metadata', () => {
    // raw x scale numbers (what captures write, repeated across rows), and any double at all
    const scaled = fc.tuple(fc.integer({ min: -32768, max: 32767 }), fc.constantFrom(0.000598550996, 0.0003054326190990077, 1)).map(([r, s]) => r * s);
    const num = fc.oneof(scaled, fc.double(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 5e-324));
    fc.assert(
      fc.property(
        fc.array(fc.array(num, { minLength: 0, maxLength: 6 }), { maxLength: 40 }),
        fc.record({ person: fc.option(fc.integer(), { nil: undefined }), seed: fc.option(fc.integer(), { nil: undefined }), board: fc.option(fc.string(), { nil: undefined }), capturedAt: fc.option(fc.string(), { nil: undefined }), deviceName: fc.option(fc.string(), { nil: undefined }) }),
        (values, meta) => {
          const rec: Recording = { ...base, values };
          for (const [k, v] of Object.entries(meta)) if (v !== undefined) (rec as unknown as Record<string, unknown>)[k] = v;
          expect(recordingToEiText(rec)).toBe(JSON.stringify(recordingToEi(rec)));
        },
      ),
      { seed: 14, numRuns: 300 },
    );
  });
  it('is not fooled by a "values":[] inside a string field', () => {
    const rec: Recording = { ...base, board: '"values":[]', deviceName: '"values":[1]', values: [[1, 2, 3], [-0, 0.1, 1e-9]] };
    expect(recordingToEiText(rec)).toBe(JSON.stringify(recordingToEi(rec)));
  });
});
