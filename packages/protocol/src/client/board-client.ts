// The isomorphic protocol v1 client: one BoardClient per board URL. Create it with connectBoard().
import { CLOSE_CODES } from '../close-codes.js';
import { DEFAULT_LIMITS, type ProtocolLimits } from '../limits.js';
import type {
  AckMessage,
  AckResults,
  BoardMessage,
  ButtonMessage,
  ErrorMessage,
  HelloMessage,
  HostMessage,
  HostMessageOf,
  HostMessageType,
  LedMessage,
  ModeMessage,
  NeopixelMessage,
  PredictionMessage,
  RecordingMessage,
  RequestId,
  SensorDescriptor,
  SensorSettings,
  SerialMessage,
  SimScenarioRequest,
  SimTruthMessage,
  StatsMessage,
  TruthSegment,
  GestureParams,
  FaultKind,
} from '../messages.js';
import { parseTextFrame } from '../parse-text-frame.js';
import { utf8ByteLength } from '../utf8-byte-length.js';
import { ProtocolError } from '../protocol-error.js';
import { decodeSampleFrame, type SampleFrame } from '../sample-frame.js';
import type { SensorGroup, SensorName } from '../sensors.js';
import { validateAckResult } from '../validate-ack-result.js';
import { validateHostMessage } from '../validate-host-message.js';
import type { AbortSignalLike } from './abort-signal-like.js';
import { backoffDelay, resolveReconnectOptions, type ReconnectOptions, type ResolvedReconnectOptions } from './backoff.js';
import { EventQueue } from './event-queue.js';
import { GapDetector, type SampleGap } from './gap-detector.js';
import { defaultJitterRng, type JitterRng } from './rng.js';
import { realTimers, type TimerHandle, type Timers } from './clock.js';
import { TypedEmitter } from './typed-emitter.js';
import { globalWebSocket, WEBSOCKET_OPEN, type WebSocketConstructorLike, type WebSocketEventLike, type WebSocketLike } from './websocket-like.js';

/** Options of `connectBoard`. Every timeout is finite; `Infinity` disables the heartbeat only. */
export interface ConnectBoardOptions {
  /** WebSocket constructor (default `globalThis.WebSocket`; on Node 20 pass `ws`'s `WebSocket`). */
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
}

/** Options of one request. */
export interface RequestOptions {
  /** Overrides `requestTimeoutMs` for this request. */
  readonly timeoutMs?: number;
  /** Aborting rejects the request with PROTO_ERR_CANCELED (a late answer is ignored). */
  readonly signal?: AbortSignalLike;
}

/** Options of {@link BoardClient.record}. */
export interface RecordOptions extends RequestOptions {
  /** Time to wait for the `recording` after the ack, ms (default delayMs + durationMs + requestTimeoutMs). */
  readonly recordingTimeoutMs?: number;
}

/** Connection state. */
export type BoardClientState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Events of a {@link BoardClient}. */
export interface BoardClientEvents {
  /** Connected (again) and the board said hello. */
  readonly open: { readonly hello: HelloMessage; readonly reconnected: boolean };
  /** A decoded binary sample frame. */
  readonly sample: SampleFrame;
  /** Samples are missing before the next `sample` (emitted just before it). */
  readonly gap: SampleGap;
  readonly recording: RecordingMessage;
  readonly prediction: PredictionMessage;
  readonly serial: SerialMessage;
  readonly led: LedMessage;
  readonly neopixel: NeopixelMessage;
  readonly button: ButtonMessage;
  readonly mode: ModeMessage;
  readonly stats: StatsMessage;
  readonly 'sim.truth': SimTruthMessage;
  /** An `error` from the board not answering a pending request (id null or unknown). */
  readonly error: ErrorMessage;
  /** A frame from the board failed validation (it was ignored). */
  readonly protocolError: ProtocolError;
  /** Every valid JSON message from the board. */
  readonly message: BoardMessage;
  /** A heartbeat ping was answered. */
  readonly heartbeat: { readonly rttMs: number; readonly boardTime: number };
  /** The connection closed. `willReconnect` tells whether a reconnect follows. */
  readonly close: { readonly code: number; readonly reason: string; readonly willReconnect: boolean };
  /** A reconnect attempt is scheduled in `delayMs` (attempt counts from 1). */
  readonly reconnect: { readonly attempt: number; readonly delayMs: number };
}

