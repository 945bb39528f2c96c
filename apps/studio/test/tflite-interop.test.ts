// `tinyspark import-model model.tflite`, `export --target tflite|tflm-c` and `quantize --calibration tflite`:
// a model converted by TensorFlow (fixtures/tflite/tf, TF 2.21) comes in, is checked (`check`, `eval`),
// exported, deployed to an in-process emulator and verified like one made here.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from '@tinyspark/core';
import { DenseLayer, Model, modelToDocument } from '@tinyspark/core';
import type { RunningEmulator } from '@tinyspark/emulator';
import { startEmulator } from '@tinyspark/emulator';
import type { InputPipeline, QModelDocument } from '@tinyspark/quantizer/runtime';
import { fromTflite, toTflite } from '@tinyspark/quantizer/tflite';
import { loadQModel } from '@tinyspark/quantizer/runtime';
import { DatasetWriter } from '../src/dataset/dataset-store.js';
import { unitOfAxis } from '../src/dataset/recording.js';
import { createBufferedIo } from '../src/io.js';
import { main } from '../src/main.js';

const TF_DIR = fileURLToPath(new URL('../../../fixtures/tflite/tf/', import.meta.url));
// Slow on a loaded 2-core machine (capture and verify run board time on the virtual clock); no
// assertion depends on how fast the machine is.
const BUDGET_MS = 240_000;

interface FloatDoc {
  layers: { inputSize: number; units: number; activation: string; weights: string; bias: string }[];
  calibration: string;
  calibrationCount: number;
}
const f32 = (s: string): Float32Array => new Float32Array(new Uint8Array(Buffer.from(s, 'base64')).slice().buffer);
const kerasModel = (fd: FloatDoc): Model =>
  new Model(fd.layers.map((l) => new DenseLayer({ inputSize: l.inputSize, units: l.units, activation: l.activation as Activation, useBias: true, weights: f32(l.weights), bias: f32(l.bias) })));

let dir: string;
let emu: RunningEmulator;
let url: string;

interface Run {
  code: number;
  out: string;
  err: string;
  json: () => { ok: boolean; result: Record<string, unknown>; error?: { code: string; message: string; field?: string | null } };
}
async function run(...argv: string[]): Promise<Run> {
  const io = createBufferedIo(dir);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err(), json: () => JSON.parse(io.out().trim().split('\n').pop() ?? '{}') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ts-tflite-'));
  emu = await startEmulator({ port: 0, seed: 5, clock: 'virtual', boards: ['a'] });
  url = emu.boards[0]?.url ?? '';
}, BUDGET_MS);
afterAll(async () => {
  await emu.close();
}, BUDGET_MS);

/** Sets the builtin code of operator_codes[0] (walks the flatbuffer: root -> Model.operator_codes[0]). */
function patchFirstOpcode(file: Uint8Array, code: number): Uint8Array {
  const bytes = file.slice();
  const dv = new DataView(bytes.buffer);
  const field = (table: number, slot: number): number => {
    const vt = table - dv.getInt32(table, true);
    const o = 4 + 2 * slot;
    if (o >= dv.getUint16(vt, true)) return 0;
    const off = dv.getUint16(vt + o, true);
    return off === 0 ? 0 : table + off;
  };
  const root = dv.getUint32(0, true);
  const codesField = field(root, 1);
  const vec = codesField + dv.getUint32(codesField, true);
  const first = vec + 4 + dv.getUint32(vec + 4, true);
  const deprecated = field(first, 0);
  const builtin = field(first, 3);
  if (deprecated !== 0) dv.setInt8(deprecated, code);
  if (builtin !== 0) dv.setInt32(builtin, code, true);
  return bytes;
}

