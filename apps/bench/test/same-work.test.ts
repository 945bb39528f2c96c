import { beforeAll, describe, expect, it } from 'vitest';
import { compileReference, runCReference } from '../src/engines/c-reference.js';
import { createJsReferenceEngine } from '../src/engines/js-reference-engine.js';
import { createTfjsEngine } from '../src/engines/tfjs-engine.js';
import { createTinysparkEngine } from '../src/engines/tinyspark-engine.js';
import type { Engine } from '../src/engines/engine.js';
import { buildContext } from '../src/run-bench.js';
import { runEngineRound, type RoundResult } from '../src/run-engines.js';
import type { WorkloadConfig } from '../src/workload/workload-config.js';

/** A tiny run: the same definitions on the first 256 samples, one epoch, short W2/W3. */
const TINY: WorkloadConfig = { w1Samples: 256, w1Epochs: 2, w2Epochs: 30, w3Calls: 300 };
const ONCE = { minReps: 1, minSeconds: 0, maxReps: 1 };
let tick = 0;
const virtualNow = (): number => (tick += 0.001);
const ctx = buildContext(TINY);

async function tinyRun(engine: Engine, workloads: ('W1' | 'W2' | 'W3' | 'W4')[] = ['W1', 'W2', 'W3', 'W4']): Promise<Map<string, RoundResult>> {
  const results = await runEngineRound(engine, ctx, workloads, ONCE, virtualNow);
  return new Map(results.map((r) => [r.workload, r]));
}

describe('every engine does the same work (tiny run)', () => {
  let reference: Map<string, RoundResult>;
  beforeAll(async () => {
    reference = await tinyRun(createJsReferenceEngine());
  });

  it('the plain-JS reference learns on the tiny run (the comparisons below are not vacuous)', () => {
    const w1 = reference.get('W1')!;
    expect(w1.loss).toBeGreaterThan(0.5);
    expect(w1.loss).toBeLessThan(Math.log(6));
    expect(w1.accuracy).toBeGreaterThan(0.2); // chance is 1/6
    expect(reference.get('W3')!.accuracy).toBeGreaterThan(0.2);
    expect(reference.get('W2')!.loss).toBeGreaterThan(0);
    expect(reference.get('W4')!.accuracy).toBe(w1.accuracy);
  });

  it('the C reference (gcc) gets the same loss and accuracy on the same tiny run', async () => {
    const exe = await compileReference();
    const c = await runCReference(exe, {
      workloads: ['W1', 'W2', 'W3', 'W4'],
      timing: ONCE,
      w1Samples: TINY.w1Samples,
      w1Epochs: TINY.w1Epochs,
      w2Epochs: TINY.w2Epochs,
      w3Calls: TINY.w3Calls,
    });
    expect(c.first).toBe(0.6011037519201636);
    expect(c.classCounts).toEqual([712, 673, 642, 690, 649, 730]);
    expect(c.results.get('W1')!.loss).toBeCloseTo(reference.get('W1')!.loss!, 5);
    expect(c.results.get('W1')!.accuracy).toBeCloseTo(reference.get('W1')!.accuracy!, 6);
    expect(c.results.get('W2')!.loss).toBeCloseTo(reference.get('W2')!.loss!, 7);
    expect(c.results.get('W3')!.accuracy).toBeCloseTo(reference.get('W3')!.accuracy!, 6);
    expect(c.results.get('W4')!.accuracy).toBeCloseTo(reference.get('W4')!.accuracy!, 6);
  });

  it('tinyspark core gets the same loss and accuracy', async () => {
    const r = await tinyRun(await createTinysparkEngine());
    expect(r.get('W1')!.loss).toBeCloseTo(reference.get('W1')!.loss!, 4);
    expect(r.get('W1')!.accuracy).toBeCloseTo(reference.get('W1')!.accuracy!, 2);
    expect(r.get('W2')!.loss).toBeCloseTo(reference.get('W2')!.loss!, 6);
    expect(r.get('W3')!.accuracy).toBeCloseTo(reference.get('W3')!.accuracy!, 2);
  });

  it('tfjs (cpu backend) gets the same W1 loss and W2 loss', async () => {
    const r = await tinyRun(await createTfjsEngine('cpu'), ['W1', 'W2']);
    expect(r.get('W1')!.loss).toBeCloseTo(reference.get('W1')!.loss!, 4);
    expect(r.get('W1')!.accuracy).toBeCloseTo(reference.get('W1')!.accuracy!, 2);
    expect(r.get('W2')!.loss).toBeCloseTo(reference.get('W2')!.loss!, 6);
  });
});
