import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputPipeline, QModel, QModelDocument } from '../src/runtime/index.js';
import { activationBounds, createQRunner, dequantizeValue, loadQModel, qmodelToDocument } from '../src/runtime/index.js';
import { fromTflite, toTflite } from '../src/tflite/index.js';
import { tinyQModelDocument } from './support/tiny-qmodel.js';
import { courseFixture, gestureFixtures } from './support/models.js';

// fixtures/tflite/ (README there):
//   tinyspark/<name>.qmodel.json + <name>.tflite   qmodels and their toTflite export, written by
//       UPDATE_GOLDEN=1 npx vitest run test/tflite-golden.test.ts (review the diff);
//   tinyspark/<name>.reference.json, tf/<name>.tflite, tf/<name>.reference.json   written by
//       fixtures/tflite/regenerate.py with TensorFlow's converter and its reference-kernel interpreter.
const DIR = fileURLToPath(new URL('../../../fixtures/tflite/', import.meta.url));
const TS_DIR = `${DIR}tinyspark/`;
const TF_DIR = `${DIR}tf/`;

/** A relu6 variant of the hand-made 3-4-2 per-channel model (core has no relu6 layer). */
function tinyRelu6(): QModelDocument {
  const doc = tinyQModelDocument(true);
  const l0 = doc.layers[0]!;
  const b = activationBounds('relu6', l0.outputScale, l0.outputZeroPoint);
  doc.layers[0] = { ...l0, activation: 'relu6', activationMin: b.min, activationMax: b.max };
  return doc;
}

/** name -> [qmodel, float32 I/O]: the tinyspark-made models exported as golden .tflite files. */
function exportedModels(): Record<string, [QModel, boolean]> {
  const course = courseFixture();
  const [gest, gestPc] = gestureFixtures();
  return {
    'course-proximity': [course.qmodel, false],
    'gesture-per-tensor': [gest!.qmodel, false],
    'gesture-per-channel': [gestPc!.qmodel, false],
    'gesture-per-channel-float-io': [gestPc!.qmodel, true],
    'tiny-relu6-per-channel': [loadQModel(tinyRelu6()), false],
  };
}

interface Reference {
  description: string;
  tensorflow: string;
  opResolver: string;
  /** base64 int8 [n][inputSize], or (floatInput) int16 numerators: input = float32(numerator * inputStep) */
  inputs: string;
  inputStep?: number;
  inputCount: number;
  floatInput: boolean;
  /** base64 int8 [n][outputSize]: the int8 logits tensor (before any SOFTMAX / DEQUANTIZE) */
  logits: string;
  /** base64 of the graph output: int8 (softmax or logits) or float32 (DEQUANTIZE) */
  outputs: string;
  floatOutput: boolean;
  /** for TF models: the pipeline the test imports the model with */
  pipeline?: InputPipeline;
  softmax?: boolean;
}

const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const int8s = (s: string): Int8Array => {
  const b = b64(s);
  return new Int8Array(b.buffer, b.byteOffset, b.length);
};
const float32s = (s: string): Float32Array => {
  const b = b64(s).slice();
  return new Float32Array(b.buffer);
};
const floatInputs = (ref: Reference): Float32Array => {
  const b = b64(ref.inputs).slice();
  const step = Math.fround(ref.inputStep!);
  return Float32Array.from(new Int16Array(b.buffer), (n) => n * step); // exact product, rounded to float32 on store
};

/** Run a qmodel on the reference's inputs; returns the int8 logits and (float I/O) the dequantized outputs. */
function runOn(q: QModel, ref: Reference): { logits: Int8Array; outputs: Float32Array } {
  const runner = createQRunner(q);
  const n = runner.inputSize;
  const outSize = q.layers[q.layers.length - 1]!.outputDepth;
  const logits = new Int8Array(ref.inputCount * outSize);
  const outputs = new Float32Array(ref.inputCount * outSize);
  const fIn = ref.floatInput ? floatInputs(ref) : null;
  const qIn = ref.floatInput ? null : int8s(ref.inputs);
  for (let i = 0; i < ref.inputCount; i++) {
    const x = fIn !== null ? runner.quantizeInput(fIn.subarray(i * n, (i + 1) * n)) : qIn!.subarray(i * n, (i + 1) * n);
    const y = runner.invoke(x);
    logits.set(y, i * outSize);
    for (let o = 0; o < outSize; o++) outputs[i * outSize + o] = dequantizeValue(y[o]!, q.output.scale, q.output.zeroPoint);
  }
  return { logits, outputs };
}

