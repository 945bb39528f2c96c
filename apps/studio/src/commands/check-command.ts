import { DenseLayer, Model } from '@tinyspark/core';
import { checkDeployment, renderCheckReport } from '@tinyspark/quantizer/check';
import type { QModel } from '@tinyspark/quantizer/runtime';
import { numOpt, str } from '../args.js';
import type { Command } from '../command.js';
import { loadDataset, requireRecordings } from '../dataset/dataset-store.js';
import { EXIT, StudioError } from '../errors.js';
import { buildExamples } from '../training/examples.js';
import { loadFloatModel, loadInt8Model } from '../training/model-files.js';

const HELP = `tinyspark check <model.int8.json> <dataset> [--float <model.json>] [--min-agreement A]

The deployment check of an int8 model from anywhere (\`quantize\`, or \`import-model model.tflite\`
from TF's converter) on a dataset: float vs int8 argmax agreement, accuracy of each, per-layer
error and saturation, flash and RAM, MACs and an estimated latency at 240 MHz (the report
\`quantize\` prints). The int8 model runs through the quantizer runtime, bit for bit the board's.
  --float <model.json>  the float model to compare with (a tinyspark.model: from \`train\`, or the
                        Keras model through tfjs and \`import-model model.json\`); it must have the
                        int8 model's layers. Default: the int8 model's own weights and biases
                        dequantized (w * s_w, b * s_in * s_w, in float32), so the agreement
                        measures what the int8 activations lose (a ReLU6 layer needs --float)
  --min-agreement A     exit 1 when float/int8 agreement is below A (0..1, default 0: never)
Exit codes: 0 ok, 1 agreement below --min-agreement, 2 usage, 3 model or dataset unusable.`;

/** The float network an int8 model stands for: its weights and biases dequantized in float32. */
export function dequantizedTwin(q: QModel): Model {
  return new Model(
    q.layers.map((l, i) => {
      if (l.activation === 'relu6') {
        throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `check: layers[${i}] is RELU6, which the float engine has not: give the float model with --float`, { field: `layers[${i}].activation` });
      }
      const scale = (o: number): number => l.weightScales[l.weightScales.length > 1 ? o : 0]!;
      const weights = new Float32Array(l.weights.length);
      for (let o = 0; o < l.outputDepth; o++) for (let d = 0; d < l.inputDepth; d++) weights[o * l.inputDepth + d] = Math.fround(l.weights[o * l.inputDepth + d]! * scale(o));
      const bias = new Float32Array(l.outputDepth);
      if (l.bias !== null) for (let o = 0; o < l.outputDepth; o++) bias[o] = Math.fround(l.bias[o]! * Math.fround(l.inputScale * scale(o)));
      return new DenseLayer({ inputSize: l.inputDepth, units: l.outputDepth, activation: l.activation === 'relu' ? 'relu' : 'linear', useBias: true, weights, bias });
    }),
  );
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'the deployment check of an int8 model (e.g. an imported .tflite) on a dataset',
  help: HELP,
  options: { float: { type: 'string' }, 'min-agreement': { type: 'string' } },
  maxPositionals: 2,
  async run(p, ctx) {
    const [modelPath, ds] = p.positionals;
    if (modelPath === undefined || ds === undefined) {
      throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'check: give an int8 model and a dataset, e.g. `tinyspark check model.int8.json ./test-data`', { field: modelPath === undefined ? 'model' : 'dataset' });
    }
    const minAgreement = numOpt('check', p, 'min-agreement', 0, 0, 1);
    const m = await loadInt8Model(ctx.path(modelPath));
    const q = m.qmodel;
    const floatPath = str(p, 'float');
    let floatModel: Model;
    if (floatPath !== undefined) {
      const f = await loadFloatModel(ctx.path(floatPath));
      floatModel = f.loaded.model;
      const fl = floatModel.layers;
      if (fl.length !== q.layers.length || fl.some((l, i) => l.inputSize !== q.layers[i]!.inputDepth || l.units !== q.layers[i]!.outputDepth)) {
        throw new StudioError(
          'STUDIO_ERR_MODEL_FORMAT',
          `check: the float model ${f.path} (${[fl[0]?.inputSize, ...fl.map((l) => l.units)].join('-')}) is not the int8 model's network (${[q.layers[0]!.inputDepth, ...q.layers.map((l) => l.outputDepth)].join('-')})`,
          { field: 'float' },
        );
      }
    } else {
      floatModel = dequantizedTwin(q);
    }
    const d = await loadDataset(ctx.path(ds));
    for (const pr of d.problems) ctx.note(`[studio] skipped ${pr.file}: ${pr.message}`);
    const ex = buildExamples(q.pipeline, q.labels, requireRecordings(d, 'nothing to check with'), 'check');
    let report: ReturnType<typeof checkDeployment>;
    try {
      report = checkDeployment(floatModel, q, { inputs: ex.inputs, targets: ex.classes });
    } catch (err) {
      const e = err as { message?: string; field?: string };
      throw new StudioError('STUDIO_ERR_MODEL_FORMAT', `check: ${e.message ?? String(err)}`, { field: e.field ?? 'model', cause: err });
    }
    const against = floatPath === undefined ? "the int8 model's dequantized weights" : ctx.path(floatPath);
    ctx.print(renderCheckReport(report));
    ctx.print(`checked ${m.path} (${q.rounding} rounding) against ${against} on ${ex.inputs.length} recordings of ${d.dir}`);
    return { result: { model: m.path, float: floatPath === undefined ? null : ctx.path(floatPath), dataset: d.dir, report }, exitCode: report.agreement < minAgreement ? EXIT.failure : EXIT.ok };
  },
};
