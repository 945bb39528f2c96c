import type { Command } from '../command.js';
import { loadDataset, requireRecordings } from '../dataset/dataset-store.js';
import { StudioError } from '../errors.js';
import { formatClassMetrics, formatConfusion } from '../render/confusion-table.js';
import { evaluateFloat, evaluateInt8 } from '../training/evaluate.js';
import { buildExamples } from '../training/examples.js';
import { loadAnyModel } from '../training/model-files.js';

const HELP = `tinyspark eval <model.json|model.int8.json> <dataset>

Accuracy, per-class precision and recall, and the confusion matrix of a float or int8 model on a
dataset (int8 through the quantizer runtime: exactly what the board computes). Evaluate on data the
model did not train on (e.g. \`tinyspark dataset split --by person\`), or the numbers flatter it.
Exit codes: 0 ok, 2 usage, 3 model or dataset unusable (unknown label, pipeline mismatch).`;

export const evalCommand: Command = {
  name: 'eval',
  summary: 'accuracy, per-class precision/recall, confusion matrix of a model on a dataset',
  help: HELP,
  options: {},
  maxPositionals: 2,
  async run(p, ctx) {
    const [modelPath, ds] = p.positionals;
    if (modelPath === undefined || ds === undefined) {
      throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'eval: give a model and a dataset, e.g. `tinyspark eval model.json ./test-data`', { field: modelPath === undefined ? 'model' : 'dataset' });
    }
    const m = await loadAnyModel(ctx.path(modelPath));
    const d = await loadDataset(ctx.path(ds));
    for (const pr of d.problems) ctx.note(`[studio] skipped ${pr.file}: ${pr.message}`);
    const recs = requireRecordings(d, 'nothing to evaluate');
    const labels = m.kind === 'float' ? m.loaded.labels : m.qmodel.labels;
    const pipeline = m.kind === 'float' ? m.loaded.pipeline : m.qmodel.pipeline;
    const ex = buildExamples(pipeline, labels, recs, 'eval');
    const ev = m.kind === 'float' ? evaluateFloat(m.loaded.model, labels, ex) : evaluateInt8(m.qmodel, labels, ex);
    ctx.print(`${m.kind} model ${m.path} on ${ev.count} recordings of ${d.dir}`);
    ctx.print(`accuracy ${(ev.accuracy * 100).toFixed(1)}%`);
    ctx.print(formatClassMetrics(ev.perClass));
    ctx.print(formatConfusion(labels, ev.confusion));
    return { result: { model: m.path, kind: m.kind, dataset: d.dir, accuracy: ev.accuracy, perClass: ev.perClass, confusion: ev.confusion, labels, count: ev.count, problems: d.problems } };
  },
};
