import { badField, type ObjectReader } from './field-reader.js';
import { ProtocolError } from './protocol-error.js';

/** Reads `type` and checks it is one of `known` (PROTO_ERR_UNKNOWN_TYPE otherwise). */
export function readMessageType<T extends string>(reader: ObjectReader, known: readonly T[], direction: string): T {
  const type = reader.raw('type');
  if (typeof type !== 'string') return badField(reader.ctx, 'type', 'a string naming the message type', type);
  if (!(known as readonly string[]).includes(type)) {
    throw new ProtocolError(
      'PROTO_ERR_UNKNOWN_TYPE',
      `field "type" is ${JSON.stringify(type.slice(0, 64))}, not a ${direction} message type (known: ${known.join(', ')})`,
      { field: 'type', requestId: reader.ctx.requestId, supported: known },
    );
  }
  return type as T;
}
