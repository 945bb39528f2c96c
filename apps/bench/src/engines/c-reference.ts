import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BenchError } from '../errors.js';
import type { TimingPolicy } from '../timing/repeat-timed.js';
import type { WorkloadId } from '../workload/workload-id.js';

const run = promisify(execFile);

/** `apps/bench/c/` (the same relative place from src/ and from dist/). */
export function cSourceDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'c');
}

export interface CompileOptions {
  /** C source file */
  readonly source: string;
  /** gcc flags, e.g. ['-O3', '-march=native'] */
  readonly flags: readonly string[];
  /** extra files (e.g. generated headers) hashed with the source */
  readonly extraInputs?: readonly string[];
  /** cache directory (default: <tmpdir>/tinyspark-bench) */
  readonly cacheDir?: string;
}

/** The gcc version line, or null when gcc is missing. */
export async function gccVersion(): Promise<string | null> {
  try {
    const { stdout } = await run('gcc', ['--version']);
    return stdout.split('\n')[0] ?? null;
  } catch {
    return null;
  }
}

/** Compiles a C file with gcc into a content-addressed cache directory; returns the executable path. */
export async function compileC(options: CompileOptions): Promise<string> {
  const version = await gccVersion();
  if (version === null) throw new BenchError('BENCH_ERR_C_COMPILE', 'gcc: not found on PATH');
  const hash = createHash('sha256');
  hash.update(readFileSync(options.source));
  for (const f of options.extraInputs ?? []) hash.update(readFileSync(f));
  hash.update(options.flags.join(' '));
  hash.update(version);
  const dir = options.cacheDir ?? path.join(os.tmpdir(), 'tinyspark-bench');
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, `${path.basename(options.source, '.c')}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(exe)) return exe;
  const tmp = `${exe}.${process.pid}.tmp`;
  try {
    await run('gcc', [...options.flags, '-o', tmp, options.source, '-lm']);
  } catch (e) {
    throw new BenchError('BENCH_ERR_C_COMPILE', `source ${options.source}: ${(e as { stderr?: string }).stderr ?? String(e)}`);
  }
  renameSync(tmp, exe);
  return exe;
}

export interface CWorkloadResult {
  readonly workload: WorkloadId;
  readonly seconds: number;
  readonly reps: number;
  readonly samplesPerSecond: number;
  readonly accuracy?: number;
  readonly loss?: number;
}

export interface CReferenceRun {
  readonly first: number;
  readonly classCounts: readonly number[];
  readonly results: ReadonlyMap<WorkloadId, CWorkloadResult>;
}

export interface CReferenceOptions {
  readonly workloads: readonly WorkloadId[];
  readonly timing: TimingPolicy;
  /** tiny runs (tests): W1 on the first n samples, fewer epochs, etc. */
  readonly w1Samples?: number;
  readonly w1Epochs?: number;
  readonly w2Epochs?: number;
  readonly w3Calls?: number;
}

/** Compiles `c/ref.c` with `gcc -O3 -march=native` (cached). */
export function compileReference(): Promise<string> {
  return compileC({ source: path.join(cSourceDir(), 'ref.c'), flags: ['-O3', '-march=native'] });
}

/** Runs the compiled reference as a single-threaded child process and parses its JSON lines. */
export async function runCReference(exe: string, options: CReferenceOptions): Promise<CReferenceRun> {
  const args = [
    '--workloads',
    options.workloads.join(','),
    '--min-seconds',
    String(options.timing.minSeconds),
    '--min-reps',
    String(options.timing.minReps),
    '--max-reps',
    String(options.timing.maxReps),
  ];
  if (options.w1Samples !== undefined) args.push('--w1-samples', String(options.w1Samples));
  if (options.w1Epochs !== undefined) args.push('--w1-epochs', String(options.w1Epochs));
  if (options.w2Epochs !== undefined) args.push('--w2-epochs', String(options.w2Epochs));
  if (options.w3Calls !== undefined) args.push('--w3-calls', String(options.w3Calls));
  let stdout: string;
  try {
    ({ stdout } = await run(exe, args, { env: { ...process.env, OMP_NUM_THREADS: '1' } }));
  } catch (e) {
    throw new BenchError('BENCH_ERR_C_RUN', `exe ${exe}: ${String(e)}`);
  }
  return parseCReferenceOutput(stdout);
}

/** Parses ref.c's output: one JSON object per line ({"kind":"data"} first, then {"kind":"result"}). */
export function parseCReferenceOutput(stdout: string): CReferenceRun {
  let first = NaN;
  let classCounts: number[] = [];
  const results = new Map<WorkloadId, CWorkloadResult>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new BenchError('BENCH_ERR_C_RUN', `output: not a JSON line: ${line.slice(0, 80)}`);
    }
    if (obj['kind'] === 'data') {
      first = Number(obj['first']);
      classCounts = (obj['classCounts'] as number[]).map(Number);
    } else if (obj['kind'] === 'result') {
      const workload = obj['workload'] as WorkloadId;
      results.set(workload, {
        workload,
        seconds: Number(obj['seconds']),
        reps: Number(obj['reps']),
        samplesPerSecond: Number(obj['samplesPerSecond']),
        ...(obj['accuracy'] !== undefined ? { accuracy: Number(obj['accuracy']) } : {}),
        ...(obj['loss'] !== undefined ? { loss: Number(obj['loss']) } : {}),
      });
    }
  }
  return { first, classCounts, results };
}
