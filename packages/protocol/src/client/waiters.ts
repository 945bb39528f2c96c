import type { RequestId } from '../messages.js';
import { ProtocolError } from '../protocol-error.js';
import type { AbortSignalLike } from './abort-signal-like.js';
import type { Timers } from './clock.js';

/** What a message answers: the ack (or error) of a request, or a request's follow-up message. */
export type WaitChannel = 'ack' | 'recording' | 'sim.truth';

/** A registered wait, taken out of the table by whoever settles it. */
export interface Waiter {
  /** The request type, for messages (`board rejected record: ...`). */
  readonly type: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** How one wait ends when nothing answers. */
export interface WaitOptions {
  readonly timers: Timers;
  readonly timeoutMs: number;
  readonly signal?: AbortSignalLike;
  /** Text of the PROTO_ERR_TIMEOUT error. */
  readonly timeoutText: string;
  /** Text of the PROTO_ERR_CANCELED error when `signal` aborts. */
  readonly abortText: string;
}

/** PROTO_ERR_CANCELED with `reason` (and the abort reason as cause). */
export function canceled(reason: string, cause?: unknown): ProtocolError {
  return new ProtocolError('PROTO_ERR_CANCELED', reason, cause === undefined ? {} : { cause });
}

/**
 * The client's one wait mechanism: every pending answer (acks, recordings, scenario truth) is a
 * waiter keyed by channel and request id, with a timeout and an abort signal; settling, timing out,
 * aborting or {@link rejectAll} remove it, exactly once.
 */
export class Waiters {
  private readonly table: Record<WaitChannel, Map<RequestId, Waiter>> = { ack: new Map(), recording: new Map(), 'sim.truth': new Map() };

  /** Registers a wait; resolves with what {@link take}'s caller passes, rejects on timeout or abort. */
  wait<T>(channel: WaitChannel, id: RequestId, type: string, o: WaitOptions): Promise<T> {
    const map = this.table[channel];
    return new Promise<T>((resolve, reject) => {
      const cleanup = (): void => {
        o.timers.clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
        map.delete(id);
      };
      const onAbort = (): void => {
        cleanup();
        reject(canceled(o.abortText, o.signal?.reason));
      };
      const timer = o.timers.setTimeout(() => {
        cleanup();
        reject(new ProtocolError('PROTO_ERR_TIMEOUT', o.timeoutText, { requestId: id }));
      }, o.timeoutMs);
      if (o.signal?.aborted) return onAbort();
      o.signal?.addEventListener('abort', onAbort, { once: true });
      map.set(id, {
        type,
        resolve: (value) => {
          cleanup();
          resolve(value as T);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      });
    });
  }

  /** The waiter for `id` on `channel` (removed from the table once it settles), if any. */
  get(channel: WaitChannel, id: RequestId): Waiter | undefined {
    return this.table[channel].get(id);
  }

  /** Rejects every waiter of every channel with `error`. */
  rejectAll(error: unknown): void {
    for (const map of Object.values(this.table)) {
      const list = [...map.values()];
      map.clear();
      for (const w of list) w.reject(error);
    }
  }
}
