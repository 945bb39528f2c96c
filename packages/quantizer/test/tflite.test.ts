import { describe, expect, it } from 'vitest';
import type { QModel } from '../src/runtime/index.js';
import { QModelFormatError, createQRunner, isQuantizerError, loadQModel, qmodelToDocument } from '../src/runtime/index.js';
import { BuiltinOperator, TensorType, fromTflite, readTflite, toTflite } from '../src/tflite/index.js';
import { buildTflite, tfliteSpecOf } from '../src/tflite/write-tflite.js';
import { tinyQModelDocument } from './support/tiny-qmodel.js';
import { courseFixture, gestureFixtures, singleRounding } from './support/models.js';

function expectFormatError(fn: () => unknown, code: string, field: string | RegExp, text?: RegExp): QModelFormatError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(QModelFormatError);
  const e = err as QModelFormatError;
  expect(e.code).toBe(code);
  if (typeof field === 'string') expect(e.field).toBe(field);
  else expect(e.field).toMatch(field);
  if (text) expect(e.message).toMatch(text);
  return e;
}

describe('toTflite / fromTflite', () => {
  const course = courseFixture();
  const [gest, gestPc] = gestureFixtures();
  const tinyPc = loadQModel(tinyQModelDocument(true));
  const models: [string, QModel][] = [
    ['course (per-tensor, no bias)', course.qmodel],
    ['gesture (per-tensor, relu)', gest!.qmodel],
    ['gesture (per-channel)', gestPc!.qmodel],
    ['tiny (per-channel, bias)', tinyPc],
    ['gesture single rounding', singleRounding(gest!).qmodel],
  ];

  it.each(models)('%s: round trip to the same qmodel, int8 and float32 I/O; byte-stable', (_, q) => {
    for (const io of ['int8', 'float32'] as const) {
      const bytes = toTflite(q, { io });
      expect(Array.from(toTflite(q, { io }))).toEqual(Array.from(bytes));
      const back = fromTflite(bytes);
      expect(back.document).toEqual(qmodelToDocument(q));
      expect(back.floatInput).toBe(io === 'float32');
      expect(back.hadTinysparkMetadata).toBe(true);
      expect(back.minRuntimeVersion).toBe('1.14.0');
      expect(Array.from(toTflite(back.qmodel, { io }))).toEqual(Array.from(bytes));
    }
  });

  it('the file TFLite Micro expects: TFL3, schema 3, buffer 0 empty, data 16-byte aligned, tensors and ops as stored', () => {
    const q = gestPc!.qmodel;
    const bytes = toTflite(q);
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('TFL3');
    const v = readTflite(bytes);
    expect(v.version).toBe(3);
    expect(v.buffers[0]!.data.length).toBe(0);
    for (const b of v.buffers) if (b.data.length > 0) expect(b.dataOffset % 16).toBe(0);
    const sg = v.subgraphs[0]!;
    expect(sg.operators.map((o) => o.builtinCode)).toEqual([BuiltinOperator.FULLY_CONNECTED, BuiltinOperator.FULLY_CONNECTED]);
    const [fc0] = sg.operators;
    const w = sg.tensors[fc0!.inputs[1]!]!;
    const b = sg.tensors[fc0!.inputs[2]!]!;
    expect(w).toMatchObject({ type: TensorType.INT8, shape: [24, 156] });
    expect(w.quantization!.scale).toEqual(Array.from(q.layers[0]!.weightScales));
    expect(w.quantization!.zeroPoint).toEqual(new Array(24).fill(0));
    expect(w.quantization!.quantizedDimension).toBe(0);
    expect(Array.from(new Int8Array(v.buffers[w.buffer]!.data.slice().buffer))).toEqual(Array.from(q.layers[0]!.weights));
    expect(b).toMatchObject({ type: TensorType.INT32, shape: [24] });
    expect(b.quantization!.scale).toEqual(Array.from(q.layers[0]!.weightScales, (s) => Math.fround(q.layers[0]!.inputScale * s)));
    expect(sg.tensors[sg.inputs[0]!]).toMatchObject({ type: TensorType.INT8, shape: [1, 156] });
    expect(sg.tensors[sg.outputs[0]!]).toMatchObject({ type: TensorType.INT8, shape: [1, 5] });
    expect(fc0!.fusedActivationFunction).toBe(1); // RELU
    expect(v.metadata.map((m) => m.name)).toEqual(['min_runtime_version', 'tinyspark']);
    const meta = JSON.parse(new TextDecoder().decode(v.buffers[v.metadata[1]!.buffer]!.data)) as Record<string, unknown>;
    expect(meta).toMatchObject({ format: 'tinyspark.tflite-metadata', version: 1, labels: q.labels, rounding: 'double' });
    // float I/O: QUANTIZE in front, DEQUANTIZE at the end
    const f = readTflite(toTflite(q, { io: 'float32' })).subgraphs[0]!;
    expect(f.operators.map((o) => o.builtinCode)).toEqual([BuiltinOperator.QUANTIZE, BuiltinOperator.FULLY_CONNECTED, BuiltinOperator.FULLY_CONNECTED, BuiltinOperator.DEQUANTIZE]);
    expect(f.tensors[f.inputs[0]!]!.type).toBe(TensorType.FLOAT32);
    expect(f.tensors[f.outputs[0]!]!.type).toBe(TensorType.FLOAT32);
  });

  it('an imported model runs like the original (same logits on every input)', () => {
    const back = fromTflite(toTflite(gest!.qmodel, { io: 'float32' })).qmodel;
    const a = createQRunner(gest!.qmodel);
    const b = createQRunner(back);
    for (let i = 0; i < 200; i++) {
      const x = Int8Array.from({ length: a.inputSize }, (_, k) => ((i * 31 + k * 17) % 256) - 128);
      expect(Array.from(b.invoke(x))).toEqual(Array.from(a.invoke(x)));
    }
  });

  it('a file without tinyspark metadata needs the pipeline; labels default to class_i; rounding option', () => {
    const spec = tfliteSpecOf(course.qmodel);
    spec.metadata = spec.metadata.filter((m) => m.name !== 'tinyspark');
    const bytes = buildTflite(spec);
    expectFormatError(() => fromTflite(bytes), 'QUANT_ERR_INVALID_ARGUMENT', 'options.pipeline', /no tinyspark metadata/);
    const r = fromTflite(bytes, { pipeline: course.qmodel.pipeline, rounding: 'single' });
    expect(r.qmodel.labels).toEqual(['class_0', 'class_1']);
    expect(r.qmodel.rounding).toBe('single');
    expect(r.qmodel.source).toMatchObject({ from: 'tflite', description: 'tinyspark' });
    expectFormatError(() => fromTflite(bytes, { pipeline: { ...course.qmodel.pipeline, windowLength: 4 } }), 'QUANT_ERR_SHAPE_MISMATCH', 'options.pipeline');
  });
});

