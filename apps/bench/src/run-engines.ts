import type { Engine, Predictor, TrainOutcome } from './engines/engine.js';
import type { Seconds } from './timing/clock.js';
import { repeatTimed, type TimingPolicy } from './timing/repeat-timed.js';
import { argmax } from './workload/argmax.js';
import type { LayerInit } from './workload/glorot-init.js';
import { WARMUP_EPOCH_SEED } from './workload/shuffle.js';
import { W1, type W1Data } from './workload/w1-data.js';
import { W2, w2MeanLoss, type W2Data } from './workload/w2-data.js';
import { W3, W4 } from './workload/w3-w4.js';
import { epochSeeds, type WorkloadConfig } from './workload/workload-config.js';
import type { WorkloadId } from './workload/workload-id.js';

/** Everything the engines share: identical data, initial weights and sizes. */
export interface WorkloadContext {
  readonly w1: W1Data;
  readonly w1Init: readonly LayerInit[];
  readonly w2: W2Data;
  readonly w2Init: readonly LayerInit[];
  readonly config: WorkloadConfig;
}

/** One engine's figures for one workload in one round. */
export interface RoundResult {
  readonly workload: WorkloadId;
  readonly engine: string;
  readonly seconds: number;
  readonly reps: number;
  readonly samplesPerSecond: number;
  readonly accuracy?: number;
  readonly loss?: number;
}

/** Argmax accuracy of a predictor over the W1 samples, in batches of 256 (untimed). */
export function w1Accuracy(model: Predictor, data: W1Data): number {
  let correct = 0;
  for (let start = 0; start < data.samples; start += W4.batchSize) {
    const n = Math.min(W4.batchSize, data.samples - start);
    const out = model.predictBatch(data.x.subarray(start * data.features, (start + n) * data.features), n);
    for (let b = 0; b < n; b++) if (argmax(out, b * data.classes, data.classes) === data.labels[start + b]) correct++;
  }
  return correct / data.samples;
}

/** One view per sample row, made once outside the timed loop. */
export function rowViews(data: W1Data): Float32Array[] {
  return Array.from({ length: data.samples }, (_, s) => data.x.subarray(s * data.features, (s + 1) * data.features));
}

/** W3: `calls` single-sample calls, call i on sample i mod n; returns the share whose argmax matches. */
export function w3Block(model: Predictor, data: W1Data, rows: readonly Float32Array[], calls: number): number {
  let correct = 0;
  for (let i = 0; i < calls; i++) {
    const s = i % data.samples;
    const out = model.predictOne(rows[s]!);
    if (argmax(out, 0, data.classes) === data.labels[s]) correct++;
  }
  return correct / calls;
}

/** W4: one pass over the samples in consecutive batches of 256 (input in, outputs back into JS). */
export function w4Pass(model: Predictor, data: W1Data): void {
  for (let start = 0; start < data.samples; start += W4.batchSize) {
    const n = Math.min(W4.batchSize, data.samples - start);
    model.predictBatch(data.x.subarray(start * data.features, (start + n) * data.features), n);
  }
}

/**
 * Runs the selected workloads on one engine, in the spec's way (warm-up, then timed repetitions).
 * W3/W4 use the model this engine trained in W1 (trained untimed when W1 is not selected).
 */
export async function runEngineRound(
  engine: Engine,
  ctx: WorkloadContext,
  workloads: readonly WorkloadId[],
  timing: TimingPolicy,
  now: Seconds,
): Promise<RoundResult[]> {
  await engine.activate();
  const out: RoundResult[] = [];
  const { w1, config } = ctx;
  const job = { data: w1, init: ctx.w1Init, epochSeeds: epochSeeds(config.w1Epochs) };
  let trained: TrainOutcome | undefined;
  const wantsModel = workloads.some((w) => w === 'W3' || w === 'W4');
  if (workloads.includes('W1') || wantsModel) {
    (await engine.trainW1({ ...job, epochSeeds: [WARMUP_EPOCH_SEED] })).model.dispose();
  }
  if (workloads.includes('W1')) {
    const timed = await repeatTimed(timing, now, async () => {
      trained?.model.dispose();
      trained = await engine.trainW1(job);
    });
    const t = trained!;
    out.push({
      workload: 'W1',
      engine: engine.id,
      seconds: timed.seconds,
      reps: timed.reps,
      samplesPerSecond: (config.w1Epochs * w1.samples) / timed.seconds,
      accuracy: w1Accuracy(t.model, w1),
      loss: t.lastEpochLoss,
    });
  } else if (wantsModel) {
    trained = await engine.trainW1(job);
  }
  if (workloads.includes('W3')) {
    const model = trained!.model;
    const rows = rowViews(w1);
    w3Block(model, w1, rows, W3.warmupCalls);
    let acc = NaN;
    const timed = await repeatTimed(timing, now, () => {
      acc = w3Block(model, w1, rows, config.w3Calls);
    });
    out.push({
      workload: 'W3',
      engine: engine.id,
      seconds: timed.seconds,
      reps: timed.reps,
      samplesPerSecond: config.w3Calls / timed.seconds,
      accuracy: acc,
    });
  }
  if (workloads.includes('W4')) {
    const model = trained!.model;
    w4Pass(model, w1);
    const timed = await repeatTimed(timing, now, () => w4Pass(model, w1));
    const acc = w1Accuracy(model, w1);
    out.push({
      workload: 'W4',
      engine: engine.id,
      seconds: timed.seconds,
      reps: timed.reps,
      samplesPerSecond: w1.samples / timed.seconds,
      accuracy: acc,
    });
  }
  trained?.model.dispose();
  if (workloads.includes('W2')) {
    const job2 = { data: ctx.w2, init: ctx.w2Init, epochs: config.w2Epochs };
    (await engine.trainW2(job2)).model.dispose();
    let last: TrainOutcome | undefined;
    const timed = await repeatTimed(timing, now, async () => {
      last?.model.dispose();
      last = await engine.trainW2(job2);
    });
    const model = last!.model;
    const loss = w2MeanLoss(ctx.w2, (s) => model.predictOne(ctx.w2.x.subarray(s * W2.inputs, (s + 1) * W2.inputs)));
    model.dispose();
    out.push({
      workload: 'W2',
      engine: engine.id,
      seconds: timed.seconds,
      reps: timed.reps,
      samplesPerSecond: (config.w2Epochs * ctx.w2.samples) / timed.seconds,
      loss,
    });
  }
  return out;
}

/** FLOPs per sample used for GFLOP/s (W1 counts training nominally; see benchmarks.md). */
export const FLOPS_PER_SAMPLE: Record<WorkloadId, number> = {
  W1: W1.trainFlops,
  W2: W2.trainFlops,
  W3: W3.forwardFlops,
  W4: W4.forwardFlops,
};
