/**
 * WebSocket close codes used by protocol v1 peers (RFC 6455 codes plus the 4000-4999 private range).
 * A server closing a connection for one of these reasons uses exactly this code.
 */
export const CLOSE_CODES = {
  /** Normal closure (client or server shut down on purpose). */
  normal: 1000,
  /** The server is going away (process shutting down). */
  goingAway: 1001,
  /** The peer broke the protocol badly enough that the connection cannot continue. */
  protocolError: 1002,
  /** A text frame was not valid UTF-8 (RFC 6455 "invalid frame payload data"; sent by the WebSocket layer). */
  invalidPayload: 1007,
  /** A frame exceeded `maxFrameBytes`. */
  messageTooBig: 1009,
  /** The server hit an unexpected condition. */
  internalError: 1011,
  /** The peer announced a protocol version this side does not speak. */
  unsupportedVersion: 4000,
  /** The URL path names no board (`/boards/<id>`). */
  unknownBoard: 4004,
  /** The board already has its maximum number of clients. */
  tooManyClients: 4029,
  /** The client stopped reading and its send buffer overflowed for too long. */
  slowConsumer: 4008,
  /** Simulated disconnect (`sim.fault` kind `disconnect`). */
  simulatedDisconnect: 4099,
} as const;

/** One of the values of {@link CLOSE_CODES}. */
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
