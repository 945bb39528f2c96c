import { ByteBuffer } from 'flatbuffers';
import type { QuantizerErrorCode } from '../runtime/index.js';
import { QModelFormatError } from '../runtime/index.js';
import {
  BUFFER,
  FULLY_CONNECTED_OPTIONS,
  METADATA,
  MODEL,
  OPERATOR,
  OPERATOR_CODE,
  QUANTIZATION,
  SOFTMAX_OPTIONS,
  SUBGRAPH,
  TENSOR,
  TFLITE_FILE_IDENTIFIER,
} from './tflite-schema.js';
import { utf8Decoder } from './utf8.js';

/** Quantization parameters of a tensor as stored (scales are float32 values). */
export interface TfliteQuantization {
  scale: number[];
  zeroPoint: number[];
  quantizedDimension: number;
}

export interface TfliteTensor {
  name: string;
  shape: number[];
  /** TensorType value (INT8 = 9, INT32 = 2, FLOAT32 = 0, ...). */
  type: number;
  buffer: number;
  quantization: TfliteQuantization | null;
  /** sparsity present (not supported by fromTflite) */
  sparse: boolean;
}

export interface TfliteOperator {
  /** Builtin operator code: max(builtin_code, deprecated_builtin_code), as TFLite's GetBuiltinCode. */
  builtinCode: number;
  /** Set for CUSTOM operators. */
  customCode: string | null;
  version: number;
  /** -1 = optional input absent. */
  inputs: number[];
  outputs: number[];
  builtinOptionsType: number;
  /** FullyConnectedOptions / SoftmaxOptions fields when present (schema defaults otherwise). */
  fusedActivationFunction: number;
  weightsFormat: number;
  softmaxBeta: number;
}

export interface TfliteBuffer {
  /** The data (a view into the file), empty when absent. */
  data: Uint8Array;
  /** Absolute position of the data in the file (-1 when absent). */
  dataOffset: number;
  /** Buffer.offset (data outside the flatbuffer, > 2 GB models), 0 when absent. */
  externalOffset: bigint;
}

export interface TfliteSubgraph {
  name: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

/** The parts of a .tflite file tinyspark uses, read with bounds checks. */
export interface TfliteModelView {
  version: number;
  description: string;
  subgraphs: TfliteSubgraph[];
  buffers: TfliteBuffer[];
  metadata: { name: string; buffer: number }[];
}

function fail(code: QuantizerErrorCode, field: string, message: string): never {
  throw new QModelFormatError(code, message, { field });
}

/** A flatbuffer reader that checks every position against the file length (a truncated file throws). */
class CheckedReader {
  readonly bb: ByteBuffer;
  readonly size: number;
  private readonly decoder = utf8Decoder(false);

  constructor(readonly bytes: Uint8Array) {
    this.bb = new ByteBuffer(bytes);
    this.size = bytes.length;
  }

  need(pos: number, length: number, field: string): void {
    if (!Number.isInteger(pos) || pos < 0 || length < 0 || pos + length > this.size) {
      fail('QUANT_ERR_TFLITE_TRUNCATED', field, `needs bytes [${pos}, ${pos + length}) but the file has ${this.size} (truncated or corrupt flatbuffer)`);
    }
  }

  /** Position of the table an offset at `pos` points to, with its vtable checked. */
  tableAt(pos: number, field: string): number {
    this.need(pos, 4, field);
    const table = pos + this.bb.readUint32(pos);
    this.need(table, 4, field);
    const vtable = table - this.bb.readInt32(table);
    this.need(vtable, 4, `${field} (vtable)`);
    const vtSize = this.bb.readUint16(vtable);
    const tableSize = this.bb.readUint16(vtable + 2);
    if (vtSize < 4 || vtSize % 2 !== 0) fail('QUANT_ERR_TFLITE_TRUNCATED', field, `corrupt vtable (size ${vtSize})`);
    this.need(vtable, vtSize, `${field} (vtable)`);
    this.need(table, tableSize, field);
    return table;
  }

  /** Offset of a field inside its table (0 when absent), checked against the file. */
  field(table: number, slot: number, size: number, field: string): number {
    const vtable = table - this.bb.readInt32(table);
    const vo = 4 + 2 * slot;
    if (vo >= this.bb.readUint16(vtable)) return 0;
    const off = this.bb.readUint16(vtable + vo);
    if (off !== 0) this.need(table + off, size, field);
    return off;
  }

  uint8(table: number, slot: number, def: number, field: string): number {
    const o = this.field(table, slot, 1, field);
    return o === 0 ? def : this.bb.readUint8(table + o);
  }

  int8(table: number, slot: number, def: number, field: string): number {
    const o = this.field(table, slot, 1, field);
    return o === 0 ? def : this.bb.readInt8(table + o);
  }

