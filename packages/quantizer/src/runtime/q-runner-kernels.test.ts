import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRng } from '../../test/support/seeded-rng.js';
import { tinyQModelDocument } from '../../test/support/tiny-qmodel.js';
import { createQRunner } from './q-runner.js';
import { loadQModel } from './qmodel.js';

describe('createQRunner kernels: WebAssembly SIMD by default, JavaScript on request, same bits', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('wasm by default here, js with { kernels: "js" } or TINYSPARK_INT8_KERNELS=js; an explicit option wins', () => {
    vi.stubEnv('TINYSPARK_INT8_KERNELS', '');
    const m = loadQModel(tinyQModelDocument());
    expect(createQRunner(m).kernels).toBe('wasm');
    expect(createQRunner(m, { kernels: 'js' }).kernels).toBe('js');
    expect(createQRunner(m, { kernels: 'wasm' }).kernels).toBe('wasm');
    vi.stubEnv('TINYSPARK_INT8_KERNELS', 'js');
    expect(createQRunner(m).kernels).toBe('js');
    expect(createQRunner(m, { kernels: 'wasm' }).kernels).toBe('wasm');
    expect(() => createQRunner(m, { kernels: 'simd' as 'js' })).toThrow(/options\.kernels/);
  });

  it('falls back to the JavaScript kernels when no module memory can be allocated ("auto"), and says so for "wasm"', () => {
    vi.stubEnv('TINYSPARK_INT8_KERNELS', '');
    const m = loadQModel(tinyQModelDocument());
    const expected = Array.from(createQRunner(m).invoke(new Int8Array(3).fill(7)));
    const wasmGlobal = (globalThis as unknown as { WebAssembly: { Memory: new (d: unknown) => unknown } }).WebAssembly;
    const spy = vi.spyOn(wasmGlobal, 'Memory').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory(): could not allocate memory');
    });
    try {
      const r = createQRunner(m);
      expect(r.kernels).toBe('js');
      expect(Array.from(r.invoke(new Int8Array(3).fill(7)))).toEqual(expected);
      expect(() => createQRunner(m, { kernels: 'wasm' })).toThrow(/could not allocate/);
    } finally {
      spy.mockRestore();
    }
    expect(createQRunner(m).kernels).toBe('wasm');
  });

  for (const pc of [false, true]) {
    it(`invoke, predict and layerOutputs are identical on both kernels (${pc ? 'per-channel' : 'per-tensor'}, both roundings)`, () => {
      for (const rounding of ['double', 'single'] as const) {
        const m = loadQModel(rounding === 'double' ? tinyQModelDocument(pc) : { ...tinyQModelDocument(pc), version: 2, rounding });
        const wasm = createQRunner(m, { kernels: 'wasm' });
        const js = createQRunner(m, { kernels: 'js' });
        const rng = seededRng(pc ? 11 : 12);
        for (let s = 0; s < 500; s++) {
          const x = Int8Array.from({ length: wasm.inputSize }, () => rng.int(-128, 127));
          expect(Array.from(wasm.invoke(x))).toEqual(Array.from(js.invoke(x)));
          wasm.layerOutputs.forEach((out, l) => expect(Array.from(out)).toEqual(Array.from(js.layerOutputs[l]!)));
          const f = Array.from({ length: wasm.inputSize }, () => 3 * rng.next() - 1);
          const a = wasm.predict(f);
          const b = js.predict(f);
          expect([a.index, a.score, Array.from(a.logits)]).toEqual([b.index, b.score, Array.from(b.logits)]);
        }
        expect(() => wasm.invoke(new Int8Array(wasm.inputSize + 1))).toThrow(/inputQ/);
      }
    });
  }
});
