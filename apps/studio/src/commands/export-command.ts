import { choiceOpt, requireStr, str } from '../args.js';
import type { Command } from '../command.js';
import { StudioError } from '../errors.js';
import { exportModel } from '../training/export-model.js';
import { loadFloatModel, loadInt8Model } from '../training/model-files.js';
import { exportTfjs } from '../training/tfjs-files.js';

const HELP = `tinyspark export <model.int8.json> --target c|circuitpython --out <dir> [--name model]
tinyspark export <model.json> --target tfjs --out <dir>

Export an int8 model for the board, or the float model for TensorFlow.js / Keras:
  c              model.h + model.c: C99, const int8 arrays, no malloc, an integer inference function
                 (bit-exact with the TS runtime) and a float-input convenience function
  circuitpython  code.py in the style of the course's deploy program (Button 1, one second, LED on
                 while recording, "Prediction: <label>, p=<score>"), inference in integer Python
  tfjs           (the float model.json from \`tinyspark train\`) model.json + group1-shard1of1.bin, a
                 TensorFlow.js LayersModel: tf.loadLayersModel reads it, and
                 \`tensorflowjs_converter --input_format tfjs_layers_model --output_format keras
                 <dir>/model.json model.h5\` makes a Keras model of it
  --name         C identifier prefix of the functions (default model)
Exit codes: 0 ok, 2 usage, 3 model unusable, 5 cannot write.`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'export an int8 model as C99 (model.h/.c) or CircuitPython (code.py), a float model for tfjs',
  help: HELP,
  options: { target: { type: 'string', short: 't' }, out: { type: 'string', short: 'o' }, name: { type: 'string' } },
  maxPositionals: 1,
  async run(p, ctx) {
    const modelPath = p.positionals[0];
    if (modelPath === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'export: give the int8 model, e.g. `tinyspark export model.int8.json --target c --out ./export`', { field: 'model' });
    if (str(p, 'target') === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'export: --target is required: c, circuitpython or tfjs', { field: 'target' });
    const target = choiceOpt('export', p, 'target', ['c', 'circuitpython', 'tfjs'] as const, 'c');
    const out = ctx.path(requireStr('export', p, 'out', 'the folder to write to'));
    if (target === 'tfjs') {
      const f = await loadFloatModel(ctx.path(modelPath));
      const files = await exportTfjs(f.loaded, out);
      ctx.print(`wrote ${files.join(', ')}`);
      return { result: { target, files } };
    }
    const m = await loadInt8Model(ctx.path(modelPath));
    const files = await exportModel(m.qmodel, target, out, str(p, 'name') ?? 'model');
    ctx.print(`wrote ${files.join(', ')}`);
    return { result: { target, files } };
  },
};
