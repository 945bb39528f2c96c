import { BenchError } from './errors.js';
import { isWorkloadId, WORKLOAD_IDS, type WorkloadId } from './workload/workload-id.js';

export const ENGINE_IDS = ['tinyspark', 'tfjs-cpu', 'tfjs-wasm', 'c-reference', 'js-reference'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];
export const DEFAULT_ENGINES: readonly EngineId[] = ['tinyspark', 'tfjs-cpu', 'tfjs-wasm', 'c-reference', 'js-reference'];

export const EXTRA_IDS = ['scaling', 'w4-alloc', 'int8', 'emulator', 'boards', 'stream', 'demo'] as const;
export type ExtraId = (typeof EXTRA_IDS)[number];

export interface CliOptions {
  readonly json: boolean;
  readonly quick: boolean;
  readonly help: boolean;
  readonly workloads: readonly WorkloadId[];
  readonly engines: readonly EngineId[];
  readonly extras: readonly ExtraId[];
  /** rounds of the alternating engine set (default 2, quick 1) */
  readonly rounds: number;
}

export const USAGE = `usage: pnpm bench [-- options]
  --json                 print exactly one JSON document on stdout (progress goes to stderr)
  --quick                1 round, short timing (>=1 rep, 0.2 s), extras shortened
  --workloads W1,W3      workloads to run (default W1,W2,W3,W4)
  --engines a,b          ${ENGINE_IDS.join(', ')} (default ${DEFAULT_ENGINES.join(',')})
  --extras a,b|none      ${EXTRA_IDS.join(', ')} (default all)
  --rounds N             rounds, the engine order reversed every other round (default 2)
  --help`;

function list<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T[] {
  if (value === undefined || value.startsWith('--')) throw new BenchError('BENCH_ERR_BAD_ARGUMENT', `${flag}: needs a value`);
  if (value === 'none') return [];
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new BenchError('BENCH_ERR_BAD_ARGUMENT', `${flag}: unknown "${item}" (one of ${allowed.join(', ')})`);
    }
  }
  return items as T[];
}

/** Parses the arguments after `pnpm bench --` (a literal `--` is tolerated anywhere). */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let json = false;
  let quick = false;
  let help = false;
  let workloads: WorkloadId[] = [...WORKLOAD_IDS];
  let engines: EngineId[] = [...DEFAULT_ENGINES];
  let extras: ExtraId[] = [...EXTRA_IDS];
  let rounds: number | undefined;
  const args = argv.filter((a) => a !== '--');
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!;
    const eq = raw.indexOf('=');
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--json':
        json = true;
        break;
      case '--quick':
        quick = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      case '--workloads':
      case '--workload': {
        const ws = list(value(), flag, [...WORKLOAD_IDS, ...WORKLOAD_IDS.map((w) => w.toLowerCase())]);
        workloads = ws.map((w) => w.toUpperCase()).filter(isWorkloadId);
        break;
      }
      case '--engines':
        engines = list(value(), flag, ENGINE_IDS);
        break;
      case '--extras':
        extras = list(value(), flag, EXTRA_IDS);
        break;
      case '--no-extras':
        extras = [];
        break;
      case '--rounds': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 20) {
          throw new BenchError('BENCH_ERR_BAD_ARGUMENT', `--rounds: must be an integer 1..20, got ${String(v)}`);
        }
        rounds = n;
        break;
      }
      default:
        throw new BenchError('BENCH_ERR_BAD_ARGUMENT', `argument: unknown option "${raw}"`);
    }
  }
  return { json, quick, help, workloads, engines, extras, rounds: rounds ?? (quick ? 1 : 2) };
}
