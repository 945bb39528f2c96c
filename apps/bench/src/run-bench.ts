import type { EngineId, ExtraId } from './cli-args.js';
import { compileReference, gccVersion, runCReference } from './engines/c-reference.js';
import type { Engine } from './engines/engine.js';
import { createJsReferenceEngine } from './engines/js-reference-engine.js';
import { createTfjsEngine } from './engines/tfjs-engine.js';
import { createTinysparkEngine } from './engines/tinyspark-engine.js';
import { runExtras } from './extras/run-extras.js';
import { describeMachine, loadAverageNow } from './machine.js';
import type { BenchReport, ResultEntry } from './report/bench-report.js';
import { checkTargets } from './report/targets.js';
import { FLOPS_PER_SAMPLE, runEngineRound, type RoundResult, type WorkloadContext } from './run-engines.js';
import { wallClockIso, type Seconds } from './timing/clock.js';
import { median } from './timing/median.js';
import type { TimingPolicy } from './timing/repeat-timed.js';
import { isSpecConfig, sliceW1Data, type WorkloadConfig } from './workload/workload-config.js';
import { makeW1Data, W1, w1InitialWeights } from './workload/w1-data.js';
import { makeW2Data, W2, w2InitialWeights } from './workload/w2-data.js';
import { W3 } from './workload/w3-w4.js';
import type { WorkloadId } from './workload/workload-id.js';

export interface RunBenchOptions {
  readonly workloads: readonly WorkloadId[];
  readonly engines: readonly EngineId[];
  readonly extras: readonly ExtraId[];
  readonly rounds: number;
  readonly quick: boolean;
  readonly timing: TimingPolicy;
  readonly config: WorkloadConfig;
  readonly now: Seconds;
  /** progress lines (stderr in the CLI) */
  readonly log: (line: string) => void;
  readonly command: string;
}

/** Builds the shared data and initial weights once: every engine gets exactly these. */
export function buildContext(config: WorkloadConfig): WorkloadContext {
  return {
    w1: sliceW1Data(makeW1Data(), config.w1Samples),
    w1Init: w1InitialWeights(),
    w2: makeW2Data(),
    w2Init: w2InitialWeights(),
    config,
  };
}

/** Creates one in-process engine, or returns why it is not available. */
export async function createEngine(id: Exclude<EngineId, 'c-reference'>): Promise<Engine | string> {
  try {
    switch (id) {
      case 'tinyspark':
        return await createTinysparkEngine();
      case 'tfjs-cpu':
        return await createTfjsEngine('cpu');
      case 'tfjs-wasm':
        return await createTfjsEngine('wasm');
      case 'js-reference':
        return createJsReferenceEngine();
    }
  } catch (e) {
    return (e as Error).message;
  }
}

/** Does this result show the spec's numbers (when the spec's sizes ran)? */
function specCheck(r: RoundResult, config: WorkloadConfig): string {
  if (!isSpecConfig(config)) return '';
  const close = (a: number | undefined, b: number, tol: number): boolean => a !== undefined && Math.abs(a - b) <= tol;
  switch (r.workload) {
    case 'W1':
      return close(r.accuracy, W1.expectedAccuracy, 0.00015) && close(r.loss, W1.expectedLastEpochLoss, 0.0002)
        ? 'matches spec'
        : `DIFFERS from spec (${W1.expectedAccuracy} / ${W1.expectedLastEpochLoss})`;
    case 'W2':
      return close(r.loss, W2.expectedFinalLoss, 0.00001) ? 'matches spec' : `DIFFERS from spec (${W2.expectedFinalLoss})`;
    case 'W3':
      return close(r.accuracy, W3.expectedAccuracy, 0.00015) ? 'matches spec' : `DIFFERS from spec (${W3.expectedAccuracy})`;
    case 'W4':
      return close(r.accuracy, W1.expectedAccuracy, 0.00015) ? 'matches spec' : `DIFFERS from spec (${W1.expectedAccuracy})`;
  }
}

