import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel, createRng } from '@tinyspark/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertModel } from '../src/convert/index.js';
import { PROXIMITY_PIPELINE } from './support/datasets.js';
import { cFloatLiteral, generateC } from '../src/codegen/index.js';
import { createQRunner, extractFeatures } from '../src/runtime/index.js';
import { seededRng } from './support/seeded-rng.js';
import type { Fixture } from './support/models.js';
import { courseFixture, gestureFixtures, singleRounding } from './support/models.js';
import { nearTieWindows } from './support/near-tie-windows.js';

const hexf = (v: number): string => cFloatLiteral(v).replace(/f$/, '');

function harness(fixtures: Fixture[]): string {
  const inc = fixtures.map((f) => `#include "${f.name}/model.h"`).join('\n');
  const cases = fixtures
    .map((f, i) => {
      const N = f.name.toUpperCase();
      return `    case ${i}: {
      int8_t in[${N}_INPUT_SIZE]; float fl[${N}_INPUT_SIZE]; int8_t out[${N}_OUTPUT_SIZE]; int k, best;
      for (k = 0; k < ${N}_INPUT_SIZE; k++) {
        char *tok = strtok(NULL, " \\n");
        if (kind == 'I') in[k] = (int8_t)strtol(tok, NULL, 10); else fl[k] = strtof(tok, NULL);
      }
      if (kind == 'I') best = ${f.name}_invoke(in, out);
      else if (kind == 'F') best = ${f.name}_predict_features(fl, out);
      else best = ${f.name}_predict(fl, out);
      printf("%d", best);
      for (k = 0; k < ${N}_OUTPUT_SIZE; k++) printf(" %d", out[k]);
      printf("\\n");
      break;
    }`;
    })
    .join('\n');
  return `#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
${inc}

static char line[1 << 16];

int main(void) {
  while (fgets(line, sizeof line, stdin) != NULL) {
    char *tok = strtok(line, " \\n");
    int model;
    char kind;
    if (tok == NULL) continue;
    model = atoi(tok);
    kind = strtok(NULL, " \\n")[0];
    switch (model) {
${cases}
    default: return 2;
    }
  }
  return 0;
}
`;
}

