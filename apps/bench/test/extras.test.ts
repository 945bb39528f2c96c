import { describe, expect, it } from 'vitest';
import { emulatorVirtualRate } from '../src/extras/emulator-virtual.js';
import type { ExtraContext } from '../src/extras/extra-context.js';
import { measureInt8 } from '../src/extras/int8-inference.js';
import { percentile } from '../src/extras/emulator-realtime.js';
import { buildContext } from '../src/run-bench.js';

let tick = 0;
const x: ExtraContext = {
  quick: true,
  now: () => (tick += 0.001),
  log: () => undefined,
  ctx: buildContext({ w1Samples: 256, w1Epochs: 2, w2Epochs: 10, w3Calls: 10 }),
};

describe('further measurements do real, comparable work', () => {
  it('int8: the generated C (gcc -O2) returns the runtime logits byte for byte on the same inputs', async () => {
    const [runtime, c, js] = await measureInt8(x);
    expect(runtime!.engine).toBe('quantizer-runtime');
    expect(runtime!.notes).toMatch(/\(wasm kernels\)/);
    expect(js!.engine).toBe('quantizer-runtime-js');
    expect(js!.notes, js!.notes).toMatch(/logits identical to the default kernels/);
    expect(runtime!.accuracy).toBeGreaterThan(0.2); // chance is 1/6
    expect(c!.engine).toBe('generated-c-O2');
    expect(c!.samplesPerSecond).toBeGreaterThan(0);
    expect(c!.notes, c!.notes).toMatch(/logits identical to the runtime/);
  });

  it('emulator on the virtual clock: every board streams 2 x 104 readings per board second', async () => {
    const r = await emulatorVirtualRate(x, 3, 4);
    expect(r.samples).toBe(3 * 4 * 2 * 104);
    expect(r.bytes).toBeGreaterThan(r.samples * 6);
  });

  it('percentile is nearest-rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 100)).toBe(100);
    expect(percentile([5], 99)).toBe(5);
  });
});