describe('a TF-converted .tflite through the CLI: import-model, check, eval, export, deploy, verify', { timeout: BUDGET_MS }, () => {
  it('dense-relu-softmax (12 -> 16 ReLU -> 3 softmax, per-channel, int8 I/O) on an emulated board', async () => {
    // The TF file has no tinyspark metadata: the pipeline comes from --like (regenerate.py wrote the
    // one the model was made for into the reference file: IMU ax..gz, 2 samples 40 ms apart), the
    // labels from --labels (gestures the emulator can perform, so that verify can play them).
    const tfPath = join(TF_DIR, 'dense-relu-softmax.tflite');
    const i = await run('import-model', tfPath, '--like', join(TF_DIR, 'dense-relu-softmax.reference.json'), '--labels', 'idle,circle,wave', '--out', 'tf.int8.json', '--json');
    expect(i.err).toBe('');
    expect(i.code).toBe(0);
    expect(i.json().result).toMatchObject({ kind: 'tflite', model: join(dir, 'tf.int8.json'), layers: 2, inputs: 12, outputs: 3, rounding: 'double', floatInput: false, droppedOutputOps: ['softmax'], tinysparkMetadata: false, warnings: [] });
    const doc = JSON.parse(await readFile(join(dir, 'tf.int8.json'), 'utf8')) as QModelDocument;
    const ref = JSON.parse(await readFile(join(TF_DIR, 'dense-relu-softmax.reference.json'), 'utf8')) as { pipeline: InputPipeline };
    const direct = fromTflite(new Uint8Array(await readFile(tfPath)), { pipeline: ref.pipeline, labels: ['idle', 'circle', 'wave'] }).document;
    expect(doc.layers).toEqual(direct.layers); // the quantizer's import (bit-exact with TF's interpreter, tflite-golden.test.ts)
    expect(doc.labels).toEqual(['idle', 'circle', 'wave']);
    expect(doc.pipeline).toEqual(ref.pipeline);
    expect(doc.source).toMatchObject({ from: 'tflite', importedFrom: 'tflite', file: 'dense-relu-softmax.tflite' });

    // check: the int8 model on recordings of the board (the model was fit to random data by
    // regenerate.py, so its accuracy means nothing; that it runs on the board's recordings does)
    for (const g of ['idle', 'circle', 'wave']) {
      const c = await run('capture', '--board', url, '--label', g, '--gesture', g, '--person', '1', '--seed', '7', '--count', '2', '--out', 'data', '--quiet');
      expect(c.err).toBe('');
      expect(c.code).toBe(0);
    }
    const e = await run('eval', 'tf.int8.json', 'data', '--json');
    expect(e.code).toBe(0);
    expect(e.json().result).toMatchObject({ kind: 'int8', count: 6 });
    // the deployment check against the int8 model's own dequantized weights, and against the Keras
    // float model (the fixture's float32 weights, as `import-model model.json` of its tfjs export would give)
    const k = await run('check', 'tf.int8.json', 'data', '--json');
    expect(k.err).toBe('');
    expect(k.code).toBe(0);
    const kr = k.json().result as { float: string | null; report: { samples: number; agreement: number; macs: number; layers: unknown[] } };
    expect(kr.float).toBeNull();
    expect(kr.report).toMatchObject({ samples: 6, macs: 12 * 16 + 16 * 3 });
    expect(kr.report.layers).toHaveLength(2);
    const fd = JSON.parse(await readFile(join(TF_DIR, 'dense-relu-softmax.float.json'), 'utf8')) as FloatDoc;
    await writeFile(join(dir, 'keras.json'), JSON.stringify(modelToDocument(kerasModel(fd), { labels: ['idle', 'circle', 'wave'], pipeline: ref.pipeline, loss: 'categorical_crossentropy' })));
    const kf = await run('check', 'tf.int8.json', 'data', '--float', 'keras.json', '--json');
    expect(kf.code).toBe(0);
    expect(kf.json().result).toMatchObject({ float: join(dir, 'keras.json'), report: { samples: 6 } });
    const human = await run('check', 'tf.int8.json', 'data', '--float', 'keras.json');
    expect(human.out).toMatch(/agreement/);
    expect(human.out).toMatch(/checked .*tf\.int8\.json \(double rounding\) against .*keras\.json on 6 recordings/);
    const other = new Model([new DenseLayer({ inputSize: 12, units: 4, activation: 'relu' }), new DenseLayer({ inputSize: 4, units: 3, activation: 'softmax' })]);
    await writeFile(join(dir, 'other.json'), JSON.stringify(modelToDocument(other, { labels: ['idle', 'circle', 'wave'], pipeline: ref.pipeline, loss: 'categorical_crossentropy' })));
    const wrong = await run('check', 'tf.int8.json', 'data', '--float', 'other.json', '--json');
    expect(wrong.code).toBe(3);
    expect(wrong.json().error).toMatchObject({ code: 'STUDIO_ERR_MODEL_FORMAT', field: 'float' });
    expect(wrong.json().error?.message).toMatch(/\(12-4-3\) is not the int8 model's network \(12-16-3\)/);
    if (process.env['TINYSPARK_REPORT'] === '1') console.log(`check agreement: dequantized twin ${kr.report.agreement}, Keras float ${String((kf.json().result['report'] as { agreement: number }).agreement)}`);

    // export: C99, .tflite (round trip with the metadata), TFLM's C array
    const c = await run('export', 'tf.int8.json', '--target', 'c', '--out', 'export-c');
    expect(c.code).toBe(0);
    expect((await readdir(join(dir, 'export-c'))).sort()).toEqual(['model.c', 'model.h']);
    const t = await run('export', 'tf.int8.json', '--target', 'tflite', '--out', 'export-tflite', '--json');
    expect(t.code).toBe(0);
    expect(t.json().result).toMatchObject({ target: 'tflite', files: [join(dir, 'export-tflite', 'model.tflite')], io: 'int8', rounding: 'double' });
    const bytes = new Uint8Array(await readFile(join(dir, 'export-tflite', 'model.tflite')));
    expect(Buffer.from(bytes).equals(Buffer.from(toTflite(loadQModel(doc))))).toBe(true);
    const back = await run('import-model', 'export-tflite/model.tflite', '--json');
    expect(back.code).toBe(0);
    expect(back.json().result).toMatchObject({ model: join(dir, 'export-tflite', 'model.int8.json'), tinysparkMetadata: true, warnings: [] });
    const backDoc = JSON.parse(await readFile(join(dir, 'export-tflite', 'model.int8.json'), 'utf8')) as QModelDocument;
    expect(backDoc).toEqual(doc); // labels, pipeline and source travel in the metadata

    // deploy + verify on the emulated board
    const d = await run('deploy', 'tf.int8.json', '--board', url, '--json');
    expect(d.err).not.toMatch(/STUDIO_ERR/);
    expect(d.code).toBe(0);
    expect(d.json().result['labels']).toEqual(['idle', 'circle', 'wave']);
    const v = await run('verify', '--board', url, '--gestures', '6', '--seed', '3', '--json');
    expect(v.err).not.toMatch(/STUDIO_ERR/);
    expect(v.code).toBe(0);
    const vr = v.json().result as { gestures: unknown[]; predictions: number; model: string };
    expect(vr.gestures).toHaveLength(6);
    expect(vr.predictions).toBeGreaterThan(0);
    expect(vr.model).toBe(join(dir, 'tf.int8.json'));
  });

  it('flatten-dense-float-io (QUANTIZE, Flatten, DEQUANTIZE) without --like: placeholder pipeline and labels, warned; tflm-c export compiles with g++ -Werror', async () => {
    const i = await run('import-model', join(TF_DIR, 'flatten-dense-float-io.tflite'), '--out', 'flat.int8.json', '--rounding', 'single', '--json');
    expect(i.code).toBe(0);
    expect(i.json().result).toMatchObject({ kind: 'tflite', inputs: 156, outputs: 5, layers: 2, rounding: 'single', floatInput: true, tinysparkMetadata: false });
    expect(i.err).toMatch(/input pipeline is a placeholder/);
    expect(i.err).toMatch(/labels are class_0, class_1, class_2, class_3, class_4/);
    const doc = JSON.parse(await readFile(join(dir, 'flat.int8.json'), 'utf8')) as QModelDocument;
    expect(doc).toMatchObject({ version: 2, rounding: 'single', pipeline: { axes: ['input'], windowLength: 156 } });

    const x = await run('export', 'flat.int8.json', '--target', 'tflm-c', '--io', 'float32', '--out', 'tflm', '--json');
    expect(x.code).toBe(0);
    const r = x.json().result as { files: string[]; resolverOps: string[]; arenaBytes: number; rounding: string };
    expect(r.files).toEqual(['model_data.h', 'model_data.cc', 'README.md'].map((f) => join(dir, 'tflm', f)));
    expect(r.resolverOps).toEqual(['AddQuantize', 'AddFullyConnected', 'AddDequantize']);
    expect(r.rounding).toBe('single');
    expect(x.err).toMatch(/-DTFLITE_SINGLE_ROUNDING=1/);
    const readme = await readFile(join(dir, 'tflm', 'README.md'), 'utf8');
    expect(readme).toContain(`${r.arenaBytes} bytes`);
    expect(readme).toMatch(/MicroMutableOpResolver<3>/);
    const human = await run('export', 'flat.int8.json', '--target', 'tflm-c', '--out', 'tflm-int8', '--name', 'g_gesture');
    expect(human.out).toMatch(/op resolver: tflite::MicroMutableOpResolver<1> resolver; resolver\.AddFullyConnected\(\);/);
    expect(human.out).toMatch(/tensor arena: \d+ bytes/);

    // the firmware's view: model_data.cc compiled with g++ -std=c++11 -Werror holds the .tflite's bytes, 16-byte aligned
    await writeFile(
      join(dir, 'tflm', 'main.cc'),
      `#include <cstdint>
#include <cstdio>
#include "model_data.h"
int main() {
  if (reinterpret_cast<std::uintptr_t>(g_model) % 16 != 0) return 3;
  std::fwrite(g_model, 1, g_model_len, stdout);
  return g_model_label_count == 5 && g_model_input_size == 156 ? 0 : 4;
}
`,
    );
    const exe = join(dir, 'tflm', 'dump');
    execFileSync('g++', ['-std=c++11', '-Wall', '-Wextra', '-Werror', '-pedantic', '-o', exe, 'main.cc', 'model_data.cc'], { cwd: join(dir, 'tflm'), stdio: 'pipe' });
    const dumped = execFileSync(exe, { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(Buffer.from(dumped).equals(Buffer.from(toTflite(loadQModel(doc), { io: 'float32' })))).toBe(true);

    // with its pipeline (IMU ax..gz, 26 samples 40 ms apart: the board's) it runs on the board, in
    // single rounding (the emulator's on-device inference honours the qmodel's rounding)
    const b = await run('import-model', join(TF_DIR, 'flatten-dense-float-io.tflite'), '--like', join(TF_DIR, 'flatten-dense-float-io.reference.json'), '--labels', 'idle,circle,wave,shake,tap', '--rounding', 'single', '--out', 'flat-board.int8.json', '--json');
    expect(b.code).toBe(0);
    expect(b.json().result['warnings']).toEqual([]);
    expect((await run('deploy', 'flat-board.int8.json', '--board', url)).code).toBe(0);
    const v = await run('verify', '--board', url, '--model', 'flat-board.int8.json', '--gestures', '5', '--seed', '4', '--json');
    expect(v.err).not.toMatch(/STUDIO_ERR/);
    expect(v.code).toBe(0);
    expect((v.json().result as { gestures: unknown[] }).gestures).toHaveLength(5);
  });

  it('bad files and options: typed errors naming the operator or field, exit 3 (or 2 for usage)', async () => {
    const tf = new Uint8Array(await readFile(join(TF_DIR, 'dense-relu-softmax.tflite')));
    await writeFile(join(dir, 'conv.tflite'), patchFirstOpcode(tf, 3)); // 3 = CONV_2D
    const conv = await run('import-model', 'conv.tflite', '--json');
    expect(conv.code).toBe(3);
    expect(conv.json().error).toMatchObject({ code: 'STUDIO_ERR_MODEL_FORMAT', field: expect.stringMatching(/^subgraphs\[0\]\.operators\[\d+\]\.opcode_index$/) });
    expect(conv.json().error?.message).toMatch(/QUANT_ERR_TFLITE_UNSUPPORTED_OP: .*CONV_2D is not supported yet/);

    await writeFile(join(dir, 'short.tflite'), tf.subarray(0, 100));
    const short = await run('import-model', 'short.tflite', '--json');
    expect(short.code).toBe(3);
    expect(short.json().error?.message).toMatch(/QUANT_ERR_/);
    expect(short.json().error?.field).toBeTruthy();

    const wrongId = tf.slice();
    wrongId.set([0x58, 0x58, 0x58, 0x58], 4);
    await writeFile(join(dir, 'id.tflite'), wrongId);
    const id = await run('import-model', 'id.tflite', '--json');
    expect(id.code).toBe(3);
    expect(id.json().error?.message).toMatch(/TFL3/);

    const labels = await run('import-model', join(TF_DIR, 'dense-relu-softmax.tflite'), '--labels', 'a,b', '--out', 'x.int8.json', '--json');
    expect(labels.code).toBe(3);
    expect(labels.json().error).toMatchObject({ field: 'labels' });
    expect(labels.json().error?.message).toMatch(/3 outputs but 2 label\(s\)/);
    expect((await run('import-model', 'nowhere.tflite')).code).toBe(3);
    expect((await run('import-model', join(TF_DIR, 'dense-relu-softmax.tflite'), '--rounding', 'triple', '--out', 'x.int8.json')).code).toBe(2);
    expect((await run('export', 'tf.int8.json', '--target', 'c', '--io', 'float32', '--out', 'x')).code).toBe(2);
    expect((await run('export', 'tf.int8.json', '--target', 'tflite', '--io', 'int4', '--out', 'x')).code).toBe(2);
    expect((await run('export', 'tf.int8.json', '--target', 'tflite', '--name', 'g_model', '--out', 'x')).code).toBe(2);
    expect((await run('export', 'tf.int8.json', '--target', 'tflm-c', '--name', '1x', '--out', 'x')).code).toBe(3);
  });
});

// --calibration tflite: TF's converter's scales from the CLI, with the Keras weights and the 200
// calibration inputs regenerate.py recorded (tf/<name>.float.json, the inputs of
// packages/quantizer/test/tflite-calibration.test.ts).
/** What TF's converter chose, per layer (and the input quantization). */
const chosen = (d: QModelDocument) => ({
  input: d.input,
  layers: d.layers.map((l) => ({ weights: l.weights, weightScales: l.weightScales, bias: l.bias, inputScale: l.inputScale, inputZeroPoint: l.inputZeroPoint, outputScale: l.outputScale, outputZeroPoint: l.outputZeroPoint, outputMultiplier: l.outputMultiplier, outputShift: l.outputShift, activation: l.activation })),
});

describe("quantize --calibration tflite reproduces TF's converter from the same weights and data", { timeout: BUDGET_MS }, () => {
  it.each(['dense-relu-softmax', 'flatten-dense-float-io'])('%s: every scale, zero point, weight, bias and multiplier equal', async (name) => {
    const fd = JSON.parse(await readFile(join(TF_DIR, `${name}.float.json`), 'utf8')) as FloatDoc;
    const ref = JSON.parse(await readFile(join(TF_DIR, `${name}.reference.json`), 'utf8')) as { pipeline: InputPipeline };
    const tf = fromTflite(new Uint8Array(await readFile(join(TF_DIR, `${name}.tflite`))), { pipeline: ref.pipeline }).document;
    const model = kerasModel(fd);
    // The calibration inputs are features (after the pipeline): the float model gets the fixture's
    // pipeline with scale 1 and offset 0, so that a recording of W samples carries them exactly.
    const pipeline: InputPipeline = { ...ref.pipeline, scale: ref.pipeline.axes.map(() => 1), offset: ref.pipeline.axes.map(() => 0) };
    const labels = tf.labels;
    const work = join(dir, `cal-${name}`);
    await writeFile(`${work}.model.json`, JSON.stringify(modelToDocument(model, { labels, pipeline, loss: fd.layers[fd.layers.length - 1]!.activation === 'softmax' ? 'categorical_crossentropy' : 'mse' })));
    const w = await DatasetWriter.open(work, () => '2026-01-01T00:00:00.000Z');
    const all = f32(fd.calibration);
    const nAxes = pipeline.axes.length;
    const n = fd.layers[0]!.inputSize;
    const recordings = Array.from({ length: fd.calibrationCount }, (_, k) => {
      const x = all.subarray(k * n, (k + 1) * n);
      const values = Array.from({ length: pipeline.windowLength }, (_, t) => Array.from(x.subarray(t * nAxes, (t + 1) * nAxes)));
      return { label: labels[0]!, person: 1, seed: k, intervalMs: pipeline.intervalMs, axes: [...pipeline.axes], units: pipeline.axes.map(unitOfAxis), values };
    });
    await w.addBatch(recordings);
    const perChannel = tf.layers[0]!.weightScales.length > 1 ? ['--per-channel'] : [];
    // the spelling, either order with the dataset
    const q = await run('quantize', `${work}.model.json`, '--calibration', 'tflite', '--calibration', work, ...perChannel, '--out', `${work}.int8.json`, '--json');
    expect(q.err).not.toMatch(/STUDIO_ERR/);
    expect(q.code).toBe(0);
    expect(q.json().result).toMatchObject({ calibrationForward: 'tflite', rounding: 'double' });
    const mine = JSON.parse(await readFile(`${work}.int8.json`, 'utf8')) as QModelDocument;
    expect(chosen(mine)).toEqual(chosen(tf));
    expect(mine.source).toMatchObject({ calibrationForward: 'tflite' });

    // the default forward pass (core's float32 order) on the same data: some activation scale differs by an ulp
    const d = await run('quantize', `${work}.model.json`, '--calibration', work, ...perChannel, '--out', `${work}.default.int8.json`, '--json');
    expect(d.code).toBe(0);
    expect(d.json().result).toMatchObject({ calibrationForward: 'tinyspark' });
    const def = JSON.parse(await readFile(`${work}.default.int8.json`, 'utf8')) as QModelDocument;
    expect(def.layers.some((l, k) => l.outputScale !== tf.layers[k]!.outputScale)).toBe(true);
  });

  it('--calibration usage: the keyword alone, two keywords, two datasets, a folder named tflite as ./tflite', async () => {
    const alone = await run('quantize', 'm.json', '--calibration', 'tflite', '--out', 'q.json', '--json');
    expect(alone.code).toBe(2);
    expect(alone.json().error).toMatchObject({ code: 'STUDIO_ERR_MISSING_OPTION', field: 'calibration' });
    expect(alone.json().error?.message).toMatch(/give the dataset too .*\.\/tflite/);
    const both = await run('quantize', 'm.json', '--calibration', 'tflite', '--calibration', 'tinyspark', '--calibration', 'data', '--out', 'q.json');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/choose one forward pass/);
    const two = await run('quantize', 'm.json', '--calibration', 'a', '--calibration', 'b', '--out', 'q.json');
    expect(two.code).toBe(2);
    expect((await run('quantize', 'm.json', '--calibration', 'data', '--rounding', 'half', '--out', 'q.json')).code).toBe(2);
    // ./tflite is a dataset path, not the keyword: the error is about the missing model file, not usage
    const folder = await run('quantize', 'nowhere.json', '--calibration', './tflite', '--out', 'q.json');
    expect(folder.code).toBe(3);
  });
});
