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
  if (m.cpuFlags !== undefined && m.cpuFlags.length > 0) lines.push(`cpu flags: ${m.cpuFlags.join(' ')}`);
  lines.push(`date ${m.date}; command: ${m.command}`);
  if (m.loadAverages !== undefined && m.loadAverages.length > 0) {
    lines.push(`load average (1/5/15 min) at the start of: ${m.loadAverages.map((l) => `${l.at} ${l.load.join(' ')}`).join('; ')}`);
  }
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
  const scaling = report.results.filter((e) => e.workload.startsWith('scaling '));
  if (scaling.length > 0) {
    lines.push('');
    lines.push('scaling table (training samples/s; GFLOP/s nominal = 3 x forward):');
    lines.push(row(['network', 'batch', 'tinyspark', 'GFLOP/s', '% of C', 'C', 'tfjs-wasm', 'tinyspark / tfjs-wasm']));
    lines.push(row(Array.from({ length: 8 }, () => '---')));
    for (const t of scaling.filter((e) => e.engine === 'tinyspark')) {
      const [, net, b] = t.workload.split(' ');
      const c = scaling.find((e) => e.workload === t.workload && e.engine === 'c-reference');
      const tf = scaling.find((e) => e.workload === t.workload && e.engine === 'tfjs-wasm');
      const pct = t.samplesPerSecond !== null && c?.samplesPerSecond ? `${((100 * t.samplesPerSecond) / c.samplesPerSecond).toFixed(0)}%` : '-';
      const vs = t.samplesPerSecond !== null && tf?.samplesPerSecond ? formatRatio(t.samplesPerSecond / tf.samplesPerSecond) : '-';
      lines.push(row([net ?? '', (b ?? '').slice(1), formatRate(t.samplesPerSecond), formatGflops(t.gflops), pct, formatRate(c?.samplesPerSecond ?? null), formatRate(tf?.samplesPerSecond ?? null), vs]));
    }
  }
  const extras = report.results.filter((e) => !/^W\d$/.test(e.workload) && !e.workload.startsWith('scaling '));
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
  lines.push('targets (issue 6; #14 = issue 14):');
  for (const t of report.targets) {
    const status = t.met === null ? 'NOT MEASURED' : t.met ? 'met' : 'MISSED';
    lines.push(`  [${status}] ${t.target}: measured ${t.measured === null ? '-' : t.measured.toPrecision(3)} (${t.notes})`);
  }
  return lines.join('\n');
}
