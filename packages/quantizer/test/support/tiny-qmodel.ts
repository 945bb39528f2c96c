import type { QModelDocument } from '../../src/runtime/qmodel.js';
import { activationBounds } from '../../src/runtime/activation-bounds.js';
import { fullyConnectedRealMultiplier, quantizeMultiplier } from '../../src/runtime/quantize-multiplier.js';

/** A hand-made 3-4-2 qmodel document (course proximity pipeline), multipliers as the device computes them. */
export function tinyQModelDocument(perChannel = false): QModelDocument {
  const sIn = Math.fround(0.005);
  const sH = Math.fround(0.01);
  const sOut = Math.fround(0.02);
  const w1Scales = perChannel ? [0.004, 0.005, 0.006, 0.007].map(Math.fround) : [Math.fround(0.005)];
  const w2Scales = perChannel ? [0.003, 0.004].map(Math.fround) : [Math.fround(0.0035)];
  const mult = (a: number, ws: number[], o: number) => ws.map((w) => quantizeMultiplier(fullyConnectedRealMultiplier(a, w, o, ws.length > 1)));
  const m1 = mult(sIn, w1Scales, sH);
  const m2 = mult(sH, w2Scales, sOut);
  const b1 = activationBounds('relu', sH, -128);
  return {
    format: 'tinyspark.qmodel',
    version: 1,
    labels: ['moving_closer', 'moving_away'],
    pipeline: { sensor: 'proximity', axes: ['proximity'], windowLength: 3, intervalMs: 250, scale: [0.01], offset: [0], layout: 'time-major' },
    input: { scale: sIn, zeroPoint: -128 },
    layers: [
      {
        type: 'fully_connected',
        inputDepth: 3,
        outputDepth: 4,
        weights: [-100, 20, 127, 90, -30, -120, 5, 60, 70, -127, 0, 40],
        weightScales: w1Scales,
        bias: [100, -2000, 300, 0],
        inputScale: sIn,
        inputZeroPoint: -128,
        outputScale: sH,
        outputZeroPoint: -128,
        outputMultiplier: m1.map((m) => m.multiplier),
        outputShift: m1.map((m) => m.shift),
        activation: 'relu',
        activationMin: b1.min,
        activationMax: b1.max,
      },
      {
        type: 'fully_connected',
        inputDepth: 4,
        outputDepth: 2,
        weights: [80, -90, 10, 127, -127, 100, -5, 3],
        weightScales: w2Scales,
        bias: null,
        inputScale: sH,
        inputZeroPoint: -128,
        outputScale: sOut,
        outputZeroPoint: 3,
        outputMultiplier: m2.map((m) => m.multiplier),
        outputShift: m2.map((m) => m.shift),
        activation: 'none',
        activationMin: -128,
        activationMax: 127,
      },
    ],
    output: { scale: sOut, zeroPoint: 3 },
  };
}
