import { describe, expect, it } from 'vitest';
import { seededRng } from '../../test/support/seeded-rng.js';
import { tinyQModelDocument } from '../../test/support/tiny-qmodel.js';
import { multiplyByQuantizedMultiplier } from './fixed-point.js';
import { createQRunner } from './q-runner.js';
import { loadQModel } from './qmodel.js';
import type { QModel } from './qmodel.js';
import { quantizeValueInt8 } from './quantize-input.js';

/** An independent, straightforward re-statement of the model's integer inference. */
function naiveInvoke(m: QModel, x: number[]): number[] {
  let cur = x;
  for (const l of m.layers) {
    const next: number[] = [];
    for (let o = 0; o < l.outputDepth; o++) {
      let acc = 0;
      for (let d = 0; d < l.inputDepth; d++) acc += l.weights[o * l.inputDepth + d]! * (cur[d]! - l.inputZeroPoint);
      acc += l.bias ? l.bias[o]! : 0;
      const c = l.outputMultiplier.length > 1 ? o : 0;
      const y = multiplyByQuantizedMultiplier(acc, l.outputMultiplier[c]!, l.outputShift[c]!) + l.outputZeroPoint;
      next.push(Math.min(l.activationMax, Math.max(l.activationMin, y)));
    }
    cur = next;
  }
  return cur;
}

describe('createQRunner', () => {
  for (const pc of [false, true]) {
    it(`invoke equals the layer-by-layer integer arithmetic (${pc ? 'per-channel' : 'per-tensor'})`, () => {
      const m = loadQModel(tinyQModelDocument(pc));
      const r = createQRunner(m);
      const rng = seededRng(pc ? 11 : 10);
      const seen = new Set<number>();
      for (let i = 0; i < 2000; i++) {
        const feats = [rng.next() * 1.3, rng.next() * 1.3, rng.next() * 1.3];
        const q = r.quantizeInput(feats);
        expect(Array.from(q)).toEqual(feats.map((f) => quantizeValueInt8(f, m.input.scale, m.input.zeroPoint)));
        const expected = naiveInvoke(m, Array.from(q));
        expect(Array.from(r.invoke(q))).toEqual(expected);
        const p = r.predict(feats);
        expect(p.index).toBe(expected[1]! > expected[0]! ? 1 : 0);
        expect(p.label).toBe(m.labels[p.index]);
        expect(p.score).toBeGreaterThanOrEqual(0.5);
        seen.add(p.index);
      }
      expect(seen.size).toBe(2);
    });
  }
  it('reuses its buffers and result object (allocation-free per inference)', () => {
    const r = createQRunner(loadQModel(tinyQModelDocument()));
    const a = r.predict([0.1, 0.5, 1.2]);
    const logitsA = a.logits;
    const b = r.predict([1.2, 0.5, 0.1]);
    expect(b).toBe(a);
    expect(b.logits).toBe(logitsA);
    expect(r.quantizeInput([0, 0, 0])).toBe(r.quantizeInput([1, 1, 1]));
  });
  it('argmax: first index wins ties; score is the softmax of dequantized logits', () => {
    const m = loadQModel(tinyQModelDocument());
    const r = createQRunner(m);
    const p = r.predict([0, 0, 0]);
    const l = Array.from(p.logits).map((q) => m.output.scale * (q - m.output.zeroPoint));
    const e = l.map((v) => Math.exp(v));
    expect(p.score).toBeCloseTo(e[p.index]! / (e[0]! + e[1]!), 12);
    if (p.logits[0] === p.logits[1]) expect(p.index).toBe(0);
  });
  it('rejects wrong input sizes', () => {
    const r = createQRunner(loadQModel(tinyQModelDocument()));
    expect(() => r.predict([1, 2])).toThrow(/QUANT_ERR_SHAPE_MISMATCH/);
    expect(() => r.invoke(new Int8Array(4))).toThrow(/inputQ/);
  });
});