/** A host request without its `id` (the client assigns ids). */
export type RequestBody<T extends HostMessageType> = HostMessageOf<T> extends infer M ? (M extends unknown ? Omit<M, 'id'> : never) : never;

/** Settings for `configure`. */
export interface ConfigureSettings {
  readonly accelerometer?: SensorSettings;
  readonly gyroscope?: SensorSettings;
  readonly proximity?: SensorSettings;
}

interface Pending {
  readonly type: HostMessageType;
  readonly resolve: (ack: AckMessage) => void;
  readonly reject: (error: unknown) => void;
}

interface Waiter<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

interface ResolvedOptions {
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
}

/** Close codes after which reconnecting cannot help. */
const PERMANENT_CLOSE_CODES: readonly number[] = [CLOSE_CODES.unknownBoard, CLOSE_CODES.unsupportedVersion];

function positive(name: string, value: number, allowInfinity = false): number {
  if (!(value > 0) || (!allowInfinity && !Number.isFinite(value))) {
    throw new RangeError(`[protocol] option "${name}" must be a ${allowInfinity ? '' : 'finite '}number > 0, got ${value}`);
  }
  return value;
}

function resolveOptions(options: ConnectBoardOptions): ResolvedOptions {
  const WebSocket = options.WebSocket ?? globalWebSocket();
  if (!WebSocket) {
    throw new TypeError('[protocol] option "WebSocket" is required: this platform has no globalThis.WebSocket (on Node 20 pass the ws package\'s WebSocket)');
  }
  const reconnect = options.reconnect === false ? { ...resolveReconnectOptions({}), enabled: false } : resolveReconnectOptions(options.reconnect);
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
  };
}

