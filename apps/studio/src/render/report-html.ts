// A self-contained HTML report: inline SVG charts, inline CSS, no script, no network.

export interface ReportSeries {
  name: string;
  values: number[];
}

export interface ReportSection {
  kind: 'lines';
  title: string;
  xLabel: string;
  /** The y axis' title, with its unit. */
  yLabel?: string;
  /** 'log' for losses that fall over decades (default 'linear'). */
  yScale?: 'linear' | 'log';
  /** Values are fractions shown as percent (axis 0..100 %). */
  percent?: boolean;
  series: ReportSeries[];
}

export interface ReportConfusion {
  kind: 'confusion';
  title: string;
  labels: string[];
  matrix: number[][];
  /** Column labels when there are more columns than rows (e.g. "(none)"); default: `labels`. */
  columns?: string[];
}

export interface ReportTrace {
  kind: 'trace';
  title: string;
  axes: string[];
  intervalMs: number;
  values: number[][];
}

export interface ReportTable {
  kind: 'table';
  title: string;
  header: string[];
  rows: (string | number)[][];
}

export interface ReportText {
  kind: 'text';
  title: string;
  text: string;
}

export type ReportBlock = ReportSection | ReportConfusion | ReportTrace | ReportTable | ReportText;

export interface Report {
  title: string;
  subtitle?: string;
  blocks: ReportBlock[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 0.01 || a >= 1e4) ? v.toExponential(1) : Number(v.toPrecision(3)).toString();
}

/** Round tick positions (1, 2, 5 x 10^k) covering [lo, hi]. */
function niceTicks(lo: number, hi: number, target = 5): number[] {
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return ticks;
}

export interface LineChartOptions {
  xLabel: string;
  yLabel?: string;
  /** x of sample i is `xStart + i * xStep` (default 1 + i: epochs). */
  xStart?: number;
  xStep?: number;
  yScale?: 'linear' | 'log';
  percent?: boolean;
  width?: number;
  height?: number;
  /** Fixed y range (linear only), e.g. a sensor's full scale. */
  yRange?: [number, number];
}

