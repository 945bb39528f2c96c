import { readFile } from 'node:fs/promises';
import { explainStep, renderExplanation } from '@tinyspark/core';
import { flag, numOpt, requireStr } from '../args.js';
import type { Command } from '../command.js';
import { parseVector } from '../dataset/csv.js';
import { StudioError } from '../errors.js';
import { compareCourseExample, formatCourseComparison } from '../explain/course-comparison.js';
import { loadFloatModel } from '../training/model-files.js';

const HELP = `tinyspark explain --model <model.json> --input <csv> --target <csv|label> [--lr 0.01]
tinyspark explain --course

One training step of the engine, laid out like the course's worked examples: every weighted sum,
activation, error, delta, gradient and new weight.
  --model    a float model (tinyspark.model v1)
  --input    the network input: a CSV file or inline numbers (already scaled, e.g. 0.051,0.467,1.205)
  --target   the expected output: numbers (e.g. 1,0) or a label of the model (one-hot)
  --lr       learning rate of the step (default 0.01, the course's)
  --course   the course's own 3-2-2 example: beside each number the course printed, the correct one
             and why they differ where they do
Exit codes: 0 ok, 2 usage, 3 model or input unusable (wrong sizes).`;

async function vector(ctx: { path(p: string): string }, v: string, name: string): Promise<number[]> {
  if (/^[-+0-9.eE,\s]+$/.test(v)) return parseVector(v, `--${name}`);
  try {
    return parseVector(await readFile(ctx.path(v), 'utf8'), v);
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('STUDIO_ERR_FILE_NOT_FOUND', `--${name} ${v} is neither numbers nor a CSV file that exists`, { field: name });
  }
}

export const explainCommand: Command = {
  name: 'explain',
  summary: "one training step laid out like the course's pages (--course: its 3-2-2 example, corrected)",
  help: HELP,
  options: { model: { type: 'string', short: 'm' }, input: { type: 'string', short: 'i' }, target: { type: 'string', short: 't' }, lr: { type: 'string' }, course: { type: 'boolean' } },
  maxPositionals: 0,
  async run(p, ctx) {
    if (flag(p, 'course')) {
      const c = compareCourseExample();
      ctx.print(renderExplanation(c.explanation, { labels: ['moving_closer', 'moving_away'] }));
      ctx.print('');
      ctx.print(formatCourseComparison(c));
      return { result: { rows: c.rows, explanation: c.explanation } };
    }
    const m = await loadFloatModel(ctx.path(requireStr('explain', p, 'model', 'the float model.json, or use --course')));
    const input = await vector(ctx, requireStr('explain', p, 'input', 'the network input, e.g. --input 0.051,0.467,1.205'), 'input');
    const targetRaw = requireStr('explain', p, 'target', 'the expected output, e.g. --target 1,0 or a label');
    const labels = m.loaded.labels;
    let target: number[];
    if (labels.includes(targetRaw)) target = labels.map((l) => (l === targetRaw ? 1 : 0));
    else if (/^[A-Za-z_]/.test(targetRaw) && !targetRaw.includes('.') && !targetRaw.includes('/')) {
      throw new StudioError('STUDIO_ERR_UNKNOWN_LABEL', `--target ${targetRaw} is not a label of the model (${labels.join(', ')})`, { field: 'target' });
    } else target = await vector(ctx, targetRaw, 'target');
    const model = m.loaded.model;
    if (input.length !== model.inputSize) {
      throw new StudioError('STUDIO_ERR_INPUT_SIZE', `--input has ${input.length} number(s); the model takes ${model.inputSize}`, { field: 'input' });
    }
    if (target.length !== model.outputSize) {
      throw new StudioError('STUDIO_ERR_INPUT_SIZE', `--target has ${target.length} number(s); the model has ${model.outputSize} outputs (${labels.join(', ')})`, { field: 'target' });
    }
    const lr = numOpt('explain', p, 'lr', 0.01, 0, 100);
    const e = explainStep(model, input, target, { learningRate: lr, loss: m.loaded.loss });
    ctx.print(renderExplanation(e, { labels }));
    return { result: { explanation: e } };
  },
};
