/**
 * UTF-8 through the platform's WHATWG TextEncoder / TextDecoder (Node 18+, every browser), typed
 * locally so the package builds without DOM or Node type libraries (tsconfig.build.json: types []).
 */
interface Utf8Codecs {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: 'utf-8', options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
}

const codecs = globalThis as unknown as Utf8Codecs;

/** The UTF-8 bytes of `text`. */
export function encodeUtf8(text: string): Uint8Array {
  return new codecs.TextEncoder().encode(text);
}

/** A UTF-8 decoder; `fatal` throws a TypeError on malformed bytes instead of inserting U+FFFD. */
export function utf8Decoder(fatal: boolean): { decode(bytes: Uint8Array): string } {
  return new codecs.TextDecoder('utf-8', { fatal });
}
