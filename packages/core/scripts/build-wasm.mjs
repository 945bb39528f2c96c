// Assembles src/kernels/wasm/dense-simd.wat into src/kernels/wasm/dense-simd-module.ts (the .wasm as base64, checked in), so the
// package needs nothing at run time; the work is the repository's scripts/wasm-module.mjs.
// Needs the `wabt` devDependency.
//   node scripts/build-wasm.mjs          write the module
//   node scripts/build-wasm.mjs --check  exit 1 if the checked-in module is not the .wat's build
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { assembleWat, runWasmBuild, wasmModuleSource } from '../../../scripts/wasm-module.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', ...'src/kernels/wasm'.split('/'));
const names = { watName: 'dense-simd.wat', constName: 'DENSE_SIMD_WASM_BASE64', pkg: '@tinyspark/core' };

/** The .wat assembled to .wasm bytes (SIMD on, no names section: the bytes depend only on the text). */
export function assemble(watText) {
  return assembleWat(wabtInit, names.watName, watText);
}

export function moduleSource(bytes) {
  return wasmModuleSource(bytes, names);
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  await runWasmBuild({ wabtInit, watPath: join(dir, names.watName), outPath: join(dir, 'dense-simd-module.ts'), ...names });
}
