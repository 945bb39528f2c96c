export type { GenerateCOptions, GeneratedC } from './generate-c.js';
export { generateC } from './generate-c.js';
export type { GenerateCircuitPythonOptions } from './generate-circuitpython.js';
export { generateCircuitPython } from './generate-circuitpython.js';
export { cFloatLiteral } from './c-literals.js';
export type { GenerateTflmCOptions, GeneratedTflmC, TflmArenaEstimate } from './generate-tflm-c.js';
export { generateTflmC, estimateTflmArena } from './generate-tflm-c.js';
