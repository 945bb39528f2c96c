import type { InputPipeline, QActivation, QLayerDocument, QModel, QModelDocument, QRounding, QuantizerErrorCode } from '../runtime/index.js';
import {
  QModelFormatError,
  activationBounds,
  fullyConnectedRealMultiplier,
  loadQModel,
  pipelineInputSize,
  qmodelToDocument,
  quantizeMultiplier,
  validatePipeline,
} from '../runtime/index.js';
import type { TfliteModelView, TfliteOperator, TfliteTensor } from './read-tflite.js';
import { readTflite } from './read-tflite.js';
import { utf8Decoder } from './utf8.js';
import { ActivationFunctionType, BuiltinOperator, MIN_RUNTIME_VERSION_NAME, TINYSPARK_METADATA_FORMAT, TINYSPARK_METADATA_NAME, TensorType, builtinOperatorName, tensorTypeName } from './tflite-schema.js';

export interface FromTfliteOptions {
  /** Class labels, one per output (default: the file's tinyspark metadata, else class_0, class_1, ...). */
  labels?: string[];
  /** The input pipeline (default: the file's tinyspark metadata; required when the file has none). */
  pipeline?: InputPipeline;
  /** Requantization rounding of the qmodel (default: the file's tinyspark metadata, else 'double', the device's). */
  rounding?: QRounding;
}

/** What fromTflite returns. */
export interface FromTfliteResult {
  qmodel: QModel;
  /** The tinyspark.qmodel document (JSON.stringify it to write a .qmodel file). */
  document: QModelDocument;
  /** The file had tinyspark's metadata buffer (labels and pipeline came from it unless overridden). */
  hadTinysparkMetadata: boolean;
  /** The graph's input is float32 (a leading QUANTIZE op). */
  floatInput: boolean;
  /** What the int8 model drops after the logits: 'softmax' and/or 'dequantize' (argmax decides on the logits). */
  droppedOutputOps: string[];
  /** min_runtime_version metadata, when present. */
  minRuntimeVersion: string | null;
}

function fail(code: QuantizerErrorCode, field: string, message: string): never {
  throw new QModelFormatError(code, message, { field });
}

const SUPPORTED = 'tinyspark reads FULLY_CONNECTED chains (optional leading QUANTIZE, RESHAPE, trailing SOFTMAX / DEQUANTIZE)';
/** Operators that may compute a RESHAPE's shape input (Keras Flatten): skipped when that is all they feed. */
const SHAPE_OPS = new Set<number>([BuiltinOperator.SHAPE, BuiltinOperator.STRIDED_SLICE, BuiltinOperator.PACK]);

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function scaleOf(t: TfliteTensor, tf: string, i = 0): number {
  const s = t.quantization!.scale[i]!;
  if (!(s > 0) || !Number.isFinite(s)) fail('QUANT_ERR_SCALE_NOT_POSITIVE', `${tf}.quantization.scale[${i}]`, `must be a positive finite float32, got ${s}`);
  return s;
}

/** An int8 activation tensor with one (scale, zero point). */
function activationParams(t: TfliteTensor, tf: string): { scale: number; zeroPoint: number } {
  if (t.type !== TensorType.INT8) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${tf}.type`, `must be INT8 (int8 activations), got ${tensorTypeName(t.type)}`);
  const q = t.quantization;
  if (q === null || q.scale.length !== 1 || q.zeroPoint.length !== 1) {
    fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${tf}.quantization`, 'an int8 activation needs one scale and one zero point (per-tensor)');
  }
  const zeroPoint = q.zeroPoint[0]!;
  if (!Number.isInteger(zeroPoint) || zeroPoint < -128 || zeroPoint > 127) fail('QUANT_ERR_INTEGER_RANGE', `${tf}.quantization.zero_point[0]`, `must be in [-128, 127], got ${zeroPoint}`);
  return { scale: scaleOf(t, tf), zeroPoint };
}

