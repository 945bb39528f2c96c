import fc from 'fast-check';
import { prop } from '../test/support/property.js';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './protocol-error.js';
import {
  decodeSampleFrame,
  encodeSampleFrame,
  encodeSampleFrameInto,
  SAMPLE_FRAME_HEADER_BYTES,
  sampleFrameByteLength,
  sampleFrameToValues,
  sampleTimeUs,
  type SampleFrame,
} from './sample-frame.js';
import { SENSOR_AXES } from './sensors.js';
import { sampleFrame } from '../test/support/arbitraries.js';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string): Uint8Array => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));

// Golden vector, produced independently with CPython's struct module:
//   struct.pack('<BBBBIdddHH', 0x53, 1, 0, 3, 258, 1000.0, 1e6/104, 0.122*9.80665e-3, 2, 0)
//     + struct.pack('<6h', 0, 1, 8197, -1, -32768, 32767)
const GOLDEN_HEX =
  '53010003020100000000000000408f403bb1133bb1c7c24067f7fcd91c9a533f02000000000001000520ffff0080ff7f';
const GOLDEN: SampleFrame = {
  sensor: 'accelerometer',
  seq: 258,
  t0Us: 1000,
  intervalUs: 1e6 / 104,
  scale: 0.122 * 9.80665e-3,
  count: 2,
  raw: Int16Array.of(0, 1, 8197, -1, -32768, 32767),
};

