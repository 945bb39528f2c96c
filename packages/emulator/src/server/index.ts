// @tinyspark/emulator/server: the WebSocket server hosting boards.
export { startEmulator } from './start-emulator.js';
export type { StartEmulatorOptions, RunningEmulator } from './options.js';
export { DEFAULT_EMULATOR_LIMITS, MODEL_ENVELOPE_BYTES, resolveLimits } from './limits.js';
export type { EmulatorLimits } from './limits.js';
export { boardSeed } from './hosted-board.js';
