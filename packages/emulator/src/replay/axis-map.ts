import { EmulatorError } from '../errors.js';

/**
 * An axis map: for each board axis (x, y, z), the recording's axis it comes from and its sign.
 * Written `x=-y,y=x,z=z`: board x = minus the recording's y, board y = the recording's x, board z =
 * the recording's z (the Wii remote -> TinySpark mapping of the calibration data). Only signed
 * permutations are accepted: rotations by multiples of 90 degrees and reflections.
 */
export interface AxisMap {
  readonly source: readonly [number, number, number];
  readonly sign: readonly [number, number, number];
}

export const IDENTITY_AXIS_MAP: AxisMap = { source: [0, 1, 2], sign: [1, 1, 1] };

function badMap(text: string, field: string): EmulatorError {
  return new EmulatorError('EMU_ERR_INVALID_OPTION', text, { field });
}

/** Parses `x=-y,y=x,z=z`; throws EMU_ERR_INVALID_OPTION naming `field`. */
export function parseAxisMap(text: string, field = 'axisMap'): AxisMap {
  const source: number[] = [-1, -1, -1];
  const sign: number[] = [1, 1, 1];
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 3) throw badMap(`${JSON.stringify(text)} must name each board axis once, e.g. "x=-y,y=x,z=z"`, field);
  for (const p of parts) {
    const m = /^([xyz])\s*=\s*([+-]?)\s*([xyz])$/.exec(p);
    if (m === null) throw badMap(`${JSON.stringify(p)} is not "<board axis>=[-]<recording axis>", e.g. "x=-y"`, field);
    const b = 'xyz'.indexOf(m[1]!);
    if (source[b] !== -1) throw badMap(`board axis ${m[1]} is mapped twice in ${JSON.stringify(text)}`, field);
    source[b] = 'xyz'.indexOf(m[3]!);
    sign[b] = m[2] === '-' ? -1 : 1;
  }
  if (new Set(source).size !== 3) throw badMap(`${JSON.stringify(text)} uses a recording axis twice: the map must be a rotation or reflection`, field);
  return { source: source as [number, number, number], sign: sign as [number, number, number] };
}

/** The map written back as text (`x=-y,y=x,z=z`). */
export function formatAxisMap(map: AxisMap): string {
  return [0, 1, 2].map((b) => `${'xyz'[b]}=${map.sign[b]! < 0 ? '-' : ''}${'xyz'[map.source[b]!]}`).join(',');
}

/** Applies a map to an interleaved 3-channel track (`values[k * 3 + axis]`); a new array. */
export function applyAxisMap(values: ArrayLike<number>, map: AxisMap | string): Float64Array {
  const m = typeof map === 'string' ? parseAxisMap(map) : map;
  const n = Math.floor(values.length / 3);
  const out = new Float64Array(n * 3);
  for (let k = 0; k < n; k++) {
    for (let b = 0; b < 3; b++) out[k * 3 + b] = m.sign[b]! * values[k * 3 + m.source[b]!]! + 0;
  }
  return out;
}
