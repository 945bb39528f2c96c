/**
 * A literal BigInt transcription of the C code (gemmlowp fixedpoint.h / TFLM common.cc), used as
 * the independent reference for the fast number-based kernels.
 */
const MIN = -2147483648n;
const MAX = 2147483647n;

export function srdhmC(a: number, b: number): number {
  const A = BigInt(a);
  const B = BigInt(b);
  if (A === B && A === MIN) return Number(MAX);
  const ab = A * B;
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  // BigInt division truncates toward zero, like C
  return Number(BigInt.asIntN(32, (ab + nudge) / (1n << 31n)));
}

export function rdbpotC(x: number, exponent: number): number {
  const X = BigInt(x);
  const e = BigInt(exponent);
  const mask = (1n << e) - 1n;
  const remainder = X & mask;
  const threshold = (mask >> 1n) + (X < 0n ? 1n : 0n);
  return Number((X >> e) + (remainder > threshold ? 1n : 0n));
}

export function mbqmC(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const shifted = Number(BigInt.asIntN(32, BigInt(x) * (1n << BigInt(left))));
  return rdbpotC(srdhmC(shifted, m), right);
}
