/** W3 "infer-batch1" and W4 "infer-batch256" constants (benchmarks.md). */
export const W3 = {
  calls: 20_000,
  warmupCalls: 500,
  forwardFlops: 10_816,
  expectedAccuracy: 0.7745,
} as const;

export const W4 = {
  batchSize: 256,
  forwardFlops: 10_816,
} as const;
