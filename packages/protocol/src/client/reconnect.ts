import type { HelloMessage } from '../messages.js';
import { ProtocolError } from '../protocol-error.js';
import { backoffDelay } from './backoff.js';
import type { TimerHandle } from './clock.js';
import type { ResolvedOptions } from './options.js';

/** What reconnecting needs from its client. */
export interface ReconnectHost {
  readonly options: ResolvedOptions;
  /** The client still wants to reconnect (state `reconnecting`). */
  reconnecting(): boolean;
  /** Opens a new socket and waits for its hello. */
  open(): Promise<HelloMessage>;
  /** The new socket said hello. */
  opened(hello: HelloMessage): void;
  /** A socket opened after the client stopped wanting it: close it. */
  discard(): void;
  /** An attempt is scheduled. */
  scheduled(attempt: number, delayMs: number): void;
  /** The board speaks another protocol version: stop for good. */
  unsupported(error: ProtocolError): void;
  /** Every attempt failed. */
  gaveUp(attempts: number): void;
}

/** Reconnect attempts with backoff (`reconnect` options), counted from the last successful open. */
export class Reconnector {
  private attempt = 0;
  private timer: TimerHandle | undefined;

  constructor(private readonly host: ReconnectHost) {}

  /** A connection opened: the next loss starts from the first attempt again. */
  reset(): void {
    this.attempt = 0;
  }

  schedule(): void {
    const host = this.host;
    const policy = host.options.reconnect;
    if (this.attempt >= policy.maxAttempts) {
      host.gaveUp(this.attempt);
      return;
    }
    const delayMs = backoffDelay(this.attempt, policy, host.options.rng);
    this.attempt++;
    host.scheduled(this.attempt, delayMs);
    this.timer = host.options.timers.setTimeout(() => {
      this.timer = undefined;
      if (!host.reconnecting()) return;
      host.open().then(
        (hello) => {
          if (!host.reconnecting()) return host.discard();
          host.opened(hello);
        },
        (error: unknown) => {
          if (!host.reconnecting()) return;
          if (error instanceof ProtocolError && error.code === 'PROTO_ERR_UNSUPPORTED_VERSION') return host.unsupported(error);
          this.schedule();
        },
      );
    }, delayMs);
  }

  cancel(): void {
    if (this.timer !== undefined) this.host.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
