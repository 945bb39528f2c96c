import type { TruthSegment } from '@tinyspark/protocol';
import type { TruthSegmentLike } from '../scenario.js';
import { MAX_TRUTH_SEGMENTS, TRUTH_HORIZON_MS } from './limits.js';

/**
 * Ground truth of what was planned, mirroring the board's timeline (recordings quote it). Kept in
 * time order without overlaps; bounded by age ({@link TRUTH_HORIZON_MS}) and count
 * ({@link MAX_TRUTH_SEGMENTS}).
 */
export class TruthLog {
  private log: TruthSegmentLike[] = [];

  /** Segments in the log (for tests and bounds checks). */
  get size(): number {
    return this.log.length;
  }

  /** New plans replace what was planned from `from` on (as Timeline.put does); `nowMs` ages the log. */
  add(segments: readonly TruthSegmentLike[], from: number, nowMs: number): void {
    // every plan cuts the log first, so only its tail is affected
    const log = this.log;
    let keep = log.length;
    while (keep > 0 && log[keep - 1]!.startMs >= from) keep--;
    log.length = keep;
    for (let j = keep - 1; j >= 0 && log[j]!.endMs > from; j--) log[j] = { ...log[j]!, endMs: from };
    for (const s of segments) log.push(s);
    const horizon = nowMs - TRUTH_HORIZON_MS;
    while (this.log.length > 0 && this.log[0]!.endMs < horizon) this.log.shift();
    if (this.log.length > MAX_TRUTH_SEGMENTS) this.log.splice(0, this.log.length - MAX_TRUTH_SEGMENTS);
  }

  /** Copies of the segments overlapping [startMs, endMs). */
  between(startMs: number, endMs: number): TruthSegment[] {
    const out: TruthSegment[] = [];
    for (const t of this.log) if (t.endMs > startMs && t.startMs < endMs) out.push({ ...t });
    return out;
  }
}
