import { readFile } from 'node:fs/promises';
import { extractFeatures } from '@tinyspark/quantizer/runtime';
import { createQRunner } from '@tinyspark/quantizer/runtime';
import { requireStr, str, numOpt } from '../args.js';
import type { Command } from '../command.js';
import { parseCsv, parseVector, recordingsFromCsv } from '../dataset/csv.js';
import { StudioError } from '../errors.js';
import { loadAnyModel } from '../training/model-files.js';
import { assertPipelineFits } from '../training/pipeline-builder.js';

const HELP = `tinyspark infer <model.json|model.int8.json> --input <csv>

One prediction from a float or an int8 model. --input is a CSV file or inline text:
  - a recording with a header row: timestamp (ms) and the model's axes (e.g. timestamp,proximity),
    windowed and scaled by the model's input pipeline (--interval-ms if there is no timestamp);
  - or one row of already-scaled network inputs (exactly the model's input size), e.g. 0.051,0.467,1.205.
Prints the label, the score (float: softmax output; int8: softmax of the dequantized logits, display
only) and all outputs. Exit codes: 0 ok, 2 usage, 3 bad CSV or a CSV that does not fit the model.`;

async function readInput(ctx: { path(p: string): string }, input: string): Promise<{ text: string; source: string }> {
  if (/^[-+0-9.eE,\s]+$/.test(input) && input.includes(',')) return { text: input, source: '--input' };
  try {
    return { text: await readFile(ctx.path(input), 'utf8'), source: input };
  } catch {
    throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `--input ${input} is neither a CSV file that exists nor a list of numbers`, { field: 'input' });
  }
}

function softmax(v: ArrayLike<number>): number[] {
  const xs = Array.from(v);
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export const inferCommand: Command = {
  name: 'infer',
  summary: 'one prediction (float or int8) from a CSV recording or input vector',
  help: HELP,
  options: { input: { type: 'string', short: 'i' }, 'interval-ms': { type: 'string' } },
  maxPositionals: 1,
  async run(p, ctx) {
    const modelPath = p.positionals[0];
    if (modelPath === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'infer: give a model, e.g. `tinyspark infer model.int8.json --input gesture.csv`', { field: 'model' });
    const m = await loadAnyModel(ctx.path(modelPath));
    const { text, source } = await readInput(ctx, requireStr('infer', p, 'input', 'a CSV recording or a row of inputs'));
    const labels = m.kind === 'float' ? m.loaded.labels : m.qmodel.labels;
    const pipeline = m.kind === 'float' ? m.loaded.pipeline : m.qmodel.pipeline;
    const inputSize = pipeline.windowLength * pipeline.axes.length;
    let features: Float32Array;
    const table = parseCsv(text, source);
    if (table.header === undefined) {
      const v = parseVector(text, source);
      if (v.length !== inputSize) {
        throw new StudioError('STUDIO_ERR_INPUT_SIZE', `${source} has ${v.length} number(s); the model takes ${inputSize} inputs (${pipeline.windowLength} x [${pipeline.axes.join(',')}]). Give a recording CSV with a header instead, and the pipeline scales it`, { field: 'input' });
      }
      features = Float32Array.from(v);
    } else {
      const intervalMs = str(p, 'interval-ms') === undefined ? undefined : numOpt('infer', p, 'interval-ms', 0, 1e-6);
      const recs = recordingsFromCsv(text, source, { fallbackLabel: 'input', ...(intervalMs !== undefined ? { intervalMs } : {}) });
      if (recs.length !== 1) throw new StudioError('STUDIO_ERR_CSV', `${source} holds ${recs.length} recordings; infer takes one`, { field: 'input' });
      const rec = { ...(recs[0] as NonNullable<(typeof recs)[0]>), id: 'input' };
      assertPipelineFits(pipeline, rec, 'infer');
      features = Float32Array.from(extractFeatures(pipeline, { intervalMs: rec.intervalMs, axes: rec.axes, values: rec.values }));
    }
    let index: number;
    let scores: number[];
    let logits: number[] | undefined;
    if (m.kind === 'float') {
      const out = Array.from(m.loaded.model.predict(features));
      scores = out;
      index = out.indexOf(Math.max(...out));
    } else {
      const r = createQRunner(m.qmodel).predict(features);
      index = r.index;
      logits = Array.from(r.logits);
      const q = m.qmodel.output;
      scores = softmax(logits.map((l) => (l - q.zeroPoint) * q.scale));
    }
    const label = labels[index] ?? String(index);
    ctx.print(`Prediction: ${label}, p=${(scores[index] ?? 0).toFixed(3)}   (${m.kind} model)`);
    ctx.print(labels.map((l, i) => `  ${l.padEnd(16)} ${(scores[i] ?? 0).toFixed(4)}${logits ? `  (int8 logit ${logits[i]})` : ''}`).join('\n'));
    return { result: { model: m.path, kind: m.kind, label, index, score: scores[index] ?? 0, scores, logits: logits ?? null, features: Array.from(features) } };
  },
};
