// `tinyspark report <dir>`: the HTML report of any project folder (the studio's, the demo's, or one
// laid out by hand with the CLI): dataset balance, training curves, confusion matrices,
// precision/recall/F1, misclassified recordings, the deployment check as a table, and the prediction
// timeline of a verify run. Whatever the folder has is shown; the rest is named as missing.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EpochRecord } from '@tinyspark/core';
import type { CheckReport } from '@tinyspark/quantizer/check';
import { loadDataset } from '../dataset/dataset-store.js';
import type { Recording } from '../dataset/recording.js';
import { datasetStats } from '../dataset/stats.js';
import { StudioError } from '../errors.js';
import type { ClassMetrics } from '../render/confusion-table.js';
import { noneColumns } from '../render/confusion-table.js';
import type { Report, ReportBlock } from '../render/report-html.js';
import { renderReportHtml } from '../render/report-html.js';
import { evaluateFloat } from '../training/evaluate.js';
import { buildExamples } from '../training/examples.js';
import { loadFloatModel } from '../training/model-files.js';

export interface ProjectReportOptions {
  /** Dataset folder (default <dir>/dataset, else <dir> itself when it holds recordings). */
  dataset?: string;
  /** Test folder evaluated with the model when there is no training.json (default <dir>/test). */
  test?: string;
  model?: string;
  verify?: string;
  title?: string;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function readJson(p: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(p, 'utf8'));
  } catch {
    return undefined;
  }
}

const pct = (x: unknown): string => (typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '-');

function metricsRows(perClass: readonly ClassMetrics[]): (string | number)[][] {
  return perClass.map((c) => [c.label, pct(c.precision), pct(c.recall), pct(c.precision + c.recall > 0 ? (2 * c.precision * c.recall) / (c.precision + c.recall) : 0), c.support]);
}

interface TrainingDoc {
  labels?: string[];
  split?: string;
  history?: EpochRecord[];
  trainAccuracy?: number;
  settings?: Record<string, unknown>;
  validation?: { accuracy: number; confusion: number[][]; perClass: ClassMetrics[]; count: number; misclassified?: { file: string; truth: string; predicted: string }[] } | null;
}

interface VerifyDoc {
  labels?: string[];
  accuracy?: number;
  confusion?: number[][];
  perClass?: ClassMetrics[];
  gestures?: { truth: string; predicted: string | null; startMs: number; endMs: number }[];
  person?: number;
  seed?: number;
}

function checkTable(report: CheckReport, title: string): ReportBlock {
  return {
    kind: 'table',
    title,
    header: ['what', 'value'],
    rows: [
      ['samples checked', report.samples],
      ['argmax agreement int8 vs float', `${pct(report.agreement)} (${report.agreeing}/${report.samples})`],
      ['accuracy float', pct(report.floatAccuracy)],
      ['accuracy int8', pct(report.int8Accuracy)],
      ['flash (bytes)', report.memory.flashBytes],
      ['RAM, largest activation pair (bytes)', report.memory.largestActivationPairBytes],
      ['MACs per inference', report.macs],
      ['latency estimate', `${report.latency.microseconds.toFixed(1)} us (${report.latency.cycles} cycles; ${report.latency.assumption})`],
      ['warnings', report.warnings.length === 0 ? 'none' : report.warnings.map((w) => (w as { message?: string }).message ?? String(w)).join('; ')],
    ],
  };
}

