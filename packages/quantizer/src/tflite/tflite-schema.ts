/*
 * Field slots and enum values of the TFLite flatbuffer schema (tflite namespace, schema version 3,
 * file identifier "TFL3"), the subset tinyspark reads and writes. The numbers follow TensorFlow's
 * tensorflow/lite/schema/schema.fbs:
 *
 *   Copyright 2017 The TensorFlow Authors. All Rights Reserved.
 *   Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file
 *   except in compliance with the License. You may obtain a copy of the License at
 *   http://www.apache.org/licenses/LICENSE-2.0
 *   Unless required by applicable law or agreed to in writing, software distributed under the
 *   License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
 *   either express or implied. See the License for the specific language governing permissions
 *   and limitations under the License.
 *
 * The tables are written and read with the `flatbuffers` package's Builder and ByteBuffer (no
 * generated code): a slot is the field's index in its table (vtable offset = 4 + 2 * slot).
 */

export const TFLITE_FILE_IDENTIFIER = 'TFL3';
export const TFLITE_SCHEMA_VERSION = 3;

/** table Model */
export const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7, fields: 8 } as const;
/** table SubGraph */
export const SUBGRAPH = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4, fields: 5 } as const;
/** table Tensor */
export const TENSOR = { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4, isVariable: 5, sparsity: 6, shapeSignature: 7, fields: 8 } as const;
/** table QuantizationParameters */
export const QUANTIZATION = { min: 0, max: 1, scale: 2, zeroPoint: 3, detailsType: 4, details: 5, quantizedDimension: 6, fields: 7 } as const;
/** table Operator */
export const OPERATOR = { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptionsType: 3, builtinOptions: 4, customOptions: 5, fields: 6 } as const;
/** table OperatorCode: deprecated_builtin_code is a byte (min(code, 127)), builtin_code an int. */
export const OPERATOR_CODE = { deprecatedBuiltinCode: 0, customCode: 1, version: 2, builtinCode: 3, fields: 4 } as const;
/** table Buffer (data is [ubyte] with force_align 16) */
export const BUFFER = { data: 0, offset: 1, size: 2, fields: 1 } as const;
/** table Metadata */
export const METADATA = { name: 0, buffer: 1, fields: 2 } as const;
/** table FullyConnectedOptions */
export const FULLY_CONNECTED_OPTIONS = { fusedActivationFunction: 0, weightsFormat: 1, keepNumDims: 2, asymmetricQuantizeInputs: 3, fields: 4 } as const;
/** table SoftmaxOptions */
export const SOFTMAX_OPTIONS = { beta: 0, fields: 1 } as const;

/** enum TensorType : byte */
export const TensorType = { FLOAT32: 0, FLOAT16: 1, INT32: 2, UINT8: 3, INT64: 4, STRING: 5, BOOL: 6, INT16: 7, COMPLEX64: 8, INT8: 9, FLOAT64: 10 } as const;
const TENSOR_TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(TensorType).map(([k, v]) => [v, k]));
export function tensorTypeName(t: number): string {
  return TENSOR_TYPE_NAMES[t] ?? `type ${t}`;
}

/** enum ActivationFunctionType : byte */
export const ActivationFunctionType = { NONE: 0, RELU: 1, RELU_N1_TO_1: 2, RELU6: 3, TANH: 4, SIGN_BIT: 5 } as const;

/** union BuiltinOptions: the member indices used here. */
export const BuiltinOptions = { NONE: 0, FullyConnectedOptions: 8, SoftmaxOptions: 9, ReshapeOptions: 17, DequantizeOptions: 38, QuantizeOptions: 89 } as const;

/** enum BuiltinOperator: the operators read or written here, and common ones named in errors. */
export const BuiltinOperator = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  LSTM: 16,
  MAX_POOL_2D: 17,
  MUL: 18,
  RELU: 19,
  RELU6: 21,
  RESHAPE: 22,
  SOFTMAX: 25,
  TANH: 28,
  PAD: 34,
  TRANSPOSE: 39,
  MEAN: 40,
  SUB: 41,
  SQUEEZE: 43,
  UNIDIRECTIONAL_SEQUENCE_LSTM: 44,
  STRIDED_SLICE: 45,
  LOG_SOFTMAX: 50,
  CAST: 53,
  ARG_MAX: 56,
  EXPAND_DIMS: 70,
  SHAPE: 77,
  PACK: 83,
  LEAKY_RELU: 98,
  QUANTIZE: 114,
  HARD_SWISH: 117,
  BATCH_MATMUL: 126,
} as const;
const OPERATOR_NAMES: Record<number, string> = Object.fromEntries(Object.entries(BuiltinOperator).map(([k, v]) => [v, k]));
export function builtinOperatorName(code: number): string {
  return OPERATOR_NAMES[code] ?? `builtin operator ${code}`;
}

/** deprecated_builtin_code's placeholder for codes above 127 (PLACEHOLDER_FOR_GREATER_OP_CODES). */
export const PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

/**
 * The metadata entry that carries tinyspark's labels, input pipeline and rounding: a UTF-8 JSON
 * document `{ "format": "tinyspark.tflite-metadata", "version": 1, "labels", "pipeline",
 * "rounding", "source"? }` (README "The tinyspark metadata buffer").
 */
export const TINYSPARK_METADATA_NAME = 'tinyspark';
export const TINYSPARK_METADATA_FORMAT = 'tinyspark.tflite-metadata';
/** TFLite's metadata entry with the oldest runtime that runs the model, a NUL-padded string. */
export const MIN_RUNTIME_VERSION_NAME = 'min_runtime_version';
