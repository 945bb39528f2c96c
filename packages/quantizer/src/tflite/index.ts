export type { ToTfliteOptions } from './write-tflite.js';
export { toTflite } from './write-tflite.js';
export type { FromTfliteOptions, FromTfliteResult } from './from-tflite.js';
export { fromTflite } from './from-tflite.js';
export type { TfliteModelView, TfliteTensor, TfliteOperator, TfliteBuffer, TfliteSubgraph, TfliteQuantization } from './read-tflite.js';
export { readTflite } from './read-tflite.js';
export { TINYSPARK_METADATA_NAME, TINYSPARK_METADATA_FORMAT, MIN_RUNTIME_VERSION_NAME, TFLITE_FILE_IDENTIFIER, BuiltinOperator, TensorType, builtinOperatorName } from './tflite-schema.js';
