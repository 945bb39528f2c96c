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
  /** Largest frame accepted (bytes); larger ones get FRAME_TOO_LARGE; above 2x the socket is closed (1009). Default 1 MiB. */
  readonly maxFrameBytes: number;
  /** Largest model document (UTF-8 bytes of its JSON). Default 1 MiB. */
  readonly maxModelBytes: number;
  /** Bytes queued for one client before its sample frames are dropped (and counted). Default 1 MiB. */
  readonly maxSendBufferBytes: number;
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
  maxFrameBytes: 1024 * 1024,
  maxModelBytes: 1024 * 1024,
  maxSendBufferBytes: 1024 * 1024,
  maxPendingRequests: 64,
  maxRecordingMs: 60_000,
  maxScenarioSteps: 1000,
});

/** The defaults overridden by `overrides`; throws EMU_ERR_INVALID_OPTION naming the first limit that is not a finite number > 0. */
export function resolveLimits(overrides: Partial<EmulatorLimits> | undefined): EmulatorLimits {
  const limits: EmulatorLimits = { ...DEFAULT_EMULATOR_LIMITS, ...overrides };
  for (const [k, v] of Object.entries(limits)) {
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      throw new EmulatorError('EMU_ERR_INVALID_OPTION', `must be a finite number > 0, got ${String(v)}`, { field: `limits.${k}` });
    }
  }
  return Object.freeze(limits);
}