describe('fromTflite: bad files get typed errors naming the field', () => {
  const course = courseFixture();
  const good = toTflite(course.qmodel);

  it('truncated: every cut of the file throws a QuantizerError (never a RangeError or a silent model)', () => {
    expectFormatError(() => fromTflite(good.subarray(0, 6)), 'QUANT_ERR_TFLITE_TRUNCATED', '(file)');
    expectFormatError(() => fromTflite(good.subarray(0, good.length - 40)), 'QUANT_ERR_TFLITE_TRUNCATED', /./);
    let typed = 0;
    for (let n = 0; n < good.length; n++) {
      try {
        fromTflite(good.subarray(0, n));
      } catch (e) {
        if (isQuantizerError(e)) typed++;
        else throw e;
      }
    }
    expect(typed).toBe(good.length);
  });

  it('wrong identifier', () => {
    const bad = good.slice();
    bad.set(new TextEncoder().encode('TFL2'), 4);
    expectFormatError(() => fromTflite(bad), 'QUANT_ERR_TFLITE_IDENTIFIER', 'file_identifier', /must be "TFL3".*got "TFL2"/);
  });

  it('unsupported operator: CONV_2D "not supported yet", others named', () => {
    const spec = tfliteSpecOf(course.qmodel);
    spec.opcodes[0]!.code = BuiltinOperator.CONV_2D;
    expectFormatError(() => fromTflite(buildTflite(spec)), 'QUANT_ERR_TFLITE_UNSUPPORTED_OP', 'subgraphs[0].operators[0].opcode_index', /CONV_2D is not supported yet/);
    spec.opcodes[0]!.code = BuiltinOperator.LOGISTIC;
    expectFormatError(() => fromTflite(buildTflite(spec)), 'QUANT_ERR_TFLITE_UNSUPPORTED_OP', 'subgraphs[0].operators[0].opcode_index', /LOGISTIC is not supported/);
  });

  it('weight zero point not 0', () => {
    const spec = tfliteSpecOf(course.qmodel);
    const w = spec.operators[1]!.inputs[1]!;
    spec.tensors[w]!.quant!.zeroPoint = [3];
    expectFormatError(() => fromTflite(buildTflite(spec)), 'QUANT_ERR_WEIGHT_ZERO_POINT', `subgraphs[0].tensors[${w}].quantization.zero_point[0]`, /got 3/);
  });

  it('scale <= 0 (weights, activations)', () => {
    for (const s of [0, -0.5]) {
      const spec = tfliteSpecOf(course.qmodel);
      const w = spec.operators[0]!.inputs[1]!;
      spec.tensors[w]!.quant!.scale = [s];
      expectFormatError(() => fromTflite(buildTflite(spec)), 'QUANT_ERR_SCALE_NOT_POSITIVE', `subgraphs[0].tensors[${w}].quantization.scale[0]`);
    }
    const spec = tfliteSpecOf(course.qmodel);
    spec.tensors[0]!.quant!.scale = [0];
    expectFormatError(() => fromTflite(buildTflite(spec)), 'QUANT_ERR_SCALE_NOT_POSITIVE', 'subgraphs[0].tensors[0].quantization.scale[0]');
  });

  it('graph and tensor errors: not a chain, uint8 activations, fused TANH, bias scale Prepare rejects', () => {
    let spec = tfliteSpecOf(course.qmodel);
    spec.operators[1]!.inputs[0] = 0;
    expectFormatError(() => fromTflite(buildTflite(spec)), 'QUANT_ERR_TFLITE_GRAPH', 'subgraphs[0].operators[1].inputs[0]', /only chains/);
    spec = tfliteSpecOf(course.qmodel);
    spec.tensors[0]!.type = TensorType.UINT8;
    expectFormatError(() => fromTflite(buildTflite(spec)), 'QUANT_ERR_TFLITE_UNSUPPORTED_TENSOR', 'subgraphs[0].tensors[0].type', /UINT8/);
    spec = tfliteSpecOf(course.qmodel);
    spec.operators[0]!.options!.activation = 4;
    expectFormatError(() => fromTflite(buildTflite(spec)), 'QUANT_ERR_UNSUPPORTED_ACTIVATION', 'subgraphs[0].operators[0].builtin_options.fused_activation_function', /TANH/);
    const tiny = loadQModel(tinyQModelDocument(false));
    spec = tfliteSpecOf(tiny);
    const b = spec.operators[0]!.inputs[2]!;
    spec.tensors[b]!.quant!.scale = [spec.tensors[b]!.quant!.scale[0]! + tiny.layers[0]!.outputScale * 0.03];
    expectFormatError(() => fromTflite(buildTflite(spec)), 'QUANT_ERR_CHAIN_MISMATCH', `subgraphs[0].tensors[${b}].quantization.scale[0]`, /Prepare rejects/);
  });
});
