/** Column headers: full labels when the table stays within `maxWidth`, else unique 8-character prefixes, else numbers. */
function columnHeaders(labels: string[], rowWidth: number, maxWidth: number, cellWidth: number): { heads: string[]; legend: boolean } {
  const full = Math.max(...labels.map((l) => l.length + 1), cellWidth);
  if (rowWidth + 1 + labels.length * full + 8 <= maxWidth) return { heads: labels, legend: false };
  const short = labels.map((l) => l.slice(0, 8));
  if (new Set(short).size === short.length) return { heads: short, legend: false };
  return { heads: labels.map((_, j) => `#${j + 1}`), legend: true };
}

/**
 * A confusion matrix as a terminal table: rows = true label, columns = predicted, plus recall per row
 * (over the whole row, including extra columns such as "(none)"). `columns` defaults to the row labels;
 * it may be longer (extra columns after the labels). Column headers are the full labels when the table
 * fits in 120 characters, else unique 8-character prefixes, else `#1..#n` with a legend.
 */
export function formatConfusion(labels: string[], matrix: number[][], title = 'confusion matrix (rows: true, columns: predicted)', columns: string[] = labels): string {
  const w = Math.max(6, ...labels.map((l) => l.length));
  const minCell = Math.max(5, ...matrix.flat().map((v) => String(v).length + 2));
  const { heads, legend } = columnHeaders(columns, w, 120, minCell);
  const cw = Math.max(minCell, ...heads.map((s) => s.length + 1));
  const lines = [title, `${''.padEnd(w)} ${heads.map((s) => s.padStart(cw)).join('')}  recall`];
  labels.forEach((label, i) => {
    const row = matrix[i] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    const recall = total > 0 ? `${(((row[i] ?? 0) / total) * 100).toFixed(0)}%` : '-';
    const cells = columns.map((_, j) => row[j] ?? 0);
    lines.push(`${label.padEnd(w)} ${cells.map((v, j) => (i === j ? `${v}*` : String(v)).padStart(cw)).join('')}  ${recall.padStart(6)}`);
  });
  if (legend) lines.push(`columns: ${columns.map((c, j) => `#${j + 1} ${c}`).join(', ')}`);
  return lines.join('\n');
}

/** Confusion matrix from parallel lists of true and predicted class indices. */
export function buildConfusion(n: number, truth: number[], predicted: number[]): number[][] {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  truth.forEach((t, i) => {
    const p = predicted[i];
    const row = m[t];
    if (row !== undefined && p !== undefined && p >= 0 && p < n) row[p] = (row[p] ?? 0) + 1;
  });
  return m;
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  support: number;
}

/** Accuracy and per-class precision/recall from a confusion matrix (NaN-free: 0 where undefined). */
export function metricsFromConfusion(labels: string[], m: number[][]): { accuracy: number; perClass: ClassMetrics[] } {
  let correct = 0;
  let total = 0;
  const perClass = labels.map((label, i) => {
    const row = m[i] ?? [];
    const support = row.reduce((a, b) => a + b, 0);
    const tp = row[i] ?? 0;
    const colSum = m.reduce((a, r) => a + (r[i] ?? 0), 0);
    correct += tp;
    total += support;
    return { label, precision: colSum > 0 ? tp / colSum : 0, recall: support > 0 ? tp / support : 0, support };
  });
  return { accuracy: total > 0 ? correct / total : 0, perClass };
}

export function formatClassMetrics(perClass: ClassMetrics[]): string {
  const w = Math.max(6, ...perClass.map((c) => c.label.length));
  const lines = [`${'label'.padEnd(w)}  precision  recall  support`];
  for (const c of perClass) {
    lines.push(`${c.label.padEnd(w)}  ${(c.precision * 100).toFixed(1).padStart(8)}%  ${(c.recall * 100).toFixed(1).padStart(5)}%  ${String(c.support).padStart(7)}`);
  }
  return lines.join('\n');
}

/** The column labels of an on-device matrix: the labels, plus "(none)" when some gesture had no prediction covering it. */
export function noneColumns(labels: string[], matrix: number[][]): string[] {
  const none = matrix.reduce((a, r) => a + (r[labels.length] ?? 0), 0);
  return none > 0 ? [...labels, '(none)'] : labels;
}
