import { ObjectReader, readOneOf, readString, type ReadContext } from './field-reader.js';
import { DEFAULT_LIMITS } from './limits.js';
import type { AckMessage, AckResults, HostMessageType } from './messages.js';
import { MAX_REPLAY_LOOPS } from './messages.js';
import { SENSOR_NAMES } from './sensors.js';
import { readTruthSegment } from './truth-segment.js';
import { readSensorDescriptor } from './validate-board-message.js';

/**
 * Checks the `result` of an ack for a request of type `type` (see {@link AckResults}) and returns it
 * typed (unknown fields dropped). Throws {@link ProtocolError} PROTO_ERR_BAD_FIELD naming `result.<field>`.
 */
export function validateAckResult<T extends HostMessageType>(type: T, ack: AckMessage): AckResults[T] {
  const ctx: ReadContext = { requestId: ack.id, maxStringLength: DEFAULT_LIMITS.maxStringLength };
  const r = ObjectReader.of(ctx, 'result', ack.result ?? {});
  const out = ((): unknown => {
    switch (type) {
      case 'configure': {
        const sensors = r.array('sensors', (v, p) => readSensorDescriptor(ctx, p, v), { max: SENSOR_NAMES.length });
        return { sensors };
      }
      case 'stream.start':
      case 'stream.stop':
        return { streaming: r.array('streaming', (v, p) => readOneOf(ctx, p, v, SENSOR_NAMES), { max: SENSOR_NAMES.length }) };
      case 'model.deploy':
        return { labels: r.array('labels', (v, p) => readString(ctx, p, v, { min: 1, max: 256 }), { min: 1, max: 1024 }) };
      case 'ping':
      case 'sim.clock':
        return { t: r.num('t', { min: 0 }) };
      case 'sim.perform':
        return { segment: readTruthSegment(ctx, 'result.segment', r.required('segment')) };
      case 'sim.replay':
        return {
          truth: r.array('truth', (v, p) => readTruthSegment(ctx, p, v), { max: MAX_REPLAY_LOOPS }),
          endMs: r.num('endMs', { min: 0 }),
        };
      case 'sim.gesture':
        return {
          ...(r.has('name') ? { name: r.str('name', { min: 1, max: 64 }) } : {}),
          gestures: r.array('gestures', (v, p) => readString(ctx, p, v, { min: 1, max: 64 }), { max: 4096 }),
        };
      default:
        return {};
    }
  })();
  return out as AckResults[T];
}
