// The isomorphic protocol v1 client: one BoardClient per board URL. Create it with connectBoard().
// The class holds the public surface; the mechanisms are units of their own: options.ts (defaults,
// validation), handshake.ts (socket + hello), request-sender.ts (ids, encoding, sending, and the
// pending answers in waiters.ts), incoming.ts (routing board messages), heartbeat.ts, reconnect.ts,
// sim-controls.ts, events.ts (the event map).
import { CLOSE_CODES } from '../close-codes.js';
import type { AckResults, BoardMessage, HelloMessage, HostMessageType, RecordingMessage, SensorDescriptor, SimTruthMessage } from '../messages.js';
import { parseTextFrame } from '../parse-text-frame.js';
import { ProtocolError } from '../protocol-error.js';
import { decodeSampleFrame, type SampleFrame } from '../sample-frame.js';
import type { SensorGroup, SensorName } from '../sensors.js';
import { validateAckResult } from '../validate-ack-result.js';
import type { AbortSignalLike } from './abort-signal-like.js';
import { EventQueue } from './event-queue.js';
import type { BoardClientEvents, BoardClientState, ConfigureSettings, RequestBody } from './events.js';
import { GapDetector } from './gap-detector.js';
import { routeBoardMessage, toBytes } from './incoming.js';
import { openHandshake } from './handshake.js';
import { Heartbeat } from './heartbeat.js';
import { resolveOptions, type ConnectBoardOptions, type RecordOptions, type RequestOptions, type ResolvedOptions } from './options.js';
import { Reconnector } from './reconnect.js';
import { RequestSender } from './request-sender.js';
import { createSimControls, type SimControls } from './sim-controls.js';
import { TypedEmitter } from './typed-emitter.js';
import { canceled } from './waiters.js';
import { WEBSOCKET_OPEN, type WebSocketEventLike, type WebSocketLike } from './websocket-like.js';

export type { BoardClientEvents, BoardClientState, ConfigureSettings, RequestBody } from './events.js';
export type { ConnectBoardOptions, RecordOptions, RequestOptions } from './options.js';
export type { SimControls } from './sim-controls.js';

/** Close codes after which reconnecting cannot help. */
const PERMANENT_CLOSE_CODES: readonly number[] = [CLOSE_CODES.unknownBoard, CLOSE_CODES.unsupportedVersion];

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
  private readonly requests: RequestSender;
  private readonly queues = new Set<EventQueue<unknown>>();
  private readonly gaps = new GapDetector();
  private readonly streams = new Set<SensorName>();
  private readonly heartbeat: Heartbeat;
  private readonly reconnector: Reconnector;
  private readonly closeWaiters: (() => void)[] = [];
  private readonly removeAbortListener: () => void;

  /** Use `connectBoard(url, options)`. */
  constructor(
    readonly url: string,
    options: ConnectBoardOptions = {},
  ) {
    super();
    this.options = resolveOptions(options);
    this.requests = new RequestSender({
      options: this.options,
      socket: () => this.socket,
      state: () => this.currentState,
      hello: () => this.hello as HelloMessage | undefined,
    });
    const signal = options.signal;
    const onAbort = (): void => void this.close(CLOSE_CODES.normal, 'aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    this.removeAbortListener = () => signal?.removeEventListener('abort', onAbort);
    this.heartbeat = new Heartbeat({
      options: this.options,
      socket: () => this.socket,
      isOpen: () => this.currentState === 'open',
      ping: (timeoutMs) => this.ping({ timeoutMs }),
      beat: (result) => this.emit('heartbeat', result),
      lost: (socket) => {
        // drop this socket without waiting for a close handshake
        this.detachSocket?.();
        try {
          socket.close(CLOSE_CODES.normal, 'heartbeat timeout'); // browsers only allow 1000 and 3000-4999
        } catch {
          // already closing
        }
        this.onDropped(1006, 'heartbeat timeout');
      },
    });
    this.reconnector = new Reconnector({
      options: this.options,
      reconnecting: () => this.currentState === 'reconnecting',
      open: () => this.openSocket(),
      opened: (hello) => this.onOpened(hello, true),
      discard: () => this.closeSocket(CLOSE_CODES.normal, 'client closed'),
      scheduled: (attempt, delayMs) => this.emit('reconnect', { attempt, delayMs }),
      unsupported: (error) => {
        this.emit('protocolError', error);
        this.finalClose(CLOSE_CODES.unsupportedVersion, error.message);
      },
      gaveUp: (attempts) => this.finalClose(1006, `gave up after ${attempts} reconnect attempts`),
    });
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

  // connection

  private openSocket(): Promise<HelloMessage> {
    return openHandshake(this.url, this.options, {
      attach: (socket, detach) => {
        this.socket = socket;
        this.detachSocket = detach;
      },
      detached: (socket) => {
        if (this.socket === socket) {
          this.socket = null;
          this.detachSocket = null;
        }
      },
      message: (event) => this.onMessage(event),
      dropped: (code, reason) => this.onDropped(code, reason),
      setAbort: (abort) => {
        this.abortHandshake = abort;
      },
    });
  }

  private onOpened(hello: HelloMessage, reconnected: boolean): void {
    this.hello = hello;
    this.reconnector.reset();
    this.currentState = 'open';
    this.heartbeat.schedule();
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
    this.heartbeat.stop();
    this.requests.waiters.rejectAll(canceled(`connection closed (code ${code}${reason ? `, ${reason}` : ''})`));
    const willReconnect = this.options.reconnect.enabled && !PERMANENT_CLOSE_CODES.includes(code);
    this.emit('close', { code, reason, willReconnect });
    if (willReconnect) {
      this.currentState = 'reconnecting';
      this.reconnector.schedule();
    } else {
      this.finalClose(code, reason, false);
    }
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

  private finalClose(code: number, reason: string, emitClose = true): void {
    if (this.currentState === 'closed') return;
    const wasConnected = this.currentState !== 'connecting';
    this.currentState = 'closed';
    this.heartbeat.stop();
    this.reconnector.cancel();
    this.requests.waiters.rejectAll(canceled(`client closed (${reason})`));
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
    if (message.type === 'hello') this.hello = message;
    else routeBoardMessage(message, this.requests.waiters, (event, payload) => this.emit(event, payload));
  }

  // requests

  /**
   * Sends any request and resolves with its typed ack result. Rejects with ProtocolError:
   * PROTO_ERR_REMOTE (the board's error, `remoteCode`), PROTO_ERR_TIMEOUT, PROTO_ERR_CANCELED,
   * PROTO_ERR_NOT_CONNECTED, PROTO_ERR_BAD_FIELD (invalid request, nothing sent).
   */
  request<T extends HostMessageType>(body: RequestBody<T> & { readonly type: T }, options: RequestOptions = {}): Promise<AckResults[T]> {
    return this.requests.send(body, options).then((ack) => validateAckResult(body.type, ack));
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
    return this.requests.sendThenWait({ type: 'record', ...request }, 'recording', waitMs, options);
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
  readonly sim: SimControls = createSimControls({
    request: (body, options) => this.request(body, options),
    scenarioTruth: async (request, options) => {
      const truth = await this.requests.sendThenWait<SimTruthMessage>({ type: 'sim.scenario', ...request }, 'sim.truth', options.timeoutMs ?? this.options.requestTimeoutMs, options);
      return truth.segments;
    },
  });

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
