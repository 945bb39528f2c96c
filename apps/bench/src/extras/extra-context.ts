import type { WorkloadContext } from '../run-engines.js';
import type { Seconds } from '../timing/clock.js';

/** What every further measurement (int8, emulator, streaming, demo) is given. */
export interface ExtraContext {
  readonly quick: boolean;
  readonly now: Seconds;
  readonly log: (line: string) => void;
  readonly ctx: WorkloadContext;
}

/** The "not measured: <reason>" message of an unavailable figure. */
export function notMeasured(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return `not measured: ${msg.split('\n')[0]}`;
}
