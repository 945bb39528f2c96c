// The only place the studio reads wall-clock time (for durations shown to people and
// capture timestamps). Everything that must be deterministic takes its time from elsewhere.
import { performance } from 'node:perf_hooks';

/** Milliseconds from an arbitrary origin, monotonic. */
export function monotonicMs(): number {
  return performance.now();
}

/** The current time as an ISO-8601 string (recording metadata). */
export function isoNow(): string {
  return new Date().toISOString();
}
