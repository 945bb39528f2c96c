// Shared helpers of the studio's pages: DOM lookup, escaping, the JSON API, errors shown where they
// happen (the CLI's codes and texts), the charts and tables several pages draw.
import uPlot from 'uplot';
import type { Recording } from '../../src/dataset/recording.js';
import { toStudioError } from '../../src/errors.js';

export const $ = <T extends HTMLElement>(sel: string, root: ParentNode = document): T => root.querySelector(sel) as T;
export const esc = (s: unknown): string => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
/** The value of an input or select. */
export const val = (sel: string): string => ($(sel) as HTMLInputElement).value;
export const num = (sel: string): number => Number(val(sel));
/** The number in an input, or undefined when it is empty (the option's default applies). */
export const optionalNum = (sel: string): number | undefined => (val(sel).trim() === '' ? undefined : Number(val(sel)));

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
/** Chart width: the page's width, within bounds. */
export const width = (): number => Math.max(320, Math.min(1300, ($('#pages').clientWidth || 1000) - 40));
/** Axes the user chose to show (Device page), applied to every trace chart. */
export const shownAxes = new Set(['ax', 'ay', 'az', 'gx', 'gy', 'gz', 'proximity']);

export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, text: string) {
    super(text);
    this.code = code;
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let doc: unknown = null;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = null;
  }
  if (!res.ok) {
    const e = (doc as { error?: { code: string; text: string } } | null)?.error;
    throw new ApiError(e?.code ?? 'STUDIO_ERR_INTERNAL', e?.text ?? `[studio] HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
  return doc as T;
}

export function showError(el: HTMLElement, err: unknown): void {
  el.textContent = err instanceof ApiError ? err.message : (() => {
    const e = toStudioError(err);
    return `[studio] ${e.code}: ${e.message}`;
  })();
}

/** Runs `fn`, showing its error (if any) in `el`. */
export async function guard(el: HTMLElement, fn: () => Promise<void>): Promise<void> {
  el.textContent = '';
  try {
    await fn();
  } catch (err) {
    showError(el, err);
  }
}

export function traceChart(el: HTMLElement, r: Pick<Recording, 'axes' | 'intervalMs' | 'values'>, title: string): void {
  el.innerHTML = '';
  const xs = r.values.map((_, i) => (i * r.intervalMs) / 1000);
  new uPlot({ title, width: Math.min(620, width()), height: 180, series: [{}, ...r.axes.map((a, i) => ({ label: a, stroke: COLORS[i % COLORS.length] ?? '#000', show: shownAxes.has(a) }))], scales: { x: { time: false } }, axes: [{ label: 's' }, {}] }, [xs, ...r.axes.map((_, a) => r.values.map((row) => row[a] ?? 0))] as uPlot.AlignedData, el);
}

export function confusionTable(labels: string[], m: number[][], cols: string[] = labels): string {
  return `<table aria-label="confusion matrix"><tr><th>true \\ predicted</th>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>${labels.map((l, i) => `<tr><th>${esc(l)}</th>${cols.map((_, j) => `<td${i === j ? ' class="ok"' : (m[i]?.[j] ?? 0) > 0 ? ' class="miss"' : ''}>${m[i]?.[j] ?? 0}</td>`).join('')}</tr>`).join('')}</table>`;
}

export function metricsTable(per: { label: string; precision: number; recall: number; support: number }[]): string {
  return `<table aria-label="precision recall F1"><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>${per.map((c) => `<tr><td>${esc(c.label)}</td><td>${pct(c.precision)}</td><td>${pct(c.recall)}</td><td>${pct(c.precision + c.recall > 0 ? (2 * c.precision * c.recall) / (c.precision + c.recall) : 0)}</td><td>${c.support}</td></tr>`).join('')}</table>`;
}

export const noBoard = (): ApiError => new ApiError('STUDIO_ERR_BOARD', '[studio] STUDIO_ERR_BOARD: no board connected (Device page)');
