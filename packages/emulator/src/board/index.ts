// @tinyspark/emulator/board: one emulated board, transport-free (the server hosts it).
export { Board } from './board.js';
export type { BoardOptions, BoardListener } from './board.js';
export { BOARD_MODEL, FIRMWARE, MAX_FRAME_SAMPLES, NEOPIXEL_COUNT, BUTTON_RECORD_DELAY_MS, MAX_STORED_RECORDINGS, DEFAULT_BOARD_LIMITS } from './limits.js';
export type { BoardLimitsConfig } from './limits.js';
export { classColour } from './inference-loop.js';
export { keptRuns } from './drop-runs.js';
export type { KeptRun } from './drop-runs.js';
