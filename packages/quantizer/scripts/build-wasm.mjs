// Assembles src/runtime/fc-int8-simd.wat into src/runtime/fc-int8-simd-module.ts (the .wasm as base64, checked in), so the
// package needs nothing at run time; the work is the repository's scripts/wasm-module.mjs.
// Needs the `wabt` devDependency.
//   node scripts/build-wasm.mjs          write the module
//   node scripts/build-wasm.mjs --check  exit 1 if the checked-in module is not the .wat's build
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { assembleWat, runWasmBuild, wasmModuleSource } from '../../../scripts/wasm-module.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', ...'src/runtime'.split('/'));
const names = { watName: 'fc-int8-simd.wat', constName: 'FC_INT8_SIMD_WASM_BASE64', pkg: '@tinyspark/quantizer' };

/** The .wat assembled to .wasm bytes (SIMD on, no names section: the bytes depend only on the text). */
export function assemble(watText) {
  return assembleWat(wabtInit, names.watName, watText);
}

export function moduleSource(bytes) {
  return wasmModuleSource(bytes, names);
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  await runWasmBuild({ wabtInit, watPath: join(dir, names.watName), outPath: join(dir, 'fc-int8-simd-module.ts'), ...names });
}
