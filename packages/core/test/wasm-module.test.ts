import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { assemble, moduleSource } from '../scripts/build-wasm.mjs';

describe('the checked-in WebAssembly module', () => {
  it('is the build of dense-simd.wat (run `pnpm --filter @tinyspark/core build:wasm` after editing the .wat)', async () => {
    const wat = readFileSync(new URL('../src/kernels/wasm/dense-simd.wat', import.meta.url), 'utf8');
    const built = moduleSource(await assemble(wat));
    expect(readFileSync(new URL('../src/kernels/wasm/dense-simd-module.ts', import.meta.url), 'utf8')).toBe(built);
  }, 60_000);
});
