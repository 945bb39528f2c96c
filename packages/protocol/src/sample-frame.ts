// Binary sample frames: the compact form sensor samples travel in (board -> host, binary WebSocket frames).
//
// Layout, all little-endian (36-byte header, then the samples):
//   offset size type     field
//   0      1    uint8    magic       0x53 ('S')
//   1      1    uint8    version     1 (= PROTOCOL_VERSION)
//   2      1    uint8    sensorId    0 accelerometer, 1 gyroscope, 2 proximity
//   3      1    uint8    axes        values per sample: 3, 3, 1 (must match the sensor)
//   4      4    uint32   seq         sequence number of the first sample (per sensor, counts samples, wraps at 2^32)
//   8      8    float64  t0Us        board time of the first sample, microseconds
//   16     8    float64  intervalUs  time between samples, microseconds (> 0)
//   24     8    float64  scale       SI units per LSB (value = raw * scale; proximity: counts/8 per LSB)
//   32     2    uint16   count       samples in this frame (0..65535)
//   34     2    uint16   flags       reserved, 0 in v1
//   36     2*count*axes int16        raw values, sample-major: s0a0 s0a1 s0a2 s1a0 ...
import { DEFAULT_LIMITS, type ProtocolLimits } from './limits.js';
import { ProtocolError } from './protocol-error.js';
import { SENSOR_AXES, SENSOR_IDS, SENSOR_NAMES, sensorNameFromId, type SensorName } from './sensors.js';
import { PROTOCOL_VERSION } from './version.js';

/** First byte of every sample frame. */
export const SAMPLE_FRAME_MAGIC = 0x53;
/** Bytes before the raw values. */
export const SAMPLE_FRAME_HEADER_BYTES = 36;
/** The wire is little-endian: on a little-endian machine the raw values are copied as they are. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/** Scratch for the header's three float64 fields (t0Us, intervalUs, scale), little-endian machines. */
const HEADER_F64 = new Float64Array(3);
const HEADER_F64_BYTES = new Uint8Array(HEADER_F64.buffer);

/** Largest `count` (uint16). */
export const MAX_SAMPLES_PER_FRAME = 0xffff;

/** One decoded (or to-be-encoded) sample frame. */
export interface SampleFrame {
  readonly sensor: SensorName;
  /** Sequence number of the first sample, uint32 (per sensor; the next frame starts at seq + count, mod 2^32). */
  readonly seq: number;
  /** Board time of the first sample, microseconds (finite, >= 0). */
  readonly t0Us: number;
  /** Time between samples, microseconds (finite, > 0). */
  readonly intervalUs: number;
  /** SI units per LSB (finite, > 0). */
  readonly scale: number;
  /** Number of samples. */
  readonly count: number;
  /** Raw int16 values, sample-major, `count * axes` long. */
  readonly raw: Int16Array;
}

/** Options of the codec. */
export interface SampleFrameOptions {
  /** Only `maxFrameBytes` is used (default {@link DEFAULT_LIMITS}). */
  readonly limits?: Partial<Pick<ProtocolLimits, 'maxFrameBytes'>>;
}

/** Size in bytes of a frame with `count` samples of `axes` values. */
export function sampleFrameByteLength(count: number, axes: number): number {
  return SAMPLE_FRAME_HEADER_BYTES + 2 * count * axes;
}

function bad(field: string, message: string): never {
  throw new ProtocolError('PROTO_ERR_BAD_FIELD', `sample frame field "${field}" ${message}`, { field });
}

function checkNumbers(frame: { seq: number; t0Us: number; intervalUs: number; scale: number }): void {
  if (!Number.isInteger(frame.seq) || frame.seq < 0 || frame.seq > 0xffff_ffff) bad('seq', `must be a uint32, got ${frame.seq}`);
  if (!Number.isFinite(frame.t0Us) || frame.t0Us < 0) bad('t0Us', `must be a finite number >= 0, got ${frame.t0Us}`);
  if (!Number.isFinite(frame.intervalUs) || !(frame.intervalUs > 0)) bad('intervalUs', `must be a finite number > 0, got ${frame.intervalUs}`);
  if (!Number.isFinite(frame.scale) || !(frame.scale > 0)) bad('scale', `must be a finite number > 0, got ${frame.scale}`);
}

/**
 * Encodes a sample frame. Throws {@link ProtocolError}: PROTO_ERR_BAD_FIELD (a field out of range,
 * `raw.length` not `count * axes`), PROTO_ERR_UNKNOWN_SENSOR, PROTO_ERR_FRAME_TOO_LARGE.
 *
 * @example
 * const bytes = encodeSampleFrame({ sensor: 'proximity', seq: 0, t0Us: 0, intervalUs: 13_770,
 *   scale: 0.125, count: 2, raw: Int16Array.of(16, 17) });
 */
