export * from './runtime/index.js';
export * from './convert/index.js';
export * from './check/index.js';
export * from './codegen/index.js';
export * from './tflite/index.js';
