import type {
  ButtonMessage,
  BoardMessage,
  ErrorMessage,
  HelloMessage,
  HostMessageOf,
  HostMessageType,
  LedMessage,
  ModeMessage,
  NeopixelMessage,
  PredictionMessage,
  RecordingMessage,
  SensorSettings,
  SerialMessage,
  SimTruthMessage,
  StatsMessage,
} from '../messages.js';
import type { ProtocolError } from '../protocol-error.js';
import type { SampleFrame } from '../sample-frame.js';
import type { SampleGap } from './gap-detector.js';

/** Connection state. */
export type BoardClientState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Events of a `BoardClient`. */
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
