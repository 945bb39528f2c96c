import type { ResultEntry } from '../report/bench-report.js';
import { loadCore, trainW1Core, type CoreModel } from '../engines/tinyspark-engine.js';
import { repeatTimed, QUICK_TIMING, SPEC_TIMING } from '../timing/repeat-timed.js';
import { argmax } from '../workload/argmax.js';
import { epochSeeds } from '../workload/workload-config.js';
import { rowViews } from '../run-engines.js';
import type { ExtraContext } from './extra-context.js';
import { measureGeneratedC } from './int8-generated-c.js';

/** The slice of `@tinyspark/quantizer` used here, checked at run time. */
interface QRunnerLike {
  quantizeInput(features: ArrayLike<number>): Int8Array;
  invoke(inputQ: Int8Array): Int8Array;
}
interface ConvertModule {
  convertModel(
    source: { model: CoreModel; labels: string[]; pipeline: unknown },
    options: { calibration: { inputs: readonly ArrayLike<number>[] } },
  ): { qmodel: unknown; document: unknown };
}
interface RuntimeModule {
  createQRunner(qmodel: unknown): QRunnerLike;
}

/** A 150-input pipeline (6 IMU axes x 25 samples) so the W1 network can be converted. */
export const W1_PIPELINE = {
  sensor: 'imu',
  axes: ['ax', 'ay', 'az', 'gx', 'gy', 'gz'],
  windowLength: 25,
  intervalMs: 10,
  scale: [1, 1, 1, 1, 1, 1],
  offset: [0, 0, 0, 0, 0, 0],
  layout: 'time-major',
} as const;

export const W1_LABELS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];

/**
 * int8 inference of the W1 network: the core-trained W1 model converted by `@tinyspark/quantizer/convert`
 * (calibrated on the 4096 inputs), run by the quantizer's runtime (`createQRunner().invoke`) over
 * the 4096 pre-quantized inputs; then the generated C (quantizer codegen, gcc -O2) on the same inputs.
 */
export async function measureInt8(x: ExtraContext): Promise<ResultEntry[]> {
  const core = await loadCore();
  if (typeof core === 'string') throw new Error(core);
  const convert = (await import('@tinyspark/quantizer/convert')) as unknown as Partial<ConvertModule>;
  const runtime = (await import('@tinyspark/quantizer/runtime')) as unknown as Partial<RuntimeModule>;
  if (typeof convert.convertModel !== 'function') throw new Error('@tinyspark/quantizer/convert has no convertModel');
  if (typeof runtime.createQRunner !== 'function') throw new Error('@tinyspark/quantizer/runtime has no createQRunner');
  const { w1 } = x.ctx;
  const { model } = trainW1Core(core, { data: w1, init: x.ctx.w1Init, epochSeeds: epochSeeds(x.ctx.config.w1Epochs) });
  const rows = rowViews(w1);
  const { qmodel, document } = convert.convertModel(
    { model, labels: W1_LABELS, pipeline: W1_PIPELINE },
    { calibration: { inputs: rows } },
  );
  const runner = runtime.createQRunner(qmodel);
  const n = w1.samples;
  const inputs = new Int8Array(n * w1.features);
  for (let s = 0; s < n; s++) inputs.set(runner.quantizeInput(rows[s]!), s * w1.features);
  const qRows = Array.from({ length: n }, (_, s) => inputs.subarray(s * w1.features, (s + 1) * w1.features));
  const logits = new Int8Array(n * w1.classes);
  const pass = (): void => {
    for (let s = 0; s < n; s++) logits.set(runner.invoke(qRows[s]!), s * w1.classes);
  };
  pass();
  const timed = await repeatTimed(x.quick ? QUICK_TIMING : SPEC_TIMING, x.now, pass);
  let correct = 0;
  let agree = 0;
  for (let s = 0; s < n; s++) {
    const q = argmax(logits, s * w1.classes, w1.classes);
    if (q === w1.labels[s]) correct++;
    if (q === argmax(model.predict(rows[s]!), 0, w1.classes)) agree++;
  }
  const runtimeSps = n / timed.seconds;
  const out: ResultEntry[] = [
    {
      workload: 'int8-W1',
      engine: 'quantizer-runtime',
      samplesPerSecond: runtimeSps,
      gflops: (runtimeSps * 10_816) / 1e9,
      accuracy: correct / n,
      notes: `createQRunner().invoke on ${n} pre-quantized W1 inputs (batch 1); argmax agrees with the float model on ${((100 * agree) / n).toFixed(1)}%; reps ${timed.reps}`,
    },
  ];
  out.push(await measureGeneratedC(x, { document, inputs, logits }, runtimeSps));
  return out;
}
