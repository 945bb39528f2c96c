import { describe, expect, it } from 'vitest';
import { ackMessage } from './ack-message.js';
import { validateAckResult } from './validate-ack-result.js';
import { validateBoardMessage } from './validate-board-message.js';

describe('ackMessage / validateAckResult', () => {
  it('builds acks that validate and read back typed', () => {
    const ping = ackMessage({ type: 'ping', id: 'p1' }, { t: 12.5 });
    expect(validateBoardMessage(ping)).toEqual({ type: 'ack', id: 'p1', result: { t: 12.5 } });
    expect(validateAckResult('ping', ping)).toEqual({ t: 12.5 });
    expect(ackMessage({ type: 'record', id: 3 })).toEqual({ type: 'ack', id: 3 });
    expect(validateAckResult('record', ackMessage({ type: 'record', id: 3 }))).toEqual({});
  });

  it('rejects results that do not match the request type, naming result.<field>', () => {
    expect(() => validateAckResult('stream.start', { type: 'ack', id: 1, result: { streaming: ['sonar'] } })).toThrow(
      expect.objectContaining({ code: 'PROTO_ERR_BAD_FIELD', field: 'result.streaming[0]' }),
    );
    expect(() => validateAckResult('model.deploy', { type: 'ack', id: 1, result: { labels: [] } })).toThrow(
      expect.objectContaining({ field: 'result.labels' }),
    );
    expect(() => validateAckResult('sim.perform', { type: 'ack', id: 1 })).toThrow(expect.objectContaining({ field: 'result.segment' }));
    expect(() => validateAckResult('configure', { type: 'ack', id: 1, result: { sensors: [{ name: 'gyroscope' }] } })).toThrow(
      expect.objectContaining({ field: 'result.sensors[0].axes' }),
    );
  });
});
