#!/usr/bin/env node
import { parseCliArgs, USAGE } from './cli-args.js';
import { BenchError } from './errors.js';
import { renderReport } from './report/render-table.js';
import { runBench } from './run-bench.js';
import { monotonicSeconds } from './timing/clock.js';
import { QUICK_TIMING, SPEC_TIMING } from './timing/repeat-timed.js';
import { SPEC_CONFIG } from './workload/workload-config.js';

/** `pnpm bench [-- --json --quick --workloads W1,W3 ...]`; progress goes to stderr. */
async function main(argv: readonly string[]): Promise<number> {
  const opts = parseCliArgs(argv);
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const out = process.stdout.write.bind(process.stdout);
  const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
  // Libraries (tfjs) print banners with console.log: keep stdout for the table / the one JSON document.
  console.log = (...args: unknown[]) => void process.stderr.write(`${args.map(String).join(' ')}\n`);
  console.info = console.log;
  console.warn = console.log;
  const report = await runBench({
    workloads: opts.workloads,
    engines: opts.engines,
    extras: opts.extras,
    rounds: opts.rounds,
    quick: opts.quick,
    timing: opts.quick ? QUICK_TIMING : SPEC_TIMING,
    config: SPEC_CONFIG,
    now: monotonicSeconds,
    log,
    command: `pnpm bench${argv.length > 0 ? ' -- ' + argv.filter((a) => a !== '--').join(' ') : ''}`,
  });
  out(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderReport(report)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof BenchError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = e instanceof BenchError && e.code === 'BENCH_ERR_BAD_ARGUMENT' ? 2 : 1;
  },
);
