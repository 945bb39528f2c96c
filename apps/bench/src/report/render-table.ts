import type { BenchReport, ResultEntry } from './bench-report.js';
import { formatFixed, formatGflops, formatRate, formatRatio } from './format.js';

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function ratioCell(e: ResultEntry): string {
  if (e.engine === 'tinyspark' || e.ratioToTinyspark === null || e.ratioToTinyspark === undefined) return '-';
  // "tinyspark / engine": how many times faster tinyspark is (below 1: slower)
  return formatRatio(1 / e.ratioToTinyspark);
}

/** The human output: a Markdown table of the workloads, one of the further figures, and the targets. */
export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const lines: string[] = [];
  lines.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`);
  lines.push(`node ${m.node} (V8 ${m.v8}); ${m.gcc ?? 'gcc missing'}; tfjs ${m.tfjs ?? '-'}; wasm SIMD ${m.wasmSimd === null ? '-' : m.wasmSimd ? 'on' : 'off'}`);
  lines.push(`date ${m.date}; command: ${m.command}`);
  lines.push('');
  const workloads = report.results.filter((e) => /^W\d$/.test(e.workload));
  lines.push(row(['workload', 'engine', 'samples/s', 'GFLOP/s', 'tinyspark / engine', 'accuracy', 'loss', 'per round', 'notes']));
  lines.push(row(Array.from({ length: 9 }, () => '---')));
  for (const e of workloads) {
    lines.push(
      row([
        e.workload,
        e.engine,
        formatRate(e.samplesPerSecond),
        formatGflops(e.gflops),
        ratioCell(e),
        formatFixed(e.accuracy, 4),
        formatFixed(e.loss, e.workload === 'W2' ? 6 : 5),
        (e.rounds ?? []).map((r) => formatRate(r)).join(' / '),
        e.notes,
      ]),
    );
  }
  const extras = report.results.filter((e) => !/^W\d$/.test(e.workload));
  if (extras.length > 0) {
    lines.push('');
    lines.push(row(['measurement', 'engine', 'samples/s', 'value', 'unit', 'accuracy', 'notes']));
    lines.push(row(['---', '---', '---', '---', '---', '---', '---']));
    for (const e of extras) {
      lines.push(
        row([e.workload, e.engine, formatRate(e.samplesPerSecond), e.unit === 's' ? formatFixed(e.value, 3) : e.unit === 'boards' ? formatFixed(e.value, 0) : formatRate(e.value), e.unit ?? '', formatFixed(e.accuracy, 4), e.notes]),
      );
    }
  }
  lines.push('');
  lines.push('targets (issue 6):');
  for (const t of report.targets) {
    const status = t.met === null ? 'NOT MEASURED' : t.met ? 'met' : 'MISSED';
    lines.push(`  [${status}] ${t.target}: measured ${t.measured === null ? '-' : t.measured.toPrecision(3)} (${t.notes})`);
  }
  return lines.join('\n');
}