describe('generateC: gcc -std=c99 -Wall -Wextra -Werror, int8 outputs byte-equal to the TS runtime', () => {
  // plus a single-layer model with bias (no hidden buffer in use)
  const course = courseFixture();
  const single = createModel({ inputSize: 3, layers: [{ units: 2, activation: 'linear' }] }, { rng: createRng(9) });
  single.layers[0]!.bias.set([0.3, -0.2]);
  const oneLayer: Fixture = {
    name: 'one',
    qmodel: convertModel({ model: single, labels: course.set.labels, pipeline: PROXIMITY_PIPELINE }, { calibration: course.set }).qmodel,
    set: course.set,
  };
  const doubles = [course, ...gestureFixtures(), oneLayer];
  // every model with both roundings: the double (device) and TFLITE_SINGLE_ROUNDING C code
  const fixtures = [...doubles, ...doubles.map(singleRounding)];
  let dir = '';
  let exe = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tinyspark-c-'));
    for (const f of fixtures) {
      mkdirSync(join(dir, f.name));
      const files = generateC(f.qmodel, { name: f.name });
      writeFileSync(join(dir, f.name, 'model.h'), files['model.h']);
      writeFileSync(join(dir, f.name, 'model.c'), files['model.c']);
    }
    writeFileSync(join(dir, 'main.c'), harness(fixtures));
    exe = join(dir, 'run');
    execFileSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic-errors', '-O2', '-o', exe, 'main.c', ...fixtures.map((f) => `${f.name}/model.c`), '-lm'], {
      cwd: dir,
      stdio: 'pipe',
    });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('random int8 inputs, random features and every dataset window give the same bytes', () => {
    const rng = seededRng(2024);
    const lines: string[] = [];
    const expected: string[] = [];
    let tieCount = 0;
    fixtures.forEach((f, m) => {
      const runner = createQRunner(f.qmodel);
      // the default kernels here are the WebAssembly SIMD ones (TINYSPARK_INT8_KERNELS=js: the JavaScript ones)
      expect(runner.kernels).toBe(process.env.TINYSPARK_INT8_KERNELS === 'js' ? 'js' : 'wasm');
      const n = runner.inputSize;
      const emit = (kind: string, args: string[], logits: Int8Array): void => {
        lines.push(`${m} ${kind} ${args.join(' ')}`);
        let best = 0;
        for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
        expected.push(`${best} ${Array.from(logits).join(' ')}`);
      };
      for (let i = 0; i < 1500; i++) {
        const q = new Int8Array(n);
        for (let k = 0; k < n; k++) q[k] = i % 10 === 0 ? (rng.next() < 0.5 ? -128 : 127) : rng.int(-128, 127);
        emit('I', Array.from(q, String), runner.invoke(q));
      }
      for (let i = 0; i < 1000; i++) {
        // features around the input range, including exact quantization ties (k + 0.5) * scale
        const feats = Float32Array.from({ length: n }, () => {
          const r = rng.next();
          if (r < 0.3) return (rng.int(-140, 140) + 0.5) * f.qmodel.input.scale;
          return (rng.next() - 0.5) * 300 * f.qmodel.input.scale;
        });
        emit('F', Array.from(feats, hexf), runner.predict(feats).logits);
      }
      for (const rec of f.set.recordings) {
        // a window of exactly windowLength samples at the pipeline's spacing: extractFeatures takes all of it
        const window = rec.values.slice(-f.qmodel.pipeline.windowLength);
        const feats = extractFeatures(f.qmodel.pipeline, { intervalMs: f.qmodel.pipeline.intervalMs, axes: rec.axes, values: window });
        const raw = window.flatMap((s) => f.qmodel.pipeline.axes.map((a) => Math.fround(s[rec.axes.indexOf(a)]!)));
        emit('W', raw.map(hexf), runner.predict(feats).logits);
      }
      // raw windows whose features sit on / next to quantization ties: the C pipeline and input
      // quantization must round exactly like the runtime (float32 steps, roundf)
      const ties = nearTieWindows(f.qmodel, 300, rng);
      tieCount += ties.exactTies;
      for (const window of ties.windows) {
        const feats = extractFeatures(f.qmodel.pipeline, { intervalMs: f.qmodel.pipeline.intervalMs, axes: f.qmodel.pipeline.axes, values: window });
        emit('W', window.flat().map(hexf), runner.predict(feats).logits);
      }
    });
    const out = execFileSync(exe, { input: lines.join('\n') + '\n', maxBuffer: 64 << 20 }).toString().trim().split('\n');
    expect(out.length).toBe(expected.length);
    let mismatches = 0;
    for (let i = 0; i < out.length; i++) if (out[i] !== expected[i]) mismatches++;
    expect(mismatches).toBe(0);
    expect(expected.length).toBeGreaterThan(14000);
    expect(tieCount).toBeGreaterThan(100);
  });

  it('the single rounding is a different function: it changes some logits of the same models', () => {
    const rng = seededRng(7);
    let differ = 0;
    for (const f of doubles) {
      const d = createQRunner(f.qmodel);
      const s = createQRunner(singleRounding(f).qmodel);
      for (let i = 0; i < 500; i++) {
        const q = Int8Array.from({ length: d.inputSize }, () => rng.int(-128, 127));
        if (Array.from(d.invoke(q)).join() !== Array.from(s.invoke(q)).join()) differ++;
      }
    }
    expect(differ).toBeGreaterThan(0);
    expect(generateC(singleRounding(doubles[0]!).qmodel)['model.c']).toMatch(/TFLITE_SINGLE_ROUNDING/);
    expect(generateC(doubles[0]!.qmodel)['model.c']).not.toMatch(/TFLITE_SINGLE_ROUNDING/);
  });

  it('emits no malloc and const int8 weight arrays', () => {
    const c = generateC(fixtures[1]!.qmodel, { name: 'g' })['model.c'];
    expect(c).not.toMatch(/malloc\(|static int8_t [A-Z]|static int32_t [A-Z]/);
    expect(c).toMatch(/static const int8_t L0_W\[3744\]/);
    expect(() => generateC(fixtures[0]!.qmodel, { name: '9bad' })).toThrow(/options\.name/);
  });
});
