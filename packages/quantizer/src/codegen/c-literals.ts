const view = new DataView(new ArrayBuffer(4));

/** An exact C99 hexadecimal float literal for a float32 value, e.g. 0x1.99999ap-4f. */
export function cFloatLiteral(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f)) throw new RangeError(`not a finite float: ${value}`);
  if (f === 0) return Object.is(f, -0) ? '-0.0f' : '0.0f';
  view.setFloat32(0, f);
  const bits = view.getUint32(0);
  const sign = bits >>> 31 ? '-' : '';
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  // 23 mantissa bits -> 6 hex digits after shifting left by 1 (24 bits)
  const hex = (mant << 1).toString(16).padStart(6, '0');
  if (exp === 0) return `${sign}0x0.${hex}p-126f`;
  return `${sign}0x1.${hex}p${exp - 127}f`;
}

/** A C int32 literal that is valid for INT32_MIN too. */
export function cInt32Literal(v: number): string {
  return v === -2147483648 ? '(-2147483647 - 1)' : String(v);
}

/** Comma-separated values wrapped at `perLine` per line, indented. */
export function cArrayBody(values: ArrayLike<number>, format: (v: number) => string, perLine = 16): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i += perLine) {
    const row: string[] = [];
    for (let j = i; j < Math.min(values.length, i + perLine); j++) row.push(format(values[j]!));
    parts.push(`  ${row.join(', ')}`);
  }
  return parts.join(',\n');
}

/** A C string literal (ASCII-escaped). */
export function cStringLiteral(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 32 && c < 127) out += ch;
    else out += [...new TextEncoderLite(ch)].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
  }
  return `${out}"`;
}

/** Minimal UTF-8 encoder (pure package: no TextEncoder global). */
class TextEncoderLite implements Iterable<number> {
  private readonly bytes: number[] = [];
  constructor(ch: string) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) this.bytes.push(c);
    else if (c < 0x800) this.bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) this.bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else this.bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  [Symbol.iterator](): Iterator<number> {
    return this.bytes[Symbol.iterator]();
  }
}
