export { PROTOCOL_VERSION, type ProtocolVersion } from './version.js';
export { WIRE_ERROR_CODES, isWireErrorCode, type WireErrorCode } from './wire-error-codes.js';
export { CLOSE_CODES, type CloseCode } from './close-codes.js';
export {
  SENSOR_NAMES,
  SENSOR_IDS,
  SENSOR_AXES,
  SENSOR_UNITS,
  SENSOR_RANGE_UNITS,
  SENSOR_GROUPS,
  sensorNameFromId,
  type SensorName,
  type SensorUnit,
  type SensorRangeUnit,
  type SensorGroup,
} from './sensors.js';
export { DEFAULT_LIMITS, IDENTIFIER_PATTERN, MAX_REQUEST_ID_LENGTH, type ProtocolLimits } from './limits.js';
export {
  ProtocolError,
  PROTOCOL_ERROR_CODES,
  isProtocolError,
  type ProtocolErrorCode,
  type ProtocolErrorDetails,
} from './protocol-error.js';
export * from './messages.js';
export type { ValidateOptions } from './message-options.js';
export { validateBoardMessage, RECORDING_AXES } from './validate-board-message.js';
export { validateHostMessage, MAX_CLOCK_ADVANCE_MS, MAX_PERSON, MAX_VARIATION } from './validate-host-message.js';
export { MAX_SEED } from './truth-segment.js';
export { parseTextFrame, encodeTextFrame, type FrameSource, type ParseTextFrameOptions } from './parse-text-frame.js';
export { toErrorMessage, errorMessage, capText, MAX_ERROR_MESSAGE_CHARS, MAX_ERROR_FIELD_CHARS } from './error-reply.js';
export { peekFrameId } from './peek-frame-id.js';
export { MAX_ECHO_CHARS } from './field-reader.js';
export { ackMessage } from './ack-message.js';
export { utf8ByteLength } from './utf8-byte-length.js';
export {
  encodeSampleFrame,
  encodeSampleFrameInto,
  decodeSampleFrame,
  sampleFrameToValues,
  sampleTimeUs,
  sampleFrameByteLength,
  SAMPLE_FRAME_MAGIC,
  SAMPLE_FRAME_HEADER_BYTES,
  MAX_SAMPLES_PER_FRAME,
  type SampleFrame,
  type SampleFrameOptions,
} from './sample-frame.js';
export { validateAckResult } from './validate-ack-result.js';
export { connectBoard } from './client/connect-board.js';
export {
  BoardClient,
  type BoardClientEvents,
  type BoardClientState,
  type ConnectBoardOptions,
  type ConfigureSettings,
  type RecordOptions,
  type RequestBody,
  type RequestOptions,
  type SimControls,
} from './client/board-client.js';
export type { WebSocketLike, WebSocketConstructorLike, WebSocketEventLike } from './client/websocket-like.js';
export { realTimers } from './client/clock.js';
export type { Clock, Timers, TimerHandle } from './clock.js';
export { defaultJitterRng, type JitterRng } from './client/rng.js';
export { backoffDelay, DEFAULT_RECONNECT, resolveReconnectOptions, type ReconnectOptions, type ResolvedReconnectOptions } from './client/backoff.js';
export { GapDetector, type SampleGap } from './client/gap-detector.js';
export type { AbortSignalLike } from './client/abort-signal-like.js';
export { EventQueue } from './client/event-queue.js';
