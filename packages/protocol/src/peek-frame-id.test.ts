import { describe, expect, it } from 'vitest';
import { peekFrameId } from './peek-frame-id.js';

describe('peekFrameId (the id of a frame too large to parse)', () => {
  const big = 'x'.repeat(100_000);
  it.each([
    ['id first', `{"id":"r7","type":"model.deploy","model":{"a":"${big}"}}`, 'r7'],
    ['id after a huge nested value', `{"type":"model.deploy","model":{"a":["${big}",{"id":"inner"}]},"id":12}`, 12],
    ['spaces and newlines', ` {\n "type" : "ping" ,\n "id" : 0 }`, 0],
    ['a key that contains an escaped quote', `{"a\\"id":1,"id":"ok"}`, 'ok'],
  ])('reads %s', (_name, text, id) => {
    expect(peekFrameId(text)).toBe(id);
    // the same answer a full parse would give
    expect((JSON.parse(text) as { id: unknown }).id).toBe(id);
  });

  it.each([
    ['no id', `{"type":"ping","label":"${big}"}`],
    ['an id nested only', `{"model":{"id":"inner"}}`],
    ['an id too long', `{"id":"${'a'.repeat(65)}"}`],
    ['an id with escapes', `{"id":"a\\u0041"}`],
    ['a negative id', `{"id":-1}`],
    ['a fractional id', `{"id":1.5}`],
    ['an unsafe integer id', `{"id":12345678901234567}`],
    ['not an object', `["id",1]`],
    ['a cut-off frame', `{"type":"model.deploy","model":{"a":"${big}`],
    ['empty text', ''],
  ])('answers null for %s', (_name, text) => {
    expect(peekFrameId(text)).toBeNull();
  });
});