function constantData(view: TfliteModelView, t: TfliteTensor, tf: string, bytesPerValue: number, count: number): Uint8Array {
  const buf = view.buffers[t.buffer];
  if (t.buffer === 0 || buf === undefined || buf.data.length === 0) {
    if (buf !== undefined && buf.externalOffset > 1n) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `buffers[${t.buffer}].offset`, 'data stored outside the flatbuffer (> 2 GB models) is not supported');
    fail('QUANT_ERR_TFLITE_GRAPH', `${tf}.buffer`, `must be a constant tensor (a non-empty buffer), got buffer ${t.buffer}`);
  }
  if (buf.data.length !== bytesPerValue * count) fail('QUANT_ERR_SHAPE_MISMATCH', `buffers[${t.buffer}].data`, `must hold ${bytesPerValue * count} bytes for ${tf}, got ${buf.data.length}`);
  return buf.data;
}

interface Metadata {
  labels?: unknown;
  pipeline?: unknown;
  rounding?: unknown;
  source?: unknown;
}

function readMetadata(view: TfliteModelView): { tinyspark: Metadata | null; minRuntimeVersion: string | null } {
  let tinyspark: Metadata | null = null;
  let minRuntimeVersion: string | null = null;
  view.metadata.forEach((m, i) => {
    const buf = view.buffers[m.buffer];
    if (buf === undefined) fail('QUANT_ERR_TFLITE_GRAPH', `metadata[${i}].buffer`, `${m.buffer} is not an index of buffers (${view.buffers.length} entries)`);
    if (m.name === MIN_RUNTIME_VERSION_NAME) minRuntimeVersion = utf8Decoder(false).decode(buf.data).replace(/\0+$/, '');
    if (m.name === TINYSPARK_METADATA_NAME) {
      let doc: unknown;
      try {
        doc = JSON.parse(utf8Decoder(true).decode(buf.data));
      } catch (e) {
        throw new QModelFormatError('QUANT_ERR_INVALID_DOCUMENT', 'the tinyspark metadata buffer is not UTF-8 JSON', { field: `metadata[${i}]`, cause: e });
      }
      if (typeof doc !== 'object' || doc === null || (doc as Record<string, unknown>).format !== TINYSPARK_METADATA_FORMAT) {
        fail('QUANT_ERR_INVALID_DOCUMENT', `metadata[${i}].format`, `must be "${TINYSPARK_METADATA_FORMAT}"`);
      }
      if ((doc as Record<string, unknown>).version !== 1) fail('QUANT_ERR_UNSUPPORTED_VERSION', `metadata[${i}].version`, `must be 1, got ${JSON.stringify((doc as Record<string, unknown>).version)}`);
      tinyspark = doc as Metadata;
    }
  });
  return { tinyspark, minRuntimeVersion };
}

const FUSED: Record<number, QActivation> = { [ActivationFunctionType.NONE]: 'none', [ActivationFunctionType.RELU]: 'relu', [ActivationFunctionType.RELU6]: 'relu6' };
const FUSED_NAMES = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'];

/**
 * A .tflite file (TF's converter or toTflite) as a tinyspark qmodel. Reads one subgraph that is a
 * chain: an optional leading QUANTIZE (float32 input), FULLY_CONNECTED ops (int8, fused NONE /
 * RELU / RELU6, weights [out][in] with zero point 0, per-tensor or per-channel on dimension 0,
 * optional int32 bias), RESHAPEs anywhere (with the SHAPE / STRIDED_SLICE / PACK ops Keras' Flatten
 * adds to compute their shape, which are skipped), and a trailing SOFTMAX and/or DEQUANTIZE, which the int8
 * model drops (it ends at the logits; argmax decides). Multipliers are recomputed from the stored
 * float32 scales as TFLite Micro's Prepare does (per-tensor: float32 s_in*s_w / s_out; per-channel:
 * in double), and the per-tensor bias-scale check of Prepare (|s_in*s_w - s_bias| / s_out <= 0.02)
 * is applied. Anything else throws a QModelFormatError naming the operator or field
 * (QUANT_ERR_TFLITE_UNSUPPORTED_OP, e.g. "CONV_2D is not supported yet").
 */