/** Runs everything selected and returns the report (the CLI prints it as a table or as JSON). */
export async function runBench(opts: RunBenchOptions): Promise<BenchReport> {
  const ctx = buildContext(opts.config);
  const engines = new Map<string, Engine>();
  const unavailable = new Map<string, string>();
  let cExe: string | undefined;
  for (const id of opts.engines) {
    if (id === 'c-reference') {
      try {
        cExe = await compileReference();
      } catch (e) {
        unavailable.set(id, (e as Error).message);
      }
      continue;
    }
    const engine = await createEngine(id);
    if (typeof engine === 'string') unavailable.set(id, engine);
    else engines.set(id, engine);
  }
  const notes = new Map<string, string>([...engines].map(([id, e]) => [id, e.notes]));
  if (cExe !== undefined) notes.set('c-reference', 'gcc -O3 -march=native, 1 thread, child process');
  const perRound = new Map<string, RoundResult[]>();
  const order = opts.engines.filter((id) => engines.has(id) || (id === 'c-reference' && cExe !== undefined));
  const loadAverages: { at: string; load: number[] }[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    const list = round % 2 === 0 ? order : [...order].reverse();
    const load = loadAverageNow();
    loadAverages.push({ at: `round ${round + 1}`, load });
    opts.log(`round ${round + 1}/${opts.rounds}: load average ${load.join(' ')}`);
    for (const id of list) {
      opts.log(`round ${round + 1}/${opts.rounds}: ${id} ${opts.workloads.join(',')}`);
      let results: RoundResult[];
      try {
        if (id === 'c-reference') {
          const c = await runCReference(cExe!, {
            workloads: opts.workloads,
            timing: opts.timing,
            w1Samples: opts.config.w1Samples,
            w1Epochs: opts.config.w1Epochs,
            w2Epochs: opts.config.w2Epochs,
            w3Calls: opts.config.w3Calls,
          });
          results = [...c.results.values()].map((r) => ({ ...r, engine: id }));
        } else {
          results = await runEngineRound(engines.get(id)!, ctx, opts.workloads, opts.timing, opts.now);
        }
      } catch (e) {
        unavailable.set(id, (e as Error).message);
        continue;
      }
      for (const r of results) {
        const key = `${r.workload}|${r.engine}`;
        perRound.set(key, [...(perRound.get(key) ?? []), r]);
      }
    }
  }
  const results: ResultEntry[] = [];
  for (const workload of opts.workloads) {
    const tinyRounds = perRound.get(`${workload}|tinyspark`);
    const tinySps = tinyRounds ? median(tinyRounds.map((r) => r.samplesPerSecond)) : NaN;
    for (const id of opts.engines) {
      const rounds = perRound.get(`${workload}|${id}`);
      if (!rounds) {
        results.push({ workload, engine: id, samplesPerSecond: null, notes: `not measured: ${unavailable.get(id) ?? 'no result'}` });
        continue;
      }
      const sps = median(rounds.map((r) => r.samplesPerSecond));
      const last = rounds[rounds.length - 1]!;
      const check = specCheck(last, opts.config);
      results.push({
        workload,
        engine: id,
        samplesPerSecond: sps,
        gflops: (sps * FLOPS_PER_SAMPLE[workload]) / 1e9,
        ratioToTinyspark: Number.isFinite(tinySps) ? sps / tinySps : null,
        accuracy: last.accuracy ?? null,
        loss: last.loss ?? null,
        rounds: rounds.map((r) => r.samplesPerSecond),
        notes: [notes.get(id) ?? '', workload === 'W4' && id === 'tfjs-wasm' ? 'default malloc' : '', `reps ${rounds.map((r) => r.reps).join('/')}`, check]
          .filter((s) => s !== '')
          .join('; '),
      });
    }
  }
  if (opts.extras.length > 0) loadAverages.push({ at: 'further measurements', load: loadAverageNow() });
  results.push(...(await runExtras({ extras: opts.extras, quick: opts.quick, now: opts.now, log: opts.log, ctx })));
  const tfjs = engines.get('tfjs-wasm') ?? engines.get('tfjs-cpu');
  const tfVersion = tfjs ? (/tfjs (\S+)/.exec(tfjs.notes)?.[1] ?? null) : null;
  const wasmNotes = engines.get('tfjs-wasm')?.notes;
  const machine = describeMachine({
    gcc: await gccVersion(),
    tfjs: tfVersion,
    wasmSimd: wasmNotes === undefined ? null : wasmNotes.includes('SIMD on'),
    date: wallClockIso(),
    command: opts.command,
    loadAverages,
  });
  return { machine, results, targets: checkTargets(results) };
}
