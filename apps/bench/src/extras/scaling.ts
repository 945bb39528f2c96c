import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { compileC, cSourceDir } from '../engines/c-reference.js';
import { buildModel, loadTf } from '../engines/tfjs-engine.js';
import { loadCore, type CoreModule } from '../engines/tinyspark-engine.js';
import type { ResultEntry } from '../report/bench-report.js';
import { repeatTimed, type TimingPolicy } from '../timing/repeat-timed.js';
import { glorotInit, kernelToUnitMajor, type LayerInit } from '../workload/glorot-init.js';
import { mulberry32, signedUniform } from '../workload/mulberry32.js';
import type { ExtraContext } from './extra-context.js';

const run = promisify(execFile);

/** The scaling table's networks (ReLU hidden layers, softmax output) and batch sizes (issue 14). */
export const SCALING_NETWORKS: readonly (readonly number[])[] = [
  [150, 32, 16, 6],
  [150, 128, 64, 6],
  [600, 256, 128, 10],
  [36, 16, 9],
];
export const SCALING_BATCHES: readonly number[] = [1, 32, 256];

export const SCALING_LEARNING_RATE = 0.05;

/** Nominal training FLOPs per sample: forward + a backward of 2x forward, a multiply-add = 2 (as W1). */
export function scalingTrainFlops(sizes: readonly number[]): number {
  let macs = 0;
  for (let l = 0; l + 1 < sizes.length; l++) macs += sizes[l]! * sizes[l + 1]!;
  return 3 * 2 * macs;
}

/** The workload id of one cell, e.g. "scaling 600-256-128-10 b256". */
export function scalingId(sizes: readonly number[], batch: number): string {
  return `scaling ${sizes.join('-')} b${batch}`;
}

/** Samples per timed pass: enough steps to time even at batch 256. */
export function scalingSamples(batch: number, quick: boolean): number {
  if (batch >= 256) return quick ? 512 : 1024;
  return quick ? 256 : 512;
}

/** The shared data of a cell (the C reference draws the same): mulberry32(42) inputs, label i mod classes. */
export function scalingData(sizes: readonly number[], samples: number): { x: Float32Array; y: Float32Array } {
  const n0 = sizes[0]!;
  const k = sizes[sizes.length - 1]!;
  const next = mulberry32(42);
  const x = new Float32Array(samples * n0);
  for (let i = 0; i < x.length; i++) x[i] = signedUniform(next);
  const y = new Float32Array(samples * k);
  for (let s = 0; s < samples; s++) y[s * k + (s % k)] = 1;
  return { x, y };
}

const activations = (sizes: readonly number[]): string[] => sizes.slice(1).map((_, l) => (l === sizes.length - 2 ? 'softmax' : 'relu'));

/** One tinyspark pass: createTrainer().step over the samples in order, in batches. */
function tinysparkPass(core: CoreModule, init: readonly LayerInit[], sizes: readonly number[], batch: number, x: Float32Array, y: Float32Array, samples: number): void {
  const model = core.createModel(
    { inputSize: sizes[0]!, layers: activations(sizes).map((activation, l) => ({ units: sizes[l + 1]!, activation })) },
    { rng: core.createRng(1) },
  );
  init.forEach((l, i) => {
    model.layers[i]!.weights.set(kernelToUnitMajor(l));
    model.layers[i]!.bias.fill(0);
  });
  const trainer = core.createTrainer(model, { loss: 'categorical_crossentropy', optimizer: { type: 'sgd', learningRate: SCALING_LEARNING_RATE } });
  const n0 = sizes[0]!;
  const k = sizes[sizes.length - 1]!;
  for (let s = 0; s < samples; s += batch) {
    const bs = Math.min(batch, samples - s);
    trainer.step(x.subarray(s * n0, (s + bs) * n0), y.subarray(s * k, (s + bs) * k), bs);
  }
}

interface Cell {
  readonly sizes: readonly number[];
  readonly batch: number;
  readonly tinyspark: number | string;
  readonly tfjsWasm: number | string;
  readonly c: number | string;
}

/**
 * The scaling table: training samples/s of tinyspark (createTrainer().step), tfjs-wasm
 * (`model.fit`, batch `b`, no shuffle, data already in tensors) and the C reference
 * (`c/scaling.c`, gcc -O3 -march=native, the loops of ref.c) for every network x batch, engines
 * alternating per cell. One entry per engine and cell; the notes carry % of C and the ratio to tfjs-wasm.
 */