export function fromTflite(bytes: Uint8Array, options: FromTfliteOptions = {}): FromTfliteResult {
  const view = readTflite(bytes);
  if (view.version !== 3) fail('QUANT_ERR_UNSUPPORTED_VERSION', 'version', `must be 3 (TFLite schema v3), got ${view.version}`);
  if (view.subgraphs.length !== 1) fail('QUANT_ERR_TFLITE_GRAPH', 'subgraphs', `must hold exactly one subgraph, got ${view.subgraphs.length}`);
  const sg = view.subgraphs[0]!;
  const sf = 'subgraphs[0]';
  if (sg.inputs.length !== 1) fail('QUANT_ERR_TFLITE_GRAPH', `${sf}.inputs`, `must be one input tensor, got ${sg.inputs.length}`);
  if (sg.outputs.length !== 1) fail('QUANT_ERR_TFLITE_GRAPH', `${sf}.outputs`, `must be one output tensor, got ${sg.outputs.length}`);
  const tensor = (i: number, field: string): TfliteTensor => {
    const t = sg.tensors[i];
    if (t === undefined) fail('QUANT_ERR_TFLITE_GRAPH', field, `${i} is not an index of ${sf}.tensors (${sg.tensors.length} entries)`);
    if (t.sparse) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${sf}.tensors[${i}].sparsity`, 'sparse tensors are not supported');
    return t;
  };
  // Keras' Flatten converts to SHAPE -> STRIDED_SLICE -> PACK computing RESHAPE's shape input: such
  // operators, whose outputs only feed RESHAPE shapes, are skipped (the shape is checked on RESHAPE)
  const shapeTensors = new Set<number>();
  for (const op of sg.operators) if (op.builtinCode === BuiltinOperator.RESHAPE && op.inputs[1] !== undefined && op.inputs[1] >= 0) shapeTensors.add(op.inputs[1]);
  const shapeOps = new Set<number>();
  for (let i = sg.operators.length - 1; i >= 0; i--) {
    const op = sg.operators[i]!;
    if (!SHAPE_OPS.has(op.builtinCode) || op.customCode !== null || op.outputs.length === 0 || !op.outputs.every((t) => shapeTensors.has(t))) continue;
    shapeOps.add(i);
    for (const t of op.inputs.slice(1)) if (t >= 0) shapeTensors.add(t);
    if (op.builtinCode !== BuiltinOperator.SHAPE && op.inputs[0] !== undefined && op.inputs[0] >= 0) shapeTensors.add(op.inputs[0]);
  }
  let current = sg.inputs[0]!;
  tensor(current, `${sf}.inputs[0]`);
  let floatInput = false;
  const layers: QLayerDocument[] = [];
  const dropped: string[] = [];
  let inputParams: { scale: number; zeroPoint: number } | null = null;
  const opName = (op: TfliteOperator): string => (op.customCode !== null ? `custom operator "${op.customCode}"` : builtinOperatorName(op.builtinCode));
  sg.operators.forEach((op, i) => {
    if (shapeOps.has(i)) return;
    const of = `${sf}.operators[${i}]`;
    const name = opName(op);
    if (op.customCode !== null || op.builtinCode === 32) fail('QUANT_ERR_TFLITE_UNSUPPORTED_OP', `${of}.opcode_index`, `${name} is not supported: ${SUPPORTED}`);
    if (op.inputs[0] !== current) {
      fail('QUANT_ERR_TFLITE_GRAPH', `${of}.inputs[0]`, `${name} must read tensor ${current} (the output of the previous operator): only chains are supported, got ${String(op.inputs[0])}`);
    }
    if (op.outputs.length !== 1) fail('QUANT_ERR_TFLITE_GRAPH', `${of}.outputs`, `${name} must have one output, got ${op.outputs.length}`);
    const inT = tensor(current, `${of}.inputs[0]`);
    const outIndex = op.outputs[0]!;
    const outT = tensor(outIndex, `${of}.outputs[0]`);
    const inF = `${sf}.tensors[${current}]`;
    const outF = `${sf}.tensors[${outIndex}]`;
    const afterLogits = dropped.length > 0;
    switch (op.builtinCode) {
      case BuiltinOperator.QUANTIZE: {
        if (i !== 0) fail('QUANT_ERR_TFLITE_UNSUPPORTED_OP', `${of}.opcode_index`, `QUANTIZE is supported only as the first operator (float32 input), found at operator ${i}`);
        if (inT.type !== TensorType.FLOAT32) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${inF}.type`, `the QUANTIZE input must be FLOAT32, got ${tensorTypeName(inT.type)}`);
        inputParams = activationParams(outT, outF);
        floatInput = true;
        break;
      }
      case BuiltinOperator.RESHAPE: {
        if (afterLogits) fail('QUANT_ERR_TFLITE_UNSUPPORTED_OP', `${of}.opcode_index`, `RESHAPE after ${dropped.join('/')} is not supported`);
        if (elementCount(inT.shape) !== elementCount(outT.shape)) fail('QUANT_ERR_TFLITE_GRAPH', `${outF}.shape`, `RESHAPE must keep the element count (${elementCount(inT.shape)}), got [${outT.shape.join(', ')}]`);
        if (inT.type !== outT.type) fail('QUANT_ERR_TFLITE_GRAPH', `${outF}.type`, `RESHAPE must keep the type ${tensorTypeName(inT.type)}, got ${tensorTypeName(outT.type)}`);
        if (inT.type === TensorType.INT8) {
          const a = activationParams(inT, inF);
          const b = activationParams(outT, outF);
          if (a.scale !== b.scale || a.zeroPoint !== b.zeroPoint) fail('QUANT_ERR_CHAIN_MISMATCH', `${outF}.quantization`, 'RESHAPE must keep the quantization of its input');
        }
        break;
      }
      case BuiltinOperator.FULLY_CONNECTED: {
        if (afterLogits) fail('QUANT_ERR_TFLITE_UNSUPPORTED_OP', `${of}.opcode_index`, `FULLY_CONNECTED after ${dropped.join('/')} is not supported`);
        const fused = FUSED[op.fusedActivationFunction];
        if (fused === undefined) {
          fail('QUANT_ERR_UNSUPPORTED_ACTIVATION', `${of}.builtin_options.fused_activation_function`, `must be NONE, RELU or RELU6, got ${FUSED_NAMES[op.fusedActivationFunction] ?? op.fusedActivationFunction}`);
        }
        if (op.weightsFormat !== 0) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${of}.builtin_options.weights_format`, 'must be DEFAULT (shuffled weights are not supported)');
        const x = activationParams(inT, inF);
        if (layers.length === 0 && inputParams === null) inputParams = x;
        const wi = op.inputs[1];
        if (wi === undefined || wi < 0) fail('QUANT_ERR_TFLITE_GRAPH', `${of}.inputs[1]`, 'FULLY_CONNECTED needs a weights tensor');
        const wT = tensor(wi, `${of}.inputs[1]`);
        const wF = `${sf}.tensors[${wi}]`;
        if (wT.type !== TensorType.INT8) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${wF}.type`, `weights must be INT8, got ${tensorTypeName(wT.type)}`);
        if (wT.shape.length !== 2) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${wF}.shape`, `weights must be 2-D [out, in], got [${wT.shape.join(', ')}]`);
        const [outDepth, inDepth] = wT.shape as [number, number];
        if (elementCount(inT.shape) !== inDepth) fail('QUANT_ERR_SHAPE_MISMATCH', `${inF}.shape`, `must hold ${inDepth} values (one batch of the weights' input depth), got [${inT.shape.join(', ')}]`);
        if (elementCount(outT.shape) !== outDepth) fail('QUANT_ERR_SHAPE_MISMATCH', `${outF}.shape`, `must hold ${outDepth} values, got [${outT.shape.join(', ')}]`);
        const wq = wT.quantization;
        if (wq === null || wq.scale.length === 0) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${wF}.quantization`, 'int8 weights need scales');
        if (wq.scale.length !== 1 && wq.scale.length !== outDepth) fail('QUANT_ERR_SHAPE_MISMATCH', `${wF}.quantization.scale`, `must have 1 or ${outDepth} entries, got ${wq.scale.length}`);
        if (wq.scale.length > 1 && wq.quantizedDimension !== 0) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${wF}.quantization.quantized_dimension`, `per-channel weights must be quantized on dimension 0, got ${wq.quantizedDimension}`);
        wq.zeroPoint.forEach((z, c) => {
          if (z !== 0) fail('QUANT_ERR_WEIGHT_ZERO_POINT', `${wF}.quantization.zero_point[${c}]`, `int8 weights must have zero point 0 (symmetric), got ${z}`);
        });
        const weightScales = wq.scale.map((_, c) => scaleOf(wT, wF, c));
        const wData = constantData(view, wT, wF, 1, outDepth * inDepth);
        const weights = Array.from(new Int8Array(wData.buffer, wData.byteOffset, wData.length));
        const y = activationParams(outT, outF);
        let bias: number[] | null = null;
        const bi = op.inputs[2];
        if (bi !== undefined && bi >= 0) {
          const bT = tensor(bi, `${of}.inputs[2]`);
          const bF = `${sf}.tensors[${bi}]`;
          if (bT.type !== TensorType.INT32) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${bF}.type`, `the bias must be INT32, got ${tensorTypeName(bT.type)}`);
          if (elementCount(bT.shape) !== outDepth) fail('QUANT_ERR_SHAPE_MISMATCH', `${bF}.shape`, `must hold ${outDepth} values, got [${bT.shape.join(', ')}]`);
          const bData = constantData(view, bT, bF, 4, outDepth);
          const dv = new DataView(bData.buffer, bData.byteOffset, bData.length);
          bias = Array.from({ length: outDepth }, (_, o) => dv.getInt32(4 * o, true));
          const bq = bT.quantization;
          if (bq !== null) {
            bq.zeroPoint.forEach((z, c) => {
              if (z !== 0) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${bF}.quantization.zero_point[${c}]`, `the int32 bias must have zero point 0, got ${z}`);
            });
            // TFLM per-tensor Prepare (GetQuantizedConvolutionMultipler with bias) fails unless the bias scale is s_in * s_w
            if (weightScales.length === 1 && bq.scale.length >= 1) {
              const sb = scaleOf(bT, bF);
              const product = Math.fround(x.scale * weightScales[0]!);
              if (Math.abs(product - sb) / y.scale > 0.02) {
                fail('QUANT_ERR_CHAIN_MISMATCH', `${bF}.quantization.scale[0]`, `must be input scale x weight scale (${product}): TFLite Micro's Prepare rejects ${sb}`);
              }
            }
          }
        }
        const perChannel = weightScales.length > 1;
        const mult: number[] = [];
        const shift: number[] = [];
        weightScales.forEach((sw, c) => {
          const m = quantizeMultiplier(fullyConnectedRealMultiplier(x.scale, sw, y.scale, perChannel));
          if (m.shift > 30) fail('QUANT_ERR_MULTIPLIER_OUT_OF_RANGE', `${wF}.quantization.scale[${c}]`, 'the layer multiplier needs a left shift above 30');
          mult.push(m.multiplier);
          shift.push(m.shift);
        });
        const bounds = activationBounds(fused, y.scale, y.zeroPoint);
        layers.push({
          type: 'fully_connected',
          inputDepth: inDepth,
          outputDepth: outDepth,
          weights,
          weightScales,
          bias,
          inputScale: x.scale,
          inputZeroPoint: x.zeroPoint,
          outputScale: y.scale,
          outputZeroPoint: y.zeroPoint,
          outputMultiplier: mult,
          outputShift: shift,
          activation: fused,
          activationMin: bounds.min,
          activationMax: bounds.max,
        });
        break;
      }
      case BuiltinOperator.SOFTMAX: {
        if (layers.length === 0 || dropped.length > 0) fail('QUANT_ERR_TFLITE_UNSUPPORTED_OP', `${of}.opcode_index`, 'SOFTMAX is supported only right after the last FULLY_CONNECTED');
        dropped.push('softmax');
        break;
      }
      case BuiltinOperator.DEQUANTIZE: {
        if (layers.length === 0 || dropped.includes('dequantize')) fail('QUANT_ERR_TFLITE_UNSUPPORTED_OP', `${of}.opcode_index`, 'DEQUANTIZE is supported only at the end of the graph');
        if (outT.type !== TensorType.FLOAT32) fail('QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', `${outF}.type`, `the DEQUANTIZE output must be FLOAT32, got ${tensorTypeName(outT.type)}`);
        dropped.push('dequantize');
        break;
      }
      default: {
        const yet = op.builtinCode === BuiltinOperator.CONV_2D || op.builtinCode === BuiltinOperator.DEPTHWISE_CONV_2D ? ' yet' : '';
        fail('QUANT_ERR_TFLITE_UNSUPPORTED_OP', `${of}.opcode_index`, `${name} is not supported${yet}: ${SUPPORTED}`);
      }
    }
    current = outIndex;
  });
  if (current !== sg.outputs[0]) fail('QUANT_ERR_TFLITE_GRAPH', `${sf}.outputs[0]`, `must be the last operator's output (tensor ${current}), got ${sg.outputs[0]!}`);
  if (layers.length === 0) fail('QUANT_ERR_TFLITE_GRAPH', `${sf}.operators`, 'has no FULLY_CONNECTED operator');
  const { tinyspark, minRuntimeVersion } = readMetadata(view);
  const last = layers[layers.length - 1]!;
  const pipelineSource = options.pipeline ?? tinyspark?.pipeline;
  if (pipelineSource === undefined) {
    fail('QUANT_ERR_INVALID_ARGUMENT', 'options.pipeline', `the file has no tinyspark metadata: pass the input pipeline that makes its ${layers[0]!.inputDepth} inputs`);
  }
  const pipeline = validatePipeline(pipelineSource, options.pipeline !== undefined ? 'options.pipeline' : 'metadata.pipeline');
  if (pipelineInputSize(pipeline) !== layers[0]!.inputDepth) {
    fail('QUANT_ERR_SHAPE_MISMATCH', options.pipeline !== undefined ? 'options.pipeline' : 'metadata.pipeline', `makes ${pipelineInputSize(pipeline)} inputs, the model takes ${layers[0]!.inputDepth}`);
  }
  const labels = options.labels ?? (tinyspark?.labels as string[] | undefined) ?? Array.from({ length: last.outputDepth }, (_, i) => `class_${i}`);
  const rounding = options.rounding ?? (tinyspark?.rounding as QRounding | undefined) ?? 'double';
  // a tinyspark file carries its qmodel's own source (or none); any other file is described here
  let source: Record<string, unknown> | undefined;
  if (tinyspark === null) source = { from: 'tflite', description: view.description, floatInput, droppedOutputOps: [...dropped] };
  else if (typeof tinyspark.source === 'object' && tinyspark.source !== null) source = { ...(tinyspark.source as Record<string, unknown>) };
  const ip = inputParams as { scale: number; zeroPoint: number } | null;
  const doc: QModelDocument = {
    format: 'tinyspark.qmodel',
    version: rounding === 'double' ? 1 : 2,
    ...(rounding === 'double' ? {} : { rounding }),
    labels,
    pipeline,
    input: ip === null ? { scale: layers[0]!.inputScale, zeroPoint: layers[0]!.inputZeroPoint } : { ...ip },
    layers,
    output: { scale: last.outputScale, zeroPoint: last.outputZeroPoint },
    ...(source === undefined ? {} : { source }),
  };
  const qmodel = loadQModel(doc);
  return { qmodel, document: qmodelToDocument(qmodel), hadTinysparkMetadata: tinyspark !== null, floatInput, droppedOutputOps: dropped, minRuntimeVersion };
}