function canceled(reason: string, cause?: unknown): ProtocolError {
  return new ProtocolError('PROTO_ERR_CANCELED', reason, cause === undefined ? {} : { cause });
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array(data as ArrayBuffer);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/**
 * A connection to one board. Requests resolve with the typed ack result; board events arrive through
 * `on(event, listener)` or async iteration. Reconnects with backoff after unexpected closes.
 */
export class BoardClient extends TypedEmitter<BoardClientEvents> {
  /** The board's latest `hello` (set before `connectBoard` resolves). */
  hello!: HelloMessage;
  /** Round-trip time of the last answered heartbeat or ping, ms (undefined before the first). */
  lastRttMs: number | undefined;

  private readonly options: ResolvedOptions;
  private socket: WebSocketLike | null = null;
  private detachSocket: (() => void) | null = null;
  private abortHandshake: (() => void) | null = null;
  private currentState: BoardClientState = 'connecting';
  private nextId = 1;
  private attempt = 0;
  private readonly pending = new Map<RequestId, Pending>();
  private readonly recordingWaiters = new Map<RequestId, Waiter<RecordingMessage>>();
  private readonly truthWaiters = new Map<RequestId, Waiter<SimTruthMessage>>();
  private readonly queues = new Set<EventQueue<unknown>>();
  private readonly gaps = new GapDetector();
  private readonly streams = new Set<SensorName>();
  private heartbeatTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private readonly closeWaiters: (() => void)[] = [];
  private readonly removeAbortListener: () => void;

  /** Use `connectBoard(url, options)`. */
  constructor(
    readonly url: string,
    options: ConnectBoardOptions = {},
  ) {
    super();
    this.options = resolveOptions(options);
    const signal = options.signal;
    const onAbort = (): void => void this.close(CLOSE_CODES.normal, 'aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    this.removeAbortListener = () => signal?.removeEventListener('abort', onAbort);
  }

  /** Current connection state. */
  get state(): BoardClientState {
    return this.currentState;
  }

  /** Opens the first connection; resolves with the hello. Called by `connectBoard`. */
  async start(signal?: AbortSignalLike): Promise<HelloMessage> {
    if (signal?.aborted) {
      this.finalClose(CLOSE_CODES.normal, 'aborted');
      throw canceled('connect aborted', signal.reason);
    }
    try {
      const hello = await this.openSocket();
      this.onOpened(hello, false);
      return hello;
    } catch (error) {
      this.finalClose(CLOSE_CODES.normal, 'connect failed');
      throw error;
    }
  }

  // -------------------------------------------------------------------------------------------
  // connection

  private openSocket(): Promise<HelloMessage> {
    const { WebSocket, timers, helloTimeoutMs } = this.options;
    return new Promise<HelloMessage>((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new WebSocket(this.url);
        socket.binaryType = 'arraybuffer';
      } catch (cause) {
        reject(new ProtocolError('PROTO_ERR_CONNECT_FAILED', `cannot open ${this.url}: ${(cause as Error).message}`, { cause }));
        return;
      }
      let handshaking = true;
      const fail = (error: ProtocolError): void => {
        if (!handshaking) return;
        handshaking = false;
        this.abortHandshake = null;
        timers.clearTimeout(helloTimer);
        detach();
        try {
          socket.close(CLOSE_CODES.normal, 'handshake failed');
        } catch {
          // already closed
        }
        reject(error);
      };
      const helloTimer = timers.setTimeout(
        () => fail(new ProtocolError('PROTO_ERR_CONNECT_FAILED', `no hello from ${this.url} within ${helloTimeoutMs} ms`)),
        helloTimeoutMs,
      );
      const onMessage = (event: WebSocketEventLike): void => {
        if (!handshaking) return this.onMessage(event);
        if (typeof event.data !== 'string') return fail(new ProtocolError('PROTO_ERR_CONNECT_FAILED', 'the first frame from the board was not a hello text frame'));
        let message: BoardMessage;
        try {
          message = parseTextFrame(event.data, { from: 'board', limits: this.options.limits });
        } catch (error) {
          const e = error as ProtocolError;
          return fail(e.code === 'PROTO_ERR_UNSUPPORTED_VERSION' ? e : new ProtocolError('PROTO_ERR_CONNECT_FAILED', `invalid hello: ${e.message}`, { cause: e, field: e.field }));
        }
        if (message.type !== 'hello') return fail(new ProtocolError('PROTO_ERR_CONNECT_FAILED', `the first message from the board was "${message.type}", not "hello"`));
        handshaking = false;
        this.abortHandshake = null;
        timers.clearTimeout(helloTimer);
        this.socket = socket;
        this.detachSocket = detach;
        resolve(message);
      };
      const onClose = (event: WebSocketEventLike): void => {
        if (handshaking) {
          const code = event.code ?? 1006;
          fail(
            code === CLOSE_CODES.unsupportedVersion
              ? new ProtocolError('PROTO_ERR_UNSUPPORTED_VERSION', `board closed the connection: unsupported version (${event.reason ?? ''})`)
              : new ProtocolError('PROTO_ERR_CONNECT_FAILED', `connection to ${this.url} closed before hello (code ${code}${event.reason ? `, ${event.reason}` : ''})`),
          );
          return;
        }
        detach();
        this.onDropped(event.code ?? 1006, event.reason ?? '');
      };
      const onError = (): void => undefined; // a close event always follows
      const detach = (): void => {
        socket.removeEventListener('message', onMessage);
        socket.removeEventListener('close', onClose);
        socket.removeEventListener('error', onError);
        if (this.socket === socket) {
          this.socket = null;
          this.detachSocket = null;
        }
      };
      this.abortHandshake = () => fail(canceled('connecting aborted: the client was closed'));
      socket.addEventListener('message', onMessage);
      socket.addEventListener('close', onClose);
      socket.addEventListener('error', onError);
    });
  }

  private allocateId(): string {
    return `r${this.nextId++}`;
  }

  private onOpened(hello: HelloMessage, reconnected: boolean): void {
    this.hello = hello;
    this.attempt = 0;
    this.currentState = 'open';
    this.scheduleHeartbeat();
    this.emit('open', { hello, reconnected });
    if (reconnected && this.options.restoreStreams && this.streams.size > 0) {
      this.request({ type: 'stream.start', sensors: [...this.streams] }).catch((error: unknown) => {
        if (error instanceof ProtocolError && error.code === 'PROTO_ERR_REMOTE') this.emit('protocolError', error);
      });
    }
  }

  /** The socket closed (or was dropped) while open. */
  private onDropped(code: number, reason: string): void {
    if (this.currentState === 'closed') return this.resolveCloseWaiters();
    this.stopHeartbeat();
    this.rejectInFlight(`connection closed (code ${code}${reason ? `, ${reason}` : ''})`);
    const willReconnect = this.options.reconnect.enabled && !PERMANENT_CLOSE_CODES.includes(code);
    this.emit('close', { code, reason, willReconnect });
    if (willReconnect) {
      this.currentState = 'reconnecting';
      this.scheduleReconnect();
    } else {
      this.finalClose(code, reason, false);
    }
  }

  private scheduleReconnect(): void {
    const policy = this.options.reconnect;
    if (this.attempt >= policy.maxAttempts) {
      this.finalClose(1006, `gave up after ${this.attempt} reconnect attempts`);
      return;
    }
    const delayMs = backoffDelay(this.attempt, policy, this.options.rng);
    this.attempt++;
    this.emit('reconnect', { attempt: this.attempt, delayMs });
    this.reconnectTimer = this.options.timers.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.currentState !== 'reconnecting') return;
      this.openSocket().then(
        (hello) => {
          if (this.currentState !== 'reconnecting') {
            this.closeSocket(CLOSE_CODES.normal, 'client closed');
            return;
          }
          this.onOpened(hello, true);
        },
        (error: unknown) => {
          if (this.currentState !== 'reconnecting') return;
          if (error instanceof ProtocolError && error.code === 'PROTO_ERR_UNSUPPORTED_VERSION') {
            this.emit('protocolError', error);
            this.finalClose(CLOSE_CODES.unsupportedVersion, error.message);
            return;
          }
          this.scheduleReconnect();
        },
      );
    }, delayMs);
  }

  private scheduleHeartbeat(): void {
    const { heartbeatIntervalMs, heartbeatTimeoutMs, timers } = this.options;
    if (!Number.isFinite(heartbeatIntervalMs)) return;
    this.stopHeartbeat();
    this.heartbeatTimer = timers.setTimeout(() => {
      this.heartbeatTimer = undefined;
      const socket = this.socket;
      this.ping({ timeoutMs: heartbeatTimeoutMs }).then(
        ({ rttMs, boardTime }) => {
          this.emit('heartbeat', { rttMs, boardTime });
          if (this.currentState === 'open' && this.socket === socket) this.scheduleHeartbeat();
        },
        (error: unknown) => {
          if (error instanceof ProtocolError && error.code === 'PROTO_ERR_TIMEOUT' && this.socket === socket && socket) {
            // The peer is gone or stuck: drop this socket without waiting for a close handshake.
            this.detachSocket?.();
            try {
              socket.close(CLOSE_CODES.normal, 'heartbeat timeout'); // browsers only allow 1000 and 3000-4999
            } catch {
              // already closing
            }
            this.onDropped(1006, 'heartbeat timeout');
          } else if (this.currentState === 'open' && this.socket === socket) {
            this.scheduleHeartbeat();
          }
        },
      );
    }, heartbeatIntervalMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) this.options.timers.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private closeSocket(code: number, reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    try {
      socket.close(code, reason);
    } catch {
      // already closed
    }
  }

  private rejectInFlight(reason: string): void {
    const error = canceled(reason);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
    for (const waiters of [this.recordingWaiters, this.truthWaiters] as Map<RequestId, Waiter<never>>[]) {
      const list = [...waiters.values()];
      waiters.clear();
      for (const w of list) w.reject(error);
    }
  }

  private finalClose(code: number, reason: string, emitClose = true): void {
    if (this.currentState === 'closed') return;
    const wasConnected = this.currentState !== 'connecting';
    this.currentState = 'closed';
    this.stopHeartbeat();
    if (this.reconnectTimer !== undefined) this.options.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.rejectInFlight(`client closed (${reason})`);
    this.abortHandshake?.();
    this.removeAbortListener();
    for (const queue of [...this.queues]) queue.end();
    if (emitClose && wasConnected) this.emit('close', { code, reason, willReconnect: false });
  }

  private resolveCloseWaiters(): void {
    for (const resolve of this.closeWaiters.splice(0)) resolve();
  }

  /**
   * Closes the connection for good: no reconnect; pending requests reject with PROTO_ERR_CANCELED;
   * iterators end. Resolves when the socket has closed (or after 2 s).
   */
  close(code: number = CLOSE_CODES.normal, reason = 'client closed'): Promise<void> {
    const socket = this.socket;
    this.finalClose(code, reason);
    if (!socket || socket.readyState > WEBSOCKET_OPEN) {
      this.detachSocket?.();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = this.options.timers.setTimeout(() => {
        this.detachSocket?.();
        this.resolveCloseWaiters();
      }, 2000);
      this.closeWaiters.push(() => {
        this.options.timers.clearTimeout(timer);
        resolve();
      });
      this.closeSocket(code, reason);
    });
  }

  // -------------------------------------------------------------------------------------------
  // incoming

  private onMessage(event: WebSocketEventLike): void {
    if (this.currentState === 'closed') return;
    const data = event.data;
    if (typeof data === 'string') return this.onText(data);
    const bytes = toBytes(data);
    if (!bytes) {
      this.emit('protocolError', new ProtocolError('PROTO_ERR_BAD_FIELD', 'binary frame of an unsupported type (set binaryType "arraybuffer")', { field: '(frame)' }));
      return;
    }
    let frame: SampleFrame;
    try {
      frame = decodeSampleFrame(bytes, { limits: this.options.limits });
    } catch (error) {
      if (error instanceof ProtocolError) this.emit('protocolError', error);
      return;
    }
    const gap = this.gaps.check(frame);
    if (gap) this.emit('gap', gap);
    this.emit('sample', frame);
  }

  private onText(text: string): void {
    let message: BoardMessage;
    try {
      message = parseTextFrame(text, { from: 'board', limits: this.options.limits });
    } catch (error) {
      if (error instanceof ProtocolError) this.emit('protocolError', error);
      return;
    }
    this.emit('message', message);
    switch (message.type) {
      case 'hello':
        this.hello = message;
        return;
      case 'ack': {
        const p = this.pending.get(message.id);
        if (p) {
          this.pending.delete(message.id);
          p.resolve(message);
        }
        return;
      }
      case 'error': {
        const p = message.id === null ? undefined : this.pending.get(message.id);
        if (!p || message.id === null) return this.emit('error', message);
        this.pending.delete(message.id);
        p.reject(
          new ProtocolError('PROTO_ERR_REMOTE', `board rejected ${p.type}: ${message.code}: ${message.message}`, {
            requestId: message.id,
            remoteCode: message.code,
            ...(message.field === undefined ? {} : { field: message.field }),
            ...(message.supported === undefined ? {} : { supported: message.supported }),
          }),
        );
        return;
      }
      case 'recording': {
        if (message.id !== null) {
          const w = this.recordingWaiters.get(message.id);
          this.recordingWaiters.delete(message.id);
          w?.resolve(message);
        }
        this.emit('recording', message);
        return;
      }
      case 'sim.truth': {
        const w = this.truthWaiters.get(message.id);
        this.truthWaiters.delete(message.id);
        w?.resolve(message);
        this.emit('sim.truth', message);
        return;
      }
      default:
        this.emit(message.type, message as never);
    }
  }

  // -------------------------------------------------------------------------------------------
  // requests

  /**
   * Sends any request and resolves with its typed ack result. Rejects with ProtocolError:
   * PROTO_ERR_REMOTE (the board's error, `remoteCode`), PROTO_ERR_TIMEOUT, PROTO_ERR_CANCELED,
   * PROTO_ERR_NOT_CONNECTED, PROTO_ERR_BAD_FIELD (invalid request, nothing sent).
   */
  request<T extends HostMessageType>(body: RequestBody<T> & { readonly type: T }, options: RequestOptions = {}): Promise<AckResults[T]> {
    return this.send(body, options).then((ack) => validateAckResult(body.type, ack));
  }

  /** Limits for requests to this board: the client's, narrowed by what the board announced in hello. */
  private outgoingLimits(): ProtocolLimits {
    const board = this.hello?.limits;
    const own = this.options.limits;
    return board
      ? {
          ...own,
          maxFrameBytes: Math.min(own.maxFrameBytes, board.maxFrameBytes),
          maxModelBytes: Math.min(own.maxModelBytes, board.maxModelBytes),
          maxRecordingMs: Math.min(own.maxRecordingMs, board.maxRecordingMs),
        }
      : own;
  }

  private send(body: { readonly type: HostMessageType }, options: RequestOptions, id: RequestId = this.allocateId()): Promise<AckMessage> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(canceled(`${body.type} aborted before sending`, signal.reason));
    let text: string;
    try {
      const limits = this.outgoingLimits();
      const message: HostMessage = validateHostMessage({ ...body, id }, { limits });
      text = JSON.stringify(message);
      const bytes = utf8ByteLength(text);
      if (bytes > limits.maxFrameBytes) {
        throw new ProtocolError('PROTO_ERR_FRAME_TOO_LARGE', `${body.type} is ${bytes} bytes, more than the board's maxFrameBytes ${limits.maxFrameBytes}`, {
          field: '(frame)',
          requestId: id,
        });
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const socket = this.socket;
    if (this.currentState !== 'open' || !socket || socket.readyState !== WEBSOCKET_OPEN) {
      return Promise.reject(new ProtocolError('PROTO_ERR_NOT_CONNECTED', `cannot send ${body.type}: the client is ${this.currentState}`, { requestId: id }));
    }
    const timeoutMs = positive('timeoutMs', options.timeoutMs ?? this.options.requestTimeoutMs);
    return new Promise<AckMessage>((resolve, reject) => {
      const cleanup = (): void => {
        this.options.timers.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      const onAbort = (): void => {
        cleanup();
        reject(canceled(`${body.type} ${id} aborted`, signal?.reason));
      };
      const timer = this.options.timers.setTimeout(() => {
        cleanup();
        reject(new ProtocolError('PROTO_ERR_TIMEOUT', `no answer to ${body.type} ${id} within ${timeoutMs} ms`, { requestId: id }));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        type: body.type,
        resolve: (ack) => {
          cleanup();
          resolve(ack);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      });
      try {
        socket.send(text);
      } catch (cause) {
        cleanup();
        reject(new ProtocolError('PROTO_ERR_NOT_CONNECTED', `sending ${body.type} failed: ${(cause as Error).message}`, { requestId: id, cause }));
      }
    });
  }

  /** Waits for a message delivered to `waiters` under `id`, with a timeout and a signal. */
  private waitFor<T>(waiters: Map<RequestId, Waiter<T>>, id: RequestId, what: string, timeoutMs: number, signal?: AbortSignalLike): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cleanup = (): void => {
        this.options.timers.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        waiters.delete(id);
      };
      const onAbort = (): void => {
        cleanup();
        reject(canceled(`waiting for ${what} of ${id} aborted`, signal?.reason));
      };
      const timer = this.options.timers.setTimeout(() => {
        cleanup();
        reject(new ProtocolError('PROTO_ERR_TIMEOUT', `no ${what} for ${id} within ${timeoutMs} ms`, { requestId: id }));
      }, timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.set(id, {
        resolve: (value) => {
          cleanup();
          resolve(value);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      });
    });
  }

  /** Sends a request and, once acked, waits for the follow-up message with the same id. */
  private async requestThenWait<T>(
    body: { readonly type: HostMessageType },
    waiters: Map<RequestId, Waiter<T>>,
    what: string,
    waitMs: number,
    options: RequestOptions,
  ): Promise<T> {
    const id = this.allocateId();
    // Registered before sending, so a follow-up that arrives right after the ack is never missed.
    const followUp = this.waitFor(waiters, id, what, waitMs, options.signal);
    followUp.catch(() => undefined);
    try {
      await this.send(body, options, id);
    } catch (error) {
      waiters.get(id)?.reject(error);
      throw error;
    }
    return followUp;
  }

  /** Changes sensor ranges/rates; resolves with the sensors as now configured. */
  async configure(settings: ConfigureSettings, options?: RequestOptions): Promise<readonly SensorDescriptor[]> {
    const { sensors } = await this.request({ type: 'configure', ...settings }, options);
    return sensors;
  }

  /** Starts binary sample frames for `sensors`; resolves with the sensors now streaming. */
  async startStream(sensors: readonly SensorName[], options?: RequestOptions): Promise<readonly SensorName[]> {
    // Reset before sending: the first frames may be handled before this method resumes.
    for (const s of sensors) this.gaps.reset(s);
    const { streaming } = await this.request({ type: 'stream.start', sensors }, options);
    for (const s of sensors) this.streams.add(s);
    return streaming;
  }

  /** Stops sample frames for `sensors` (default all); resolves with the sensors still streaming. */
  async stopStream(sensors?: readonly SensorName[], options?: RequestOptions): Promise<readonly SensorName[]> {
    const { streaming } = await this.request(sensors ? { type: 'stream.stop', sensors } : { type: 'stream.stop' }, options);
    for (const s of sensors ?? [...this.streams]) this.streams.delete(s);
    return streaming;
  }

  /** Records one labelled capture and resolves with it (after the ack and the `recording`). */
  record(request: { label: string; durationMs: number; delayMs?: number; sensor?: SensorGroup }, options: RecordOptions = {}): Promise<RecordingMessage> {
    const waitMs = options.recordingTimeoutMs ?? (request.delayMs ?? 0) + request.durationMs + (options.timeoutMs ?? this.options.requestTimeoutMs);
    return this.requestThenWait({ type: 'record', ...request }, this.recordingWaiters, 'recording', waitMs, options);
  }

  /** Deploys a `tinyspark.qmodel` v1 document; resolves with its labels. */
  async deployModel(model: object, options?: RequestOptions): Promise<readonly string[]> {
    const { labels } = await this.request({ type: 'model.deploy', model: model as { readonly [key: string]: unknown } }, options);
    return labels;
  }

  /** Removes the deployed model. */
  async clearModel(options?: RequestOptions): Promise<void> {
    await this.request({ type: 'model.clear' }, options);
  }

  /** Starts inference (`{mode:'sliding', hopMs}` or `{mode:'recording'}`); predictions arrive as events. */
  async startInference(settings: { mode: 'sliding'; hopMs: number } | { mode: 'recording' }, options?: RequestOptions): Promise<void> {
    await this.request({ type: 'infer.start', ...settings }, options);
  }

  /** Stops inference. */
  async stopInference(options?: RequestOptions): Promise<void> {
    await this.request({ type: 'infer.stop' }, options);
  }

  /** Pings the board; resolves with the round-trip time (client timers) and the board clock. */
  async ping(options?: RequestOptions): Promise<{ rttMs: number; boardTime: number }> {
    const started = this.options.timers.now();
    const { t } = await this.request({ type: 'ping' }, options);
    const rttMs = this.options.timers.now() - started;
    this.lastRttMs = rttMs;
    return { rttMs, boardTime: t };
  }

  /** Host-only simulation controls (`sim.*`); a real board answers NOT_SUPPORTED (PROTO_ERR_REMOTE). */
  readonly sim = {
    /** Performs one gesture now; resolves with its ground-truth segment. */
    perform: async (
      request: { gesture: string; person?: number; seed?: number; params?: GestureParams },
      options?: RequestOptions,
    ): Promise<TruthSegment> => (await this.request({ type: 'sim.perform', ...request }, options)).segment,
    /** Plays a scenario (`{steps}` or `{generate}`); resolves with its ground truth. */
    scenario: async (request: Omit<SimScenarioRequest, 'id' | 'type'>, options?: RequestOptions): Promise<readonly TruthSegment[]> => {
      const truth = await this.requestThenWait(
        { type: 'sim.scenario', ...request },
        this.truthWaiters,
        'sim.truth',
        options?.timeoutMs ?? this.options.requestTimeoutMs,
        options ?? {},
      );
      return truth.segments;
    },
    /** Presses, releases or clicks a button. */
    button: async (request: { button: 1 | 2; action: 'press' | 'release' | 'click'; durationMs?: number }, options?: RequestOptions): Promise<void> => {
      await this.request({ type: 'sim.button', ...request }, options);
    },
    /** Injects a fault. */
    fault: async (
      request: { kind: FaultKind; sensor?: SensorName; params?: { readonly [key: string]: number }; durationMs?: number },
      options?: RequestOptions,
    ): Promise<void> => {
      await this.request({ type: 'sim.fault', ...request }, options);
    },
    /** Advances the virtual board clock; resolves with the board time after it. */
    clock: async (advanceMs: number, options?: RequestOptions): Promise<number> => (await this.request({ type: 'sim.clock', advanceMs }, options)).t,
  };

  // -------------------------------------------------------------------------------------------
  // iteration

  /**
   * Async iterator over one event (buffering up to `maxBufferedEvents`); ends when the client closes
   * for good or `signal` aborts.
   */
  events<K extends keyof BoardClientEvents>(event: K, options: { readonly signal?: AbortSignalLike } = {}): AsyncIterableIterator<BoardClientEvents[K]> {
    const { signal } = options;
    let off = (): void => undefined;
    const onAbort = (): void => queue.end();
    const queue = new EventQueue<BoardClientEvents[K]>(this.options.maxBufferedEvents, () => {
      off();
      signal?.removeEventListener('abort', onAbort);
      this.queues.delete(queue as EventQueue<unknown>);
    });
    if (this.currentState === 'closed' || signal?.aborted) {
      queue.end();
      return queue;
    }
    this.queues.add(queue as EventQueue<unknown>);
    off = this.on(event, (payload) => queue.push(payload));
    signal?.addEventListener('abort', onAbort, { once: true });
    return queue;
  }

  /** Async iterator over finished recordings (button-triggered or requested). */
  recordings(options?: { readonly signal?: AbortSignalLike }): AsyncIterableIterator<RecordingMessage> {
    return this.events('recording', options);
  }
}
