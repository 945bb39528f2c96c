/**
 * Copies rows `order[start .. start+n-1]` of a row-major `[rows][width]` matrix into `dst`
 * (row r of dst <- row order[start+r] of src). The mini-batch gather every engine does inside
 * its timed loop; a plain loop, so it allocates nothing.
 */
export function gatherRows(
  src: Float32Array,
  width: number,
  order: Int32Array,
  start: number,
  n: number,
  dst: Float32Array,
): void {
  for (let r = 0; r < n; r++) {
    const from = order[start + r]! * width;
    const to = r * width;
    for (let j = 0; j < width; j++) dst[to + j] = src[from + j]!;
  }
}
