import { DEFAULT_LIMITS } from '@tinyspark/protocol';
import type { ProtocolLimits } from '@tinyspark/protocol';

// Every constant and cap of one emulated board, named in one place.

export const BOARD_MODEL = 'TinySpark S3';
export const FIRMWARE = 'tinyspark-emulator 0.1.0';
/** Samples per binary frame at most (the frame's count is a uint16; this keeps frames ~6 KB). */
export const MAX_FRAME_SAMPLES = 1024;
export const NEOPIXEL_COUNT = 5;
/** Button 1's recording ritual waits this long before the LED goes on (the course: 1 s). */
export const BUTTON_RECORD_DELAY_MS = 1000;
/** How long a `sim.button` click holds the button down unless told otherwise, ms. */
export const DEFAULT_CLICK_MS = 100;
/** Recordings kept on the board for Button 2 to print (oldest dropped first). */
export const MAX_STORED_RECORDINGS = 50;
/** Upper estimate of the JSON bytes per recorded value (a float64 in decimal plus separators). */
export const RECORDING_BYTES_PER_VALUE = 24;
/** Characters per serial line when Button 2 prints the stored recordings. */
export const SERIAL_CHUNK_CHARS = 1000;
/** Ground truth older than this (board time, ms) is forgotten: 10 minutes. */
export const TRUTH_HORIZON_MS = 10 * 60_000;
/** Most ground-truth segments the board keeps (oldest dropped first). */
export const MAX_TRUTH_SEGMENTS = 20_000;
/** Longest sliding-inference hop, ms (the shortest is 1 ms). */
export const MAX_HOP_MS = 60_000;
/** Most samples one inference ring holds per sensor (2^20 = 1 Mi samples). */
export const MAX_RING_SAMPLES = 1 << 20;

/** The limits a board enforces itself: the protocol's, as the server configured them. */
export type BoardLimitsConfig = Pick<ProtocolLimits, 'maxFrameBytes' | 'maxModelBytes' | 'maxRecordingMs' | 'maxScenarioSteps'>;

export const DEFAULT_BOARD_LIMITS: Readonly<BoardLimitsConfig> = Object.freeze({
  maxFrameBytes: DEFAULT_LIMITS.maxFrameBytes,
  maxModelBytes: DEFAULT_LIMITS.maxModelBytes,
  maxRecordingMs: 60_000,
  maxScenarioSteps: 1000,
});
