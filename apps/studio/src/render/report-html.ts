// A self-contained HTML report: inline SVG charts, inline CSS, no script, no network.

export interface ReportSeries {
  name: string;
  values: number[];
}

export interface ReportSection {
  kind: 'lines';
  title: string;
  xLabel: string;
  series: ReportSeries[];
}

export interface ReportConfusion {
  kind: 'confusion';
  title: string;
  labels: string[];
  matrix: number[][];
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

/** A line chart of several series over a shared index axis. */
export function svgLines(series: ReportSeries[], xLabel: string, width = 560, height = 240): string {
  const pad = { l: 52, r: 12, t: 12, b: 34 };
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  const n = Math.max(1, ...series.map((s) => s.values.length));
  let lo = all.length > 0 ? Math.min(...all) : 0;
  let hi = all.length > 0 ? Math.max(...all) : 1;
  if (hi - lo < 1e-12) {
    hi += 0.5;
    lo -= 0.5;
  }
  const x = (i: number): number => pad.l + (n > 1 ? (i / (n - 1)) * (width - pad.l - pad.r) : 0);
  const y = (v: number): number => pad.t + (1 - (v - lo) / (hi - lo)) * (height - pad.t - pad.b);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`];
  parts.push(`<rect x="${pad.l}" y="${pad.t}" width="${width - pad.l - pad.r}" height="${height - pad.t - pad.b}" fill="#fafafa" stroke="#ccc"/>`);
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(`<text x="${pad.l - 4}" y="${y(v) + 4}" text-anchor="end" font-size="10">${escapeHtml(fmt(v))}</text>`);
    parts.push(`<line x1="${pad.l}" x2="${width - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
  }
  parts.push(`<text x="${(width + pad.l) / 2}" y="${height - 6}" text-anchor="middle" font-size="11">${escapeHtml(xLabel)} (1..${n})</text>`);
  series.forEach((s, si) => {
    const pts = s.values.map((v, i) => (Number.isFinite(v) ? `${x(i).toFixed(1)},${y(v).toFixed(1)}` : '')).filter((p) => p !== '');
    const color = COLORS[si % COLORS.length] ?? '#000';
    if (pts.length > 0) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
    parts.push(`<text x="${pad.l + 8 + si * 110}" y="${pad.t + 14}" font-size="11" fill="${color}">&#9632; ${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A confusion matrix as a heat-map grid of cells with counts. */
export function svgConfusion(labels: string[], matrix: number[][]): string {
  const cell = 34;
  const left = 10 + Math.max(...labels.map((l) => l.length), 4) * 7;
  const top = 10 + Math.max(...labels.map((l) => l.length), 4) * 6;
  const n = labels.length;
  const w = left + n * cell + 10;
  const h = top + n * cell + 10;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">`];
  labels.forEach((l, j) => {
    const cx = left + j * cell + cell / 2;
    parts.push(`<text transform="translate(${cx},${top - 4}) rotate(-60)" font-size="10">${escapeHtml(l)}</text>`);
  });
  labels.forEach((l, i) => {
    const row = matrix[i] ?? [];
    const total = row.reduce((a, b) => a + b, 0) || 1;
    parts.push(`<text x="${left - 4}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="10">${escapeHtml(l)}</text>`);
    for (let j = 0; j < n; j++) {
      const v = row[j] ?? 0;
      const f = v / total;
      const fill = i === j ? `rgba(44,160,44,${(0.15 + 0.85 * f).toFixed(2)})` : v > 0 ? `rgba(214,39,40,${(0.15 + 0.85 * f).toFixed(2)})` : '#fff';
      parts.push(`<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#ddd"/>`);
      if (v > 0) parts.push(`<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" font-size="11">${v}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
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
          inner = svgLines(b.series, b.xLabel);
          break;
        case 'confusion':
          inner = svgConfusion(b.labels, b.matrix);
          break;
        case 'trace':
          inner = svgLines(
            b.axes.map((a, k) => ({ name: a, values: b.values.map((row) => row[k] ?? Number.NaN) })),
            `sample (every ${fmt(b.intervalMs)} ms)`,
            420,
            180,
          );
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
th{background:#f3f3f3}pre{background:#f7f7f7;padding:8px;font-size:12px;overflow:auto}
</style></head>
<body><h1>${escapeHtml(report.title)}</h1>${report.subtitle ? `<p class="sub">${escapeHtml(report.subtitle)}</p>` : ''}
${body}
</body></html>
`;
}
