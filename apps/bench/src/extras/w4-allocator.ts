import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ResultEntry } from '../report/bench-report.js';
import type { RoundResult } from '../run-engines.js';
import { median } from '../timing/median.js';
import type { ExtraContext } from './extra-context.js';

const run = promisify(execFile);

/**
 * glibc malloc tuning for the child: freed memory is kept and reused instead of every large
 * allocation (a tensor's 150 KB of inputs) getting fresh pages from mmap, each page faulting on
 * first touch (~11 us here). The label printed with the figures.
 */
export const ALLOCATOR_TUNING: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024),
  MALLOC_TOP_PAD_: String(64 * 1024 * 1024),
};

export const ALLOCATOR_LABEL = Object.entries(ALLOCATOR_TUNING)
  .map(([k, v]) => `${k}=${v}`)
  .join(' ');

/**
 * W4 (batch-256 inference) for tinyspark and tfjs-wasm in a child process with glibc's malloc tuned
 * (ALLOCATOR_TUNING), each engine twice, alternating; the main run's W4 rows are the default malloc.
 */
export async function measureW4Allocator(x: ExtraContext): Promise<ResultEntry[]> {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'w4-allocator-child.js');
  const { stdout } = await run(process.execPath, [child, ...(x.quick ? ['--quick'] : [])], {
    env: { ...process.env, ...ALLOCATOR_TUNING },
    maxBuffer: 1 << 20,
  });
  const results = stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as RoundResult);
  const sps = (engine: string): number | null => {
    const v = results.filter((r) => r.engine === engine).map((r) => r.samplesPerSecond);
    return v.length === 0 ? null : median(v);
  };
  const tiny = sps('tinyspark');
  const out: ResultEntry[] = [];
  for (const engine of ['tinyspark', 'tfjs-wasm']) {
    const v = sps(engine);
    const rounds = results.filter((r) => r.engine === engine).map((r) => r.samplesPerSecond);
    out.push({
      workload: 'W4-allocator-tuning',
      engine,
      samplesPerSecond: v,
      gflops: v === null ? null : (v * 10_816) / 1e9,
      ratioToTinyspark: v === null || tiny === null ? null : v / tiny,
      rounds,
      notes: `W4 in a child process with ${ALLOCATOR_LABEL}; engines alternating, median of ${rounds.length}${engine === 'tfjs-wasm' && v !== null && tiny !== null ? `; tinyspark / tfjs-wasm = ${(tiny / v).toFixed(2)}` : ''}`,
    });
  }
  return out;
}
