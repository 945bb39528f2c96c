import { ProtocolError } from '../protocol-error.js';
import type { TimerHandle } from './clock.js';
import type { ResolvedOptions } from './options.js';
import type { WebSocketLike } from './websocket-like.js';

/** What the heartbeat needs from its client. */
export interface HeartbeatHost {
  readonly options: ResolvedOptions;
  /** The socket now in use (null while none). */
  socket(): WebSocketLike | null;
  /** The client is open. */
  isOpen(): boolean;
  ping(timeoutMs: number): Promise<{ rttMs: number; boardTime: number }>;
  /** A heartbeat was answered. */
  beat(result: { rttMs: number; boardTime: number }): void;
  /** A heartbeat went unanswered on `socket`: the peer is gone or stuck. */
  lost(socket: WebSocketLike): void;
}

/**
 * Pings the board every `heartbeatIntervalMs` while open (never with Infinity); a ping unanswered
 * within `heartbeatTimeoutMs` reports the socket lost.
 */
export class Heartbeat {
  private timer: TimerHandle | undefined;

  constructor(private readonly host: HeartbeatHost) {}

  schedule(): void {
    const { heartbeatIntervalMs, heartbeatTimeoutMs, timers } = this.host.options;
    if (!Number.isFinite(heartbeatIntervalMs)) return;
    this.stop();
    this.timer = timers.setTimeout(() => {
      this.timer = undefined;
      const host = this.host;
      const socket = host.socket();
      host.ping(heartbeatTimeoutMs).then(
        (result) => {
          host.beat(result);
          if (host.isOpen() && host.socket() === socket) this.schedule();
        },
        (error: unknown) => {
          if (error instanceof ProtocolError && error.code === 'PROTO_ERR_TIMEOUT' && host.socket() === socket && socket) {
            host.lost(socket);
          } else if (host.isOpen() && host.socket() === socket) {
            this.schedule();
          }
        },
      );
    }, heartbeatIntervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) this.host.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
