/**
 * Child process of the "W4 with allocator tuning" measurement (w4-allocator.ts): runs W4 for
 * tinyspark and tfjs-wasm (each trains the W1 model untimed first) in this process, whose glibc
 * malloc was tuned through the environment by the parent, and prints one JSON line per result.
 */
import { createTfjsEngine } from '../engines/tfjs-engine.js';
import { createTinysparkEngine } from '../engines/tinyspark-engine.js';
import { buildContext } from '../run-bench.js';
import { runEngineRound } from '../run-engines.js';
import { monotonicSeconds } from '../timing/clock.js';
import { QUICK_TIMING, SPEC_TIMING } from '../timing/repeat-timed.js';
import { SPEC_CONFIG } from '../workload/workload-config.js';

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const ctx = buildContext(SPEC_CONFIG);
  console.log = (...args: unknown[]) => void process.stderr.write(`${args.map(String).join(' ')}\n`);
  const engines = [await createTfjsEngine('wasm'), await createTinysparkEngine()];
  for (const engine of [...engines, ...engines.slice().reverse()]) {
    for (const r of await runEngineRound(engine, ctx, ['W4'], quick ? QUICK_TIMING : SPEC_TIMING, monotonicSeconds)) {
      process.stdout.write(`${JSON.stringify(r)}\n`);
    }
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
