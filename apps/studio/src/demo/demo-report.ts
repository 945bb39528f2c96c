import type { EpochRecord } from '@tinyspark/core';
import type { CheckReport } from '@tinyspark/quantizer/check';
import type { Recording } from '../dataset/recording.js';
import type { Report, ReportBlock } from '../render/report-html.js';
import { noneColumns } from '../render/confusion-table.js';
import type { Evaluation } from '../training/evaluate.js';
import type { VerifyResult } from '../board/verify-session.js';

export interface DemoOutcome {
  title: string;
  subtitle: string;
  summary: [string, string][];
  history: EpochRecord[];
  labels: string[];
  floatEval: Evaluation;
  int8Eval: Evaluation;
  verify: VerifyResult;
  checkText: string;
  check: CheckReport;
  examples: Recording[];
  testPerson: number;
  /** What the loss measures, e.g. "cross-entropy loss" or "mean squared error". */
  lossName: string;
}

/** The demo's report.html content: loss curves, confusion matrices float/int8/on-device, example traces. */
export function buildDemoReport(o: DemoOutcome): Report {
  const blocks: ReportBlock[] = [];
  blocks.push({ kind: 'table', title: 'Summary', header: ['what', 'result'], rows: o.summary });
  const hasVal = o.history.some((h) => h.valLoss !== undefined);
  blocks.push({
    kind: 'lines',
    title: 'Loss per epoch',
    xLabel: 'epoch',
    yLabel: `${o.lossName} (log scale)`,
    yScale: 'log',
    series: [{ name: 'training loss', values: o.history.map((h) => h.loss) }, ...(hasVal ? [{ name: `person ${o.testPerson} (held out) loss`, values: o.history.map((h) => h.valLoss ?? Number.NaN) }] : [])],
  });
  blocks.push({
    kind: 'lines',
    title: 'Accuracy per epoch',
    xLabel: 'epoch',
    yLabel: 'accuracy (%)',
    percent: true,
    series: [{ name: 'training', values: o.history.map((h) => h.accuracy) }, ...(hasVal ? [{ name: `person ${o.testPerson} (held out)`, values: o.history.map((h) => h.valAccuracy ?? Number.NaN) }] : [])],
  });
  blocks.push({ kind: 'confusion', title: `Float model, held-out person ${o.testPerson} (${(o.floatEval.accuracy * 100).toFixed(1)}%)`, labels: o.labels, matrix: o.floatEval.confusion });
  blocks.push({ kind: 'confusion', title: `Int8 model, held-out person ${o.testPerson} (${(o.int8Eval.accuracy * 100).toFixed(1)}%)`, labels: o.labels, matrix: o.int8Eval.confusion });
  blocks.push({ kind: 'confusion', title: `On the emulated board, ${o.verify.gestures.length} fresh gestures (${(o.verify.accuracy * 100).toFixed(1)}%)`, labels: o.labels, matrix: o.verify.confusion, columns: noneColumns(o.labels, o.verify.confusion) });
  blocks.push({ kind: 'text', title: 'Deployment check (float vs int8)', text: o.checkText });
  for (const r of o.examples) {
    blocks.push({ kind: 'trace', title: `Example "${r.label}" (person ${r.person ?? '?'}, seed ${r.seed ?? '?'})`, axes: r.axes, intervalMs: r.intervalMs, values: r.values });
  }
  return { title: o.title, subtitle: o.subtitle, blocks };
}
