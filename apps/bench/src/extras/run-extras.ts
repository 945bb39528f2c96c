import type { ExtraId } from '../cli-args.js';
import type { ResultEntry } from '../report/bench-report.js';
import type { WorkloadContext } from '../run-engines.js';
import type { Seconds } from '../timing/clock.js';
import { notMeasured, type ExtraContext } from './extra-context.js';
import { measureInt8 } from './int8-inference.js';
import { measureEmulatorVirtual } from './emulator-virtual.js';
import { measureRealtimeBoards } from './emulator-realtime.js';
import { measureWsStream } from './ws-stream.js';
import { measureDemo } from './demo-stages.js';
import { measureScaling } from './scaling.js';
import { measureW4Allocator } from './w4-allocator.js';

const RUNNERS: Record<ExtraId, { label: string; run: (x: ExtraContext) => Promise<ResultEntry[]> }> = {
  int8: { label: 'int8-W1', run: measureInt8 },
  emulator: { label: 'emulator-virtual', run: measureEmulatorVirtual },
  boards: { label: 'emulator-realtime', run: measureRealtimeBoards },
  stream: { label: 'ws-stream', run: measureWsStream },
  demo: { label: 'demo', run: measureDemo },
  scaling: { label: 'scaling', run: measureScaling },
  'w4-alloc': { label: 'W4-allocator-tuning', run: measureW4Allocator },
};

/** Runs the selected further measurements; each one degrades to "not measured: <reason>". */
export async function runExtras(opts: {
  extras: readonly ExtraId[];
  quick: boolean;
  now: Seconds;
  log: (line: string) => void;
  ctx: WorkloadContext;
}): Promise<ResultEntry[]> {
  const out: ResultEntry[] = [];
  for (const id of opts.extras) {
    const { label, run } = RUNNERS[id];
    opts.log(`extra: ${label}`);
    try {
      out.push(...(await run(opts)));
    } catch (e) {
      out.push({ workload: label, engine: id, samplesPerSecond: null, notes: notMeasured(e) });
    }
  }
  return out;
}
