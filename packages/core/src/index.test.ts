import { describe, expect, it } from 'vitest';
import * as core from './index.js';

describe('public API (docs/architecture.md section 1)', () => {
  it('exports every name other packages code against', () => {
    const names = [
      'createRng',
      'createModel',
      'Model',
      'DenseLayer',
      'forwardTrace',
      'train',
      'evaluate',
      'confusionMatrix',
      'accuracy',
      'classificationReport',
      'modelToDocument',
      'modelFromDocument',
      'explainStep',
      'renderExplanation',
      'CoreError',
      'ModelFormatError',
      'TrainingError',
      'createTrainer',
    ];
    for (const n of names) expect(typeof (core as Record<string, unknown>)[n], n).toBe('function');
  });

  it('ModelFormatError and TrainingError are CoreErrors with a code', () => {
    const e = new core.ModelFormatError('CORE_ERR_MODEL_SHAPE', 'layers[0].weights', 'bad');
    expect(e).toBeInstanceOf(core.CoreError);
    expect(e.code).toBe('CORE_ERR_MODEL_SHAPE');
    expect(e.field).toBe('layers[0].weights');
    expect(e.message).toBe('[core] CORE_ERR_MODEL_SHAPE: layers[0].weights: bad');
    const t = new core.TrainingError('CORE_ERR_NON_FINITE_LOSS', 'x', { epoch: 2, step: 5 });
    expect(t).toBeInstanceOf(core.CoreError);
    expect([t.epoch, t.step]).toEqual([2, 5]);
  });
});
