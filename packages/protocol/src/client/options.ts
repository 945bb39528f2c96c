import { DEFAULT_LIMITS, type ProtocolLimits } from '../limits.js';
import type { AbortSignalLike } from './abort-signal-like.js';
import { resolveReconnectOptions, type ReconnectOptions, type ResolvedReconnectOptions } from './backoff.js';
import { realTimers, type Timers } from './clock.js';
import { defaultJitterRng, type JitterRng } from './rng.js';
import { globalWebSocket, type WebSocketConstructorLike } from './websocket-like.js';

/** Options of `connectBoard`. Every timeout is finite; `Infinity` disables the heartbeat only. */
export interface ConnectBoardOptions {
  /** WebSocket constructor (default `globalThis.WebSocket`, else the optional peer dependency `ws`, imported by `connectBoard` on first use). */
  readonly WebSocket?: WebSocketConstructorLike;
  /** Timer source for timeouts, heartbeats and backoff (default the platform's timers). */
  readonly timers?: Timers;
  /** Randomness for the backoff jitter (default `Math.random`). */
  readonly rng?: JitterRng;
  /** Time to wait for an ack or error, ms (default 5000). */
  readonly requestTimeoutMs?: number;
  /** Time from opening the socket to the board's `hello`, ms (default 5000). */
  readonly helloTimeoutMs?: number;
  /** Interval between heartbeat pings while idle-or-not, ms (default 15 000; Infinity: no heartbeat). */
  readonly heartbeatIntervalMs?: number;
  /** A heartbeat ping unanswered this long drops the connection (and reconnects), ms (default 5000). */
  readonly heartbeatTimeoutMs?: number;
  /** Reconnect policy, or false to never reconnect (default: see README). */
  readonly reconnect?: ReconnectOptions | false;
  /** After a reconnect, start again the streams this client had started (default true). */
  readonly restoreStreams?: boolean;
  /** Aborting closes the client; pending requests reject with PROTO_ERR_CANCELED. */
  readonly signal?: AbortSignalLike;
  /** Limits for frames received from the board (default {@link DEFAULT_LIMITS}). */
  readonly limits?: Partial<ProtocolLimits>;
  /** Most values an async iterator (`recordings()`, `events()`) buffers before dropping the oldest (default 1024). */
  readonly maxBufferedEvents?: number;
  /**
   * Access token of an emulator started with `--token`: sent as the `token` URL query parameter
   * (browsers cannot set an `Authorization` header on a WebSocket).
   */
  readonly token?: string;
}

/** Options of one request. */
export interface RequestOptions {
  /** Overrides `requestTimeoutMs` for this request. */
  readonly timeoutMs?: number;
  /** Aborting rejects the request with PROTO_ERR_CANCELED (a late answer is ignored). */
  readonly signal?: AbortSignalLike;
}

/** Options of `BoardClient.record`. */
export interface RecordOptions extends RequestOptions {
  /** Time to wait for the `recording` after the ack, ms (default delayMs + durationMs + requestTimeoutMs). */
  readonly recordingTimeoutMs?: number;
}

/** {@link ConnectBoardOptions} with every default applied, validated once. */
export interface ResolvedOptions {
  readonly WebSocket: WebSocketConstructorLike;
  readonly timers: Timers;
  readonly rng: JitterRng;
  readonly requestTimeoutMs: number;
  readonly helloTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly reconnect: ResolvedReconnectOptions;
  readonly restoreStreams: boolean;
  readonly limits: ProtocolLimits;
  readonly maxBufferedEvents: number;
  readonly token: string | undefined;
}

/** `value` when it is a number > 0 (finite unless `allowInfinity`); else a RangeError naming the option. */
export function positive(name: string, value: number, allowInfinity = false): number {
  if (!(value > 0) || (!allowInfinity && !Number.isFinite(value))) {
    throw new RangeError(`[protocol] option "${name}" must be a ${allowInfinity ? '' : 'finite '}number > 0, got ${value}`);
  }
  return value;
}

/** Merges the options with their defaults once; throws a RangeError/TypeError naming a bad option. */
export function resolveOptions(options: ConnectBoardOptions): ResolvedOptions {
  const WebSocket = options.WebSocket ?? globalWebSocket();
  if (!WebSocket) {
    throw new TypeError('[protocol] option "WebSocket" is required: this platform has no globalThis.WebSocket (on Node 20 pass the ws package\'s WebSocket)');
  }
  const reconnect = options.reconnect === false ? { ...resolveReconnectOptions({}), enabled: false } : resolveReconnectOptions(options.reconnect);
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token.length === 0)) {
    throw new TypeError('[protocol] option "token" must be a non-empty string');
  }
  return {
    WebSocket,
    timers: options.timers ?? realTimers,
    rng: options.rng ?? defaultJitterRng,
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs ?? 5000),
    helloTimeoutMs: positive('helloTimeoutMs', options.helloTimeoutMs ?? 5000),
    heartbeatIntervalMs: positive('heartbeatIntervalMs', options.heartbeatIntervalMs ?? 15_000, true),
    heartbeatTimeoutMs: positive('heartbeatTimeoutMs', options.heartbeatTimeoutMs ?? 5000),
    reconnect,
    restoreStreams: options.restoreStreams ?? true,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    maxBufferedEvents: positive('maxBufferedEvents', options.maxBufferedEvents ?? 1024),
    token: options.token,
  };
}

/** The URL the socket opens: `url` with the `token` query parameter when a token is set. */
export function socketUrl(url: string, token: string | undefined): string {
  if (token === undefined) return url;
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  return `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}${hash >= 0 ? url.slice(hash) : ''}`;
}
