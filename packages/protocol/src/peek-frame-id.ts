import { MAX_REQUEST_ID_LENGTH } from './limits.js';
import type { RequestId } from './messages.js';

/**
 * The request `id` of a text frame that is not parsed (too large): the top-level `"id"` member of
 * a JSON object, when it is a plain string of 1..64 characters (no escapes) or a non-negative safe
 * integer; null otherwise. One pass over the text, no allocation beyond the id: a board can name
 * the request in its FRAME_TOO_LARGE reply without parsing megabytes.
 */
export function peekFrameId(text: string): RequestId | null {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return null; // {
  i++;
  for (;;) {
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== 0x22) return null; // a key
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return null;
    const isId = keyEnd - i === 4 && text.startsWith('"id"', i);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a) return null; // :
    i = skipSpace(text, i + 1);
    if (isId) return readId(text, i);
    i = skipValue(text, i);
    if (i < 0) return null;
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== 0x2c) return null; // , (a closing brace: no id)
    i++;
  }
}

function readId(text: string, i: number): RequestId | null {
  if (text.charCodeAt(i) === 0x22) {
    const end = skipString(text, i);
    if (end < 0) return null;
    const raw = text.slice(i + 1, end - 1);
    return raw.length >= 1 && raw.length <= MAX_REQUEST_ID_LENGTH && !raw.includes('\\') ? raw : null;
  }
  const m = /^(0|[1-9][0-9]{0,15})(?![0-9.eE])/.exec(text.slice(i, i + 18));
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** Index after the string starting at `i` (a quote), or -1 when it does not end. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j + 1;
  }
  return -1;
}

/** Index after the JSON value starting at `i` (strings, nested objects/arrays, literals), or -1. */
function skipValue(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) {
      j = skipString(text, j) - 1;
      if (j < 0) return -1;
      if (depth === 0) return j + 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) return j; // the enclosing object ends
      depth--;
      if (depth === 0) return j + 1;
    } else if (depth === 0 && (c === 0x2c || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d)) return j;
  }
  return depth === 0 ? text.length : -1;
}
