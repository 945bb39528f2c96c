import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { choiceOpt, str } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { writeFileAtomic } from '../dataset/atomic-write.js';
import { StudioError } from '../errors.js';
import { importTfjsModel, looksLikeTfjsModelJson, pipelineFrom, type TfjsImportOptions } from '../training/tfjs-files.js';
import { importTfliteModel, type TfliteImportOptions } from '../training/tflite-files.js';

const HELP = `tinyspark import-model <model.json|model.tflite> [--out <file>] [--labels a,b,c] [--like <model.json>]
                       [--rounding double|single]

Import a model made elsewhere as a tinyspark model, dispatched on the file type:
  model.json     a TensorFlow.js LayersModel (from tfjs' model.save, or from Keras through
                 \`tensorflowjs_converter --input_format keras model.h5 <dir>\`): a Sequential of Dense
                 layers (linear, relu, sigmoid, tanh, softmax), float32 weights; its weight files
                 (group1-shard1of1.bin, ...) are read from the same folder. Written as a float
                 tinyspark.model document, the file \`tinyspark train\` writes.
  model.tflite   a TFLite flatbuffer: from TF's converter (full integer quantization with a
                 representative dataset) or \`tinyspark export --target tflite\`. Read: chains of
                 int8 FULLY_CONNECTED ops (fused NONE/RELU/RELU6, per-tensor or per-channel weights),
                 an optional leading QUANTIZE (float input), RESHAPE (Keras Flatten), a trailing
                 SOFTMAX / DEQUANTIZE (dropped: argmax of the int8 logits decides). Multipliers are
                 recomputed from the float32 scales as TFLite Micro does. Anything else (CONV_2D,
                 DEPTHWISE_CONV_2D: not supported yet) is an error naming the operator or field.
                 Written as an int8 tinyspark.qmodel (default <name>.int8.json beside the input):
                 \`check\`, \`eval\`, \`export\`, \`deploy\` and \`verify\` take it.
                 Labels, pipeline and rounding come from the file's "tinyspark" metadata when it has
                 it (files tinyspark exported), else from the options below.
  --out <file>   where to write it (default: <name>.tinyspark.json beside the input)
  --labels a,b   the class labels, one per output (default class_0, class_1, ...)
  --like <file>  take the labels and the input pipeline from this tinyspark model (e.g. the one you
                 exported with \`tinyspark export --target tfjs\`), or the pipeline from a JSON file
                 holding a pipeline object. Without it the pipeline is a placeholder (one "input"
                 axis, window = the model's inputs): fine for \`infer --input\`, not for a board.
  --rounding R   .tflite: the int8 model's requantization rounding, double (default: TFLite Micro /
                 ESP-NN on the device) or single (TFLITE_SINGLE_ROUNDING, what desktop TF's
                 reference kernels compute); default the file's metadata, else double
Exit codes: 0 ok, 2 usage, 3 model unusable or a file missing, 5 cannot write.`;

async function readJson(path: string, field: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `import-model: ${path} does not exist (or cannot be read)`, { field });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `import-model: ${path} is not valid JSON (${err instanceof Error ? err.message : String(err)})`, { field });
  }
}

/** What an importer returns: the document to write and what to say about it. */
interface Imported {
  kind: string;
  document: unknown;
  inputs: number;
  outputs: number;
  layers: number;
  read: string[];
  warnings: string[];
  /** More fields of the --json result. */
  extra?: Record<string, unknown>;
}

/** --like and --labels: the labels and pipeline to import with. */
async function likeOptions(p: Parameters<Command['run']>[0], ctx: CommandContext): Promise<TfjsImportOptions> {
  const options: TfjsImportOptions = {};
  const like = str(p, 'like');
  if (like !== undefined) {
    const likePath = ctx.path(like);
    const doc = await readJson(likePath, 'like');
    options.pipeline = pipelineFrom(doc, likePath);
    const labels = (doc as { labels?: unknown }).labels;
    if (Array.isArray(labels) && labels.every((l) => typeof l === 'string')) options.labels = labels as string[];
  }
  const labels = str(p, 'labels');
  if (labels !== undefined) {
    options.labels = labels.split(',').map((l) => l.trim());
    if (options.labels.some((l) => l.length === 0)) throw new StudioError('STUDIO_ERR_BAD_OPTION', 'import-model: --labels must be comma-separated non-empty names', { field: 'labels' });
  }
  return options;
}

