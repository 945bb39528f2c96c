import { str } from '../args.js';
import type { Command } from '../command.js';
import { writeFileAtomic } from '../dataset/atomic-write.js';
import { StudioError } from '../errors.js';
import { buildProjectReport } from '../report/project-report.js';

const HELP = `tinyspark report <dir> [--out <dir>/report.html] [--dataset D] [--model M] [--verify V]

Write the HTML report (self-contained: inline SVG, no script, no network) of a project folder: the
dataset's balance per label and person with example traces, training curves, the confusion matrix
and precision/recall/F1 with the misclassified recordings, the deployment check as a table, and the
prediction timeline of a verify run. Reads what is there (the studio's folder, the demo's, or one
made with the CLI): dataset/ (or <dir> itself), training.json, model.json with test/, check.json or
check-report.txt, verify.json; names what is missing.
Exit codes: 0 written, 2 usage, 3 folder or a file in it unusable, 5 cannot write the report.`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the HTML report of a project folder (dataset, training, check, verify)',
  help: HELP,
  options: { out: { type: 'string', short: 'o' }, dataset: { type: 'string' }, model: { type: 'string' }, verify: { type: 'string' } },
  maxPositionals: 1,
  async run(p, ctx) {
    const dir = p.positionals[0];
    if (dir === undefined) throw new StudioError('STUDIO_ERR_MISSING_OPTION', 'report: give the project folder, e.g. `tinyspark report ./tinyspark-project`', { field: 'dir' });
    const abs = ctx.path(dir);
    const d = str(p, 'dataset');
    const m = str(p, 'model');
    const v = str(p, 'verify');
    const html = await buildProjectReport(abs, { ...(d !== undefined ? { dataset: ctx.path(d) } : {}), ...(m !== undefined ? { model: ctx.path(m) } : {}), ...(v !== undefined ? { verify: ctx.path(v) } : {}) });
    const out = ctx.path(str(p, 'out') ?? `${abs}/report.html`);
    try {
      await writeFileAtomic(out, html);
    } catch (err) {
      throw new StudioError('STUDIO_ERR_IO', `report: cannot write ${out}: ${err instanceof Error ? err.message : String(err)}`, { field: 'out', cause: err });
    }
    ctx.print(`wrote ${out}`);
    return { result: { report: out } };
  },
};