/** Builds the report of a folder (see the module comment). */
export async function buildProjectReportDocument(dir: string, options: ProjectReportOptions = {}): Promise<Report> {
  const abs = resolve(dir);
  if (!(await isDir(abs))) throw new StudioError('STUDIO_ERR_DATASET_NOT_FOUND', `report: folder ${dir} does not exist`, { field: 'dir' });
  const blocks: ReportBlock[] = [];
  const missing: string[] = [];
  const datasetDir = options.dataset !== undefined ? resolve(options.dataset) : (await isDir(join(abs, 'dataset'))) ? join(abs, 'dataset') : abs;
  const ds = await loadDataset(datasetDir);
  const recs: Recording[] = ds.recordings;
  if (recs.length > 0) {
    const s = datasetStats(recs);
    blocks.push({
      kind: 'table',
      title: `Dataset: ${s.recordings} recordings, ${s.labels.length} labels, ${s.persons.length} person(s), ${(s.totalDurationMs / 1000).toFixed(1)} s`,
      header: ['label', 'recordings', ...s.persons.map((p) => (p === 'unknown' ? 'no person' : `person ${p}`))],
      rows: s.labels.map((l) => [l.label, l.recordings, ...s.persons.map((p) => s.perPerson[l.label]?.[p] ?? 0)]),
    });
    for (const label of s.labels.map((l) => l.label)) {
      const r = recs.find((x) => x.label === label);
      if (r !== undefined) blocks.push({ kind: 'trace', title: `Example "${r.label}" (${r.label}.${r.id}.json${r.person !== undefined ? `, person ${r.person}` : ''})`, axes: r.axes, intervalMs: r.intervalMs, values: r.values });
    }
  } else {
    missing.push(`recordings (none readable in ${datasetDir})`);
  }
  if (ds.problems.length > 0) blocks.push({ kind: 'table', title: 'Dataset files that could not be read', header: ['file', 'code', 'message'], rows: ds.problems.map((p) => [p.file, p.code, p.message]) });

  const training = (await readJson(join(abs, 'training.json'))) as TrainingDoc | undefined;
  const labels = training?.labels ?? [];
  if (training?.history !== undefined && training.history.length > 0) {
    const h = training.history;
    const hasVal = h.some((e) => e.valLoss !== undefined && e.valLoss !== null);
    blocks.push({ kind: 'lines', title: 'Loss per epoch', xLabel: 'epoch', yLabel: 'loss (log scale)', yScale: 'log', series: [{ name: 'training', values: h.map((e) => e.loss) }, ...(hasVal ? [{ name: 'validation', values: h.map((e) => e.valLoss ?? Number.NaN) }] : [])] });
    blocks.push({ kind: 'lines', title: 'Accuracy per epoch', xLabel: 'epoch', yLabel: 'accuracy (%)', percent: true, series: [{ name: 'training', values: h.map((e) => e.accuracy) }, ...(hasVal ? [{ name: 'validation', values: h.map((e) => e.valAccuracy ?? Number.NaN) }] : [])] });
  }
  let modelEvalDone = false;
  if (training?.validation) {
    const v = training.validation;
    blocks.push({ kind: 'confusion', title: `Float model on the validation data (${v.count} recordings, ${training.split ?? ''}): ${pct(v.accuracy)}`, labels, matrix: v.confusion });
    blocks.push({ kind: 'table', title: 'Precision, recall, F1 (validation)', header: ['label', 'precision', 'recall', 'F1', 'support'], rows: metricsRows(v.perClass) });
    const wrong = v.misclassified ?? [];
    blocks.push({ kind: 'table', title: `Misclassified recordings (${wrong.length})`, header: ['file', 'true', 'predicted'], rows: wrong.length > 0 ? wrong.map((w) => [w.file, w.truth, w.predicted]) : [['(none)', '', '']] });
    for (const w of wrong.slice(0, 6)) {
      const r = recs.find((x) => `${x.label}.${x.id}.json` === w.file);
      if (r !== undefined) blocks.push({ kind: 'trace', title: `Misclassified ${w.file}: ${w.truth} seen as ${w.predicted}`, axes: r.axes, intervalMs: r.intervalMs, values: r.values });
    }
    modelEvalDone = true;
  }
  const modelPath = options.model !== undefined ? resolve(options.model) : join(abs, 'model.json');
  if (!modelEvalDone) {
    const testDir = options.test !== undefined ? resolve(options.test) : join(abs, 'test');
    const haveModel = (await readJson(modelPath)) !== undefined;
    if (haveModel && (await isDir(testDir))) {
      const m = await loadFloatModel(modelPath);
      const test = await loadDataset(testDir);
      if (test.recordings.length > 0) {
        const ex = buildExamples(m.loaded.pipeline, m.loaded.labels, test.recordings, 'report');
        const e = evaluateFloat(m.loaded.model, m.loaded.labels, ex);
        blocks.push({ kind: 'confusion', title: `Float model on ${testDir} (${e.count} recordings): ${pct(e.accuracy)}`, labels: m.loaded.labels, matrix: e.confusion });
        blocks.push({ kind: 'table', title: 'Precision, recall, F1 (test)', header: ['label', 'precision', 'recall', 'F1', 'support'], rows: metricsRows(e.perClass) });
        const wrong = test.recordings.map((r, i) => ({ r, p: e.predicted[i] ?? 0 })).filter((x) => m.loaded.labels[x.p] !== x.r.label);
        blocks.push({ kind: 'table', title: `Misclassified recordings (${wrong.length})`, header: ['file', 'true', 'predicted'], rows: wrong.length > 0 ? wrong.map((w) => [`${w.r.label}.${w.r.id}.json`, w.r.label, m.loaded.labels[w.p] ?? '?']) : [['(none)', '', '']] });
        modelEvalDone = true;
      }
    }
    if (!modelEvalDone) missing.push('a training run (training.json from the studio) or a model.json with a test/ folder');
  }

  const check = (await readJson(join(abs, 'check.json'))) as { report?: CheckReport; scheme?: string; checkedOn?: string } | undefined;
  if (check?.report !== undefined) blocks.push(checkTable(check.report, `Deployment check (${check.scheme ?? 'int8'}, on ${check.checkedOn ?? 'the data'})`));
  else {
    let text: string | undefined;
    try {
      text = await readFile(join(abs, 'check-report.txt'), 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) blocks.push({ kind: 'text', title: 'Deployment check (float vs int8)', text });
    else missing.push('a deployment check (check.json or check-report.txt)');
  }

  const verifyPath = options.verify !== undefined ? resolve(options.verify) : join(abs, 'verify.json');
  const verify = (await readJson(verifyPath)) as VerifyDoc | undefined;
  if (verify?.confusion !== undefined && verify.labels !== undefined) {
    const g = verify.gestures ?? [];
    blocks.push({ kind: 'confusion', title: `On the board: ${g.length} gestures${verify.person !== undefined ? ` by person ${verify.person}` : ''}, ${pct(verify.accuracy)}`, labels: verify.labels, matrix: verify.confusion, columns: noneColumns(verify.labels, verify.confusion) });
    if (verify.perClass !== undefined) blocks.push({ kind: 'table', title: 'Precision, recall, F1 (on the board)', header: ['label', 'precision', 'recall', 'F1', 'support'], rows: metricsRows(verify.perClass) });
    blocks.push({
      kind: 'table',
      title: 'Prediction timeline (board time)',
      header: ['start ms', 'end ms', 'truth', 'predicted', ''],
      rows: g.map((x) => [Math.round(x.startMs), Math.round(x.endMs), x.truth, x.predicted ?? '(none)', x.predicted === x.truth ? 'ok' : 'MISS']),
    });
  } else {
    missing.push('a verify run (verify.json from the studio Deploy page)');
  }
  if (missing.length > 0) blocks.push({ kind: 'text', title: 'Not in this folder', text: missing.map((m) => `- ${m}`).join('\n') });
  return { title: options.title ?? `tinyspark report: ${abs}`, subtitle: `dataset ${datasetDir}`, blocks };
}

export async function buildProjectReport(dir: string, options: ProjectReportOptions = {}): Promise<string> {
  return renderReportHtml(await buildProjectReportDocument(dir, options));
}