  int32(table: number, slot: number, def: number, field: string): number {
    const o = this.field(table, slot, 4, field);
    return o === 0 ? def : this.bb.readInt32(table + o);
  }

  uint32(table: number, slot: number, def: number, field: string): number {
    const o = this.field(table, slot, 4, field);
    return o === 0 ? def : this.bb.readUint32(table + o);
  }

  float32(table: number, slot: number, def: number, field: string): number {
    const o = this.field(table, slot, 4, field);
    return o === 0 ? def : this.bb.readFloat32(table + o);
  }

  uint64(table: number, slot: number, field: string): bigint {
    const o = this.field(table, slot, 8, field);
    return o === 0 ? 0n : BigInt.asUintN(64, this.bb.readInt64(table + o));
  }

  /** A sub-table, or -1 when absent. */
  table(table: number, slot: number, field: string): number {
    const o = this.field(table, slot, 4, field);
    return o === 0 ? -1 : this.tableAt(table + o, field);
  }

  /** A vector: position of its first element and its length, or null when absent. */
  vector(table: number, slot: number, elemSize: number, field: string): { start: number; length: number } | null {
    const o = this.field(table, slot, 4, field);
    if (o === 0) return null;
    const at = table + o;
    const vec = at + this.bb.readUint32(at);
    this.need(vec, 4, field);
    const length = this.bb.readUint32(vec);
    this.need(vec + 4, length * elemSize, field);
    return { start: vec + 4, length };
  }

  string(table: number, slot: number, field: string): string | null {
    const v = this.vector(table, slot, 1, field);
    return v === null ? null : this.decoder.decode(this.bytes.subarray(v.start, v.start + v.length));
  }

  int32s(table: number, slot: number, field: string): number[] {
    const v = this.vector(table, slot, 4, field);
    return v === null ? [] : Array.from({ length: v.length }, (_, i) => this.bb.readInt32(v.start + 4 * i));
  }

  float32s(table: number, slot: number, field: string): number[] {
    const v = this.vector(table, slot, 4, field);
    return v === null ? [] : Array.from({ length: v.length }, (_, i) => this.bb.readFloat32(v.start + 4 * i));
  }

  int64s(table: number, slot: number, field: string): number[] {
    const v = this.vector(table, slot, 8, field);
    return v === null ? [] : Array.from({ length: v.length }, (_, i) => Number(this.bb.readInt64(v.start + 8 * i)));
  }

