import type { ResultEntry } from '../report/bench-report.js';
import { loadCore, trainW1Core, type CoreModel } from '../engines/tinyspark-engine.js';
import { repeatTimed, QUICK_TIMING, SPEC_TIMING } from '../timing/repeat-timed.js';
import { argmax } from '../workload/argmax.js';
import { epochSeeds } from '../workload/workload-config.js';
import { rowViews } from '../run-engines.js';
import type { ExtraContext } from './extra-context.js';
import { prepareGeneratedC } from './int8-generated-c.js';
import { median } from '../timing/median.js';

/** The slice of `@tinyspark/quantizer` used here, checked at run time. */
interface QRunnerLike {
  quantizeInput(features: ArrayLike<number>): Int8Array;
  invoke(inputQ: Int8Array): Int8Array;
  /** 'wasm' | 'js' (older runtimes: absent) */
  readonly kernels?: string;
}
interface ConvertModule {
  convertModel(
    source: { model: CoreModel; labels: string[]; pipeline: unknown },
    options: { calibration: { inputs: readonly ArrayLike<number>[] } },
  ): { qmodel: unknown; document: unknown };
}
interface RuntimeModule {
  createQRunner(qmodel: unknown, options?: { kernels?: 'auto' | 'wasm' | 'js' }): QRunnerLike;
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

/** Rounds of the three int8 engines, the order reversed every other round (quick: 1). */
const INT8_ROUNDS = 3;

const ratioText = (a: readonly number[], b: readonly number[]): string => a.map((v, i) => (v / b[i]!).toFixed(3)).join(' / ');

/**
 * int8 inference of the W1 network: the core-trained W1 model converted by `@tinyspark/quantizer/convert`
 * (calibrated on the 4096 inputs), run by the quantizer's runtime (`createQRunner().invoke`: its
 * default kernels, WebAssembly SIMD where available, and the JavaScript fallback) over the 4096
 * pre-quantized inputs, and the generated C (quantizer codegen, gcc -O2) on the same inputs: three
 * rounds, engines alternating (order reversed every other round); each row is the median of its
 * rounds and the ratios are per round, so a load change between engines shows.
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
  const jsRunner = runtime.createQRunner(qmodel, { kernels: 'js' });
  const n = w1.samples;
  const inputs = new Int8Array(n * w1.features);
  for (let s = 0; s < n; s++) inputs.set(runner.quantizeInput(rows[s]!), s * w1.features);
  const qRows = Array.from({ length: n }, (_, s) => inputs.subarray(s * w1.features, (s + 1) * w1.features));
  const logits = new Int8Array(n * w1.classes);
  const jsLogits = new Int8Array(n * w1.classes);
  const pass = (r: QRunnerLike, out: Int8Array) => (): void => {
    for (let s = 0; s < n; s++) out.set(r.invoke(qRows[s]!), s * w1.classes);
  };
  const passDefault = pass(runner, logits);
  const passJs = pass(jsRunner, jsLogits);
  passDefault();
  passJs();
  const cProgram = await prepareGeneratedC(x, { document, inputs, logits });
  const timing = x.quick ? QUICK_TIMING : SPEC_TIMING;
  const rate = { default: [] as number[], js: [] as number[], c: [] as number[] };
  let reps = { default: 0, js: 0, c: 0 };
  let cSame = logits.length;
  const engines = {
    default: async () => {
      const t = await repeatTimed(timing, x.now, passDefault);
      rate.default.push(n / t.seconds);
      reps = { ...reps, default: reps.default + t.reps };
    },
    js: async () => {
      const t = await repeatTimed(timing, x.now, passJs);
      rate.js.push(n / t.seconds);
      reps = { ...reps, js: reps.js + t.reps };
    },
    c: async () => {
      const r = await cProgram.run();
      rate.c.push(r.samplesPerSecond);
      reps = { ...reps, c: reps.c + r.reps };
      cSame = Math.min(cSame, r.same);
    },
  };
  const rounds = x.quick ? 1 : INT8_ROUNDS;
  for (let round = 0; round < rounds; round++) {
    const order = (['default', 'js', 'c'] as const).slice();
    if (round % 2 === 1) order.reverse();
    for (const e of order) await engines[e]();
    x.log(`int8 round ${round + 1}: runtime ${rate.default[round]!.toFixed(0)}/s, js ${rate.js[round]!.toFixed(0)}/s, C ${rate.c[round]!.toFixed(0)}/s`);
  }
  let correct = 0;
  let agree = 0;
  for (let s = 0; s < n; s++) {
    const q = argmax(logits, s * w1.classes, w1.classes);
    if (q === w1.labels[s]) correct++;
    if (q === argmax(model.predict(rows[s]!), 0, w1.classes)) agree++;
  }
  let jsSame = 0;
  for (let i = 0; i < logits.length; i++) if (jsLogits[i] === logits[i]) jsSame++;
  const kernels = runner.kernels ?? 'js';
  const cSps = median(rate.c);
  const entry = (engine: string, sps: number, extra: Partial<ResultEntry>, notes: string): ResultEntry => ({
    workload: 'int8-W1',
    engine,
    samplesPerSecond: sps,
    gflops: (sps * 10_816) / 1e9,
    ...extra,
    notes,
  });
  return [
    entry(
      'quantizer-runtime',
      median(rate.default),
      { accuracy: correct / n, rounds: rate.default },
      `createQRunner().invoke (${kernels} kernels) on ${n} pre-quantized W1 inputs (batch 1); argmax agrees with the float model on ${((100 * agree) / n).toFixed(1)}%; runtime / C per round ${ratioText(rate.default, rate.c)}; reps ${reps.default}`,
    ),
    entry(
      'generated-c-O2',
      cSps,
      { ratioToTinyspark: null, rounds: rate.c },
      `quantizer codegen model_invoke, gcc -O2, same ${n} int8 inputs; logits ${cSame === logits.length ? 'identical to the runtime' : `DIFFER from the runtime (${logits.length - cSame} of ${logits.length} bytes)`}; runtime / C = ${(median(rate.default) / cSps).toFixed(3)} (medians of ${rounds} alternating rounds); reps ${reps.c}`,
    ),
    entry(
      'quantizer-runtime-js',
      median(rate.js),
      { rounds: rate.js },
      `createQRunner(qmodel, { kernels: 'js' }).invoke, the JavaScript fallback; logits ${jsSame === logits.length ? 'identical to the default kernels' : `DIFFER from the default kernels (${logits.length - jsSame} bytes)`}; js / C per round ${ratioText(rate.js, rate.c)}; reps ${reps.js}`,
    ),
  ];
}