function decodeError(bytes: Uint8Array, options?: Parameters<typeof decodeSampleFrame>[1]): ProtocolError {
  try {
    decodeSampleFrame(bytes, options);
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('decodeSampleFrame accepted the input');
}

describe('sample frame codec', () => {
  it('encodes the golden frame byte for byte as CPython struct does', () => {
    expect(hex(encodeSampleFrame(GOLDEN))).toBe(GOLDEN_HEX);
  });

  it('encodes into a caller buffer at an offset: the same bytes, every byte written, nothing when it does not fit', () => {
    const out = new Uint8Array(5 + GOLDEN_HEX.length / 2 + 3).fill(0xaa);
    expect(encodeSampleFrameInto(GOLDEN, out, 5)).toBe(GOLDEN_HEX.length / 2);
    expect(hex(out.subarray(5, 5 + GOLDEN_HEX.length / 2))).toBe(GOLDEN_HEX);
    expect([...out.subarray(0, 5), ...out.subarray(5 + GOLDEN_HEX.length / 2)]).toEqual(new Array(8).fill(0xaa));
    const small = new Uint8Array(GOLDEN_HEX.length / 2 + 1).fill(0xaa);
    expect(() => encodeSampleFrameInto(GOLDEN, small, 2)).toThrow(ProtocolError);
    expect(small.every((b) => b === 0xaa)).toBe(true);
  });

  it('decodes the golden frame', () => {
    expect(decodeSampleFrame(fromHex(GOLDEN_HEX))).toEqual(GOLDEN);
  });

  it('scales raw values to SI units sample-major and times samples from t0Us', () => {
    const values = sampleFrameToValues(GOLDEN);
    expect(values).toEqual([
      [0, 0.0011964113, 8197 * 0.0011964113],
      [-0.0011964113, -32768 * 0.0011964113, 32767 * 0.0011964113],
    ]);
    expect(values[0]?.[2]).toBeCloseTo(9.807, 3); // 1 g at +-4 g
    expect(sampleTimeUs(GOLDEN, 1)).toBe(1000 + 1e6 / 104);
  });

  prop([sampleFrame])('decode(encode(frame)) equals frame', (frame) => {
    const bytes = encodeSampleFrame(frame);
    expect(bytes.length).toBe(sampleFrameByteLength(frame.count, SENSOR_AXES[frame.sensor].length));
    expect(decodeSampleFrame(bytes)).toEqual(frame);
  });

  prop([sampleFrame, fc.integer({ min: 0, max: 7 })])('decodes from an unaligned view into a larger buffer', (frame, offset) => {
    const bytes = encodeSampleFrame(frame);
    const big = new Uint8Array(bytes.length + offset + 3);
    big.set(bytes, offset);
    expect(decodeSampleFrame(big.subarray(offset, offset + bytes.length))).toEqual(frame);
    expect(decodeSampleFrame(bytes.slice().buffer)).toEqual(frame);
  });

  prop([sampleFrame, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 255 })])('encodeSampleFrameInto writes what encodeSampleFrame returns, over any old bytes', (frame, offset, fill) => {
    const expected = encodeSampleFrame(frame);
    const out = new Uint8Array(offset + expected.length).fill(fill);
    expect(encodeSampleFrameInto(frame, out, offset)).toBe(expected.length);
    expect(hex(out.subarray(offset))).toBe(hex(expected));
  });

  prop([sampleFrame, fc.integer({ min: 1, max: 40 })])('rejects any truncation or extension with PROTO_ERR_LENGTH_MISMATCH', (frame, cut) => {
    const bytes = encodeSampleFrame(frame);
    const shorter = bytes.subarray(0, Math.max(0, bytes.length - cut));
    expect(decodeError(shorter).code).toBe('PROTO_ERR_LENGTH_MISMATCH');
    const longer = new Uint8Array(bytes.length + cut);
    longer.set(bytes);
    expect(decodeError(longer).code).toBe('PROTO_ERR_LENGTH_MISMATCH');
  });

  it('names the problem of each malformed header', () => {
    const golden = fromHex(GOLDEN_HEX);
    const patched = (offset: number, value: number): Uint8Array => {
      const copy = golden.slice();
      copy[offset] = value;
      return copy;
    };
    expect(decodeError(patched(0, 0x7b))).toMatchObject({ code: 'PROTO_ERR_BAD_MAGIC', field: 'magic', wireCode: 'BAD_FRAME' });
    expect(decodeError(patched(1, 2))).toMatchObject({ code: 'PROTO_ERR_UNSUPPORTED_VERSION', field: 'version' });
    expect(decodeError(patched(2, 3))).toMatchObject({ code: 'PROTO_ERR_UNKNOWN_SENSOR', field: 'sensorId' });
    expect(decodeError(patched(2, 2))).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'axes' }); // proximity has 1 axis
    expect(decodeError(patched(34, 1))).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'flags' });
    expect(decodeError(patched(32, 3))).toMatchObject({ code: 'PROTO_ERR_LENGTH_MISMATCH', field: 'count' });
    expect(decodeError(golden.subarray(0, SAMPLE_FRAME_HEADER_BYTES - 1))).toMatchObject({ code: 'PROTO_ERR_LENGTH_MISMATCH' });
    expect(decodeError(new Uint8Array(0))).toMatchObject({ code: 'PROTO_ERR_LENGTH_MISMATCH' });
    const nanInterval = golden.slice();
    new DataView(nanInterval.buffer).setFloat64(16, Number.NaN, true);
    expect(decodeError(nanInterval)).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'intervalUs' });
    const zeroScale = golden.slice();
    new DataView(zeroScale.buffer).setFloat64(24, 0, true);
    expect(decodeError(zeroScale)).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'scale' });
    const negativeT0 = golden.slice();
    new DataView(negativeT0.buffer).setFloat64(8, -1, true);
    expect(decodeError(negativeT0)).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 't0Us' });
  });

  it('accepts a frame of exactly maxFrameBytes and rejects one byte more with PROTO_ERR_FRAME_TOO_LARGE', () => {
    const golden = fromHex(GOLDEN_HEX);
    expect(decodeSampleFrame(golden, { limits: { maxFrameBytes: golden.length } })).toEqual(GOLDEN);
    expect(decodeError(golden, { limits: { maxFrameBytes: golden.length - 1 } })).toMatchObject({ code: 'PROTO_ERR_FRAME_TOO_LARGE' });
    expect(() => encodeSampleFrame(GOLDEN, { limits: { maxFrameBytes: golden.length - 1 } })).toThrow(
      expect.objectContaining({ code: 'PROTO_ERR_FRAME_TOO_LARGE' }),
    );
    expect(encodeSampleFrame(GOLDEN, { limits: { maxFrameBytes: golden.length } })).toEqual(golden);
  });

  it('refuses to encode invalid frames, naming the field', () => {
    const bad = (patch: Partial<Record<keyof SampleFrame, unknown>>): ProtocolError => {
      try {
        encodeSampleFrame({ ...GOLDEN, ...patch } as SampleFrame);
      } catch (error) {
        if (error instanceof ProtocolError) return error;
        throw error;
      }
      throw new Error('encodeSampleFrame accepted the frame');
    };
    expect(bad({ sensor: 'magnetometer' })).toMatchObject({ code: 'PROTO_ERR_UNKNOWN_SENSOR', field: 'sensor' });
    expect(bad({ seq: -1 })).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'seq' });
    expect(bad({ seq: 2 ** 32 })).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'seq' });
    expect(bad({ seq: 1.5 })).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'seq' });
    expect(bad({ t0Us: Number.POSITIVE_INFINITY })).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 't0Us' });
    expect(bad({ intervalUs: 0 })).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'intervalUs' });
    expect(bad({ scale: -1 })).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'scale' });
    expect(bad({ count: 3 })).toMatchObject({ code: 'PROTO_ERR_BAD_FIELD', field: 'raw' });
    expect(bad({ count: 65_536, raw: new Int16Array(65_536 * 3) })).toMatchObject({ code: 'PROTO_ERR_FRAME_TOO_LARGE', field: 'count' });
  });

  it('carries the largest frame the count field allows (65535 samples)', () => {
    const frame: SampleFrame = { sensor: 'proximity', seq: 0xffff_ffff, t0Us: 0, intervalUs: 13_770, scale: 0.125, count: 65_535, raw: new Int16Array(65_535).fill(1023) };
    const bytes = encodeSampleFrame(frame);
    expect(bytes.length).toBe(36 + 2 * 65_535);
    expect(decodeSampleFrame(bytes)).toEqual(frame);
  });

  it('copies the values as bytes from a view into a larger buffer, and decodes from any byte offset, as the field-by-field layout', () => {
    // the field-by-field reference (the layout table at the top of sample-frame.ts)
    const reference = (f: SampleFrame): Uint8Array => {
      const axes = SENSOR_AXES[f.sensor].length;
      const view = new DataView(new ArrayBuffer(SAMPLE_FRAME_HEADER_BYTES + 2 * f.count * axes));
      view.setUint8(0, 0x53);
      view.setUint8(1, 1);
      view.setUint8(2, ['accelerometer', 'gyroscope', 'proximity'].indexOf(f.sensor));
      view.setUint8(3, axes);
      view.setUint32(4, f.seq, true);
      view.setFloat64(8, f.t0Us, true);
      view.setFloat64(16, f.intervalUs, true);
      view.setFloat64(24, f.scale, true);
      view.setUint16(32, f.count, true);
      for (let i = 0; i < f.raw.length; i++) view.setInt16(SAMPLE_FRAME_HEADER_BYTES + 2 * i, f.raw[i]!, true);
      return new Uint8Array(view.buffer);
    };
    const big = Int16Array.from({ length: 3 * 300 }, (_, i) => ((i * 7919) % 65536) - 32768);
    const frames: SampleFrame[] = [
      { sensor: 'gyroscope', seq: 0xffff_fffe, t0Us: 123.25, intervalUs: 1e6 / 6664, scale: 8.75e-3, count: 5, raw: big.subarray(21, 36) },
      { sensor: 'proximity', seq: 0x0102_0304, t0Us: 0, intervalUs: 13_770, scale: 0.125, count: 7, raw: big.subarray(3, 10) },
      { sensor: 'accelerometer', seq: 0x8000_0000, t0Us: 2 ** 40, intervalUs: 1, scale: 1e-9, count: 300, raw: big },
    ];
    for (const f of frames) {
      const bytes = encodeSampleFrame(f);
      expect(hex(bytes)).toBe(hex(reference(f)));
      // the same bytes at an odd offset of a larger buffer (as a socket may hand them over)
      const odd = new Uint8Array(bytes.length + 3);
      odd.set(bytes, 1);
      expect(decodeSampleFrame(odd.subarray(1, 1 + bytes.length))).toEqual({ ...f, raw: Int16Array.from(f.raw) });
      expect(decodeSampleFrame(bytes)).toEqual({ ...f, raw: Int16Array.from(f.raw) });
    }
  });
});
