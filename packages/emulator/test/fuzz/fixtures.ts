// What the fuzz generator needs to know about a board: its gestures and a valid model to deploy.
import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import { gestureNames } from '../../src/motion/index.js';
import { handBuiltQModel } from '../qmodel-fixture.js';
import type { FrameGeneratorOptions } from './generator.js';

const PROX: InputPipeline = { sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' };

/** Generator options for a board with `limits` (as its `hello` announces them). */
export function generatorOptions(seed: number, limits: FrameGeneratorOptions['limits'], maxValidAdvanceMs?: number): FrameGeneratorOptions {
  return {
    seed,
    limits,
    gestures: gestureNames(),
    model: handBuiltQModel(PROX, [3, 2], ['moving_closer', 'moving_away'], 1, 1.28 / 127),
    ...(maxValidAdvanceMs === undefined ? {} : { maxValidAdvanceMs }),
  };
}
