import { choiceOpt, requireStr, str } from '../args.js';
import type { Command } from '../command.js';
import { StudioError } from '../errors.js';
import { exportModel } from '../training/export-model.js';
import { loadFloatModel, loadInt8Model } from '../training/model-files.js';
import { exportTfjs } from '../training/tfjs-files.js';
import { exportTflmC, exportTfliteFile } from '../training/tflite-files.js';

const HELP = `tinyspark export <model.int8.json> --target c|circuitpython|tflite|tflm-c --out <dir> [--name model] [--io int8|float32]
tinyspark export <model.json> --target tfjs --out <dir>

Export an int8 model for the board, or the float model for TensorFlow.js / Keras:
  c              model.h + model.c: C99, const int8 arrays, no malloc, an integer inference function
                 (bit-exact with the TS runtime) and a float-input convenience function
  circuitpython  code.py in the style of the course's deploy program (Button 1, one second, LED on
                 while recording, "Prediction: <label>, p=<score>"), inference in integer Python
  tflite         model.tflite: a TFLite flatbuffer (schema v3, "TFL3") that TFLite Micro and
                 tf.lite.Interpreter load: FULLY_CONNECTED ops, int8 weights and activations, the
                 labels, pipeline and rounding in a "tinyspark" metadata buffer
  tflm-c         model_data.h + model_data.cc (TFLite Micro's C array: alignas(16) const unsigned char
                 g_model[] and g_model_len, the labels, the input quantization, the arena size) and
                 README.md with the MicroMutableOpResolver lines and the tensor arena estimate
  tfjs           (the float model.json from \`tinyspark train\`) model.json + group1-shard1of1.bin, a
                 TensorFlow.js LayersModel: tf.loadLayersModel reads it, and
                 \`tensorflowjs_converter --input_format tfjs_layers_model --output_format keras
                 <dir>/model.json model.h5\` makes a Keras model of it
  --name         C identifier prefix of the functions (c; default model) or of the array (tflm-c;
                 default g_model, its length <name>_len)
  --io           tflite / tflm-c: int8 (default: the firmware feeds int8 features, reads int8 logits)
                 or float32 (a QUANTIZE op in front and a DEQUANTIZE after the logits, for code that
                 feeds float features)
The requantization rounding is the int8 model's ("rounding" in model.int8.json, default double:
TFLite Micro / ESP-NN). A single-rounding model needs TFLite Micro built with
-DTFLITE_SINGLE_ROUNDING=1 to compute the same outputs (the export says so).
Files are written atomically (a temporary file renamed over the old one).
Exit codes: 0 ok, 2 usage, 3 model unusable, 5 cannot write.`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'export an int8 model as C99, CircuitPython, .tflite or a TFLM C array; a float model for tfjs',
  help: HELP,
  options: { target: { type: 'string', short: 't' }, out: { type: 'string', short: 'o' }, name: { type: 'string' }, io: { type: 'string' } },
  maxPositionals: 1,
  async run(p, ctx) {
    const modelPath = p.positionals[0];
    if (modelPath === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'export: give the int8 model, e.g. `tinyspark export model.int8.json --target c --out ./export`', { field: 'model' });
    if (str(p, 'target') === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'export: --target is required: c, circuitpython, tflite, tflm-c or tfjs', { field: 'target' });
    const target = choiceOpt('export', p, 'target', ['c', 'circuitpython', 'tflite', 'tflm-c', 'tfjs'] as const, 'c');
    const out = ctx.path(requireStr('export', p, 'out', 'the folder to write to'));
    if (str(p, 'io') !== undefined && target !== 'tflite' && target !== 'tflm-c') throw new StudioError('STUDIO_ERR_BAD_OPTION', `export: --io is for --target tflite or tflm-c, not ${target}`, { field: 'io' });
    const io = choiceOpt('export', p, 'io', ['int8', 'float32'] as const, 'int8');
    if (str(p, 'name') !== undefined && target === 'tflite') throw new StudioError('STUDIO_ERR_BAD_OPTION', 'export: --name is for --target c or tflm-c (a .tflite file has no C names)', { field: 'name' });
    if (target === 'tfjs') {
      const f = await loadFloatModel(ctx.path(modelPath));
      const files = await exportTfjs(f.loaded, out);
      ctx.print(`wrote ${files.join(', ')}`);
      return { result: { target, files } };
    }
    const m = await loadInt8Model(ctx.path(modelPath));
    const rounding = m.qmodel.rounding;
    const singleNote = 'the model uses single rounding: build TFLite Micro with -DTFLITE_SINGLE_ROUNDING=1 to get its outputs (the default build rounds twice, as ESP-NN)';
    if (target === 'tflite') {
      const t = await exportTfliteFile(m.qmodel, out, io);
      ctx.print(`wrote ${t.file} (${t.bytes} bytes, ${m.qmodel.layers.length} FULLY_CONNECTED op(s), ${io} I/O, ${rounding} rounding)`);
      if (rounding === 'single') ctx.note(singleNote);
      return { result: { target, files: [t.file], io, rounding, bytes: t.bytes } };
    }
    if (target === 'tflm-c') {
      const name = str(p, 'name') ?? 'g_model';
      const t = await exportTflmC(m.qmodel, out, io, name);
      ctx.print(`wrote ${t.files.join(', ')} (${t.modelBytes}-byte .tflite as ${name}[], ${io} I/O, ${rounding} rounding)`);
      ctx.print(`op resolver: tflite::MicroMutableOpResolver<${t.resolverOps.length}> resolver; ${t.resolverOps.map((op) => `resolver.${op}();`).join(' ')}`);
      ctx.print(`tensor arena: ${t.arenaBytes} bytes (deployment estimate, constexpr ${name}_tensor_arena_size; trim with interpreter.arena_used_bytes())`);
      if (rounding === 'single') ctx.note(singleNote);
      return { result: { target, files: t.files, io, rounding, name, resolverOps: t.resolverOps, arenaBytes: t.arenaBytes, bytes: t.modelBytes } };
    }
    const files = await exportModel(m.qmodel, target, out, str(p, 'name') ?? 'model');
    ctx.print(`wrote ${files.join(', ')}`);
    return { result: { target, files } };
  },
};
