/**
 * Loads the WebAssembly SIMD int8 kernels (fc-int8-simd.wat, assembled at build time into
 * fc-int8-simd-module.ts) synchronously, once per process, as core loads its float kernels. Where
 * WebAssembly or its 128-bit SIMD is missing, `fcInt8SimdModule()` returns null and the runtime
 * runs the JavaScript kernels, which give the same bits (docs/decisions/0015-int8-simd.md).
 */
import { FC_INT8_SIMD_WASM_BASE64 } from './fc-int8-simd-module.js';

/** The kernels' exports; pointers are byte offsets into the instance's imported memory. */
export interface FcInt8SimdKernels {
  /** One layer from its 64-byte record (layout in fc-int8-simd.wat). */
  fc_layer(record: number): void;
  /** `layers` consecutive records from `table`, in order. */
  fc_network(table: number, layers: number): void;
}

/** The slice of the WebAssembly JS API used here (the runtime's lib has no DOM or Node types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

export const WASM_PAGE_BYTES = 65536;

let cached: object | null | undefined;

function decodeBase64(b64: string): Uint8Array {
  const atobFn = (globalThis as { atob?: (s: string) => string }).atob;
  if (typeof atobFn !== 'function') throw new Error('no atob');
  const bin = atobFn(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function wasmApi(): WasmApi | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return api !== undefined && typeof api.Module === 'function' ? api : null;
}

/** The compiled module, or null where WebAssembly SIMD is unavailable (checked once). */
export function fcInt8SimdModule(): object | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const api = wasmApi();
    if (api !== null) {
      const bytes = decodeBase64(FC_INT8_SIMD_WASM_BASE64);
      if (api.validate(bytes)) cached = new api.Module(bytes);
    }
  } catch {
    cached = null;
  }
  return cached;
}

/** True when the int8 WebAssembly SIMD kernels can run here (createQRunner then uses them by default). */
export function int8SimdAvailable(): boolean {
  return fcInt8SimdModule() !== null;
}

/**
 * A fresh instance over its own memory of at least `bytes` bytes. Null where SIMD is unavailable, or
 * where the engine cannot allocate another memory (V8 reserves address space for every memory, so
 * many thousands of live runners can exhaust it; the runner then uses the JavaScript kernels).
 */
export function instantiateFcInt8Simd(bytes: number): { kernels: FcInt8SimdKernels; memory: WasmMemory } | null {
  const module = fcInt8SimdModule();
  const api = wasmApi();
  if (module === null || api === null) return null;
  let memory: WasmMemory;
  try {
    memory = new api.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)) });
  } catch {
    return null;
  }
  const instance = new api.Instance(module, { env: { memory } });
  return { kernels: instance.exports as unknown as FcInt8SimdKernels, memory };
}
