import { Builder } from 'flatbuffers';
import type { QLayer, QModel } from '../runtime/index.js';
import { QuantizerError, loadQModel, qmodelToDocument } from '../runtime/index.js';
import {
  ActivationFunctionType,
  BUFFER,
  BuiltinOperator,
  BuiltinOptions,
  FULLY_CONNECTED_OPTIONS,
  METADATA,
  MIN_RUNTIME_VERSION_NAME,
  MODEL,
  OPERATOR,
  OPERATOR_CODE,
  QUANTIZATION,
  SUBGRAPH,
  TENSOR,
  TFLITE_FILE_IDENTIFIER,
  TFLITE_SCHEMA_VERSION,
  TINYSPARK_METADATA_FORMAT,
  TINYSPARK_METADATA_NAME,
  TensorType,
} from './tflite-schema.js';
import { encodeUtf8 } from './utf8.js';

export interface ToTfliteOptions {
  /**
   * 'int8' (default): the graph's input and output tensors are the int8 input and logits, as
   * TFLite Micro firmware feeds them. 'float32': a QUANTIZE op in front (float32 features -> int8,
   * TFLite's AffineQuantize) and a DEQUANTIZE op after the logits (int8 -> float32).
   */
  io?: 'int8' | 'float32';
  /** Model.description (default "tinyspark"). */
  description?: string;
}

/**
 * Operator versions written to operator_codes (TFLite's op_version rules for these signatures) and
 * the runtime version they need (min_runtime_version metadata).
 */
const FC_VERSION = 4; // int8 FULLY_CONNECTED
const QUANTIZE_VERSION = 1; // float32 -> int8
const DEQUANTIZE_VERSION = 2; // int8 -> float32
const MIN_RUNTIME_VERSION = '1.14.0';

export interface TensorSpec {
  name: string;
  shape: number[];
  type: number;
  buffer: number;
  quant?: { scale: number[]; zeroPoint: number[]; quantizedDimension: number };
}

export interface OperatorSpec {
  opcodeIndex: number;
  inputs: number[];
  outputs: number[];
  options?: { type: number; activation: number };
}

const ACTIVATION: Record<QLayer['activation'], number> = {
  none: ActivationFunctionType.NONE,
  relu: ActivationFunctionType.RELU,
  relu6: ActivationFunctionType.RELU6,
};

function int32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i]!, true);
  return out;
}

/**
 * The int8 model as a TFLite flatbuffer (schema version 3, file identifier "TFL3") that TFLite
 * Micro loads: one subgraph of FULLY_CONNECTED ops (fused NONE / RELU / RELU6), int8 weights
 * [out][in] with zero point 0, int32 biases at scale float32(s_in * s_w[c]), per-tensor or
 * per-channel weight scales (quantized_dimension 0), int8 input/output tensors (or float32 with
 * QUANTIZE/DEQUANTIZE, `options.io`). Buffer 0 is the empty buffer every activation tensor points
 * to; every data buffer starts 16-byte aligned. Metadata: `min_runtime_version` ("1.14.0",
 * NUL-padded to 16 bytes, as TF's converter writes it) and `tinyspark` (labels, pipeline,
 * rounding, source: a JSON document). Deterministic: the same qmodel gives the same bytes.
 */
export function toTflite(qmodel: QModel, options: ToTfliteOptions = {}): Uint8Array {
  return buildTflite(tfliteSpecOf(qmodel, options));
}

