import type { BoardMessage } from '../messages.js';
import { ProtocolError } from '../protocol-error.js';
import type { BoardClientEvents } from './events.js';
import type { Waiters } from './waiters.js';

/** The bytes of a binary WebSocket payload (ArrayBuffer or a view), undefined for anything else (a Blob). */
export function toBytes(data: unknown): Uint8Array | undefined {
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array(data as ArrayBuffer);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

type Emit = <K extends keyof BoardClientEvents>(event: K, payload: BoardClientEvents[K]) => void;

/**
 * Delivers one valid board message (after the `message` event): answers settle their waiters (an
 * `error` rejects its request with PROTO_ERR_REMOTE), everything else becomes its event. `hello`
 * is the caller's.
 */
export function routeBoardMessage(message: Exclude<BoardMessage, { type: 'hello' }>, waiters: Waiters, emit: Emit): void {
  switch (message.type) {
    case 'ack':
      waiters.get('ack', message.id)?.resolve(message);
      return;
    case 'error': {
      const p = message.id === null ? undefined : waiters.get('ack', message.id);
      if (!p || message.id === null) return emit('error', message);
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
    case 'recording':
      if (message.id !== null) waiters.get('recording', message.id)?.resolve(message);
      emit('recording', message);
      return;
    case 'sim.truth':
      waiters.get('sim.truth', message.id)?.resolve(message);
      emit('sim.truth', message);
      return;
    default:
      emit(message.type, message as never);
  }
}
