import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ACT_LINEAR, ACT_RELU, ACT_SIGMOID, ACT_SOFTMAX, ACT_TANH } from '../activation.js';
import { activationBackward, applyActivation, softmaxRow } from './activation-kernels.js';

const f32 = fc.float({ min: -80, max: 80, noNaN: true, noDefaultInfinity: true });

describe('activation kernels', () => {
  test.prop([fc.array(f32, { minLength: 1, maxLength: 12 })])('softmax sums to 1 and every output is in [0, 1]', (values) => {
    const z = Float32Array.from(values);
    const a = new Float32Array(z.length);
    softmaxRow(z, a, 0, z.length);
    const sum = a.reduce((s, v) => s + v, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
    for (const v of a) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('softmax is finite for huge logits (max subtracted)', () => {
    const z = Float32Array.from([1000, 999, -1000]);
    const a = new Float32Array(3);
    softmaxRow(z, a, 0, 3);
    expect(a[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(a[2]).toBe(0);
  });

  it('applies each activation by its formula, per row for softmax', () => {
    const z = Float32Array.from([-2, -0.5, 0, 0.5, 2, 3]);
    const out = (code: number): number[] => {
      const a = new Float32Array(6);
      applyActivation(code, z, a, 6, 3);
      return Array.from(a);
    };
    expect(out(ACT_LINEAR)).toEqual(Array.from(z));
    expect(out(ACT_RELU)).toEqual([0, 0, 0, 0.5, 2, 3]);
    out(ACT_SIGMOID).forEach((v, i) => expect(v).toBeCloseTo(1 / (1 + Math.exp(-z[i]!)), 6));
    out(ACT_TANH).forEach((v, i) => expect(v).toBeCloseTo(Math.tanh(z[i]!), 6));
    const sm = out(ACT_SOFTMAX);
    expect(sm[0]! + sm[1]! + sm[2]!).toBeCloseTo(1, 6);
    expect(sm[3]! + sm[4]! + sm[5]!).toBeCloseTo(1, 6);
  });

  it.each([
    ['relu', ACT_RELU],
    ['sigmoid', ACT_SIGMOID],
    ['tanh', ACT_TANH],
    ['softmax', ACT_SOFTMAX],
  ] as const)('%s backward equals the finite-difference Jacobian-vector product', (_name, code) => {
    const z = [-1.3, 0.2, 0.7, 1.9];
    const g = [0.3, -0.8, 0.5, 0.1];
    const f = (zz: number[]): number[] => {
      const a = new Float32Array(4);
      applyActivation(code, Float32Array.from(zz), a, 4, 4);
      return Array.from(a);
    };
    const a = Float32Array.from(f(z));
    const back = Float32Array.from(g);
    activationBackward(code, a, back, 4, 4);
    const h = 1e-3;
    for (let i = 0; i < 4; i++) {
      const up = z.slice();
      const dn = z.slice();
      up[i] = up[i]! + h;
      dn[i] = dn[i]! - h;
      const fu = f(up);
      const fd = f(dn);
      let num = 0;
      for (let j = 0; j < 4; j++) num += (g[j]! * (fu[j]! - fd[j]!)) / (2 * h);
      expect(back[i]).toBeCloseTo(num, 3);
    }
  });
});

