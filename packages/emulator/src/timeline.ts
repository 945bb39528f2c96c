import type { Motion } from './motion.js';

/** What the simulated person does between two board times. */
export interface TimelineSegment {
  /** Board clock, ms. */
  startMs: number;
  /** Board clock, ms (Infinity for an open-ended background). */
  endMs: number;
  readonly motion: Motion;
  /** Board time (ms) at which the motion's t = 0. */
  readonly originMs: number;
}

/** Lying still on a table, flat and face up, no hand above the proximity sensor. */
export const REST_MOTION: Motion = {
  durationS: 0,
  still: true,
  pose(_t: number, out: Float64Array): void {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = 1;
    out[4] = 0;
    out[5] = 0;
    out[6] = 0;
    out[7] = Infinity;
  },
};

/**
 * The board's physical situation over time: non-overlapping segments in time order; where no
 * segment covers a time the board rests on the table (REST_MOTION).
 */
export class Timeline {
  private segments: TimelineSegment[] = [];

  /** Places a motion over [startMs, endMs), cutting whatever was planned there. */
  put(segment: TimelineSegment): void {
    const segs = this.segments;
    if (segs.length === 0 || segs[segs.length - 1]!.endMs <= segment.startMs) {
      // appending after everything planned (scenarios): nothing to cut, order kept
      segs.push(segment);
      return;
    }
    const kept: TimelineSegment[] = [];
    for (const s of this.segments) {
      if (s.endMs <= segment.startMs || s.startMs >= segment.endMs) {
        kept.push(s);
      } else if (s.startMs < segment.startMs) {
        kept.push({ ...s, endMs: segment.startMs });
      } else if (s.endMs > segment.endMs) {
        kept.push({ ...s, startMs: segment.endMs });
      }
    }
    kept.push(segment);
    kept.sort((a, b) => a.startMs - b.startMs);
    this.segments = kept;
  }

  /** Drops segments that ended before `t` (nothing will be sampled there again). */
  prune(t: number): void {
    const segs = this.segments;
    let i = 0;
    while (i < segs.length && segs[i]!.endMs < t) i++;
    // segments do not overlap and are in time order, so their ends are in order too
    if (i > 0) segs.splice(0, i);
  }

  clear(): void {
    this.segments = [];
  }

  /** The segment covering board time t (ms), or undefined for rest. */
  at(t: number): TimelineSegment | undefined {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = segs[mid]!;
      if (t < s.startMs) hi = mid - 1;
      else if (t >= s.endMs) lo = mid + 1;
      else return s;
    }
    return undefined;
  }

  /** Start of the first segment after t (ms), or Infinity. */
  nextChangeAfter(t: number): number {
    for (const s of this.segments) {
      if (s.startMs > t) return s.startMs;
      if (s.endMs > t) return s.endMs;
    }
    return Infinity;
  }

  /** End of the last planned segment (ms), or -Infinity. */
  get lastEnd(): number {
    return this.segments.length === 0 ? -Infinity : this.segments[this.segments.length - 1]!.endMs;
  }
}
