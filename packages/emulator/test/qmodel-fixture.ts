import { activationBounds, fullyConnectedRealMultiplier, quantizeMultiplier } from '@tinyspark/quantizer/runtime';
import type { InputPipeline } from '@tinyspark/quantizer/runtime';
import { createRng } from '../src/rng.js';

/**
 * Builds a valid tinyspark.qmodel v1 document by hand (seeded random int8 weights), independent of
 * the quantizer's converter: per-tensor scales, the device's own multiplier/shift computation.
 */
export function handBuiltQModel(pipeline: InputPipeline, sizes: number[], labels: string[], seed: number, inputScale: number): Record<string, unknown> {
  const rng = createRng(seed);
  const layers: Record<string, unknown>[] = [];
  let inScale = inputScale;
  let inZp = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputDepth = sizes[l]!;
    const outputDepth = sizes[l + 1]!;
    const last = l + 2 === sizes.length;
    const weightScale = 0.02;
    const outputScale = last ? 0.08 : 0.05;
    const outputZeroPoint = last ? 0 : -128;
    const activation = last ? 'none' : 'relu';
    const { multiplier, shift } = quantizeMultiplier(fullyConnectedRealMultiplier(inScale, weightScale, outputScale, false));
    const bounds = activationBounds(activation, outputScale, outputZeroPoint);
    layers.push({
      type: 'fully_connected',
      inputDepth,
      outputDepth,
      weights: Array.from({ length: inputDepth * outputDepth }, () => rng.int(81) - 40),
      weightScales: [weightScale],
      bias: Array.from({ length: outputDepth }, () => rng.int(2001) - 1000),
      inputScale: inScale,
      inputZeroPoint: inZp,
      outputScale,
      outputZeroPoint,
      outputMultiplier: [multiplier],
      outputShift: [shift],
      activation,
      activationMin: bounds.min,
      activationMax: bounds.max,
    });
    inScale = outputScale;
    inZp = outputZeroPoint;
  }
  return {
    format: 'tinyspark.qmodel',
    version: 1,
    labels,
    pipeline,
    input: { scale: inputScale, zeroPoint: 0 },
    layers,
    output: { scale: inScale, zeroPoint: inZp },
  };
}
