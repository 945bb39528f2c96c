import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ResultEntry } from '../report/bench-report.js';
import type { ExtraContext } from './extra-context.js';

const run = promisify(execFile);

/** `apps/studio/dist/cli.js` next to this package (bench and studio are siblings in apps/). */
export function studioCli(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'studio', 'dist', 'cli.js');
}

/**
 * The demo's wall time by stage: runs `tinyspark demo` (the studio's built CLI) into a temporary
 * folder and reads the per-stage seconds it records in summary.json (`seconds`), plus the total
 * wall time of the child process. `--quick` runs `--size small`.
 */
export async function measureDemo(x: ExtraContext): Promise<ResultEntry[]> {
  const cli = studioCli();
  if (!existsSync(cli)) throw new Error(`the studio is not built (${path.relative(process.cwd(), cli)} missing)`);
  const out = mkdtempSync(path.join(os.tmpdir(), 'tinyspark-bench-demo-'));
  const size = x.quick ? 'small' : 'full';
  try {
    const t0 = x.now();
    await run(process.execPath, [cli, 'demo', '--out', out, '--size', size, '--seed', '1'], { maxBuffer: 64 * 1024 * 1024 });
    const total = x.now() - t0;
    const summaryPath = path.join(out, 'summary.json');
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as { seconds?: Record<string, number> };
    const stages = Object.entries(summary.seconds ?? {});
    if (stages.length === 0) throw new Error('summary.json has no per-stage "seconds"');
    return [
      ...stages.map(([stage, s]): ResultEntry => ({
        workload: 'demo',
        engine: stage,
        samplesPerSecond: null,
        value: s,
        unit: 's',
        notes: `tinyspark demo --size ${size} --seed 1, stage wall time`,
      })),
      {
        workload: 'demo',
        engine: 'total',
        samplesPerSecond: null,
        value: total,
        unit: 's',
        notes: `wall time of the whole \`tinyspark demo --size ${size}\` process (includes Node start-up)`,
      },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