/** The tables toTflite writes, before serialization (tests edit it to make invalid files). */
export function tfliteSpecOf(qmodel: QModel, options: ToTfliteOptions = {}): TfliteModelSpec {
  const io = options.io ?? 'int8';
  if (io !== 'int8' && io !== 'float32') throw new QuantizerError('QUANT_ERR_INVALID_ARGUMENT', `must be "int8" or "float32", got ${JSON.stringify(io)}`, { field: 'options.io' });
  // the qmodel is re-validated (a hand-edited object cannot produce a file the device rejects)
  const model = loadQModel(qmodelToDocument(qmodel));
  const buffers: (Uint8Array | null)[] = [null]; // buffer 0: empty
  const tensors: TensorSpec[] = [];
  const operators: OperatorSpec[] = [];
  const opcodes: { code: number; version: number }[] = [];
  const opcodeIndex = (code: number, version: number): number => {
    let i = opcodes.findIndex((o) => o.code === code);
    if (i < 0) i = opcodes.push({ code, version }) - 1;
    return i;
  };
  const addTensor = (t: TensorSpec): number => tensors.push(t) - 1;
  const addBuffer = (data: Uint8Array): number => buffers.push(data) - 1;
  const q = (scale: number, zeroPoint: number) => ({ scale: [scale], zeroPoint: [zeroPoint], quantizedDimension: 0 });
  const inputSize = model.layers[0]!.inputDepth;
  const outputSize = model.layers[model.layers.length - 1]!.outputDepth;
  const graphInputs: number[] = [];
  let x: number;
  if (io === 'float32') {
    const f = addTensor({ name: 'input', shape: [1, inputSize], type: TensorType.FLOAT32, buffer: 0 });
    x = addTensor({ name: 'input_int8', shape: [1, inputSize], type: TensorType.INT8, buffer: 0, quant: q(model.input.scale, model.input.zeroPoint) });
    operators.push({ opcodeIndex: opcodeIndex(BuiltinOperator.QUANTIZE, QUANTIZE_VERSION), inputs: [f], outputs: [x] });
    graphInputs.push(f);
  } else {
    x = addTensor({ name: 'input', shape: [1, inputSize], type: TensorType.INT8, buffer: 0, quant: q(model.input.scale, model.input.zeroPoint) });
    graphInputs.push(x);
  }
  model.layers.forEach((l, i) => {
    const w = addTensor({
      name: `layers_${i}/weights`,
      shape: [l.outputDepth, l.inputDepth],
      type: TensorType.INT8,
      buffer: addBuffer(new Uint8Array(l.weights.buffer, l.weights.byteOffset, l.weights.length)),
      quant: { scale: Array.from(l.weightScales), zeroPoint: Array.from(l.weightScales, () => 0), quantizedDimension: 0 },
    });
    let b = -1;
    if (l.bias !== null) {
      b = addTensor({
        name: `layers_${i}/bias`,
        shape: [l.outputDepth],
        type: TensorType.INT32,
        buffer: addBuffer(int32Bytes(l.bias)),
        quant: { scale: Array.from(l.weightScales, (s) => Math.fround(l.inputScale * s)), zeroPoint: Array.from(l.weightScales, () => 0), quantizedDimension: 0 },
      });
    }
    const last = i === model.layers.length - 1;
    const y = addTensor({ name: last ? (io === 'float32' ? 'logits_int8' : 'logits') : `layers_${i}/output`, shape: [1, l.outputDepth], type: TensorType.INT8, buffer: 0, quant: q(l.outputScale, l.outputZeroPoint) });
    operators.push({
      opcodeIndex: opcodeIndex(BuiltinOperator.FULLY_CONNECTED, FC_VERSION),
      inputs: [x, w, b],
      outputs: [y],
      options: { type: BuiltinOptions.FullyConnectedOptions, activation: ACTIVATION[l.activation] },
    });
    x = y;
  });
  let graphOutput = x;
  if (io === 'float32') {
    graphOutput = addTensor({ name: 'logits', shape: [1, outputSize], type: TensorType.FLOAT32, buffer: 0 });
    operators.push({ opcodeIndex: opcodeIndex(BuiltinOperator.DEQUANTIZE, DEQUANTIZE_VERSION), inputs: [x], outputs: [graphOutput] });
  }
  const runtimeVersion = new Uint8Array(16);
  runtimeVersion.set(encodeUtf8(MIN_RUNTIME_VERSION));
  const minRuntimeBuffer = addBuffer(runtimeVersion);
  const doc = qmodelToDocument(model);
  const meta: Record<string, unknown> = { format: TINYSPARK_METADATA_FORMAT, version: 1, labels: doc.labels, pipeline: doc.pipeline, rounding: model.rounding };
  if (doc.source !== undefined) meta.source = doc.source;
  const tinysparkBuffer = addBuffer(encodeUtf8(JSON.stringify(meta)));
  const metadata = [
    { name: MIN_RUNTIME_VERSION_NAME, buffer: minRuntimeBuffer },
    { name: TINYSPARK_METADATA_NAME, buffer: tinysparkBuffer },
  ];
  return { description: options.description ?? 'tinyspark', buffers, tensors, operators, opcodes, inputs: graphInputs, outputs: [graphOutput], metadata };
}

/** A one-subgraph TFLite model as plain data (see tfliteSpecOf). */
export interface TfliteModelSpec {
  description: string;
  buffers: (Uint8Array | null)[];
  tensors: TensorSpec[];
  operators: OperatorSpec[];
  opcodes: { code: number; version: number }[];
  inputs: number[];
  outputs: number[];
  metadata: { name: string; buffer: number }[];
}

function int32Vector(b: Builder, values: readonly number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]!);
  return b.endVector();
}

function offsetVector(b: Builder, offsets: readonly number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
  return b.endVector();
}