export function encodeSampleFrame(frame: SampleFrame, options: SampleFrameOptions = {}): Uint8Array {
  const bytes = new Uint8Array(checkedFrameLength(frame, options));
  writeFrame(frame, bytes, 0);
  return bytes;
}

/**
 * Encodes a sample frame into `out` at `offset` (the same bytes as {@link encodeSampleFrame}, no
 * allocation) and returns the frame's length. Throws as encodeSampleFrame does, and
 * PROTO_ERR_BAD_FIELD (field "(out)") when the frame does not fit; `out` is then not written.
 */
export function encodeSampleFrameInto(frame: SampleFrame, out: Uint8Array, offset: number, options: SampleFrameOptions = {}): number {
  const length = checkedFrameLength(frame, options);
  if (!(Number.isInteger(offset) && offset >= 0 && offset + length <= out.length)) bad('(out)', `needs ${length} bytes at offset ${offset}, the buffer has ${out.length}`);
  writeFrame(frame, out, offset);
  return length;
}

/** Validates a frame for encoding and returns its length in bytes. */
function checkedFrameLength(frame: SampleFrame, options: SampleFrameOptions): number {
  if (!(SENSOR_NAMES as readonly string[]).includes(frame.sensor)) {
    throw new ProtocolError('PROTO_ERR_UNKNOWN_SENSOR', `sample frame field "sensor" must be one of ${SENSOR_NAMES.join(', ')}, got ${String(frame.sensor)}`, {
      field: 'sensor',
    });
  }
  checkNumbers(frame);
  const axes = SENSOR_AXES[frame.sensor].length;
  if (!Number.isInteger(frame.count) || frame.count < 0) bad('count', `must be a non-negative integer, got ${frame.count}`);
  if (frame.count > MAX_SAMPLES_PER_FRAME) {
    throw new ProtocolError('PROTO_ERR_FRAME_TOO_LARGE', `sample frame field "count" ${frame.count} exceeds ${MAX_SAMPLES_PER_FRAME}`, { field: 'count' });
  }
  if (frame.raw.length !== frame.count * axes) bad('raw', `must hold count * axes = ${frame.count * axes} values, got ${frame.raw.length}`);
  const length = sampleFrameByteLength(frame.count, axes);
  const maxFrameBytes = options.limits?.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes;
  if (length > maxFrameBytes) {
    throw new ProtocolError('PROTO_ERR_FRAME_TOO_LARGE', `sample frame of ${length} bytes exceeds maxFrameBytes ${maxFrameBytes}`, { field: 'count' });
  }
  return length;
}

/** Writes a checked frame at bytes[o..]: every byte of it, the flags included (the buffer may be reused). */
function writeFrame(frame: SampleFrame, bytes: Uint8Array, o: number): void {
  const axes = SENSOR_AXES[frame.sensor].length;
  if (LITTLE_ENDIAN && frame.raw instanceof Int16Array) {
    // the header through a scratch view, the values as their bytes: no DataView per frame
    HEADER_F64[0] = frame.t0Us;
    HEADER_F64[1] = frame.intervalUs;
    HEADER_F64[2] = frame.scale;
    bytes[o] = SAMPLE_FRAME_MAGIC;
    bytes[o + 1] = PROTOCOL_VERSION;
    bytes[o + 2] = SENSOR_IDS[frame.sensor];
    bytes[o + 3] = axes;
    bytes[o + 4] = frame.seq & 0xff;
    bytes[o + 5] = (frame.seq >>> 8) & 0xff;
    bytes[o + 6] = (frame.seq >>> 16) & 0xff;
    bytes[o + 7] = frame.seq >>> 24;
    bytes.set(HEADER_F64_BYTES, o + 8);
    bytes[o + 32] = frame.count & 0xff;
    bytes[o + 33] = frame.count >>> 8;
    bytes[o + 34] = 0;
    bytes[o + 35] = 0;
    const raw = frame.raw;
    bytes.set(new Uint8Array(raw.buffer, raw.byteOffset, 2 * raw.length), o + SAMPLE_FRAME_HEADER_BYTES);
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + o);
  view.setUint8(0, SAMPLE_FRAME_MAGIC);
  view.setUint8(1, PROTOCOL_VERSION);
  view.setUint8(2, SENSOR_IDS[frame.sensor]);
  view.setUint8(3, axes);
  view.setUint32(4, frame.seq, true);
  view.setFloat64(8, frame.t0Us, true);
  view.setFloat64(16, frame.intervalUs, true);
  view.setFloat64(24, frame.scale, true);
  view.setUint16(32, frame.count, true);
  view.setUint16(34, 0, true);
  for (let i = 0; i < frame.raw.length; i++) view.setInt16(SAMPLE_FRAME_HEADER_BYTES + 2 * i, frame.raw[i] as number, true);
}

