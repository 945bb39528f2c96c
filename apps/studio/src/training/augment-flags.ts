import type { AugmentOptions } from '@tinyspark/core';
import type { Parsed } from '../args.js';
import { numOpt, str } from '../args.js';

/** The `--augment-*` transform flags of `train` and `sim2real`: flag, core's option, largest value. */
export const AUGMENT_FLAGS = [
  ['augment-time-warp', 'timeWarp', 0.3],
  ['augment-amplitude', 'amplitude', 1],
  ['augment-rotation-deg', 'rotationDeg', 180],
  ['augment-noise', 'noise', 1e6],
  ['augment-offset', 'offset', 1e6],
] as const;

/** The transforms the flags name (`given`: any flag present; `active`: any value above 0). */
export function augmentTransforms(command: string, p: Parsed): { options: AugmentOptions; given: boolean; active: boolean } {
  const options: AugmentOptions = {};
  let given = false;
  let active = false;
  for (const [flagName, key, max] of AUGMENT_FLAGS) {
    if (str(p, flagName) === undefined) continue;
    const v = numOpt(command, p, flagName, 0, 0, max);
    options[key] = v;
    given = true;
    if (v > 0) active = true;
  }
  return { options, given, active };
}

/** The flags' parser entries (`--augment-copies` and the transforms), for a command's `options`. */
export const AUGMENT_OPTIONS = {
  'augment-copies': { type: 'string' },
  'augment-time-warp': { type: 'string' },
  'augment-amplitude': { type: 'string' },
  'augment-rotation-deg': { type: 'string' },
  'augment-noise': { type: 'string' },
  'augment-offset': { type: 'string' },
} as const;
