import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCircuitPython } from '../src/codegen/index.js';
import { createQRunner, extractFeatures } from '../src/runtime/index.js';
import { seededRng } from './support/seeded-rng.js';
import { augmentedProximity } from './support/datasets.js';
import type { Fixture } from './support/models.js';
import { courseFixture, gestureFixtures, singleRounding } from './support/models.js';
import { nearTieWindows } from './support/near-tie-windows.js';

const HARNESS = fileURLToPath(new URL('./support/circuitpython_harness.py', import.meta.url));

interface JobResult {
  lines: string[];
  waits: number[];
  led_on_durations: number[];
  reads_outside_led: number;
  read_times: number[];
  window_logits: number[][];
  int8_logits: number[][];
}

describe('generateCircuitPython: code.py under python3 with board stand-ins predicts like the TS runtime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyspark-py-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const course = courseFixture();
  const prox: Fixture = { ...course, set: { ...course.set, recordings: [...course.set.recordings, ...augmentedProximity(150, 8).recordings] } };
  const [gest, gestPc] = gestureFixtures();
  const gestPcSmall = { ...gestPc!, set: { ...gestPc!.set, recordings: gestPc!.set.recordings.slice(0, 100) } };
  // both roundings: the device's double rounding and TFLITE_SINGLE_ROUNDING
  const fixtures = [prox, gest!, gestPcSmall, singleRounding(prox), singleRounding(gestPcSmall)];

  it('same labels and scores for every recording, Button 1 / 1 s / LED while recording', () => {
    const expected: string[][] = [];
    const expectedWindowLogits: string[][] = [];
    const expectedInt8Logits: string[][] = [];
    const rng = seededRng(5);
    let tieCount = 0;
    const jobs = fixtures.map((f, j) => {
      const code = join(dir, `code_${j}.py`);
      writeFileSync(code, generateCircuitPython(f.qmodel));
      const p = f.qmodel.pipeline;
      const runner = createQRunner(f.qmodel);
      const exp: string[] = [];
      const expW: string[] = [];
      // plus raw windows whose features sit on / next to quantization ties (exact float32 rules)
      const ties = nearTieWindows(f.qmodel, 40, rng);
      tieCount += ties.exactTies;
      const tieRecordings = ties.windows.map((values) => ({ axes: p.axes, values }));
      const recordings = [...f.set.recordings, ...tieRecordings].map((rec) => {
        const window = rec.values.slice(-p.windowLength);
        const feats = extractFeatures(p, { intervalMs: p.intervalMs, axes: rec.axes, values: window });
        const pred = runner.predict(feats);
        exp.push(`Prediction: ${pred.label}, p=${pred.score.toFixed(2)}`);
        expW.push(Array.from(pred.logits).join(','));
        return { interval_s: p.intervalMs / 1000, values: window.map((s) => Object.fromEntries(rec.axes.map((a, i) => [a, s[i]]))) };
      });
      expected.push(exp);
      expectedWindowLogits.push(expW);
      const int8Inputs = Array.from({ length: 300 }, (_, i) =>
        Array.from({ length: runner.inputSize }, () => (i % 10 === 0 ? (rng.next() < 0.5 ? -128 : 127) : rng.int(-128, 127))),
      );
      expectedInt8Logits.push(int8Inputs.map((x) => Array.from(runner.invoke(Int8Array.from(x))).join(',')));
      return { code, recordings, window_length: p.windowLength, int8_inputs: int8Inputs };
    });
    const specPath = join(dir, 'spec.json');
    writeFileSync(specPath, JSON.stringify({ jobs }));
    const results = JSON.parse(execFileSync('python3', [HARNESS, specPath], { maxBuffer: 64 << 20 }).toString()) as JobResult[];
    results.forEach((r, j) => {
      const f = fixtures[j]!;
      const got = r.lines.filter((l) => l.startsWith('Prediction: '));
      expect(got.length).toBe(expected[j]!.length);
      let labelMismatch = 0;
      let scoreOff = 0;
      got.forEach((line, i) => {
        const [gl, gp] = line.slice(12).split(', p=');
        const [el, ep] = expected[j]![i]!.slice(12).split(', p=');
        if (gl !== el) labelMismatch++;
        if (Math.abs(Number(gp) - Number(ep)) > 0.01 + 1e-9) scoreOff++;
      });
      expect(labelMismatch).toBe(0);
      // the int8 logits themselves are byte-equal
      expect(r.window_logits.map((l) => l.join(','))).toEqual(expectedWindowLogits[j]);
      expect(r.int8_logits.map((l) => l.join(','))).toEqual(expectedInt8Logits[j]);
      expect(scoreOff).toBe(0);
      // the course's deploy rhythm: 1 s after the press the LED goes on, and stays on while recording
      expect(new Set(r.waits)).toEqual(new Set([1]));
      const span = ((f.qmodel.pipeline.windowLength - 1) * f.qmodel.pipeline.intervalMs) / 1000;
      for (const d of r.led_on_durations) expect(d).toBeCloseTo(span, 5);
      expect(r.reads_outside_led).toBe(0);
    });
    expect(tieCount).toBeGreaterThan(20);
    // the proximity model's labels, as the course prints them
    expect(results[0]!.lines.some((l) => /^Prediction: moving_(closer|away), p=\d\.\d\d$/.test(l))).toBe(true);
  });

  it('rejects an axis the sensor cannot provide', () => {
    const q = { ...gest!.qmodel, pipeline: { ...gest!.qmodel.pipeline, axes: ['ax', 'mx', 'az', 'gx', 'gy', 'gz'] } };
    expect(() => generateCircuitPython(q)).toThrow(/QUANT_ERR_INVALID_ARGUMENT: qmodel\.pipeline\.axes/);
  });
});