/**
 * Decodes and validates a sample frame. Throws {@link ProtocolError}: PROTO_ERR_FRAME_TOO_LARGE,
 * PROTO_ERR_LENGTH_MISMATCH (shorter than the header, or not header + 2 * count * axes bytes),
 * PROTO_ERR_BAD_MAGIC, PROTO_ERR_UNSUPPORTED_VERSION, PROTO_ERR_UNKNOWN_SENSOR, PROTO_ERR_BAD_FIELD
 * (axes not matching the sensor, non-zero flags, non-finite or non-positive interval/scale).
 */
export function decodeSampleFrame(input: Uint8Array | ArrayBuffer, options: SampleFrameOptions = {}): SampleFrame {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const maxFrameBytes = options.limits?.maxFrameBytes ?? DEFAULT_LIMITS.maxFrameBytes;
  if (bytes.length > maxFrameBytes) {
    throw new ProtocolError('PROTO_ERR_FRAME_TOO_LARGE', `sample frame of ${bytes.length} bytes exceeds maxFrameBytes ${maxFrameBytes}`, { field: '(frame)' });
  }
  if (bytes.length < SAMPLE_FRAME_HEADER_BYTES) {
    throw new ProtocolError('PROTO_ERR_LENGTH_MISMATCH', `sample frame of ${bytes.length} bytes is shorter than its ${SAMPLE_FRAME_HEADER_BYTES}-byte header`, {
      field: '(frame)',
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint8(0);
  if (magic !== SAMPLE_FRAME_MAGIC) {
    throw new ProtocolError('PROTO_ERR_BAD_MAGIC', `sample frame field "magic" must be 0x53, got 0x${magic.toString(16).padStart(2, '0')}`, { field: 'magic' });
  }
  const version = view.getUint8(1);
  if (version !== PROTOCOL_VERSION) {
    throw new ProtocolError('PROTO_ERR_UNSUPPORTED_VERSION', `sample frame field "version" is ${version}, this side speaks ${PROTOCOL_VERSION}`, {
      field: 'version',
    });
  }
  const sensorId = view.getUint8(2);
  const sensor = sensorNameFromId(sensorId);
  if (sensor === undefined) {
    throw new ProtocolError('PROTO_ERR_UNKNOWN_SENSOR', `sample frame field "sensorId" ${sensorId} names no sensor`, { field: 'sensorId' });
  }
  const axes = view.getUint8(3);
  const expectedAxes = SENSOR_AXES[sensor].length;
  if (axes !== expectedAxes) bad('axes', `must be ${expectedAxes} for ${sensor}, got ${axes}`);
  const count = view.getUint16(32, true);
  const flags = view.getUint16(34, true);
  if (flags !== 0) bad('flags', `must be 0 in protocol v1, got ${flags}`);
  const expectedLength = sampleFrameByteLength(count, axes);
  if (bytes.length !== expectedLength) {
    throw new ProtocolError('PROTO_ERR_LENGTH_MISMATCH', `sample frame is ${bytes.length} bytes, count ${count} x axes ${axes} needs ${expectedLength}`, {
      field: 'count',
    });
  }
  const frame = {
    sensor,
    seq: view.getUint32(4, true),
    t0Us: view.getFloat64(8, true),
    intervalUs: view.getFloat64(16, true),
    scale: view.getFloat64(24, true),
    count,
    raw: new Int16Array(count * axes),
  };
  checkNumbers(frame);
  if (LITTLE_ENDIAN && (bytes.byteOffset & 1) === 0) frame.raw.set(new Int16Array(bytes.buffer, bytes.byteOffset + SAMPLE_FRAME_HEADER_BYTES, frame.raw.length));
  else for (let i = 0; i < frame.raw.length; i++) frame.raw[i] = view.getInt16(SAMPLE_FRAME_HEADER_BYTES + 2 * i, true);
  return frame;
}

/** The frame's values in SI units (`raw * scale`), as rows `[sample][axis]`. */
export function sampleFrameToValues(frame: SampleFrame): number[][] {
  const axes = SENSOR_AXES[frame.sensor].length;
  const rows: number[][] = [];
  for (let s = 0; s < frame.count; s++) {
    const row: number[] = [];
    for (let a = 0; a < axes; a++) row.push((frame.raw[s * axes + a] as number) * frame.scale);
    rows.push(row);
  }
  return rows;
}

/** Board time of sample `index` of the frame, microseconds (`t0Us + index * intervalUs`). */
export function sampleTimeUs(frame: SampleFrame, index: number): number {
  return frame.t0Us + index * frame.intervalUs;
}
