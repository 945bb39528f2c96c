/** The harness's only clock: monotonic seconds (process.hrtime), never wall time. */
export type Seconds = () => number;

export const monotonicSeconds: Seconds = () => Number(process.hrtime.bigint()) / 1e9;

/** Wall-clock time for the report's date stamp only (never for measuring). */
export function wallClockIso(): string {
  return new Date().toISOString();
}

/** High-resolution absolute time in ms (performance.timeOrigin + now): comparable across worker threads. */
export function absoluteMs(): number {
  return performance.timeOrigin + performance.now();
}
