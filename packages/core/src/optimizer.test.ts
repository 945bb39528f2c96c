import { describe, expect, it } from 'vitest';
import { CoreError } from './errors.js';
import { Optimizer } from './optimizer.js';

function run(spec: ConstructorParameters<typeof Optimizer>[0], grads: number[], w0 = 1): number[] {
  const w = Float32Array.from([w0]);
  const opt = new Optimizer(spec, [w]);
  return grads.map((g) => {
    opt.update([w], [Float32Array.from([g])]);
    return w[0]!;
  });
}

describe('Optimizer', () => {
  it('sgd: w -= lr * g', () => {
    const [a, b] = run({ type: 'sgd', learningRate: 0.1 }, [2, -1]);
    expect(a).toBeCloseTo(0.8, 6);
    expect(b).toBeCloseTo(0.9, 6);
  });

  it('momentum: a constant gradient accelerates as lr*g*(1 + mu + mu^2 ...)', () => {
    const ws = run({ type: 'momentum', learningRate: 0.1, momentum: 0.9 }, [1, 1, 1]);
    expect(ws[0]).toBeCloseTo(1 - 0.1, 6);
    expect(ws[1]).toBeCloseTo(1 - 0.1 - 0.19, 6);
    expect(ws[2]).toBeCloseTo(1 - 0.1 - 0.19 - 0.271, 6);
  });

  it('nesterov momentum looks ahead: first step moves lr*g*(1+mu)', () => {
    const [a] = run({ type: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: true }, [1]);
    expect(a).toBeCloseTo(1 - 0.19, 6);
  });

  it('adam: the bias-corrected first steps move by about lr, whatever the gradient scale', () => {
    for (const g of [1e-2, 1, 1000]) {
      const ws = run({ type: 'adam', learningRate: 0.01 }, [g, g]);
      expect(ws[0]).toBeCloseTo(1 - 0.01, 4); // epsilon makes tiny gradients move slightly less
      expect(ws[1]).toBeCloseTo(1 - 0.02, 4);
    }
  });

  it('adam matches the formula of Kingma & Ba on a varying gradient', () => {
    const gs = [0.5, -0.2, 0.9];
    const ws = run({ type: 'adam', learningRate: 0.1, beta1: 0.8, beta2: 0.95, epsilon: 1e-8 }, gs);
    let m = 0;
    let v = 0;
    let w = 1;
    gs.forEach((g, t) => {
      m = 0.8 * m + 0.2 * g;
      v = 0.95 * v + 0.05 * g * g;
      const mh = m / (1 - 0.8 ** (t + 1));
      const vh = v / (1 - 0.95 ** (t + 1));
      w -= (0.1 * mh) / (Math.sqrt(vh) + 1e-8 * Math.sqrt(1 - 0.95 ** (t + 1)));
      expect(ws[t]).toBeCloseTo(w, 6);
    });
  });

  it('rejects bad hyper-parameters with the field named', () => {
    expect(() => new Optimizer({ type: 'sgd', learningRate: -1 }, [])).toThrow(/optimizer.learningRate/);
    expect(() => new Optimizer({ type: 'momentum', learningRate: 0.1, momentum: 1 }, [])).toThrow(/optimizer.momentum/);
    expect(() => new Optimizer({ type: 'adam', beta2: 1.5 }, [])).toThrow(CoreError);
    expect(() => new Optimizer({ type: 'rmsprop' } as never, [])).toThrow(/optimizer.type/);
  });
});