/** A line chart: titled axes with round ticks, the legend under the plot (never over the curves). */
export function svgLines(series: ReportSeries[], options: LineChartOptions | string): string {
  const o: LineChartOptions = typeof options === 'string' ? { xLabel: options } : options;
  const width = o.width ?? 560;
  const log = o.yScale === 'log';
  const pct = o.percent === true;
  const itemW = Math.max(60, ...series.map((s) => 34 + 6.5 * s.name.length));
  const perRow = Math.max(1, Math.floor((width - 62) / itemW));
  const legendRows = Math.ceil(series.length / perRow);
  const pad = { l: 62, r: 14, t: 10, b: 40 + 16 * legendRows };
  const height = (o.height ?? 220) + 16 * legendRows;
  const tr = (v: number): number => (pct ? v * 100 : log ? Math.log10(v) : v);
  const all = series.flatMap((s) => s.values.map(tr).filter(Number.isFinite));
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const xStart = o.xStart ?? 1;
  const xStep = o.xStep ?? 1;
  const xEnd = xStart + (n - 1) * xStep;
  let lo = o.yRange?.[0] ?? (all.length > 0 ? Math.min(...all) : 0);
  let hi = o.yRange?.[1] ?? (all.length > 0 ? Math.max(...all) : 1);
  if (pct) {
    hi = 100;
    lo = Math.max(0, Math.floor(lo / 10) * 10);
  }
  if (log) {
    lo = Math.floor(lo);
    hi = Math.ceil(hi);
  }
  if (hi - lo < 1e-12) {
    hi += 0.5;
    lo -= 0.5;
  }
  const yTicks = log ? Array.from({ length: hi - lo + 1 }, (_, k) => lo + k) : niceTicks(lo, hi);
  if (!log && o.yRange === undefined && !pct) {
    lo = Math.min(lo, yTicks[0] ?? lo);
    hi = Math.max(hi, yTicks[yTicks.length - 1] ?? hi);
  }
  const plotW = width - pad.l - pad.r;
  const plotH = height - pad.t - pad.b;
  const x = (xv: number): number => pad.l + (xEnd > xStart ? ((xv - xStart) / (xEnd - xStart)) * plotW : 0);
  const y = (v: number): number => pad.t + (1 - (v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`];
  parts.push(`<rect x="${pad.l}" y="${pad.t}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#ccc"/>`);
  for (const t of yTicks) {
    if (t < lo - 1e-9 || t > hi + 1e-9) continue;
    const label = log ? (t >= -4 ? (10 ** t).toFixed(Math.max(0, -t)) : `1e${t}`) : pct ? `${fmt(t)}%` : fmt(t);
    parts.push(`<text x="${pad.l - 4}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="10">${escapeHtml(label)}</text>`);
    parts.push(`<line x1="${pad.l}" x2="${width - pad.r}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${t === 0 && !log ? '#bbb' : '#eee'}"/>`);
  }
  const wholeX = Number.isInteger(xStart) && Number.isInteger(xStep);
  for (const t of niceTicks(xStart, xEnd, 6)) {
    if (t < xStart - 1e-9 || t > xEnd + 1e-9 || (wholeX && !Number.isInteger(t))) continue;
    parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${pad.t + plotH}" y2="${pad.t + plotH + 4}" stroke="#888"/>`);
    parts.push(`<text x="${x(t).toFixed(1)}" y="${pad.t + plotH + 15}" text-anchor="middle" font-size="10">${escapeHtml(fmt(t))}</text>`);
  }
  parts.push(`<text x="${pad.l + plotW / 2}" y="${pad.t + plotH + 30}" text-anchor="middle" font-size="11">${escapeHtml(o.xLabel)}</text>`);
  if (o.yLabel !== undefined) {
    parts.push(`<text transform="translate(12,${pad.t + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="11">${escapeHtml(o.yLabel)}</text>`);
  }
  series.forEach((s, si) => {
    const pts = s.values
      .map((v, i) => (Number.isFinite(tr(v)) ? `${x(xStart + i * xStep).toFixed(1)},${y(Math.min(hi, Math.max(lo, tr(v)))).toFixed(1)}` : ''))
      .filter((p) => p !== '');
    const color = COLORS[si % COLORS.length] ?? '#000';
    if (pts.length > 0) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
    const lx = pad.l + (si % perRow) * itemW;
    const ly = pad.t + plotH + 46 + Math.floor(si / perRow) * 16;
    parts.push(`<line x1="${lx}" x2="${lx + 16}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2.5"/><text x="${lx + 20}" y="${ly}" font-size="11">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A confusion matrix as a heat-map grid of cells with counts; rows = true, columns = predicted. */
export function svgConfusion(labels: string[], matrix: number[][], columns: string[] = labels): string {
  const cell = 34;
  const left = 28 + Math.max(...labels.map((l) => l.length), 4) * 7;
  const top = 28 + Math.max(...columns.map((l) => l.length), 4) * 6;
  const n = labels.length;
  const m = columns.length;
  const w = left + m * cell + 60;
  const h = top + n * cell + 10;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">`];
  parts.push(`<text x="${left + (m * cell) / 2}" y="12" text-anchor="middle" font-size="11" font-weight="bold">predicted label</text>`);
  parts.push(`<text transform="translate(12,${top + (n * cell) / 2}) rotate(-90)" text-anchor="middle" font-size="11" font-weight="bold">true label</text>`);
  parts.push(`<text x="${left + m * cell + 6}" y="${top - 6}" font-size="10">recall</text>`);
  columns.forEach((l, j) => {
    const cx = left + j * cell + cell / 2;
    parts.push(`<text transform="translate(${cx},${top - 4}) rotate(-60)" font-size="10">${escapeHtml(l)}</text>`);
  });
  labels.forEach((l, i) => {
    const row = matrix[i] ?? [];
    const sum = row.reduce((a, b) => a + b, 0);
    const total = sum || 1;
    parts.push(`<text x="${left - 4}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="10">${escapeHtml(l)}</text>`);
    for (let j = 0; j < m; j++) {
      const v = row[j] ?? 0;
      const f = v / total;
      const fill = i === j ? `rgba(44,160,44,${(0.15 + 0.85 * f).toFixed(2)})` : v > 0 ? `rgba(214,39,40,${(0.15 + 0.85 * f).toFixed(2)})` : '#fff';
      parts.push(`<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#ddd"/>`);
      if (v > 0) parts.push(`<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" font-size="11">${v}</text>`);
    }
    const recall = sum > 0 ? `${(((row[i] ?? 0) / sum) * 100).toFixed(0)}%` : '-';
    parts.push(`<text x="${left + m * cell + 6}" y="${top + i * cell + cell / 2 + 4}" font-size="10">${recall}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

const AXIS_UNITS: Record<string, string> = { ax: 'm/s²', ay: 'm/s²', az: 'm/s²', gx: 'rad/s', gy: 'rad/s', gz: 'rad/s', proximity: 'proximity, 0..127.875' };
const AXIS_GROUPS: { name: string; axes: string[] }[] = [
  { name: 'accelerometer', axes: ['ax', 'ay', 'az'] },
  { name: 'gyroscope', axes: ['gx', 'gy', 'gz'] },
];

/** A recording as one chart per sensor (accelerometer in m/s², gyroscope in rad/s, ...), time in ms. */
export function svgTrace(axes: string[], intervalMs: number, values: number[][]): string {
  const grouped = new Set(AXIS_GROUPS.flatMap((g) => g.axes));
  const groups = [
    ...AXIS_GROUPS.map((g) => ({ name: g.name, axes: g.axes.filter((a) => axes.includes(a)) })).filter((g) => g.axes.length > 0),
    ...axes.filter((a) => !grouped.has(a)).map((a) => ({ name: a, axes: [a] })),
  ];
  return groups
    .map((g) => {
      const unit = AXIS_UNITS[g.axes[0] ?? ''] ?? 'value';
      return svgLines(
        g.axes.map((a) => ({ name: a, values: values.map((row) => row[axes.indexOf(a)] ?? Number.NaN) })),
        { xLabel: `time (ms), one sample every ${fmt(intervalMs)} ms`, yLabel: g.name === g.axes[0] ? unit : `${g.name} (${unit})`, xStart: 0, xStep: intervalMs, width: 420, height: 170 },
      );
    })
    .join('<br>');
}

function table(header: string[], rows: (string | number)[][]): string {
  const th = header.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(typeof c === 'number' ? fmt(c) : c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

export function renderReportHtml(report: Report): string {
  const body = report.blocks
    .map((b) => {
      let inner: string;
      switch (b.kind) {
        case 'lines':
          inner = svgLines(b.series, { xLabel: b.xLabel, ...(b.yLabel !== undefined ? { yLabel: b.yLabel } : {}), ...(b.yScale !== undefined ? { yScale: b.yScale } : {}), ...(b.percent !== undefined ? { percent: b.percent } : {}) });
          break;
        case 'confusion':
          inner = svgConfusion(b.labels, b.matrix, b.columns);
          break;
        case 'trace':
          inner = svgTrace(b.axes, b.intervalMs, b.values);
          break;
        case 'table':
          inner = table(b.header, b.rows);
          break;
        case 'text':
          inner = `<pre>${escapeHtml(b.text)}</pre>`;
          break;
      }
      return `<section class="${b.kind}"><h2>${escapeHtml(b.title)}</h2>${inner}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{margin-bottom:0}p.sub{color:#666;margin-top:4px}
section{display:inline-block;vertical-align:top;margin:10px 18px 10px 0}
section.text,section.table{display:block}
h2{font-size:15px;margin:6px 0}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f3f3f3}pre{background:#f7f7f7;padding:8px;font-size:12px;white-space:pre-wrap}
</style></head>
<body><h1>${escapeHtml(report.title)}</h1>${report.subtitle ? `<p class="sub">${escapeHtml(report.subtitle)}</p>` : ''}
${body}
</body></html>
`;
}