const mismatches = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!Object.is(a[i], b[i])) m++;
  return m;
};

describe('golden .tflite files: tinyspark exports are byte-stable and round trip', () => {
  const models = exportedModels();
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(TS_DIR, { recursive: true });
    for (const [name, [q, floatIo]] of Object.entries(models)) {
      writeFileSync(`${TS_DIR}${name}.qmodel.json`, JSON.stringify(qmodelToDocument(q)) + '\n');
      writeFileSync(`${TS_DIR}${name}.tflite`, toTflite(q, { io: floatIo ? 'float32' : 'int8' }));
    }
  }
  it.each(Object.entries(models))('%s: committed, byte-equal to toTflite, parses back to the same qmodel', (name, [, floatIo]) => {
    expect(existsSync(`${TS_DIR}${name}.tflite`)).toBe(true);
    const doc = JSON.parse(readFileSync(`${TS_DIR}${name}.qmodel.json`, 'utf8')) as QModelDocument;
    const committed = new Uint8Array(readFileSync(`${TS_DIR}${name}.tflite`));
    const bytes = toTflite(loadQModel(doc), { io: floatIo ? 'float32' : 'int8' });
    expect(Buffer.from(bytes).equals(Buffer.from(committed))).toBe(true);
    expect(fromTflite(committed).document).toEqual(qmodelToDocument(loadQModel(doc)));
  });
});

describe("golden outputs of TensorFlow's reference interpreter (BUILTIN_REF)", () => {
  // the device's double rounding on the same inputs, for the record (TF's reference kernels round once)
  const doubleMismatches: string[] = [];
  afterAll(() => {
    if (process.env.TINYSPARK_REPORT === '1') console.log(`double-rounding logits that differ from the interpreter:\n  ${doubleMismatches.join('\n  ')}`);
  });
  const tsRefs = existsSync(TS_DIR) ? readdirSync(TS_DIR).filter((f) => f.endsWith('.reference.json')) : [];
  const tfRefs = existsSync(TF_DIR) ? readdirSync(TF_DIR).filter((f) => f.endsWith('.reference.json')) : [];
  it('regenerate.py has written reference outputs for every exported model and some TF-converted models', () => {
    expect(tsRefs.length).toBe(Object.keys(exportedModels()).length);
    expect(tfRefs.length).toBeGreaterThanOrEqual(3);
  });

  it.each(tsRefs)('tinyspark %s: the single rounding equals the interpreter bit for bit on every input', (file) => {
    const name = file.replace('.reference.json', '');
    const ref = JSON.parse(readFileSync(`${TS_DIR}${file}`, 'utf8')) as Reference;
    expect(ref.inputCount).toBeGreaterThanOrEqual(1000);
    const q = fromTflite(new Uint8Array(readFileSync(`${TS_DIR}${name}.tflite`)), { rounding: 'single' }).qmodel;
    const single = runOn(q, ref);
    expect(mismatches(single.logits, int8s(ref.logits))).toBe(0);
    doubleMismatches.push(`${name}: ${mismatches(runOn({ ...q, rounding: 'double', version: 1 }, ref).logits, int8s(ref.logits))} of ${int8s(ref.logits).length}`);
    if (ref.floatOutput) expect(mismatches(single.outputs, float32s(ref.outputs))).toBe(0);
    else expect(mismatches(single.logits, int8s(ref.outputs))).toBe(0);
  });

  it.each(tfRefs)("TF-converted %s: imported, the single rounding gives the interpreter's logits bit for bit", (file) => {
    const name = file.replace('.reference.json', '');
    const ref = JSON.parse(readFileSync(`${TF_DIR}${file}`, 'utf8')) as Reference;
    expect(ref.inputCount).toBeGreaterThanOrEqual(1000);
    const imported = fromTflite(new Uint8Array(readFileSync(`${TF_DIR}${name}.tflite`)), { pipeline: ref.pipeline!, rounding: 'single' });
    expect(imported.hadTinysparkMetadata).toBe(false);
    const single = runOn(imported.qmodel, ref);
    expect(mismatches(single.logits, int8s(ref.logits))).toBe(0);
    doubleMismatches.push(`${name}: ${mismatches(runOn({ ...imported.qmodel, rounding: 'double', version: 1 }, ref).logits, int8s(ref.logits))} of ${int8s(ref.logits).length}`);
    if (!ref.softmax) {
      if (ref.floatOutput) expect(mismatches(single.outputs, float32s(ref.outputs))).toBe(0);
      else expect(mismatches(single.logits, int8s(ref.outputs))).toBe(0);
    }
  });
});