  /** A vector of tables. */
  tables(table: number, slot: number, field: string): number[] {
    const v = this.vector(table, slot, 4, field);
    return v === null ? [] : Array.from({ length: v.length }, (_, i) => this.tableAt(v.start + 4 * i, `${field}[${i}]`));
  }
}

/**
 * Read the structure of a .tflite flatbuffer (schema v3, identifier "TFL3") with every position
 * checked: a file shorter than 8 bytes or cut anywhere inside a table or vector throws
 * QUANT_ERR_TFLITE_TRUNCATED naming the field being read, another identifier
 * QUANT_ERR_TFLITE_IDENTIFIER (field `file_identifier`).
 */
export function readTflite(bytes: Uint8Array): TfliteModelView {
  if (!(bytes instanceof Uint8Array)) fail('QUANT_ERR_INVALID_ARGUMENT', '(file)', 'must be a Uint8Array');
  if (bytes.length < 8) fail('QUANT_ERR_TFLITE_TRUNCATED', '(file)', `has ${bytes.length} bytes: a flatbuffer needs at least 8 (root offset, file identifier)`);
  const r = new CheckedReader(bytes);
  if (!r.bb.__has_identifier(TFLITE_FILE_IDENTIFIER)) {
    const got = Array.from(bytes.subarray(4, 8), (c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`)).join('');
    fail('QUANT_ERR_TFLITE_IDENTIFIER', 'file_identifier', `must be "${TFLITE_FILE_IDENTIFIER}" (a TFLite model, schema v3), got "${got}"`);
  }
  const model = r.tableAt(0, '(root)');
  const version = r.uint32(model, MODEL.version, 0, 'version');
  const description = r.string(model, MODEL.description, 'description') ?? '';
  const opcodes = r.tables(model, MODEL.operatorCodes, 'operator_codes').map((t, i) => {
    const f = `operator_codes[${i}]`;
    const deprecated = r.int8(t, OPERATOR_CODE.deprecatedBuiltinCode, 0, `${f}.deprecated_builtin_code`);
    const builtin = r.int32(t, OPERATOR_CODE.builtinCode, 0, `${f}.builtin_code`);
    return {
      builtinCode: Math.max(deprecated, builtin),
      customCode: r.string(t, OPERATOR_CODE.customCode, `${f}.custom_code`),
      version: r.int32(t, OPERATOR_CODE.version, 1, `${f}.version`),
    };
  });
  const buffers = r.tables(model, MODEL.buffers, 'buffers').map((t, i): TfliteBuffer => {
    const f = `buffers[${i}]`;
    const v = r.vector(t, BUFFER.data, 1, `${f}.data`);
    return {
      data: v === null ? new Uint8Array(0) : bytes.subarray(v.start, v.start + v.length),
      dataOffset: v === null ? -1 : v.start,
      externalOffset: r.uint64(t, BUFFER.offset, `${f}.offset`),
    };
  });
  const subgraphs = r.tables(model, MODEL.subgraphs, 'subgraphs').map((sg, s): TfliteSubgraph => {
    const f = `subgraphs[${s}]`;
    const tensors = r.tables(sg, SUBGRAPH.tensors, `${f}.tensors`).map((t, i): TfliteTensor => {
      const tf = `${f}.tensors[${i}]`;
      const q = r.table(t, TENSOR.quantization, `${tf}.quantization`);
      let quantization: TfliteQuantization | null = null;
      if (q >= 0) {
        const scale = r.float32s(q, QUANTIZATION.scale, `${tf}.quantization.scale`);
        const zeroPoint = r.int64s(q, QUANTIZATION.zeroPoint, `${tf}.quantization.zero_point`);
        const details = r.uint8(q, QUANTIZATION.detailsType, 0, `${tf}.quantization.details_type`);
        if (details !== 0) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${tf}.quantization.details`, 'custom quantization details are not supported');
        quantization = scale.length === 0 && zeroPoint.length === 0 ? null : { scale, zeroPoint, quantizedDimension: r.int32(q, QUANTIZATION.quantizedDimension, 0, `${tf}.quantization.quantized_dimension`) };
      }
      return {
        name: r.string(t, TENSOR.name, `${tf}.name`) ?? '',
        shape: r.int32s(t, TENSOR.shape, `${tf}.shape`),
        type: r.int8(t, TENSOR.type, 0, `${tf}.type`),
        buffer: r.uint32(t, TENSOR.buffer, 0, `${tf}.buffer`),
        quantization,
        sparse: r.field(t, TENSOR.sparsity, 4, `${tf}.sparsity`) !== 0,
      };
    });
    const operators = r.tables(sg, SUBGRAPH.operators, `${f}.operators`).map((op, i): TfliteOperator => {
      const of = `${f}.operators[${i}]`;
      const opcodeIndex = r.uint32(op, OPERATOR.opcodeIndex, 0, `${of}.opcode_index`);
      const code = opcodes[opcodeIndex];
      if (code === undefined) fail('QUANT_ERR_TFLITE_GRAPH', `${of}.opcode_index`, `${opcodeIndex} is not an index of operator_codes (${opcodes.length} entries)`);
      const optionsType = r.uint8(op, OPERATOR.builtinOptionsType, 0, `${of}.builtin_options_type`);
      const options = r.table(op, OPERATOR.builtinOptions, `${of}.builtin_options`);
      let fused = 0;
      let weightsFormat = 0;
      let beta = 0;
      if (options >= 0) {
        // FullyConnectedOptions (8) and SoftmaxOptions (9) are the options read here
        if (optionsType === 8) {
          fused = r.int8(options, FULLY_CONNECTED_OPTIONS.fusedActivationFunction, 0, `${of}.builtin_options.fused_activation_function`);
          weightsFormat = r.int8(options, FULLY_CONNECTED_OPTIONS.weightsFormat, 0, `${of}.builtin_options.weights_format`);
        } else if (optionsType === 9) {
          beta = r.float32(options, SOFTMAX_OPTIONS.beta, 0, `${of}.builtin_options.beta`);
        }
      }
      return {
        builtinCode: code.builtinCode,
        customCode: code.customCode,
        version: code.version,
        inputs: r.int32s(op, OPERATOR.inputs, `${of}.inputs`),
        outputs: r.int32s(op, OPERATOR.outputs, `${of}.outputs`),
        builtinOptionsType: optionsType,
        fusedActivationFunction: fused,
        weightsFormat,
        softmaxBeta: beta,
      };
    });
    return {
      name: r.string(sg, SUBGRAPH.name, `${f}.name`) ?? '',
      tensors,
      inputs: r.int32s(sg, SUBGRAPH.inputs, `${f}.inputs`),
      outputs: r.int32s(sg, SUBGRAPH.outputs, `${f}.outputs`),
      operators,
    };
  });
  const metadata = r.tables(model, MODEL.metadata, 'metadata').map((t, i) => ({
    name: r.string(t, METADATA.name, `metadata[${i}].name`) ?? '',
    buffer: r.uint32(t, METADATA.buffer, 0, `metadata[${i}].buffer`),
  }));
  return { version, description, subgraphs, buffers, metadata };
}
