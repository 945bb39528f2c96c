import { prop } from '../test/support/property.js';
import { describe, expect } from 'vitest';
import { encodeTextFrame, parseTextFrame } from './parse-text-frame.js';
import { boardMessage, hostMessage } from '../test/support/arbitraries.js';
import { validateBoardMessage } from './validate-board-message.js';
import { validateHostMessage } from './validate-host-message.js';

describe('message round trips', () => {
  prop([boardMessage], { numRuns: 500 })('validateBoardMessage(JSON round trip of m) equals m for every board message', (message) => {
    expect(validateBoardMessage(JSON.parse(JSON.stringify(message)))).toEqual(message);
    expect(parseTextFrame(encodeTextFrame(message), { from: 'board' })).toEqual(message);
    expect(parseTextFrame(JSON.stringify(message))).toEqual(message);
  });

  prop([hostMessage], { numRuns: 500 })('validateHostMessage(JSON round trip of m) equals m for every host request', (message) => {
    expect(validateHostMessage(JSON.parse(JSON.stringify(message)))).toEqual(message);
    expect(parseTextFrame(encodeTextFrame(message), { from: 'host' })).toEqual(message);
    expect(parseTextFrame(JSON.stringify(message))).toEqual(message);
  });
});
