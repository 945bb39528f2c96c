import { DEFAULT_LIMITS } from '@tinyspark/protocol';
import type { ProtocolLimits } from '@tinyspark/protocol';
import { EmulatorError } from '../errors.js';

/**
 * Server limits; every one is finite. The protocol's limits the emulator enforces (one record, the
 * protocol's type) plus the server's own.
 */
export interface EmulatorLimits extends Pick<ProtocolLimits, 'maxFrameBytes' | 'maxModelBytes' | 'maxRecordingMs' | 'maxScenarioSteps'> {
  /** Boards one server hosts (configured plus created on first connection). Default 64. */
  readonly maxBoards: number;
  /** Clients connected to one board at once. Default 8. */
  readonly maxClientsPerBoard: number;
  /**
   * Largest frame accepted (bytes); larger ones get FRAME_TOO_LARGE; above 2x the socket is closed
   * (1009). Default 4 MiB, the protocol's (so a 3 MiB `sim.replay` recording fits).
   */
  readonly maxFrameBytes: number;
  /**
   * Largest model document (UTF-8 bytes of its JSON): MODEL_TOO_LARGE. Default 1 MiB, the
   * protocol's. Must be at least {@link MODEL_ENVELOPE_BYTES} below `maxFrameBytes`, or a model over
   * it could never arrive in a frame (FRAME_TOO_LARGE would always come first).
   */
  readonly maxModelBytes: number;
  /**
   * Bytes queued for one client before its sample frames are dropped (and counted) and its `stats`
   * skipped. A reply is refused (close 4008) only when the buffer already holds more than this and
   * the reply would take it past twice this. Default 1 MiB.
   */
  readonly maxSendBufferBytes: number;
  /**
   * Bytes of one client's requests received and not yet answered. At this many the server stops
   * reading from the socket until half are answered; a request that would take it past twice this
   * is answered LIMIT_EXCEEDED without being parsed. Default 8 MiB (two full frames).
   */
  readonly maxPendingBytes: number;
  /**
   * Requests of one client received and not yet answered. At this many the server stops reading
   * from the client's socket (TCP pushes back) until half are answered; requests beyond twice this
   * (already in flight when reading paused) are answered LIMIT_EXCEEDED without running. Default 64.
   */
  readonly maxPendingRequests: number;
  /** Longest recording / delay, ms. Default 60000. */
  readonly maxRecordingMs: number;
  /** Steps in one scenario. Default 1000. */
  readonly maxScenarioSteps: number;
}

export const DEFAULT_EMULATOR_LIMITS: Readonly<EmulatorLimits> = Object.freeze({
  maxBoards: 64,
  maxClientsPerBoard: 8,
  maxFrameBytes: DEFAULT_LIMITS.maxFrameBytes,
  maxModelBytes: DEFAULT_LIMITS.maxModelBytes,
  maxSendBufferBytes: 1024 * 1024,
  maxPendingRequests: 64,
  maxPendingBytes: 8 * 1024 * 1024,
  maxRecordingMs: 60_000,
  maxScenarioSteps: 1000,
});

/** Room a `model.deploy` request needs around its model (`{"type":"model.deploy","id":...,"model":...}`), bytes. */
export const MODEL_ENVELOPE_BYTES = 1024;

/**
 * The defaults overridden by `overrides`; throws EMU_ERR_INVALID_OPTION naming the first limit that
 * is not a finite number > 0, and `limits.maxModelBytes` when a model at that limit would not fit
 * in a frame (`maxModelBytes + MODEL_ENVELOPE_BYTES > maxFrameBytes`).
 */
export function resolveLimits(overrides: Partial<EmulatorLimits> | undefined): EmulatorLimits {
  const limits: EmulatorLimits = { ...DEFAULT_EMULATOR_LIMITS, ...overrides };
  for (const [k, v] of Object.entries(limits)) {
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be a finite number > 0, got ${String(v)}`, { field: `limits.${k}` });
    }
  }
  if (limits.maxModelBytes + MODEL_ENVELOPE_BYTES > limits.maxFrameBytes) {
    throw new EmulatorError(
      'EMU_ERR_INVALID_OPTION',
      `${limits.maxModelBytes} leaves no room in a frame of maxFrameBytes ${limits.maxFrameBytes} (a model.deploy needs ${MODEL_ENVELOPE_BYTES} bytes around its model): MODEL_TOO_LARGE could never be sent`,
      { field: 'limits.maxModelBytes' },
    );
  }
  return Object.freeze(limits);
}
