/** A run of consecutive kept samples: `count` samples starting at index `start` of the chunk. */
export interface KeptRun {
  readonly start: number;
  readonly count: number;
}

/**
 * The `drop` link fault on one chunk of `n` samples: each sample is lost with `probability`,
 * drawn in sample order from `next` (one draw per sample, uniform in [0, 1)); the survivors are
 * yielded as runs of consecutive samples, each sent as its own frame (so the host sees the gaps).
 * Pure: the random source is injected, and exactly `n` draws are made. Lazy: a run is yielded as
 * soon as the draw ending it is made, so whatever the caller draws from the same source while
 * handling a run (the jitter fault) comes in the same order as the samples.
 */
export function* keptRuns(n: number, probability: number, next: () => number): Generator<KeptRun, void, undefined> {
  let runStart = -1;
  for (let k = 0; k <= n; k++) {
    const keep = k < n && next() >= probability;
    if (keep && runStart < 0) runStart = k;
    if (!keep && runStart >= 0) {
      yield { start: runStart, count: k - runStart };
      runStart = -1;
    }
  }
}
