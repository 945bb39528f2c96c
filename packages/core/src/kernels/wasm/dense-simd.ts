/**
 * Loads the WebAssembly SIMD dense kernels (dense-simd.wat, assembled at build time into
 * dense-simd-module.ts) synchronously, once per process. Where WebAssembly or its 128-bit SIMD is
 * missing, `denseSimdModule()` returns null and core runs the JavaScript kernels, which give the
 * same bits (docs/decisions/0008-float32.md).
 */
import { DENSE_SIMD_WASM_BASE64 } from './dense-simd-module.js';

/** The kernels' exports; pointers are byte offsets into the instance's imported memory. */
export interface DenseSimdKernels {
  /** `relu` 1: the outputs are ReLU'd as stored (z = a for a ReLU layer); 0: linear. */
  dense_forward(w: number, bias: number, x: number, n: number, batch: number, units: number, z: number, relu: number): void;
  dense_weight_grad(d: number, x: number, n: number, batch: number, units: number, scale: number, gw: number, gb: number, scratch: number): void;
  dense_input_grad(w: number, d: number, n: number, batch: number, units: number, dx: number): void;
  sgd_update(w: number, g: number, len: number, lr: number): void;
  relu_backward(a: number, g: number, len: number): void;
  /** Every layer of a layer table (wasm-workspace.ts) forward; a non-ReLU layer is linear here. */
  mlp_forward(table: number, layers: number, batch: number): void;
  /** The backward pass of a layer table from the last layer's deltas; plain SGD in the same pass when `sgd` is 1. */
  mlp_backward(table: number, layers: number, batch: number, scale: number, lr: number, sgd: number, scratch: number): void;
}

/** The slice of the WebAssembly JS API used here (core's lib has no DOM or Node types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

const WASM_PAGE_BYTES = 65536;

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
export function denseSimdModule(): object | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const api = wasmApi();
    if (api !== null) {
      const bytes = decodeBase64(DENSE_SIMD_WASM_BASE64);
      if (api.validate(bytes)) cached = new api.Module(bytes);
    }
  } catch {
    cached = null;
  }
  return cached;
}

/** True when the WebAssembly SIMD kernels can run here (core then uses them by default). */
export function wasmSimdAvailable(): boolean {
  return denseSimdModule() !== null;
}

/** A fresh instance over its own memory of at least `bytes` bytes. Null where SIMD is unavailable. */
export function instantiateDenseSimd(bytes: number): { kernels: DenseSimdKernels; memory: WasmMemory } | null {
  const module = denseSimdModule();
  const api = wasmApi();
  if (module === null || api === null) return null;
  const memory = new api.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)) });
  const instance = new api.Instance(module, { env: { memory } });
  return { kernels: instance.exports as unknown as DenseSimdKernels, memory };
}
