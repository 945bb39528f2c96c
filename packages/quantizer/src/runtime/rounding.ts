/**
 * C `round`/`roundf` (TfLiteRound): round half away from zero. JS Math.round rounds half toward
 * +Infinity, which differs on negative ties.
 */
export function roundHalfAwayFromZero(v: number): number {
  const t = Math.trunc(v);
  if (Math.abs(v - t) >= 0.5) return t + Math.sign(v);
  return t;
}
