import type { Activation } from './activation.js';
import { DenseLayer } from './dense-layer.js';
import { CoreError } from './errors.js';
import { initializeLayer, type InitKind } from './init.js';
import { Model } from './model.js';
import type { Rng } from './rng.js';

/** Architecture of a model: input width and the dense layers in order. */
export interface ModelSpec {
  inputSize: number;
  layers: { units: number; activation: Activation; useBias?: boolean }[];
}

export interface CreateModelOptions {
  /** The only source of randomness (see createRng). */
  rng: Rng;
  /** Weight initialisation (default 'glorot'). */
  init?: InitKind;
}

/**
 * Build a model and initialise its parameters from `options.rng`. `useBias` defaults to true.
 * Softmax is allowed on the last layer only.
 */
export function createModel(spec: ModelSpec, options: CreateModelOptions): Model {
  if (spec === null || typeof spec !== 'object' || !Array.isArray(spec.layers) || spec.layers.length === 0) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', 'must list at least one layer', 'spec.layers');
  }
  if (options === undefined || options.rng === undefined) {
    throw new CoreError('CORE_ERR_INVALID_ARGUMENT', 'an Rng is required (createRng(seed))', 'options.rng');
  }
  const init = options.init ?? 'glorot';
  let inputSize = spec.inputSize;
  const layers: DenseLayer[] = [];
  spec.layers.forEach((ls, l) => {
    let layer: DenseLayer;
    try {
      layer = new DenseLayer({ inputSize, units: ls.units, activation: ls.activation, useBias: ls.useBias ?? true });
    } catch (e) {
      if (e instanceof CoreError) throw new CoreError(e.code, e.detail, `spec.layers[${l}].${e.field ?? ''}`);
      throw e;
    }
    initializeLayer(layer, init, options.rng);
    layers.push(layer);
    inputSize = ls.units;
  });
  return new Model(layers);
}
