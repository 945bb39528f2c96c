/** 1234567 -> "1.23M", 45600 -> "45.6k"; null -> "-". */
export function formatRate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toPrecision(3)}G`;
  if (abs >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (abs >= 1e3) return `${(v / 1e3).toPrecision(3)}k`;
  return v.toPrecision(3);
}

/** A ratio as "12.3x" (three significant digits). */
export function formatRatio(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  return `${v >= 100 ? Math.round(v).toString() : v.toPrecision(3)}x`;
}

export function formatFixed(v: number | null | undefined, digits: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  return v.toFixed(digits);
}

/** GFLOP/s with three significant digits (small figures stay readable: 0.000184). */
export function formatGflops(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  return v >= 100 ? v.toFixed(0) : v.toPrecision(3);
}
