/** The protocol version this package speaks. A board announces it in `hello.protocol`. */
export const PROTOCOL_VERSION = 1;

/** Literal type of {@link PROTOCOL_VERSION}. */
export type ProtocolVersion = typeof PROTOCOL_VERSION;
