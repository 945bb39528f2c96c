// Matching on-device predictions (sliding window) to the emulator's ground-truth segments.

export interface TruthLike {
  label: string | null;
  gesture: string;
  startMs: number;
  endMs: number;
}

export interface PredictionLike {
  label: string;
  windowEnd: number;
  latencyUs: number;
}

export interface ScoredGesture {
  truth: string;
  predicted: string | null;
  startMs: number;
  endMs: number;
}

/**
 * For each labelled segment, the prediction whose window ([windowEnd - windowMs, windowEnd])
 * overlaps the segment the most; among windows that overlap it equally (a gesture shorter than the
 * window), the one best centred on it. `null` when no window overlaps it.
 * Unlabelled segments (label null) are skipped: they have no right answer.
 */
export function scorePredictions(segments: readonly TruthLike[], predictions: readonly PredictionLike[], windowMs: number): ScoredGesture[] {
  const sorted = [...predictions].sort((a, b) => a.windowEnd - b.windowEnd);
  const out: ScoredGesture[] = [];
  for (const s of segments) {
    if (s.label === null) continue;
    let best: PredictionLike | null = null;
    let bestOverlap = 0;
    let bestOffset = Infinity;
    const mid = (s.startMs + s.endMs) / 2;
    for (const p of sorted) {
      const start = p.windowEnd - windowMs;
      if (start > s.endMs) break;
      const overlap = Math.min(p.windowEnd, s.endMs) - Math.max(start, s.startMs);
      const offset = Math.abs(p.windowEnd - windowMs / 2 - mid);
      if (overlap > bestOverlap + 1e-6 || (overlap > 0 && Math.abs(overlap - bestOverlap) <= 1e-6 && offset < bestOffset)) {
        bestOverlap = overlap;
        bestOffset = offset;
        best = p;
      }
    }
    out.push({ truth: s.label, predicted: best === null ? null : best.label, startMs: s.startMs, endMs: s.endMs });
  }
  return out;
}

/** Median and 95th percentile of the on-device inference latency (microseconds). */
export function latencySummary(predictions: readonly PredictionLike[]): { count: number; medianUs: number; p95Us: number; maxUs: number } {
  const xs = predictions.map((p) => p.latencyUs).sort((a, b) => a - b);
  if (xs.length === 0) return { count: 0, medianUs: 0, p95Us: 0, maxUs: 0 };
  const at = (q: number): number => xs[Math.min(xs.length - 1, Math.floor(q * (xs.length - 1) + 0.5))] ?? 0;
  return { count: xs.length, medianUs: at(0.5), p95Us: at(0.95), maxUs: xs[xs.length - 1] ?? 0 };
}
