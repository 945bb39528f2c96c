import type { ResultEntry, TargetCheck } from './bench-report.js';

function sps(results: readonly ResultEntry[], workload: string, engine: string): number | null {
  const r = results.find((e) => e.workload === workload && e.engine === engine);
  return r?.samplesPerSecond ?? null;
}

function value(results: readonly ResultEntry[], workload: string, engine: string): number | null {
  const r = results.find((e) => e.workload === workload && e.engine === engine);
  return r?.value ?? null;
}

function check(target: string, measured: number | null, required: number, notes: string): TargetCheck {
  return { target, measured, required, met: measured === null ? null : measured >= required, notes };
}

/** A target on a time: met when the measured value is below the bound. */
function checkBelow(target: string, measured: number | null, bound: number, notes: string): TargetCheck {
  return { target, measured, required: bound, met: measured === null ? null : measured < bound, notes };
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/** The smallest tinyspark / tfjs-wasm ratio over the scaling table's cells (null when none was measured). */
function worstScalingRatio(results: readonly ResultEntry[]): number | null {
  let worst: number | null = null;
  for (const e of results) {
    if (!e.workload.startsWith('scaling ') || e.engine !== 'tfjs-wasm') continue;
    const r = ratio(sps(results, e.workload, 'tinyspark'), e.samplesPerSecond);
    if (r !== null && (worst === null || r < worst)) worst = r;
  }
  return worst;
}

/** The targets of issues 6 and 14, each as "measured >= required" (ratios from this one run). */
export function checkTargets(results: readonly ResultEntry[]): TargetCheck[] {
  const tiny = (w: string): number | null => sps(results, w, 'tinyspark');
  const emu = Math.max(
    sps(results, 'emulator-virtual', 'emulator-1-board') ?? -1,
    sps(results, 'emulator-virtual', 'emulator-100-boards') ?? -1,
  );
  return [
    check('W1 training: tinyspark / tfjs-wasm >= 3', ratio(tiny('W1'), sps(results, 'W1', 'tfjs-wasm')), 3, 'samples/s ratio'),
    check('W2 per-sample SGD: tinyspark / tfjs-cpu >= 400', ratio(tiny('W2'), sps(results, 'W2', 'tfjs-cpu')), 400, 'samples/s ratio'),
    check('W3 batch-1 inference: tinyspark / tfjs-cpu >= 20', ratio(tiny('W3'), sps(results, 'W3', 'tfjs-cpu')), 20, 'calls/s ratio'),
    check('W4 batch-256 inference: tinyspark / tfjs-wasm >= 1', ratio(tiny('W4'), sps(results, 'W4', 'tfjs-wasm')), 1, 'samples/s ratio'),
    check(
      'int8 inference: quantizer runtime within 3x of generated C (runtime / C >= 0.333)',
      ratio(sps(results, 'int8-W1', 'quantizer-runtime'), sps(results, 'int8-W1', 'generated-c-O2')),
      1 / 3,
      'samples/s ratio',
    ),
    check('emulator: >= 5,000,000 samples/s on the virtual clock', emu < 0 ? null : emu, 5e6, 'best of 1 and 100 boards'),
    check(
      'emulator: >= 1000 real-time 104 Hz boards with p99 frame delay < 20 ms',
      value(results, 'emulator-realtime', 'emulator'),
      1000,
      'boards (the search is bounded, so a lower bound)',
    ),
    // issue 14
    check('#14 W1 training: tinyspark / C reference >= 0.40', ratio(tiny('W1'), sps(results, 'W1', 'c-reference')), 0.4, 'samples/s ratio; the moonshot is 0.60'),
    check('#14 W1 training: tinyspark / tfjs-wasm >= 12', ratio(tiny('W1'), sps(results, 'W1', 'tfjs-wasm')), 12, 'samples/s ratio'),
    check(
      '#14 600-256-128-10 batch 256 training: tinyspark / tfjs-wasm >= 3',
      ratio(sps(results, 'scaling 600-256-128-10 b256', 'tinyspark'), sps(results, 'scaling 600-256-128-10 b256', 'tfjs-wasm')),
      3,
      'scaling table',
    ),
    check('#14 every scaling row ahead of tfjs-wasm (worst tinyspark / tfjs-wasm >= 1)', worstScalingRatio(results), 1, 'scaling table, worst cell'),
    check('#14 W3 batch-1 inference: tinyspark / tfjs-cpu >= 40', ratio(tiny('W3'), sps(results, 'W3', 'tfjs-cpu')), 40, 'calls/s ratio'),
    check(
      '#14 W4 with the allocator tuning: tinyspark / tfjs-wasm >= 3',
      ratio(sps(results, 'W4-allocator-tuning', 'tinyspark'), sps(results, 'W4-allocator-tuning', 'tfjs-wasm')),
      3,
      'child process with glibc malloc tuned',
    ),
    check(
      '#14 int8 inference: quantizer runtime / generated C at -O2 >= 1',
      ratio(sps(results, 'int8-W1', 'quantizer-runtime'), sps(results, 'int8-W1', 'generated-c-O2')),
      1,
      'samples/s ratio',
    ),
    check(
      '#14 emulator: >= 5,000,000 samples/s on the virtual clock for 1 and for 100 boards',
      Math.min(sps(results, 'emulator-virtual', 'emulator-1-board') ?? NaN, sps(results, 'emulator-virtual', 'emulator-100-boards') ?? NaN) || null,
      5e6,
      'the smaller of the two',
    ),
    check(
      '#14 emulator: >= 2000 real-time 104 Hz boards with p99 frame delay < 20 ms',
      value(results, 'emulator-realtime', 'emulator'),
      2000,
      'boards (the search is bounded at 2000)',
    ),
    checkBelow('#14 full demo < 3 s of its own time', value(results, 'demo', 'total'), 3, 'seconds, the whole `tinyspark demo` process (Node start-up included)'),
  ];
}
