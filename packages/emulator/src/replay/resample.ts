/**
 * Band-limited resampling: a windowed-sinc interpolator (Blackman window, 8 zero crossings each
 * side) evaluated at any instant of a recording. When the target rate is lower than the source
 * rate the kernel is widened so its cut-off sits at the target's Nyquist frequency (anti-aliasing);
 * when the rates agree and the instant falls on a source sample, the sample itself is returned
 * exactly. Weights are normalised to sum to 1, so a constant (gravity) passes unchanged. Beyond the
 * ends the recording is held at its first and last samples.
 */

/** Zero crossings of the sinc on each side of the centre (at the source rate, fc = 1). */
export const SINC_ZERO_CROSSINGS = 8;

function sinc(x: number): number {
  if (Math.abs(x) < 1e-12) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function blackman(u: number): number {
  // u in [-1, 1]
  if (u <= -1 || u >= 1) return 0;
  return 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
}

/**
 * Writes the value at `positionSamples` (fractional index into the source) of a `channels`-wide
 * interleaved track of `count` samples into `out[o..o + channels - 1]`. `ratio` = target rate /
 * source rate (>= 1: no band limit needed beyond the source's own).
 */
export function interpolateAt(values: Float64Array, channels: number, count: number, positionSamples: number, ratio: number, out: Float64Array, o: number): void {
  const fc = Math.min(1, ratio);
  const nearest = Math.round(positionSamples);
  if (fc === 1 && Math.abs(positionSamples - nearest) < 1e-6) {
    const i = nearest < 0 ? 0 : nearest >= count ? count - 1 : nearest;
    for (let c = 0; c < channels; c++) out[o + c] = values[i * channels + c]!;
    return;
  }
  const half = Math.ceil(SINC_ZERO_CROSSINGS / fc);
  const i0 = Math.floor(positionSamples);
  for (let c = 0; c < channels; c++) out[o + c] = 0;
  let wsum = 0;
  for (let j = i0 - half + 1; j <= i0 + half; j++) {
    const x = positionSamples - j;
    const w = fc * sinc(fc * x) * blackman(x / half);
    if (w === 0) continue;
    const i = j < 0 ? 0 : j >= count ? count - 1 : j;
    for (let c = 0; c < channels; c++) out[o + c] += w * values[i * channels + c]!;
    wsum += w;
  }
  const inv = wsum !== 0 ? 1 / wsum : 0;
  for (let c = 0; c < channels; c++) out[o + c] *= inv;
}

/**
 * Resamples a whole interleaved track from `fromHz` to `toHz`: sample k of the result is at time
 * k / toHz (the first samples of both coincide); the result covers the same duration
 * (floor(count * toHz / fromHz) samples).
 */
export function resampleTrack(values: Float64Array, channels: number, fromHz: number, toHz: number): Float64Array {
  const count = values.length / channels;
  const n = Math.floor((count * toHz) / fromHz + 1e-9);
  const out = new Float64Array(n * channels);
  const ratio = toHz / fromHz;
  for (let k = 0; k < n; k++) interpolateAt(values, channels, count, (k * fromHz) / toHz, ratio, out, k * channels);
  return out;
}
