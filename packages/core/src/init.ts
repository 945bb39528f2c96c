import type { DenseLayer } from './dense-layer.js';
import { CoreError } from './errors.js';
import type { Rng } from './rng.js';

/**
 * Weight initialisations. Every value is drawn from the injected Rng in a fixed order: layer by
 * layer, weights in storage order (unit-major: weights[u*inputSize + i]), then that layer's biases.
 * - 'uniform1':   w = 2r - 1                      (the course: uniform in [-1, 1))
 * - 'uniform0.1': w = 0.1 * (2r - 1)              (the course: uniform in [-0.1, 0.1))
 * - 'glorot':     w = (2r - 1) * sqrt(6 / (fanIn + fanOut))   (Glorot/Xavier uniform)
 * - 'he':         w = (2r - 1) * sqrt(6 / fanIn)              (He uniform, for relu layers)
 * r = rng.next(); the product is computed in float64 and stored as float32.
 * Biases: drawn like the weights for the course's uniform inits (the course's bias is just a
 * weight on a constant input 1); zero for glorot and he. No bias values are drawn when useBias is false.
 */
export type InitKind = 'glorot' | 'he' | 'uniform1' | 'uniform0.1';

export const INIT_KINDS: readonly InitKind[] = ['glorot', 'he', 'uniform1', 'uniform0.1'];

/** The half-width of the uniform interval used for a layer's weights. */
export function initLimit(kind: InitKind, fanIn: number, fanOut: number): number {
  switch (kind) {
    case 'uniform1':
      return 1;
    case 'uniform0.1':
      return 0.1;
    case 'glorot':
      return Math.sqrt(6 / (fanIn + fanOut));
    case 'he':
      return Math.sqrt(6 / fanIn);
  }
}

/** Fill one layer's parameters in place from `rng` (see InitKind for the order and formulas). */
export function initializeLayer(layer: DenseLayer, kind: InitKind, rng: Rng): void {
  if (!(INIT_KINDS as readonly string[]).includes(kind)) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', `unknown init ${JSON.stringify(kind)} (use ${INIT_KINDS.join(', ')})`, 'init');
  }
  const limit = initLimit(kind, layer.inputSize, layer.units);
  const w = layer.weights;
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * limit;
  const b = layer.bias;
  if (layer.useBias && (kind === 'uniform1' || kind === 'uniform0.1')) {
    for (let u = 0; u < b.length; u++) b[u] = (2 * rng.next() - 1) * limit;
  } else {
    b.fill(0);
  }
}
