import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createModel, createRng, createTrainer } from '@tinyspark/core';
import { describe, expect, it } from 'vitest';
import { compileC, cSourceDir, gccVersion } from '../engines/c-reference.js';
import { glorotInit, kernelToUnitMajor } from '../workload/glorot-init.js';
import { SCALING_BATCHES, SCALING_LEARNING_RATE, SCALING_NETWORKS, scalingData, scalingId, scalingTrainFlops } from './scaling.js';

const run = promisify(execFile);

describe('scaling table', () => {
  it('covers the four networks at batch 1, 32 and 256; W1 counts the nominal 32,448 FLOPs', () => {
    expect(SCALING_NETWORKS.map((s) => s.join('-'))).toEqual(['150-32-16-6', '150-128-64-6', '600-256-128-10', '36-16-9']);
    expect(SCALING_BATCHES).toEqual([1, 32, 256]);
    expect(scalingTrainFlops([150, 32, 16, 6])).toBe(32_448);
    expect(scalingId([36, 16, 9], 256)).toBe('scaling 36-16-9 b256');
  });

  it('c/scaling.c does the same work as tinyspark (same data, weights, order: the pass loss agrees)', async () => {
    if ((await gccVersion()) === null) return; // no gcc: the bench prints "not measured"
    const sizes = [13, 9, 7, 5];
    const samples = 64;
    const batch = 4;
    const exe = await compileC({ source: path.join(cSourceDir(), 'scaling.c'), flags: ['-O2'] });
    const { stdout } = await run(exe, ['--sizes', sizes.join(','), '--batch', String(batch), '--samples', String(samples), '--min-seconds', '0', '--min-reps', '1', '--max-reps', '1']);
    const c = JSON.parse(stdout.trim()) as { loss: number };
    const { x, y } = scalingData(sizes, samples);
    const model = createModel(
      { inputSize: 13, layers: [{ units: 9, activation: 'relu' }, { units: 7, activation: 'relu' }, { units: 5, activation: 'softmax' }] },
      { rng: createRng(1) },
    );
    glorotInit(sizes, 7).forEach((l, i) => model.layers[i]!.weights.set(kernelToUnitMajor(l)));
    const trainer = createTrainer(model, { loss: 'categorical_crossentropy', optimizer: { type: 'sgd', learningRate: SCALING_LEARNING_RATE } });
    let sum = 0;
    for (let s = 0; s < samples; s += batch) sum += trainer.step(x.subarray(s * 13, (s + batch) * 13), y.subarray(s * 5, (s + batch) * 5), batch);
    expect(Math.abs(sum / (samples / batch) - c.loss)).toBeLessThan(1e-4);
  }, 120_000);
});