/** Serialize with the flatbuffers Builder (tables are built children first, as flatbuffers requires). */
export function buildTflite(spec: TfliteModelSpec): Uint8Array {
  const b = new Builder(4096);
  // buffers: data vectors 16-byte aligned (schema: data:[ubyte] (force_align: 16))
  const bufferOffsets = spec.buffers.map((data) => {
    let dataOffset = 0;
    if (data !== null) {
      b.startVector(1, data.length, 16);
      for (let i = data.length - 1; i >= 0; i--) b.addInt8(data[i]!);
      dataOffset = b.endVector();
    }
    b.startObject(BUFFER.fields);
    if (dataOffset !== 0) b.addFieldOffset(BUFFER.data, dataOffset, 0);
    return b.endObject();
  });
  const tensorOffsets = spec.tensors.map((t) => {
    const name = b.createString(t.name);
    const shape = int32Vector(b, t.shape);
    let quant = 0;
    if (t.quant !== undefined) {
      b.startVector(4, t.quant.scale.length, 4);
      for (let i = t.quant.scale.length - 1; i >= 0; i--) b.addFloat32(t.quant.scale[i]!);
      const scale = b.endVector();
      b.startVector(8, t.quant.zeroPoint.length, 8);
      for (let i = t.quant.zeroPoint.length - 1; i >= 0; i--) b.addInt64(BigInt(t.quant.zeroPoint[i]!));
      const zeroPoint = b.endVector();
      b.startObject(QUANTIZATION.fields);
      b.addFieldOffset(QUANTIZATION.scale, scale, 0);
      b.addFieldOffset(QUANTIZATION.zeroPoint, zeroPoint, 0);
      b.addFieldInt32(QUANTIZATION.quantizedDimension, t.quant.quantizedDimension, 0);
      quant = b.endObject();
    }
    b.startObject(TENSOR.fields);
    b.addFieldOffset(TENSOR.shape, shape, 0);
    b.addFieldInt8(TENSOR.type, t.type, 0);
    b.addFieldInt32(TENSOR.buffer, t.buffer, 0);
    b.addFieldOffset(TENSOR.name, name, 0);
    if (quant !== 0) b.addFieldOffset(TENSOR.quantization, quant, 0);
    return b.endObject();
  });
  const operatorOffsets = spec.operators.map((op) => {
    const inputs = int32Vector(b, op.inputs);
    const outputs = int32Vector(b, op.outputs);
    let options = 0;
    if (op.options !== undefined) {
      b.startObject(FULLY_CONNECTED_OPTIONS.fields);
      b.addFieldInt8(FULLY_CONNECTED_OPTIONS.fusedActivationFunction, op.options.activation, 0);
      options = b.endObject();
    }
    b.startObject(OPERATOR.fields);
    b.addFieldInt32(OPERATOR.opcodeIndex, op.opcodeIndex, 0);
    b.addFieldOffset(OPERATOR.inputs, inputs, 0);
    b.addFieldOffset(OPERATOR.outputs, outputs, 0);
    if (op.options !== undefined) {
      b.addFieldInt8(OPERATOR.builtinOptionsType, op.options.type, 0);
      b.addFieldOffset(OPERATOR.builtinOptions, options, 0);
    }
    return b.endObject();
  });
  const subgraphName = b.createString('main');
  const tensorsVec = offsetVector(b, tensorOffsets);
  const inputsVec = int32Vector(b, spec.inputs);
  const outputsVec = int32Vector(b, spec.outputs);
  const operatorsVec = offsetVector(b, operatorOffsets);
  b.startObject(SUBGRAPH.fields);
  b.addFieldOffset(SUBGRAPH.tensors, tensorsVec, 0);
  b.addFieldOffset(SUBGRAPH.inputs, inputsVec, 0);
  b.addFieldOffset(SUBGRAPH.outputs, outputsVec, 0);
  b.addFieldOffset(SUBGRAPH.operators, operatorsVec, 0);
  b.addFieldOffset(SUBGRAPH.name, subgraphName, 0);
  const subgraph = b.endObject();
  const opcodeOffsets = spec.opcodes.map((o) => {
    b.startObject(OPERATOR_CODE.fields);
    b.addFieldInt8(OPERATOR_CODE.deprecatedBuiltinCode, Math.min(o.code, 127), 0);
    b.addFieldInt32(OPERATOR_CODE.version, o.version, 1);
    b.addFieldInt32(OPERATOR_CODE.builtinCode, o.code, 0);
    return b.endObject();
  });
  const metadataOffsets = spec.metadata.map((m) => {
    const name = b.createString(m.name);
    b.startObject(METADATA.fields);
    b.addFieldOffset(METADATA.name, name, 0);
    b.addFieldInt32(METADATA.buffer, m.buffer, 0);
    return b.endObject();
  });
  const description = b.createString(spec.description);
  const opcodesVec = offsetVector(b, opcodeOffsets);
  const subgraphsVec = offsetVector(b, [subgraph]);
  const buffersVec = offsetVector(b, bufferOffsets);
  const metadataVec = offsetVector(b, metadataOffsets);
  b.startObject(MODEL.fields);
  b.addFieldInt32(MODEL.version, TFLITE_SCHEMA_VERSION, 0);
  b.addFieldOffset(MODEL.operatorCodes, opcodesVec, 0);
  b.addFieldOffset(MODEL.subgraphs, subgraphsVec, 0);
  b.addFieldOffset(MODEL.description, description, 0);
  b.addFieldOffset(MODEL.buffers, buffersVec, 0);
  b.addFieldOffset(MODEL.metadata, metadataVec, 0);
  const root = b.endObject();
  b.finish(root, TFLITE_FILE_IDENTIFIER);
  return b.asUint8Array().slice();
}
