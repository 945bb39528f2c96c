import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createQRunner, loadQModel, qmodelToDocument } from '../src/runtime/index.js';
import { courseFixture } from './support/models.js';

// fixtures/golden/quantizer/: the course network's qmodel and its int8 outputs on the course
// samples. Other packages (emulator, studio) can load it as a known-good qmodel. Regenerate with
// UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts (and review the diff).
const DIR = new URL('../../../fixtures/golden/quantizer/', import.meta.url);
const MODEL = fileURLToPath(new URL('course-proximity.qmodel.json', DIR));
const EXPECTED = fileURLToPath(new URL('course-proximity.expected.json', DIR));

describe('golden: the course 3-2-2 network converted and run', () => {
  const f = courseFixture();
  const doc = qmodelToDocument(f.qmodel);
  const runner = createQRunner(f.qmodel);
  it('runs on the default kernels: WebAssembly SIMD here (TINYSPARK_INT8_KERNELS=js: JavaScript)', () => {
    expect(runner.kernels).toBe(process.env.TINYSPARK_INT8_KERNELS === 'js' ? 'js' : 'wasm');
  });
  const expected = {
    description: "The course's trained 3-2-2 network (tutorial_trained_weights), int8 per tensor, calibrated on the 10 course samples; outputs from @tinyspark/quantizer/runtime.",
    samples: f.set.recordings.map((rec, i) => {
      const p = runner.predict(f.set.inputs[i]!);
      return {
        label: rec.label,
        readings: rec.values.map((v) => v[0]),
        features: Array.from(f.set.inputs[i]!),
        inputQ: Array.from(runner.quantizeInput(f.set.inputs[i]!)),
        logits: Array.from(p.logits),
        prediction: p.label,
      };
    }),
  };
  // Only an explicit UPDATE_GOLDEN=1 writes the files: a missing golden file must fail, not regenerate itself.
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(MODEL, JSON.stringify(doc, null, 2) + '\n');
    writeFileSync(EXPECTED, JSON.stringify(expected, null, 2) + '\n');
  }
  it('the golden files are committed', () => {
    expect(existsSync(MODEL) && existsSync(EXPECTED)).toBe(true);
  });
  it('conversion reproduces the committed qmodel document', () => {
    expect(doc).toEqual(JSON.parse(readFileSync(MODEL, 'utf8')));
  });
  it('the committed qmodel loads and reproduces the committed int8 outputs', () => {
    const r = createQRunner(loadQModel(JSON.parse(readFileSync(MODEL, 'utf8'))));
    const exp = JSON.parse(readFileSync(EXPECTED, 'utf8')) as typeof expected;
    for (const s of exp.samples) {
      const p = r.predict(s.features);
      expect(Array.from(r.quantizeInput(s.features))).toEqual(s.inputQ);
      expect(Array.from(p.logits)).toEqual(s.logits);
      expect(p.label).toBe(s.prediction);
      expect(p.label).toBe(s.label); // the course network classifies every course sample correctly
    }
  });
});