async function importTflite(path: string, p: Parameters<Command['run']>[0], ctx: CommandContext): Promise<Imported> {
  const options: TfliteImportOptions = await likeOptions(p, ctx);
  if (str(p, 'rounding') !== undefined) options.rounding = choiceOpt('import-model', p, 'rounding', ['double', 'single'] as const, 'double');
  const r = await importTfliteModel(path, options);
  const q = r.result.qmodel;
  const out = q.layers[q.layers.length - 1]!.outputDepth;
  const warnings = r.placeholderPipeline
    ? [`the input pipeline is a placeholder (one "input" axis x ${q.layers[0]!.inputDepth}): give --like <tinyspark model.json or a pipeline JSON> before using it on a board`]
    : [];
  if (!r.result.hadTinysparkMetadata && options.labels === undefined) warnings.push(`the labels are ${q.labels.join(', ')}: give --labels (one per output) to name them`);
  return {
    kind: 'tflite',
    document: r.document,
    inputs: q.layers[0]!.inputDepth,
    outputs: out,
    layers: q.layers.length,
    read: [path],
    warnings,
    extra: { rounding: q.rounding, floatInput: r.result.floatInput, droppedOutputOps: r.result.droppedOutputOps, tinysparkMetadata: r.result.hadTinysparkMetadata, minRuntimeVersion: r.result.minRuntimeVersion },
  };
}

async function importTfjs(path: string, p: Parameters<Command['run']>[0], ctx: CommandContext): Promise<Imported> {
  const json = await readJson(path, 'model');
  if (!looksLikeTfjsModelJson(json)) {
    const format = (json as { format?: unknown } | null)?.format;
    throw new StudioError(
      'STUDIO_ERR_MODEL_FORMAT',
      format === 'tinyspark.model' || format === 'tinyspark.qmodel'
        ? `import-model: ${path} is already a tinyspark model (${String(format)}); use it directly`
        : `import-model: ${path} is not a tfjs LayersModel model.json (no modelTopology and weightsManifest)`,
      { field: 'model' },
    );
  }
  if (str(p, 'rounding') !== undefined) throw new StudioError('STUDIO_ERR_BAD_OPTION', 'import-model: --rounding is for .tflite files (a tfjs model is float)', { field: 'rounding' });
  const options = await likeOptions(p, ctx);
  const r = await importTfjsModel(path, json, options);
  const warnings = r.placeholderPipeline
    ? [`the input pipeline is a placeholder (one "input" axis x ${r.model.inputSize}): give --like <tinyspark model.json> before using it on a board`]
    : [];
  return { kind: 'tfjs', document: r.document, inputs: r.model.inputSize, outputs: r.model.outputSize, layers: r.model.layers.length, read: [path, ...r.weightFiles], warnings };
}

export const importModelCommand: Command = {
  name: 'import-model',
  summary: 'import a tfjs/Keras model.json or a .tflite file (TF converter) as a tinyspark model',
  help: HELP,
  options: { out: { type: 'string', short: 'o' }, labels: { type: 'string' }, like: { type: 'string' }, rounding: { type: 'string' } },
  maxPositionals: 1,
  async run(p, ctx) {
    const input = p.positionals[0];
    if (input === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'import-model: give the model file, e.g. `tinyspark import-model tfjs_model/model.json --out model.json` or `tinyspark import-model model.tflite --labels a,b,c`', { field: 'model' });
    const path = ctx.path(input);
    const ext = extname(path).toLowerCase();
    let imported: Imported;
    if (ext === '.json') {
      imported = await importTfjs(path, p, ctx);
    } else if (ext === '.tflite') {
      imported = await importTflite(path, p, ctx);
    } else {
      throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `import-model: ${path}: unknown model file type "${ext}" (expected a tfjs model.json or a .tflite file)`, { field: 'model' });
    }
    const out = ctx.path(str(p, 'out') ?? path.slice(0, path.length - ext.length) + (ext === '.tflite' ? '.int8.json' : '.tinyspark.json'));
    if (out === path) throw new StudioError('STUDIO_ERR_BAD_OPTION', 'import-model: --out is the input file; choose another name', { field: 'out' });
    try {
      await writeFileAtomic(out, `${JSON.stringify(imported.document)}\n`);
    } catch (err) {
      throw new StudioError('STUDIO_ERR_IO', `import-model: cannot write ${out}: ${err instanceof Error ? err.message : String(err)}`, { field: 'out', cause: err });
    }
    for (const w of imported.warnings) ctx.warn(w);
    ctx.print(`wrote ${out} (${imported.kind}: ${imported.layers} dense layer(s), ${imported.inputs} inputs, ${imported.outputs} outputs${imported.kind === 'tflite' ? `, int8, ${String(imported.extra?.['rounding'])} rounding` : ''})`);
    return { result: { kind: imported.kind, model: out, read: imported.read, inputs: imported.inputs, outputs: imported.outputs, layers: imported.layers, warnings: imported.warnings, ...imported.extra } };
  },
};
