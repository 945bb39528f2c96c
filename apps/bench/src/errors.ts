/** Stable error codes of the bench harness. */
export type BenchErrorCode =
  | 'BENCH_ERR_BAD_ARGUMENT'
  | 'BENCH_ERR_ENGINE_UNAVAILABLE'
  | 'BENCH_ERR_C_COMPILE'
  | 'BENCH_ERR_C_RUN'
  | 'BENCH_ERR_MISMATCH';

/** The one error class of `@tinyspark/bench`; `code` is stable, the message names the offending field. */
export class BenchError extends Error {
  override readonly name = 'BenchError';
  constructor(
    readonly code: BenchErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