export async function measureScaling(x: ExtraContext): Promise<ResultEntry[]> {
  const timing: TimingPolicy = x.quick ? { minReps: 1, minSeconds: 0.1, maxReps: 20 } : { minReps: 2, minSeconds: 0.3, maxReps: 50 };
  const core = await loadCore();
  let tfjs: Awaited<ReturnType<typeof loadTf>> | string;
  try {
    tfjs = await loadTf();
    if (!(await tfjs.tf.setBackend('wasm'))) tfjs = 'the tfjs wasm backend failed to initialise';
  } catch (e) {
    tfjs = (e as Error).message;
  }
  let cExe: string | null = null;
  let cWhy = '';
  try {
    cExe = await compileC({ source: path.join(cSourceDir(), 'scaling.c'), flags: ['-O3', '-march=native'] });
  } catch (e) {
    cWhy = (e as Error).message.split('\n')[0] ?? 'gcc failed';
  }
  const cells: Cell[] = [];
  let flip = false;
  for (const sizes of SCALING_NETWORKS) {
    for (const batch of SCALING_BATCHES) {
      x.log(`scaling ${sizes.join('-')} batch ${batch}`);
      const samples = scalingSamples(batch, x.quick);
      const init = glorotInit(sizes, 7);
      const { x: data, y } = scalingData(sizes, samples);
      const measureTiny = async (): Promise<number | string> => {
        if (typeof core === 'string') return core;
        tinysparkPass(core, init, sizes, batch, data, y, samples);
        const t = await repeatTimed(timing, x.now, () => tinysparkPass(core, init, sizes, batch, data, y, samples));
        return samples / t.seconds;
      };
      const measureTf = async (): Promise<number | string> => {
        if (typeof tfjs === 'string') return tfjs;
        const { tf } = tfjs;
        if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
        const xt = tf.tensor2d(data, [samples, sizes[0]!]);
        const yt = tf.tensor2d(y, [samples, sizes[sizes.length - 1]!]);
        const pass = async (): Promise<void> => {
          const model = buildModel(tf, init, activations(sizes), true);
          const optimizer = tf.train.sgd(SCALING_LEARNING_RATE);
          model.compile({ optimizer, loss: 'categoricalCrossentropy' });
          await model.fit(xt, yt, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0, yieldEvery: 'never' });
          model.dispose();
          optimizer.dispose();
        };
        try {
          await pass();
          // model building is outside the timed span: time fit alone
          let fitSeconds = 0;
          const runs: number[] = [];
          while (runs.length < timing.maxReps && (runs.length < timing.minReps || fitSeconds < timing.minSeconds)) {
            const model = buildModel(tf, init, activations(sizes), true);
            const optimizer = tf.train.sgd(SCALING_LEARNING_RATE);
            model.compile({ optimizer, loss: 'categoricalCrossentropy' });
            const t0 = x.now();
            await model.fit(xt, yt, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0, yieldEvery: 'never' });
            const dt = x.now() - t0;
            model.dispose();
            optimizer.dispose();
            runs.push(dt);
            fitSeconds += dt;
          }
          runs.sort((a, b) => a - b);
          return samples / runs[runs.length >> 1]!;
        } finally {
          xt.dispose();
          yt.dispose();
        }
      };
      const measureC = async (): Promise<number | string> => {
        if (cExe === null) return cWhy;
        const { stdout } = await run(cExe, [
          '--sizes', sizes.join(','), '--batch', String(batch), '--samples', String(samples),
          '--min-seconds', String(timing.minSeconds), '--min-reps', String(timing.minReps), '--max-reps', String(timing.maxReps),
        ]);
        return Number((JSON.parse(stdout.trim()) as { samplesPerSecond: number }).samplesPerSecond);
      };
      const order = flip ? [measureC, measureTf, measureTiny] : [measureTiny, measureTf, measureC];
      flip = !flip;
      const got = new Map<unknown, number | string>();
      for (const m of order) {
        try {
          got.set(m, await m());
        } catch (e) {
          got.set(m, (e as Error).message.split('\n')[0] ?? 'failed');
        }
      }
      cells.push({ sizes, batch, tinyspark: got.get(measureTiny)!, tfjsWasm: got.get(measureTf)!, c: got.get(measureC)! });
    }
  }
  return cells.flatMap(cellEntries);
}

function cellEntries(cell: Cell): ResultEntry[] {
  const id = scalingId(cell.sizes, cell.batch);
  const flops = scalingTrainFlops(cell.sizes);
  const tiny = typeof cell.tinyspark === 'number' ? cell.tinyspark : null;
  const entry = (engine: string, v: number | string, note: string): ResultEntry =>
    typeof v === 'number'
      ? { workload: id, engine, samplesPerSecond: v, gflops: (v * flops) / 1e9, ratioToTinyspark: tiny === null ? null : v / tiny, notes: note }
      : { workload: id, engine, samplesPerSecond: null, notes: `not measured: ${v}` };
  const pct = tiny !== null && typeof cell.c === 'number' ? `${((100 * tiny) / cell.c).toFixed(0)}% of C` : '% of C: -';
  const vsTf = tiny !== null && typeof cell.tfjsWasm === 'number' ? `${(tiny / cell.tfjsWasm).toFixed(2)}x tfjs-wasm` : 'vs tfjs-wasm: -';
  return [
    entry('tinyspark', cell.tinyspark, `training, createTrainer().step; ${pct}; ${vsTf}`),
    entry('tfjs-wasm', cell.tfjsWasm, 'training, model.fit (data in tensors), SIMD, 1 thread'),
    entry('c-reference', cell.c, 'training, c/scaling.c, gcc -O3 -march=native, 1 thread'),
  ];
}
