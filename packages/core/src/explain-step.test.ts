import { describe, expect, it } from 'vitest';
import { createModel } from './create-model.js';
import { explainStep } from './explain-step.js';
import { renderExplanation } from './render-explanation.js';
import { createRng } from './rng.js';
import { createTrainer } from './trainer.js';

describe('explainStep beyond the course example', () => {
  it.each([
    ['sigmoid', 'softmax', 'categorical_crossentropy'],
    ['relu', 'tanh', 'mse'],
    ['tanh', 'softmax', 'mse'],
  ] as const)('%s -> %s with %s and biases: every gradient and new weight equals one SGD step of the trainer', (hidden, out, loss) => {
    const spec = { inputSize: 3, layers: [{ units: 4, activation: hidden }, { units: 3, activation: out }] };
    const m = createModel(spec, { rng: createRng(4), init: 'uniform1' });
    const x = [0.2, -0.7, 0.9];
    const y = [0, 1, 0];
    const e = explainStep(m, x, y, { learningRate: 0.1, loss });
    const tr = createTrainer(m, { loss, learningRate: 0.1 });
    const l = tr.step(Float32Array.from(x), Float32Array.from(y), 1);
    expect(e.lossValue).toBeCloseTo(l, 5);
    e.layers.forEach((L, i) => {
      L.weightGradients.flat().forEach((g, j) => expect(g).toBeCloseTo(tr.grads[2 * i]![j]!, 5));
      L.biasGradients!.forEach((g, j) => expect(g).toBeCloseTo(tr.grads[2 * i + 1]![j]!, 5));
      L.newWeights.flat().forEach((w, j) => expect(w).toBeCloseTo(m.layers[i]!.weights[j]!, 5));
      L.newBias!.forEach((b, j) => expect(b).toBeCloseTo(m.layers[i]!.bias[j]!, 5));
    });
    expect(e.courseHiddenGradients === undefined).toBe(loss !== 'mse');
    const text = renderExplanation(e, { labels: ['a', 'b', 'c'] });
    expect(text).toContain('bias[1]: gradient');
    expect(text).toContain('error2 (b)');
    expect(text.includes('softmax Jacobian')).toBe(out === 'softmax' && loss === 'mse');
    expect(text.includes('fused with cross-entropy')).toBe(loss === 'categorical_crossentropy');
  });

  it('does not change the model unless apply is set', () => {
    const m = createModel({ inputSize: 2, layers: [{ units: 1, activation: 'linear' }] }, { rng: createRng(1) });
    const before = Array.from(m.layers[0]!.weights);
    const e = explainStep(m, [1, 2], [3]);
    expect(Array.from(m.layers[0]!.weights)).toEqual(before);
    explainStep(m, [1, 2], [3], { apply: true });
    Array.from(m.layers[0]!.weights).forEach((w, i) => expect(w).toBeCloseTo(e.layers[0]!.newWeights[0]![i]!, 6));
    expect(() => explainStep(m, [1], [3])).toThrow(/input/);
    expect(() => explainStep(m, [1, 2], [3, 4])).toThrow(/target/);
  });
});
