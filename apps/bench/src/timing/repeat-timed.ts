import type { Seconds } from './clock.js';
import { median } from './median.js';

/** benchmarks.md "Timing protocol": at least minReps, until minSeconds of timed work, at most maxReps. */
export interface TimingPolicy {
  readonly minReps: number;
  readonly minSeconds: number;
  readonly maxReps: number;
}

export const SPEC_TIMING: TimingPolicy = { minReps: 3, minSeconds: 1, maxReps: 200 };
export const QUICK_TIMING: TimingPolicy = { minReps: 1, minSeconds: 0.2, maxReps: 50 };

export interface TimedResult {
  /** median seconds of one repetition */
  readonly seconds: number;
  readonly reps: number;
  readonly runs: readonly number[];
}

/** Runs `body` under the policy and returns the median duration. Only `body` is inside the timed span. */
export async function repeatTimed(policy: TimingPolicy, now: Seconds, body: () => Promise<void> | void): Promise<TimedResult> {
  const runs: number[] = [];
  let total = 0;
  while (runs.length < policy.maxReps && (runs.length < policy.minReps || total < policy.minSeconds)) {
    const t0 = now();
    await body();
    const dt = now() - t0;
    runs.push(dt);
    total += dt;
  }
  return { seconds: median(runs), reps: runs.length, runs };
}
