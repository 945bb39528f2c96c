import fc from 'fast-check';
import { prop } from '../test/support/property.js';
import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './utf8-byte-length.js';

declare const TextEncoder: { new (): { encode(text: string): Uint8Array } };

describe('utf8ByteLength', () => {
  it('counts 1, 2, 3 and 4-byte characters', () => {
    expect(utf8ByteLength('a')).toBe(1);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('\ud800')).toBe(3); // lone surrogate -> U+FFFD
  });

  prop([fc.string({ unit: 'binary', maxLength: 200 })])('equals the platform TextEncoder length for any string', (text) => {
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
  });
});
