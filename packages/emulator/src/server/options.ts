import type { Board } from '../board/board.js';
import type { EmulatorLimits } from './limits.js';

export interface StartEmulatorOptions {
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Number of boards (ids board-0 ... board-N-1) or their ids. Default 1. */
  boards?: number | string[];
  /** Server seed; each board's seed is derived from it and the board id. Default 0. */
  seed?: number;
  /** `virtual`: each board has its own clock, moved by `sim.clock`; `real`: wall clock. Default `real`. */
  clock?: 'virtual' | 'real';
  /**
   * Create a board when a client connects to an unknown `/boards/<id>` (up to maxBoards). Default
   * false: an unknown id is closed with 4004 unless its URL asks with `?create=1`.
   */
  createBoardsOnConnect?: boolean;
  /**
   * Access token. When set, an upgrade (and `GET /boards`) must present it as
   * `Authorization: Bearer <token>` or the `token` query parameter, else HTTP 401. Required when
   * `host` is not a loopback address. Default: none.
   */
  token?: string;
  /**
   * `Origin` values allowed besides loopback ones (http(s)://127.0.0.1|localhost|[::1], any port).
   * A request with any other `Origin` header is refused with HTTP 403; requests without one (programs,
   * not web pages) are not affected. Default: none.
   */
  allowedOrigins?: readonly string[];
  /** Called when a board is created because a client connected to an unknown id (so a CLI can say so: a typo in a URL creates a board). */
  onBoardCreated?: (board: { id: string; url: string }) => void;
  limits?: Partial<EmulatorLimits>;
  /**
   * Learned gestures to perform like built-in ones (`sim.perform`, scenarios, ground truth):
   * `tinyspark.gesture` v1 documents (parsed JSON or its text; `readGestureFile` from
   * `@tinyspark/emulator/learn` reads a file). Validated at start (EMU_ERR_BAD_GESTURE_FILE naming
   * `gestures[i].<field>`); added to the process's gesture table (replacing a learned gesture of the
   * same name) and removed again on `close()`. At most 64 (`sim.gesture` adds to one board only: its own table, up to 64 more).
   */
  gestures?: readonly unknown[];
  /** Real clock only: how often boards produce samples, ms. Default 20. */
  tickMs?: number;
  /** Board time between two `stats` messages to a streaming client, ms. Default 1000. */
  statsIntervalMs?: number;
  /**
   * Virtual clock: real time `sim.clock` waits for a client's send buffer to drain before moving on
   * (then that client is marked stalled and its frames are dropped until it catches up), ms. Default 1000.
   */
  drainWaitMs?: number;
}

export interface RunningEmulator {
  /** `ws://host:port` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The boards at start (more may be created on connect). */
  readonly boards: { id: string; url: string }[];
  /** Direct access to a board's model (tests, tools). */
  board(id: string): Board | undefined;
  /** Advances a board's virtual clock directly (same as a `sim.clock` request). */
  advance(id: string, ms: number): Promise<number>;
  /** Every board that exists now (configured or created on connect), with its URL. */
  listBoards(): { id: string; url: string }[];
  /** Structural counters, for tests and load checks: per board, each client's queue and send buffer. */
  diagnostics(): EmulatorDiagnostics;
  close(): Promise<void>;
}

/** What `RunningEmulator.diagnostics()` reports. */
export interface EmulatorDiagnostics {
  readonly boards: readonly {
    readonly id: string;
    readonly clients: readonly {
      /** Requests received and not yet answered. */
      readonly pending: number;
      /** Bytes of those requests' frames. */
      readonly pendingBytes: number;
      /** Bytes queued in the client's send buffer. */
      readonly bufferedBytes: number;
      /** Reading from the client's socket is paused. */
      readonly paused: boolean;
    }[];
  }[];
}
